"""Whole numbers in words, as legal prose writes counts: "zes (6) jaar", "seis (6) años".

Agreements spell counts, durations and periods out and repeat the figure in brackets, so a
misprinted digit cannot change an obligation unnoticed; amounts of money stay in figures.
num2words supplies the words; this module corrects what it gets wrong for that use:

- Spanish: num2words writes the number as it is said on its own ("uno", "veintiuno",
  "doscientos", "quinientos"). Before a noun the number agrees with it: "un (1) año", "veintiún (21)
  años", but "una (1) vez", "veintiuna (21) veces", "doscientas (200) personas", "quinientas (500)". Counts
  of millions stay masculine, because *millón* is itself a masculine noun: "veintiún
  millones de personas".
- Dutch: num2words writes "honderdéén" and "duizendéén"; the accent belongs only on a lone
  "één". It also glues everything after "duizend" on ("tweeduizendvijfhonderd"), where the
  Taalunie writes a space after duizend ("tweeduizend vijfhonderd").

num2words loads all its languages on import (about 40 ms), so it is imported on first use:
commands that only check a spec never pay for it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# Gender of the noun a number counts. Only Spanish marks it; Dutch ignores it.
GENDERS = ("m", "f")
MAX_IN_WORDS = 10**12  # above this a count is no count; agreements never need it


@cache
def _converter(lang: str) -> Any:
    if lang == "nl":
        from num2words.lang_NL import Num2Word_NL

        return Num2Word_NL()
    if lang == "es":
        from num2words.lang_ES import Num2Word_ES

        return Num2Word_ES()
    raise ValueError(f"no number words for language {lang!r}")


def in_words(value: int, lang: str, gender: str = "m") -> str:
    """``value`` in words in ``lang`` ('nl' or 'es'), agreeing with a noun of ``gender``.

    Meant to stand before the noun it counts: Spanish 1 is "un"/"una", never "uno".
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"only whole numbers can be written in words, not {type(value).__name__}")
    if not 0 <= value < MAX_IN_WORDS:
        raise ValueError(f"{value} cannot be written in words here: counts run from 0 to {MAX_IN_WORDS - 1}")
    if gender not in GENDERS:
        raise ValueError(f"unknown gender {gender!r}; use 'm' or 'f'")
    if lang == "nl":
        return _dutch(int(value))
    if lang == "es":
        return _spanish(int(value), gender)
    raise ValueError(f"no number words for language {lang!r}")


def _dutch(value: int) -> str:
    """Dutch words, one word up to duizend, then a space after duizend, miljoen, miljard."""
    if value == 0:
        return "nul"
    parts = []
    for size, name in ((10**9, " miljard"), (10**6, " miljoen"), (10**3, "duizend")):
        count, value = divmod(value, size)
        if count:
            # "duizend", not "eenduizend"; "een miljoen", as num2words and the Taalunie write it.
            head = "" if count == 1 and size == 10**3 else "een" if count == 1 else _dutch_small(count)
            parts.append(head + name)
    if value:
        parts.append(_dutch_small(value))
    text = " ".join(parts)
    return "één" if text == "een" else text


def _dutch_small(value: int) -> str:
    """1 to 999 in one word; "één" only where it stands alone (fixed by the caller)."""
    return str(_converter("nl").to_cardinal(value)).replace("één", "een")


def _spanish(value: int, gender: str) -> str:
    words = str(_converter("es").to_cardinal(value)).split()
    # Everything up to the last "millón/millones" counts millions: masculine whatever the noun.
    cut = max((i for i, w in enumerate(words) if w in ("millón", "millones")), default=-1) + 1
    return " ".join([*_agree(words[:cut], "m"), *_agree(words[cut:], gender)])


def _agree(words: list[str], gender: str) -> list[str]:
    """Spanish number words before a noun of ``gender`` (or before "mil"/"millones")."""
    out = []
    for word in words:
        if gender == "f":
            word = {"uno": "una", "veintiuno": "veintiuna"}.get(word, word)
            if word.endswith("ientos"):  # doscientos … novecientos, quinientos too
                word = word[: -len("os")] + "as"
        else:
            word = {"uno": "un", "veintiuno": "veintiún"}.get(word, word)
        out.append(word)
    return out

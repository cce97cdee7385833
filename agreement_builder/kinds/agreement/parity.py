"""Parity lint: do the Dutch and Spanish texts of a clause say the same thing?

Both versions of an agreement are equally authentic, so a difference between them is a
legal problem, not a style issue. A linter cannot judge a translation, but it can catch
what drifts most often when one language is edited and the other is not: a list item added
on one side, a number or year changed on one side, a defined term used on one side only,
a reference to an article that is not there. Placeholders are compared in clause.py,
where the texts are first parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.schema import LANGUAGES, MISSING, Checker, Key, ListOf, Mapping, Str
from agreement_builder.core.yamlsource import KeyPath, load_yaml
from agreement_builder.kinds.agreement.clause import Clause
from agreement_builder.kinds.agreement.clausetext import filter_calls

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_BLOCK_TAG_LINE = re.compile(r"^\s*\{%.*?%\}\s*$", re.M)
_LIST_MARKER = re.compile(r"^(\s*)\d+[.)](?=\s)", re.M)  # "3." numbering an item is not a number in the text
# A number as people write it: 6, 2019, 5.000, 1,5. A hyphen between two numbers
# (2019-2022, Decreto 12-2002) separates them; it is not a minus sign.
_NUMBER = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*")

LANGUAGE_NAMES = {"nl": "Dutch", "es": "Spanish"}


@dataclass(frozen=True)
class Term:
    """A defined term: the forms that count as using it, per language."""

    forms: dict[str, tuple[str, ...]]
    location: Location

    def used_in(self, text: str, lang: str) -> int | None:
        """Line index (0-based) of the first use in ``text``, or None.

        Every clause is checked against every term, so the text is cleaned once (not once per
        term) and each term's forms are one compiled pattern: the earliest match is on the
        first line that uses any form, as a line-by-line search would find it.
        """
        cleaned = _without_tags(text)
        match = _forms_pattern(self.forms[lang]).search(cleaned)
        return None if match is None else cleaned.count("\n", 0, match.start())


@lru_cache(maxsize=1024)
def _without_tags(text: str) -> str:
    return _TAG.sub(" ", text)


@lru_cache(maxsize=4096)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for a term's forms, each a whole word or phrase, within a line."""
    return re.compile("|".join(rf"(?<!\w){re.escape(form)}(?!\w)" for form in forms), re.I)


class _Forms(ListOf):
    """One form or a list of forms of a term."""

    def __init__(self) -> None:
        super().__init__(Str(), min_items=1)

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        return super().check([value] if isinstance(value, str) else value, path, ck)


GLOSSARY_SCHEMA = Mapping(
    {
        "terms": Key(
            ListOf(Mapping({"nl": Key(_Forms(), required=True), "es": Key(_Forms(), required=True)})),
            required=True,
        )
    }
)


def load_glossary(path: Path) -> tuple[list[Term], list[Problem]]:
    """Read a library's ``glossary.yaml``; a term needs forms in both languages."""
    try:
        source = load_yaml(path)
    except InputError as exc:
        return [], exc.problems
    ck = Checker(source)
    data = GLOSSARY_SCHEMA.check(source.data, (), ck)
    if data is MISSING:
        return [], source.problems + ck.problems
    terms = [
        Term({lang: tuple(entry[lang]) for lang in LANGUAGES}, source.loc(("terms", i)))
        for i, entry in enumerate(data["terms"])
    ]
    return terms, source.problems + ck.problems


def number_value(token: str) -> str:
    """The value a written number stands for, whatever the separators.

    Dutch writes 1.500,50, Latin-American Spanish often 1,500.50: with both separators the
    last one is the decimal mark; with one kind, groups of exactly three digits are thousands
    (1.500, 1,500) and anything else is a decimal fraction (2,5 or 2.5).
    """
    from decimal import Decimal

    if "." in token and "," in token:
        mark = max(token.rfind("."), token.rfind(","))
        whole, fraction = re.sub(r"[.,]", "", token[:mark]), token[mark + 1 :]
    elif "." in token or "," in token:
        parts = re.split(r"[.,]", token)
        if all(len(p) == 3 for p in parts[1:]):
            whole, fraction = "".join(parts), "0"
        else:
            whole, fraction = "".join(parts[:-1]), parts[-1]
    else:
        whole, fraction = token, "0"
    value = Decimal(f"{whole}.{fraction}").normalize()
    return format(value, "f")


def _numbers(text: str) -> dict[str, str]:
    """Value → the first way the text writes it."""
    found: dict[str, str] = {}
    for match in _NUMBER.finditer(_LIST_MARKER.sub(r"\1", _TAG.sub(" ", text))):
        token = match.group().rstrip(".,")
        found.setdefault(number_value(token), token)
    return found


def _line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines()):
        if needle in _TAG.sub(" ", line):
            return i
    return 0


def list_shape(text: str) -> list[int]:
    """Item count of each top-level list in the text, in order, as Markdown reads it.

    Lines holding only a ``{% … %}`` tag vanish when the text is filled, so they are
    dropped first; otherwise an ``{% if %}`` between two items would split the list.
    """
    from agreement_builder.kinds.agreement.markup import _parser

    tokens = _parser().parse(_BLOCK_TAG_LINE.sub("", text))
    shape: list[int] = []
    depth = 0
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth == 1:
                shape.append(0)
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "list_item_open" and depth == 1:
            shape[-1] += 1
    return shape


def lint_clause(clause: Clause, glossary: list[Term], known_ids: set[str] | None = None) -> list[Problem]:
    """Every parity finding for one clause; list shapes are errors, the rest warnings.

    ``known_ids`` are the library's clause ids; without them article references are not checked.
    """
    found = text_findings(clause, glossary)
    if known_ids is not None:
        found += reference_findings(clause, known_ids)
    return found


def text_findings(clause: Clause, glossary: list[Term]) -> list[Problem]:
    """The findings that depend on the clause and the glossary alone, not on the other clauses.

    The library caches these per clause file; only the references are checked afresh.
    """
    return list_findings(clause) + number_findings(clause) + term_findings(clause, glossary) + words_findings(clause)


def _finding(clause: Clause, lang: str, line: int, message: str, severity: str = "warning") -> Problem:
    """A finding at 0-based ``line`` of the clause's text in ``lang``."""
    loc = clause.text_location(lang, line + 1)
    return Problem(loc, f"clause {clause.id!r}: {message}", f"text.{lang}", severity)


def list_findings(clause: Clause) -> list[Problem]:
    """Lists with a different number of items: an obligation added or dropped in one language."""
    shapes = {lang: list_shape(clause.text[lang]) for lang in LANGUAGES}
    if shapes["nl"] == shapes["es"]:
        return []
    return [
        _finding(
            clause,
            "es",
            0,
            f"the lists differ between the languages: Dutch has {_describe(shapes['nl'])}, "
            f"Spanish has {_describe(shapes['es'])}; give both the same items",
            "error",
        )
    ]


def number_findings(clause: Clause) -> list[Problem]:
    """Numbers, dates and amounts one text writes and the other does not: the likeliest drift."""
    numbers = {lang: _numbers(clause.text[lang]) for lang in LANGUAGES}
    found = []
    for lang, other in (("nl", "es"), ("es", "nl")):
        missing = sorted(set(numbers[lang]) - set(numbers[other]), key=lambda n: (len(n), n))
        for value in missing:
            number = numbers[lang][value]
            found.append(
                _finding(
                    clause,
                    lang,
                    _line_of(clause.text[lang], number),
                    f"the {LANGUAGE_NAMES[lang]} text writes {number}, the {LANGUAGE_NAMES[other]} text does not; "
                    "numbers, dates and amounts must match in both versions",
                )
            )
    return found


def words_findings(clause: Clause) -> list[Problem]:
    """A count written in words in one language and in figures in the other.

    Both are correct, but the two versions of one agreement should read alike: "zes (6)
    jaar" facing "6 años" looks like a drift to whoever compares them.
    """
    words = {
        lang: {c.target: c.line for c in filter_calls(clause.text[lang]) if c.name == "in_words" and c.target}
        for lang in LANGUAGES
    }
    found = []
    for lang, other in (("nl", "es"), ("es", "nl")):
        for target in sorted(set(words[lang]) - set(words[other])):
            found.append(
                _finding(
                    clause,
                    lang,
                    words[lang][target] - 1,
                    f"the {LANGUAGE_NAMES[lang]} text writes {target} in words (| in_words), the "
                    f"{LANGUAGE_NAMES[other]} text does not; write it the same way in both versions",
                )
            )
    return found


def term_findings(clause: Clause, glossary: list[Term]) -> list[Problem]:
    """A defined term used in one language whose counterpart the other language lacks."""
    found = []
    for term in glossary:
        uses = {lang: term.used_in(clause.text[lang], lang) for lang in LANGUAGES}
        for lang, other in (("nl", "es"), ("es", "nl")):
            if uses[lang] is not None and uses[other] is None:
                found.append(
                    _finding(
                        clause,
                        other,
                        0,
                        f"the {LANGUAGE_NAMES[lang]} text uses the defined term {term.forms[lang][0]!r} but the "
                        f"{LANGUAGE_NAMES[other]} text does not use its counterpart "
                        f"{' / '.join(repr(f) for f in term.forms[other])} (glossary {term.location})",
                    )
                )
    return found


def reference_findings(clause: Clause, known_ids: set[str]) -> list[Problem]:
    """``article('id')`` naming a clause that is in no library: the reference could never print."""
    return [
        _finding(clause, lang, line - 1, f"article({ref!r}) refers to a clause that is not in the library")
        for lang, ref, line in clause.references()
        if ref not in known_ids
    ]


def _describe(shape: list[int]) -> str:
    if not shape:
        return "no list"
    return ", ".join(f"a list of {n} item{'s' if n != 1 else ''}" for n in shape)

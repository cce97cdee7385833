"""Spell-check every bundled Dutch and Spanish text with hunspell (Debian's nl_BE and es_BO).

Names and terms the dictionaries do not know (Brasschaat, Q'eqchi', VVSG, …) are in the
project word lists tests/spelling/<lang>.txt; ordinary words never belong there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from agreement_builder.core.yamlsource import load_yaml

from .conftest import ROOT

DICTIONARIES = {"nl": "nl_BE", "es": "es_BO"}
WORDLISTS = Path(__file__).parent / "spelling"
# Every YAML file whose texts end up in documents or in front of users.
SOURCES = [
    *sorted((ROOT / "clauses").rglob("*.yaml")),
    *sorted((ROOT / "checklists").rglob("*.yaml")),
    *sorted((ROOT / "examples").rglob("*.yaml")),
    *sorted((ROOT / "templates").rglob("*.yaml")),
    ROOT / "agreement_builder" / "data" / "sdgs.yaml",
]
# Jinja tags in clauses, and the {name} placeholders of label files ("Concejo Municipal de {flemish}").
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\w+\}", re.S)


def texts(data, lang: str | None = None):
    """Strings under 'nl'/'es' keys (or in per-language label files), with their language."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from texts(value, key if key in DICTIONARIES else lang)
    elif isinstance(data, list):
        for item in data:
            yield from texts(item, lang)
    elif isinstance(data, str) and lang:
        yield lang, data


def words_to_check(text: str, lang: str) -> str:
    # hunspell splits words at apostrophes in Spanish, so names like Nimlaha'kok are
    # taken out here; they are in the word list, which is the point of listing them.
    for name in (w for w in (WORDLISTS / f"{lang}.txt").read_text(encoding="utf-8").split() if "'" in w):
        text = re.sub(re.escape(name) + "-?", " ", text)
    text = _TAG.sub(" ", text)
    text = re.sub(r"(?m)^\s*(?:\d+[.)]|[-*+])\s", " ", text)  # list markers
    text = re.sub(r"\S*\d\S*", " ", text)  # numbers, dates and references such as 0123/2026: not words
    return text.replace("*", " ").replace("\\", " ")


def collect() -> dict[str, dict[str, list[str]]]:
    """lang -> file -> texts."""
    out: dict[str, dict[str, list[str]]] = {lang: {} for lang in DICTIONARIES}
    for path in SOURCES:
        if not path.is_file():
            continue
        data = load_yaml(path).data
        label_lang = path.parent.name if path.parent.parent.name == "templates" else None
        data = {k: v for k, v in data.items() if k != "source"} if path.name == "institutions.yaml" else data
        for lang, text in texts(data, label_lang):
            if path.name == "institutions.yaml":
                # The institution data gives each name in the other language too, in brackets
                # ("de gemeenteraad (Concejo Municipal)"), as D3 of the review asked.
                text = re.sub(r"\([^()]*\)|\{\w+\}", " ", text)  # and {number}, {date}
            out[lang].setdefault(str(path.relative_to(ROOT)), []).append(words_to_check(text, lang))
    return out


def misspelled(lang: str, text: str) -> list[str]:
    proc = subprocess.run(
        ["hunspell", "-d", DICTIONARIES[lang], "-p", str(WORDLISTS / f"{lang}.txt"), "-l"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(set(proc.stdout.split()))


@pytest.mark.parametrize("lang", sorted(DICTIONARIES))
def test_bundled_texts_are_spelled_correctly(lang):
    assert shutil.which("hunspell"), "install hunspell, hunspell-nl and hunspell-es (see the README)"
    files = collect()[lang]
    wrong = misspelled(lang, "\n".join(chunk for chunks in files.values() for chunk in chunks))
    # One hunspell run for speed; name the files only when something is wrong.
    found = {w: [f for f, chunks in files.items() if any(w in c for c in chunks)] for w in wrong}
    assert found == {}, f"misspelled in {lang} (fix, or add names/terms to tests/spelling/{lang}.txt): {found}"


def test_the_checker_finds_a_misspelling():
    """Guard against a silent checker (missing dictionary, wrong flags)."""
    assert misspelled("nl", "De gemeenteraad keurt de overeenkomts goed.") == ["overeenkomts"]
    assert misspelled("es", "El concejo municipal aprueba el convneio.") == ["convneio"]
    assert misspelled("nl", "Brasschaat en Tarija") == []  # project words are known


def test_word_lists_hold_no_ordinary_words():
    """A word the dictionary already knows does not belong in the project list."""
    for lang in DICTIONARIES:
        words = (WORDLISTS / f"{lang}.txt").read_text(encoding="utf-8").split()
        proc = subprocess.run(
            ["hunspell", "-d", DICTIONARIES[lang], "-l"], input="\n".join(words), capture_output=True, text=True
        )
        known = set(words) - set(proc.stdout.split())
        assert [w for w in sorted(known) if "'" not in w] == [], lang

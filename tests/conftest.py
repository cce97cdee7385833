"""Shared fixtures: the bundled example built once per layout, and readers for the outputs."""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

import pytest

from agreement_builder import api

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LAYOUTS = ("side-by-side", "sequential", "nl", "es")


def pdf_text(path: Path) -> str:
    """All text of a PDF in content order, with soft hyphenation undone and spaces folded."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text)


def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph's text in document order, table cells included."""
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(str(path)).element.body
    out = []
    for p in body.iter(qn("w:p")):
        out.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return out


def docx_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(docx_paragraphs(path)))


@cache
def render_example(case: str, layout: str) -> dict[str, bytes]:
    """An example ('brasschaat-tarija/agreement') built once per test process: format -> bytes.

    Every test that reads an example's output shares this one build, so the suite renders
    each example once per layout (tests of one example run in one xdist worker).
    """
    folder = Path(tempfile.mkdtemp(prefix="example-"))
    result = api.build(ROOT / "examples" / f"{case}.yaml", folder, ("pdf", "docx"), layout)
    return {p.suffix.lstrip("."): p.read_bytes() for p in result.files}


@pytest.fixture(scope="session")
def example_spec():
    return api.load(EXAMPLE)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """layout -> {"pdf": Path, "docx": Path} for the bundled example."""
    out = {}
    for layout in LAYOUTS:
        folder = tmp_path_factory.mktemp(layout)
        result = api.build(EXAMPLE, folder, ("pdf", "docx"), layout)
        out[layout] = {p.suffix.lstrip("."): p for p in result.files}
    return out


def positions(text: str, needles: list[str]) -> list[int]:
    """Index of each needle in text, searching onward from the previous one (-1 if missing)."""
    found, start = [], 0
    for needle in needles:
        i = text.find(needle, start)
        found.append(i)
        if i >= 0:
            start = i + len(needle)
    return found


def layout_languages(layout: str) -> list[str]:
    return ["nl", "es"] if layout in ("side-by-side", "sequential") else [layout]


def assert_parties_and_sdgs(text: str, spec, layout: str) -> None:
    """Every party's names, function and representative, and every SDG title, in the layout's languages;
    no SDG title of a language the layout leaves out."""
    from agreement_builder.core.resources import sdgs

    langs = layout_languages(layout)
    numbers = {n for p in spec.priorities for n in p.sdgs}
    for party in spec.parties:
        assert party.representative in text
        for lang in langs:
            assert party.name[lang] in text and party.function[lang] in text
    for lang in ("nl", "es"):
        for n in numbers:
            assert (sdgs()[n][lang] in text) == (lang in langs), (lang, n)

"""Word-native numbers in the DOCX: articles numbered by their heading style, references and
captions as fields, and LibreOffice showing the same numbers as the PDF, also after an edit.

A negotiator inserts and deletes articles in Word or LibreOffice for weeks; every number and
every "artikel 13" must follow without anyone renumbering by hand.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document

from agreement_builder.model.blocks import Heading, ListBlock, Paragraph, Parallel
from agreement_builder.writers.ooxml import bookmark_name

from .conftest import (
    LAYOUTS,
    example_in_libreoffice,
    example_model,
    libreoffice_pdf,
    pdf_text,
    render_example,
    uses_example,
)

AGREEMENT = "brasschaat-tarija/agreement"
pytestmark = uses_example(AGREEMENT)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes, part: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode()


def _references(doc) -> list[tuple[str, str]]:
    """(anchor, printed text) of every reference run in the model, in reading order."""
    out: list[tuple[str, str]] = []

    def walk(block):
        if isinstance(block, Paragraph):
            out.extend((t.ref, t.text) for t in block.inlines if t.ref)
        elif isinstance(block, ListBlock):
            for item in block.items:
                for sub in item:
                    walk(sub)
        elif isinstance(block, Parallel):
            for group in block.groups:
                for row in group.rows:
                    for cell in (*row.cells, row.span):
                        if cell is not None:
                            walk(cell)

    for block in doc.blocks():
        walk(block)
    return out


def _fields(data: bytes) -> list[tuple[str, str]]:
    """(instruction, cached result) of every complex field in the body, in order."""
    body = Document(io.BytesIO(data)).element.body
    fields, instr, result, state = [], "", "", None
    for el in body.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        if el.tag == f"{W}fldChar":
            kind = el.get(f"{W}fldCharType")
            if kind == "begin":
                instr, result, state = "", "", "instr"
            elif kind == "separate":
                state = "result"
            else:
                fields.append((instr.strip(), result))
                state = None
        elif el.tag == f"{W}instrText" and state == "instr":
            instr += el.text or ""
        elif el.tag == f"{W}t" and state == "result":
            result += el.text or ""
    return fields


@pytest.mark.parametrize("layout", LAYOUTS)
def test_article_headings_are_numbered_by_their_style(layout):
    """Each language's article style is bound to a list "Artikel %1" / "Artículo %1" of its own."""
    data = render_example(AGREEMENT, layout)["docx"]
    doc = Document(io.BytesIO(data))
    numbering = doc.part.numbering_part.element
    wanted = {"nl": ["Artikel"], "es": ["Artículo"], "side-by-side": ["Artikel", "Artículo"]}
    wanted["sequential"] = wanted["side-by-side"]
    lists = set()
    for name in wanted[layout]:
        style = doc.styles[name]
        num_id = style.element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
        abstract_id = numbering.xpath(f'w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')[0]
        lvl = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]/w:lvl')[0]
        assert lvl.find(f"{W}lvlText").get(f"{W}val") == f"{name} %1"
        assert lvl.find(f"{W}pStyle").get(f"{W}val") == style.style_id  # the list knows its style too
        assert style.base_style.name == "Heading 1"
        lists.add(num_id)
        # The headings carry the style and no number of their own: Word counts them.
        heads = [p for p in doc.element.body.iter(f"{W}p") if p.xpath(f'w:pPr/w:pStyle[@w:val="{style.style_id}"]')]
        assert len(heads) == _article_count(layout)
        assert all(not "".join(t.text for t in p.iter(f"{W}t")).startswith(name) for p in heads)
    assert len(lists) == len(wanted[layout])  # each language counts on its own list


def _article_count(layout: str) -> int:
    doc = example_model(AGREEMENT, layout)
    lang = doc.main_language
    count = 0

    def walk(block):
        nonlocal count
        if isinstance(block, Heading) and block.counter is not None and block.anchor.startswith(f"art-{lang}-"):
            count += 1
        elif isinstance(block, Parallel):
            for group in block.groups:
                for row in group.rows:
                    for cell in row.cells:
                        if cell is not None:
                            walk(cell)

    for block in doc.blocks():
        walk(block)
    return count


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_reference_is_a_field_on_an_existing_bookmark(layout):
    data = render_example(AGREEMENT, layout)["docx"]
    refs = _references(example_model(AGREEMENT, layout))
    assert refs, "the example refers to an article (the evaluation clause)"
    body = _xml(data, "word/document.xml")
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', body))
    fields = [(i, r) for i, r in _fields(data) if i.startswith("REF ")]
    assert [(i.split()[1], r) for i, r in fields] == [(bookmark_name(a), t) for a, t in refs]
    for instr, cached in fields:
        name = instr.split()[1]
        assert name in bookmarks, instr
        assert "\\r" in instr.split() and "\\h" in instr.split()  # its paragraph number, as a link
        assert ("\\* Lower" in instr) == cached[0].islower()
        assert re.fullmatch(r"(artikel|artículo) \d+", cached), cached  # reads right before any update


def test_references_point_at_the_numbered_heading():
    """The bookmark a reference names sits on the heading whose number the reference prints."""
    data = render_example(AGREEMENT, "nl")["docx"]
    doc = Document(io.BytesIO(data))
    number_of: dict[str, int] = {}
    count = 0
    for p in doc.element.body.iter(f"{W}p"):
        if p.xpath('w:pPr/w:pStyle[@w:val="Artikel"]'):
            count += 1
            for b in p.iter(f"{W}bookmarkStart"):
                number_of[b.get(f"{W}name")] = count
    for instr, cached in _fields(data):
        if instr.startswith("REF "):
            assert cached == f"artikel {number_of[instr.split()[1]]}"


def test_figure_captions_are_seq_fields():
    data = render_example("brasschaat-tarija/report", "sequential")["docx"]
    seqs = [(i, r) for i, r in _fields(data) if i.startswith("SEQ ")]
    nl = [r for i, r in seqs if i.split()[1] == "Figuur"]
    es = [r for i, r in seqs if i.split()[1] == "Figura"]
    assert nl == [str(n) for n in range(1, len(nl) + 1)] and len(nl) >= 5
    assert es == [str(n) for n in range(1, len(es) + 1)] and len(es) >= 5


def _article_numbers(text: str) -> list[int]:
    """Every article number in reading order, in headings and references alike."""
    return [int(n) for n in re.findall(r"\b[Aa]rtikel (\d+)", text)]


def test_libreoffice_shows_the_article_numbers_of_the_pdf():
    ours = pdf_text(render_example(AGREEMENT, "nl")["pdf"])
    theirs = pdf_text(example_in_libreoffice(AGREEMENT, "nl"))
    assert _article_numbers(theirs) == _article_numbers(ours)
    assert len(_article_numbers(ours)) > 20


def test_libreoffice_renumbers_after_an_article_is_inserted_and_one_deleted():
    """A negotiator deletes article 2 and inserts a new article after article 14, in the file.

    Deleting the heading is enough: its text joins article 1, and every later number, and
    the reference to the joint evaluation (article 13 before the edit), must move up by one.
    """
    model = example_model(AGREEMENT, "nl")
    [(target, printed)] = _references(model)
    old = int(printed.split()[1])
    assert 2 < old < 15
    doc = Document(io.BytesIO(render_example(AGREEMENT, "nl")["docx"]))
    heads = [p for p in doc.paragraphs if p.style.name == "Artikel"]
    heads[1]._p.getparent().remove(heads[1]._p)
    heads[14].insert_paragraph_before("– Nieuw ingevoegd artikel", style="Artikel")
    edited = io.BytesIO()
    doc.save(edited)
    text = pdf_text(libreoffice_pdf(edited.getvalue(), "brasschaat-edited"))
    numbers = [int(n) for n in re.findall(r"\bArtikel (\d+) – ", text)]
    assert numbers == list(range(1, len(heads) + 1)), numbers  # one out, one in
    assert "Artikel 14 – Nieuw ingevoegd artikel" in text
    assert f"Artikel {old - 1} – {_title(model, target)}" in text
    references = [int(n) for n in re.findall(r"\b[Aa]rtikel (\d+)\b(?! – )", text)]
    assert references == [old - 1]


def _title(doc, anchor: str) -> str:
    for block in doc.blocks():
        if isinstance(block, Heading) and block.anchor == anchor:
            return block.text if isinstance(block.text, str) else "".join(t.text for t in block.text)
    raise AssertionError(anchor)

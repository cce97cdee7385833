"""The example as DOCX, read back with python-docx from the build all tests share."""

import io
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn

from .conftest import (
    LAYOUTS,
    assert_parties_and_sdgs,
    docx_paragraphs,
    docx_text,
    positions,
    render_example,
    uses_example,
)

AGREEMENT = "brasschaat-tarija/agreement"
pytestmark = uses_example(AGREEMENT)


def output(layout: str, fmt: str = "docx") -> bytes:
    """The example's output in one layout, from the build all tests share."""
    return render_example(AGREEMENT, layout)[fmt]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_articles_in_order_and_languages_as_laid_out(example_spec, layout):
    text = docx_text(output(layout))
    for lang, word in (("nl", "Artikel"), ("es", "Artículo")):
        heads = [f"{word} {i} – {u.clause.title[lang]}" for i, u in enumerate(example_spec.clauses, 1)]
        found = positions(text, heads)
        if layout in (lang, "side-by-side", "sequential"):
            assert -1 not in found, (lang, found)
        else:
            assert all(text.find(h) == -1 for h in heads)
            assert f"{word} 1 " not in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parties_sdgs_and_signatures(example_spec, layout):
    assert_parties_and_sdgs(docx_text(output(layout)), example_spec, layout)


def test_real_styles_are_used():
    doc = Document(io.BytesIO(output("nl")))
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Artikel", "List Number", "List Bullet", "Normal"} <= used
    # The article headings' style is a heading (outline level, navigation pane, contents).
    assert doc.styles["Artikel"].base_style.name == "Heading 1"
    headings = [p for p in docx_paragraphs(output("nl")) if p.startswith("Artikel ")]
    assert headings[0].startswith("Artikel 1 – ")


def test_every_run_carries_its_language():
    """Column runs carry their column's language; the shared signature row tags each phrase."""
    doc = Document(io.BytesIO(output("side-by-side")))
    seen = {0: set(), 1: set()}
    shared: list[tuple[str, str]] = []
    parallel = [t for t in doc.tables if len(t.columns) == 2]  # not the provenance annex
    for row in [r for t in parallel for r in t.rows]:
        tcs = row._tr.findall(qn("w:tc"))
        if len(tcs) == 1:  # the merged signature row
            for r in tcs[0].iter(qn("w:r")):
                text = "".join(t.text for t in r.iter(qn("w:t")))
                shared.append((r.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")), text))
            continue
        for col, tc in enumerate(tcs):
            for r in tc.iter(qn("w:r")):
                if r.find(qn("w:t")) is None:
                    continue  # a field's begin, instruction or end
                seen[col].add(r.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")))
    assert seen == {0: {"nl-BE"}, 1: {"es-BO"}}
    assert ("nl-BE", "Naam") in shared and ("es-BO", "Nombre") in shared
    assert ("es-BO", "Gobierno Autónomo Municipal de Tarija") in shared


def test_side_by_side_is_signed_once_per_party(example_spec):
    """Once in the model the writers receive, and once in the DOCX."""
    from .conftest import example_model, model_text

    n = len(example_spec.parties) + 1  # and once by Brasschaat's algemeen directeur
    for text in (docx_text(output("side-by-side")), model_text(example_model(AGREEMENT, "side-by-side"))):
        assert text.count("Handtekening") == n
        assert text.count("Handtekening / Firma") == n


def test_language_caption_row_repeats_on_every_page():
    doc = Document(io.BytesIO(output("side-by-side")))
    first_row = doc.tables[1].rows[0]
    assert first_row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in first_row.cells] == ["Nederlandse tekst", "Texto en español"]


def test_draft_mark_in_header_and_page_numbers_in_footer():
    doc = Document(io.BytesIO(output("side-by-side")))
    section = doc.sections[0]
    header = " ".join(p.text for p in section.header.paragraphs)
    assert "CONCEPT" in header and "BORRADOR" in header
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    # One page sequence: numbered over the whole document, as Word numbers by default.
    assert "SECTIONPAGES" not in footer_xml and len(doc.sections) == 1
    assert section._sectPr.find(qn("w:pgNumType")) is None


def test_core_properties_pinned_and_no_template_leftovers(example_spec):
    data = output("side-by-side")
    cp = Document(io.BytesIO(data)).core_properties
    assert cp.created.date() == example_spec.date == cp.modified.date()
    assert "Gemeente Brasschaat" in cp.author
    assert cp.title.startswith(example_spec.title["nl"])
    assert cp.language == "nl-BE"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert not any("thumbnail" in n for n in names)
        blob = b"".join(z.read(n) for n in names)
        assert b"python-docx" not in blob and b"Macintosh" not in blob
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_numbered_lists_restart_per_article():
    doc = Document(io.BytesIO(output("nl")))
    num_ids = [
        p._p.pPr.numPr.numId.val
        for p in doc.paragraphs
        if p.style.name == "List Number" and p._p.pPr is not None and p._p.pPr.numPr is not None
    ]
    assert len(set(num_ids)) > 1


def test_docx_paragraph_order_matches_spec(example_spec):
    paras = docx_paragraphs(output("es"))
    heads = [p for p in paras if p.startswith("Artículo ")]
    assert heads == [f"Artículo {i} – {u.clause.title['es']}" for i, u in enumerate(example_spec.clauses, 1)]


def test_property_elements_follow_schema_order():
    """Word rejects out-of-order rPr/pPr/tblPr children; check every XML part."""
    from lxml import etree

    from agreement_builder.writers.ooxml import ORDER

    with zipfile.ZipFile(io.BytesIO(output("side-by-side"))) as z:
        for name in z.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            root = etree.fromstring(z.read(name))
            for local, order in ORDER.items():
                rank = {qn(f"w:{n}"): i for i, n in enumerate(order)}
                for el in root.iter(qn(f"w:{local}")):
                    ranks = [rank[c.tag] for c in el if c.tag in rank]
                    assert ranks == sorted(ranks), (name, local, [c.tag.split("}")[1] for c in el])


def test_provenance_in_custom_properties_and_annex(example_spec):
    """Word's properties show a short summary (at most 255 characters); the whole record is in a custom XML part."""
    import json
    import zipfile

    from lxml import etree

    from .conftest import docx_text

    with zipfile.ZipFile(io.BytesIO(output("es"))) as z:
        custom = etree.fromstring(z.read("docProps/custom.xml"))
        assert "docProps/custom.xml" in z.read("_rels/.rels").decode("utf-8")
        assert "customXml/item1.xml" in z.read("word/_rels/document.xml.rels").decode("utf-8")
        data = etree.fromstring(z.read("customXml/item1.xml"))
        assert b"itemProps1.xml" in z.read("customXml/_rels/item1.xml.rels")
    values = {p.get("name"): p[0].text for p in custom}
    assert all(len(v) <= 255 for v in values.values())
    assert values["Provenance"].startswith(f"{len(example_spec.clauses)} clauses")
    [record] = data
    assert record.get("name") == "provenance"
    entries = json.loads(record.text)
    assert [e["id"] for e in entries] == [u.clause.id for u in example_spec.clauses]
    assert [e["sha256"][:16] for e in entries] == [u.clause.content_hash[:16] for u in example_spec.clauses]
    text = docx_text(output("es"))
    annex = text[text.index("Anexo – Procedencia de los artículos") :]
    assert "Herkomst" not in annex and "biblioteca estándar" in annex
    for use in example_spec.clauses:
        assert f"{use.clause.id} {use.clause.version}" in annex and use.clause.content_hash[:16] in annex


def test_counts_are_written_in_words_with_their_figures_in_both_languages():
    """The same words as the PDF, read from the DOCX paragraphs (the brackets are plain text, not markup)."""
    paragraphs = docx_paragraphs(output("sequential"))
    for phrase in (
        "een periode van zes (6) jaar,",
        "una vigencia de seis (6) años,",
        "al menos cuatro (4) veces al año.",
        "al menos una (1) visita de trabajo presencial a la otra.",
        "ondertekenen in twee (2) originele exemplaren",
    ):
        assert sum(phrase in p for p in paragraphs) == 1, phrase

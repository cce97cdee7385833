"""Build the example in every layout and read the PDF back."""

import io

import pytest
from pypdf import PdfReader

from agreement_builder import api

from .conftest import EXAMPLE, LAYOUTS, assert_parties_and_sdgs, layout_languages, pdf_text, positions, render_example

AGREEMENT = "brasschaat-tarija/agreement"


def pdf(layout: str) -> bytes:
    """The example's PDF in one layout, from the build all tests share."""
    return render_example(AGREEMENT, layout)["pdf"]


def titles(spec, lang):
    return [u.clause.title[lang] for u in spec.clauses]


def labels(spec, lang):
    word = "Artikel" if lang == "nl" else "Artículo"
    return [f"{word} {i}" for i in range(1, len(spec.clauses) + 1)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_article_titles_present_in_order_or_absent(example_spec, layout):
    text = pdf_text(pdf(layout))
    for lang in ("nl", "es"):
        found = positions(text, labels(example_spec, lang))
        if layout in (lang, "side-by-side", "sequential"):
            assert -1 not in found, (lang, found)
            assert found == sorted(found)
            for title in titles(example_spec, lang):
                assert title in text, title
        else:
            assert all(i == -1 for i in found), (lang, found)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parties_sdgs_signatures_and_draft_mark(example_spec, layout):
    text = pdf_text(pdf(layout))
    assert_parties_and_sdgs(text, example_spec, layout)
    for lang, mark in (("nl", "CONCEPT"), ("es", "BORRADOR")):
        assert (mark in text) == (lang in layout_languages(layout))


def test_sequential_puts_all_dutch_before_all_spanish():
    text = pdf_text(pdf("sequential"))
    assert text.rfind("Artikel ") < text.find("Artículo 1")


def test_side_by_side_alternates_languages_article_by_article():
    text = pdf_text(pdf("side-by-side"))
    order = positions(text, ["Artikel 1", "Artículo 1", "Artikel 2", "Artículo 2", "Artikel 3", "Artículo 3"])
    assert -1 not in order


def test_metadata_fonts_and_language(example_spec):
    reader = PdfReader(io.BytesIO(pdf("side-by-side")))
    meta = reader.metadata
    assert example_spec.title["nl"] in meta.title and example_spec.title["es"] in meta.title
    assert "Gemeente Brasschaat" in meta.author
    assert meta.creation_date.date() == example_spec.date
    assert reader.trailer["/Root"]["/Lang"] == "nl-BE"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            desc = descendant["/FontDescriptor"].get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]


def test_pdf_is_a4_with_page_numbers():
    reader = PdfReader(io.BytesIO(pdf("nl")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    n = len(reader.pages)
    assert f"pagina 1 van {n}" in (reader.pages[0].extract_text() or "")
    assert f"pagina {n} van {n}" in (reader.pages[-1].extract_text() or "")


def test_final_status_has_no_draft_mark(tmp_path):
    spec = tmp_path / "final.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8")
    result = api.build(spec, tmp_path / "out", ("pdf",), "side-by-side")
    text = pdf_text(result.files[0])
    assert "CONCEPT" not in text and "BORRADOR" not in text


def test_names_with_apostrophes_print_as_written_in_running_footer(tmp_path):
    from .conftest import FIXTURES

    result = api.build(FIXTURES / "specs" / "minimal.yaml", tmp_path, ("pdf",))
    text = pdf_text(result.files[0])
    assert "Samenwerkingsovereenkomst Herent – Nimlaha'kok" in text
    assert "&#" not in text and "\\27" not in text


def test_provenance_in_metadata_and_annex(example_spec):
    import json

    reader = PdfReader(io.BytesIO(pdf("side-by-side")))
    provenance = json.loads(reader.metadata["/provenance"])
    assert [(e["article"], e["id"], e["version"], e["sha256"]) for e in provenance] == [
        (i, u.clause.id, u.clause.version, u.clause.content_hash) for i, u in enumerate(example_spec.clauses, start=1)
    ]
    text = pdf_text(pdf("nl"))
    annex = text[text.index("Bijlage – Herkomst van de artikelen") :]
    for use in example_spec.clauses:
        assert use.clause.id in annex and use.clause.content_hash[:16] in annex
    assert "standaardbibliotheek" in annex and "biblioteca" not in annex

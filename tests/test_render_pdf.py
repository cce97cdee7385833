"""The example agreement in every layout: what it says, checked on the resolved model the writers
receive, and what only the rendered PDF can show (metadata, fonts, page furniture)."""

import dataclasses
import io

import pytest
from pypdf import PdfReader

from agreement_builder import api
from agreement_builder.kinds.agreement.resolve import articles, resolve
from agreement_builder.model.blocks import Heading, Parallel

from .conftest import (
    EXAMPLE,
    LAYOUTS,
    assert_parties_and_sdgs,
    copy_example_style,
    example_model,
    layout_languages,
    model_text,
    pdf_text,
    positions,
    render_example,
    uses_example,
)

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
    doc = example_model(AGREEMENT, layout)
    found_articles = articles(doc)
    assert [a.clause_id for a in found_articles] == [u.clause.id for u in example_spec.clauses]
    text = model_text(doc, furniture=True)
    for lang in ("nl", "es"):
        found = positions(text, labels(example_spec, lang))
        if layout in (lang, "side-by-side", "sequential"):
            assert [a.label[lang] for a in found_articles] == labels(example_spec, lang)
            assert [a.title[lang] for a in found_articles] == titles(example_spec, lang)
            assert -1 not in found, (lang, found)
            assert found == sorted(found)
        else:
            assert all(lang not in a.label and lang not in a.body for a in found_articles)
            assert all(i == -1 for i in found), (lang, found)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_parties_sdgs_and_signatures(example_spec, layout):
    assert_parties_and_sdgs(model_text(example_model(AGREEMENT, layout), furniture=True), example_spec, layout)


@uses_example(AGREEMENT)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_draft_mark_on_every_page_in_the_layouts_languages(layout):
    """The draft mark is page furniture (a running header), so only the rendered PDF shows it."""
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf(layout))).pages]
    for lang, mark in (("nl", "CONCEPT"), ("es", "BORRADOR")):
        assert [mark in page for page in pages] == [lang in layout_languages(layout)] * len(pages), mark


def test_sequential_puts_all_dutch_before_all_spanish():
    doc = example_model(AGREEMENT, "sequential")
    assert [p.lang for p in doc.parts if p.role == "language"] == ["nl", "es"]
    text = model_text(doc, furniture=True)
    assert text.rfind("Artikel ") < text.find("Artículo 1")


def test_side_by_side_alternates_languages_article_by_article():
    doc = example_model(AGREEMENT, "side-by-side")
    text = model_text(doc, furniture=True)
    order = positions(text, ["Artikel 1", "Artículo 1", "Artikel 2", "Artículo 2", "Artikel 3", "Artículo 3"])
    assert -1 not in order
    # Every article is one group whose first row holds its Dutch heading beside its Spanish one.
    (body,) = [b for b in doc.blocks() if isinstance(b, Parallel) and b.captions]
    assert body.languages == ("nl", "es")
    for n, group in enumerate(body.groups, start=1):
        nl, es = group.rows[0].cells
        assert isinstance(nl, Heading) and isinstance(es, Heading)
        assert (nl.label, es.label) == (f"Artikel {n}", f"Artículo {n}")


@uses_example(AGREEMENT)
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


@uses_example(AGREEMENT)
def test_pdf_is_a4_with_page_numbers():
    reader = PdfReader(io.BytesIO(pdf("nl")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    n = len(reader.pages)
    assert f"pagina 1 van {n}" in (reader.pages[0].extract_text() or "")
    assert f"pagina {n} van {n}" in (reader.pages[-1].extract_text() or "")


@pytest.mark.parametrize(
    ("case", "layout", "sequences"),
    [(AGREEMENT, "sequential", [["nl", "es", None]]), ("brasschaat-tarija/report", "sequential", [["nl"], ["es"]])],
)
def test_each_page_sequence_is_laid_out_on_its_own(case, layout, sequences):
    """An agreement (one page style) is laid out whole, as it is; a report once per form, every form whole."""
    from agreement_builder.writers.pdf import _page_sequences

    doc = example_model(case, layout)
    laid_out = _page_sequences(doc)
    assert [[part.lang for part in d.parts] for d in laid_out] == sequences
    assert [part for d in laid_out for part in d.parts] == doc.parts
    if len(sequences) == 1:
        assert laid_out[0] is doc
    else:
        assert all(dataclasses.replace(d, parts=doc.parts) == doc for d in laid_out)


def test_final_status_has_no_draft_mark(tmp_path):
    """A final agreement has no draft mark anywhere: not in the model, and not in the HTML the PDF
    writer hands WeasyPrint (it carries the page furniture as @page content) with its stylesheet:
    the PDF's text can only come from there. The same HTML of the draft carries both marks."""
    from agreement_builder.core.resources import templates_dir
    from agreement_builder.writers.html import render_html

    spec = tmp_path / "final.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8")
    copy_example_style(tmp_path)
    final = resolve(api.load(spec), "side-by-side", provenance_annex=True)
    assert not final.draft and final.watermark == ""
    assert all(part.page.draft_header == () for part in final.parts)
    text = model_text(final, furniture=True)
    html = render_html(final) + (templates_dir() / f"{final.style}.css").read_text(encoding="utf-8")
    for mark in ("CONCEPT", "BORRADOR"):
        assert mark not in text and mark not in html
        assert mark in render_html(example_model(AGREEMENT, "side-by-side"))


def test_names_with_apostrophes_print_as_written_in_running_footer(tmp_path):
    from .conftest import FIXTURES

    result = api.build(FIXTURES / "specs" / "minimal.yaml", tmp_path, ("pdf",))
    text = pdf_text(result.files[0])
    assert "Samenwerkingsovereenkomst Herent – Nimlaha'kok" in text
    assert "&#" not in text and "\\27" not in text


@uses_example(AGREEMENT)
def test_provenance_in_metadata_and_annex(example_spec):
    import json

    reader = PdfReader(io.BytesIO(pdf("side-by-side")))
    provenance = json.loads(reader.metadata["/provenance"])
    assert [(e["article"], e["id"], e["version"], e["sha256"]) for e in provenance] == [
        (i, u.clause.id, u.clause.version, u.clause.content_hash) for i, u in enumerate(example_spec.clauses, start=1)
    ]
    doc = example_model(AGREEMENT, "nl")
    (annex_part,) = [p for p in doc.parts if p.role == "annex"]
    assert annex_part is doc.parts[-1]
    annex = model_text(doc)
    annex = annex[annex.index("Bijlage – Herkomst van de artikelen") :]
    for use in example_spec.clauses:
        assert use.clause.id in annex and use.clause.content_hash[:16] in annex
    assert "standaardbibliotheek" in annex and "biblioteca" not in annex


@uses_example(AGREEMENT)
def test_counts_are_written_in_words_with_their_figures_in_both_languages():
    """Legal style, read back from the PDF: "zes (6) jaar", and Spanish agreeing with its noun."""
    text = pdf_text(pdf("sequential"))
    for phrase in (
        "een periode van zes (6) jaar",
        "una vigencia de seis (6) años",
        "één (1) fysiek werkbezoek",
        "una (1) visita de trabajo",  # visita: feminine
        "en dos (2) ejemplares originales",
    ):
        assert phrase in text, phrase
    assert "6 jaar" not in text and "6 años" not in text


def test_the_collector_runs_rarely_while_a_pdf_is_made_and_as_before_afterwards():
    import gc

    from agreement_builder.writers import pdf

    before = gc.get_threshold()
    with pdf._fewer_collections():
        assert gc.get_threshold()[0] == 50_000
        with pdf._fewer_collections():  # a second render under way: the first one's settings stay
            pass
        assert gc.get_threshold()[0] == 50_000
    assert gc.get_threshold() == before


class _Cycle:
    """An object in a reference cycle, which only the cyclic collector frees."""

    def __init__(self) -> None:
        self.me = self


def test_the_garbage_of_a_render_is_freed_when_it_ends_and_the_hosts_frozen_heap_stays_frozen():
    """In a warm process (a batch, a service) each render's garbage must not outlive it.

    The collector settings once froze the heap for a layout: garbage from before was frozen
    with it and came back among the oldest objects, and 40 agreements built in one process
    held 776 MB. A program that froze its own heap (gc.freeze, before forking workers) found
    it thawed.
    """
    import gc
    import weakref

    from agreement_builder.writers import pdf

    gc.collect()
    gc.freeze()  # the host program's own frozen heap
    try:
        frozen = gc.get_freeze_count()
        earlier = weakref.ref(_Cycle())  # garbage made before the render
        with pdf._fewer_collections():
            assert gc.get_freeze_count() == frozen
            during = weakref.ref(_Cycle())  # garbage the layout leaves behind
        assert gc.get_freeze_count() == frozen, "the host's frozen objects stay frozen"
        assert earlier() is None and during() is None, "the render's cycles are freed when it ends"
    finally:
        gc.unfreeze()


def test_a_pages_own_fonts_do_not_reach_the_next_document(example_spec, tmp_path):
    """Layouts in one thread share a font configuration, except after a page that declared fonts.

    One page maps the family "AB Probe" to a font file with @font-face; the next names the
    same family without declaring it, so it must fall back to an installed font.
    """
    import shutil

    from agreement_builder.writers import pdf as writer
    from tests.test_house_render import pdf_fonts

    doc = resolve(example_spec, "nl")
    font = tmp_path / "probe.ttf"
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", font)
    page = (
        '<html lang="nl"><head><meta charset="utf-8"><title>t</title><style>{}</style></head>'
        "<body><p>Tekst</p></body></html>"
    )
    declared = page.format(
        f"@font-face {{ font-family: 'AB Probe'; src: url('{font.as_uri()}') }} p {{ font-family: 'AB Probe' }}"
    )
    named = page.format("p { font-family: 'AB Probe' }")

    writer.render_pdf(doc, tmp_path, named)
    shared = writer._font_configuration()
    assert writer._font_configuration() is shared, "reused by the next layout in this thread"
    assert "AB-Probe" in pdf_fonts(writer.render_pdf(doc, tmp_path, declared))  # as the PDF names it
    assert writer._font_configuration() is not shared, "dropped after the page that added a font"
    assert "AB-Probe" not in pdf_fonts(writer.render_pdf(doc, tmp_path, named))


def test_each_thread_lays_out_with_its_own_font_configuration():
    """Pango's font maps are not shared between threads."""
    import threading

    from agreement_builder.writers import pdf as writer

    here = writer._font_configuration()
    there = []
    thread = threading.Thread(target=lambda: there.append(writer._font_configuration()))
    thread.start()
    thread.join()
    assert there[0] is not here and writer._font_configuration() is here


def test_weasyprint_writes_objects_one_by_one_and_the_saved_file_is_as_if_packed(example_spec, tmp_path, monkeypatch):
    """pydyf's object stream is left out (qpdf packs the objects once, when it saves) without changing a byte."""
    import pydyf

    from agreement_builder.writers import pdf as writer
    from agreement_builder.writers.html import render_html

    doc = dataclasses.replace(resolve(example_spec, "nl"), sources=[])
    doc.house = api.house_of(example_spec, api._options(None, None))
    fetcher = writer.SafeURLFetcher([writer.templates_dir(), tmp_path])
    html = render_html(doc)
    plain, pages = writer._sequence(html, fetcher)
    monkeypatch.setattr(writer, "_plain_objects_class", lambda: pydyf.PDF)  # pydyf as it packs
    packed, _ = writer._sequence(html, fetcher)
    assert b"/ObjStm" not in plain and b"/ObjStm" in packed
    assert len(plain) > len(packed)

    def finished(part):
        return writer.finish([part], languages=["nl-BE"], page_starts=[0], identifier=b"0" * 32)

    saved = finished(plain)
    assert saved == finished(packed)
    assert b"/ObjStm" in saved, "the saved file packs its objects"
    assert len(PdfReader(io.BytesIO(saved)).pages) == pages

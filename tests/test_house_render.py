"""The house style in both formats: logo, letterhead, colours, fonts and running lines, read back from the files.

Brasschaat's example specs name their style (an SVG logo); the Herent examples keep the
neutral default and are built here with ``--style`` in the third style (a PNG logo).
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from functools import cache

import pytest
from lxml import etree

from agreement_builder import api

from .conftest import ROOT, pdf_text, render_example, uses_example

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
BRASSCHAAT = "brasschaat-tarija/agreement"
HERENT_STYLE = ROOT / "examples" / "herent-nimlahakok" / "style"


@cache
def herent_in_its_style(tmp: str) -> dict[str, bytes]:
    """The Herent agreement (Dutch layout) built with --style in the third house style."""
    spec = ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml"
    result = api.build(spec, tmp, ("pdf", "docx", "html"), "nl", style=HERENT_STYLE)
    return {p.suffix.lstrip("."): p.read_bytes() for p in result.files}


@pytest.fixture(scope="module")
def herent(tmp_path_factory):
    return herent_in_its_style(str(tmp_path_factory.mktemp("herent")))


def page_stream(pdf: bytes, index: int) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        contents = doc.pages[index].obj["/Contents"]
        parts = contents if isinstance(contents, pikepdf.Array) else [contents]
        return b"".join(part.read_bytes() for part in parts)


def fill(colour: str) -> bytes:
    """How WeasyPrint writes a fill colour in a content stream: '0.117647 0.356863 0.235294 rg'."""
    values = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return (" ".join(f"{v:.6f}".rstrip("0").rstrip(".") for v in values) + " rg").encode()


def pdf_fonts(pdf: bytes) -> set[str]:
    import pikepdf

    names = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                names.add(str(font.BaseFont).split("+", 1)[-1])
    return names


def docx_part(docx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return z.read(name)


def first_page_header(docx: bytes) -> etree._Element:
    """The header part the first section names for its first page (titlePg)."""
    document = etree.fromstring(docx_part(docx, "word/document.xml"))
    sect = document.find(f".//{W}sectPr")
    assert sect.find(f"{W}titlePg") is not None, "no different first page"
    ref = next(h for h in sect.findall(f"{W}headerReference") if h.get(f"{W}type") == "first")
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = etree.fromstring(docx_part(docx, "word/_rels/document.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return etree.fromstring(docx_part(docx, f"word/{target}"))


# ---------------------------------------------------------------------------- PDF


@uses_example(BRASSCHAAT)
def test_the_pdf_draws_the_svg_logo_and_letterhead_on_the_first_page_only():
    pdf = render_example(BRASSCHAAT, "side-by-side")["pdf"]
    # The emblem's light green (#9CC5A8) is used nowhere else: WeasyPrint draws the SVG as vectors.
    assert fill("#9CC5A8") in page_stream(pdf, 0)
    assert fill("#9CC5A8") not in page_stream(pdf, 1)
    first_page = pdf_text(pdf).split("Artikel 1")[0]
    assert (
        "Gemeente Brasschaat Dienst Internationale Samenwerking Gemeentepark 1 · 2930 Brasschaat · België" in first_page
    )


@uses_example(BRASSCHAAT)
def test_the_pdf_uses_the_styles_colours_and_fonts():
    pdf = render_example(BRASSCHAAT, "side-by-side")["pdf"]
    stream = page_stream(pdf, 1)
    assert fill("#1E5B3C") in stream  # headings in the primary colour
    assert fill("#123B5C") not in stream  # not the default navy
    assert {"Caladea", "Carlito"} <= pdf_fonts(pdf)


@uses_example(BRASSCHAAT)
def test_the_pdf_carries_the_header_and_footer_lines():
    pdf = render_example(BRASSCHAAT, "side-by-side")["pdf"]
    pages = [page for page in pdf_pages(pdf)]
    assert all("Gemeente Brasschaat · Gemeentepark 1 · 2930 Brasschaat" in page for page in pages)
    # The header line tops every page but the first, where the letterhead stands.
    assert all(page.lstrip().startswith("Gemeente Brasschaat") for page in pages[1:])


def pdf_pages(pdf: bytes) -> list[str]:
    proc = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return proc.stdout.decode("utf-8").split("\f")[:-1]


def test_the_pdf_of_a_png_style_embeds_the_logo_as_an_image(herent):
    import pikepdf

    with pikepdf.open(io.BytesIO(herent["pdf"])) as doc:
        images = [x for x in doc.pages[0].Resources.XObject.values() if x.Subtype == "/Image"]
        assert [(int(x.Width), int(x.Height)) for x in images] == [(360, 360)]
    assert fill("#6E1E3A") in page_stream(herent["pdf"], 0)
    assert pdf_fonts(herent["pdf"]) == {"Carlito", "Carlito-Bold", "Carlito-Italic", "DejaVu-Sans-Mono"}


def test_the_html_sets_the_house_colours_and_fonts_as_custom_properties(herent):
    html = herent["html"].decode("utf-8")
    root = re.search(r":root \{[^}]*\}", html).group()
    assert "--primary: #6E1E3A;" in root and "--accent: #D39A2C;" in root
    assert '--body-font: "Carlito", "Calibri", serif;' in root
    assert 'alt="Embleem van de gemeente Herent"' in html


# ---------------------------------------------------------------------------- DOCX


@uses_example(BRASSCHAAT)
def test_the_docx_has_the_logo_with_alt_text_and_the_letterhead_in_the_first_page_header():
    docx = render_example(BRASSCHAAT, "side-by-side")["docx"]
    header = first_page_header(docx)
    (doc_pr,) = header.iter(f"{WP}docPr")
    assert doc_pr.get("descr") == "Embleem van de gemeente Brasschaat"
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in header.iter(f"{W}p")]
    assert "Gemeente Brasschaat" in texts and "Gemeentepark 1 · 2930 Brasschaat · België" in texts
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        (media,) = [n for n in z.namelist() if n.startswith("word/media/")]
        assert z.read(media).startswith(b"\x89PNG")  # the SVG, rasterized


@uses_example(BRASSCHAAT)
def test_the_docx_styles_take_the_house_colours_and_fonts():
    styles = docx_part(render_example(BRASSCHAAT, "side-by-side")["docx"], "word/styles.xml").decode("utf-8")
    heading = re.search(r'<w:style [^>]*w:styleId="Heading1".*?</w:style>', styles, re.S).group()
    assert 'w:color w:val="1E5B3C"' in heading and 'w:ascii="Calibri"' in heading
    assert "123B5C" not in styles
    assert 'w:color="C9982B"' in styles  # the accent rule under the letterhead


def test_the_docx_of_the_third_style(herent):
    styles = docx_part(herent["docx"], "word/styles.xml").decode("utf-8")
    assert "Cambria" not in styles and "6E1E3A" in styles
    (doc_pr,) = first_page_header(herent["docx"]).iter(f"{WP}docPr")
    assert doc_pr.get("descr") == "Embleem van de gemeente Herent"
    footer = b"".join(
        docx_part(herent["docx"], n) for n in zipfile.ZipFile(io.BytesIO(herent["docx"])).namelist() if "footer" in n
    )
    assert "Gemeente Herent · stedenband Herent – Nimlaha'kok".encode() in footer


@uses_example("herent-nimlahakok/agreement")
def test_without_a_style_there_is_no_letterhead():
    docx = render_example("herent-nimlahakok/agreement", "nl")["docx"]
    assert b"titlePg" not in docx_part(docx, "word/document.xml")
    assert fill("#123B5C") in page_stream(render_example("herent-nimlahakok/agreement", "nl")["pdf"], 0)


# ---------------------------------------------------------------------------- choice and reproducibility


def test_style_option_overrides_the_specs_style(tmp_path):
    spec = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
    result = api.build(spec, tmp_path, ("html",), "es", style=HERENT_STYLE)
    html = result.files[0].read_text(encoding="utf-8")
    assert "Municipio de Herent" in html and "Municipio de Brasschaat</p>" not in html
    assert "--primary: #6E1E3A;" in html


@uses_example("brasschaat-tarija/report")
def test_the_same_style_gives_the_same_bytes(tmp_path):
    """The rasterized SVG logo and the letterhead do not break reproducible builds."""
    spec = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
    again = api.build(spec, tmp_path, ("pdf", "docx"), "nl")
    earlier = render_example("brasschaat-tarija/report", "nl")
    assert {p.suffix.lstrip("."): p.read_bytes() for p in again.files} == earlier

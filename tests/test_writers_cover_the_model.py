"""Every block type of the model is written by every writer, with every field that it holds.

The model is the contract between the kinds and the writers: a block type or a field that a
writer ignores would silently drop text. This test builds one document that holds every block
type (found by walking model.blocks, so a new type without a writer case fails here) and
reads each writer's output back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import typing
import zipfile

import pytest

from agreement_builder.model import blocks as m
from agreement_builder.model.charts import Chart
from agreement_builder.model.document import Document, PageStyle, Part


def _chart() -> Chart:
    return typing.cast(Chart, next(iter(_sample_charts())))


def _sample_charts() -> list[object]:
    """One chart of the model's chart types, built from the example report's resolved model."""
    from agreement_builder import api
    from agreement_builder.kinds.report.resolve import resolve_report

    from .conftest import ROOT

    spec = api.check(ROOT / "examples" / "herent-nimlahakok" / "report.yaml")
    doc = resolve_report(spec, "nl")  # type: ignore[arg-type]
    return [b.chart for b in doc.blocks() if isinstance(b, m.Figure)]


def _sample(kind: type) -> m.Block:
    """One block of each type, every field set to something a reader can find again."""
    para = m.Paragraph(
        (
            m.Text("Para-text "),
            m.Text("bold-run", bold=True),
            m.Text(" ital-run", italic=True),
            m.Text(" ins-run", change="ins"),  # a redline's tracked changes
            m.Text(" del-run", change="del"),
        )
    )
    samples: dict[type, m.Block] = {
        m.Paragraph: m.Paragraph(
            (m.Text("Spaans-lid", lang="es"), m.Text(" ref-run", ref="h-anchor")),
            role="provenance-intro",
            lang="es",
            keep_with_next=True,
        ),
        m.Heading: m.Heading(
            2,
            "Heading-text",
            label="Label-7",
            joiner=" – ",
            style="section",
            anchor="h-anchor",
            counter=m.Counter("article", "Label-", 7),
        ),
        m.ListBlock: m.ListBlock(True, ((para,), (m.Paragraph((m.Text("second-item"),)),)), start=3),
        m.PriorityList: m.PriorityList(
            (m.PriorityItem("Prio-title", "Prio-desc", (m.SdgRef(6, "Schoon water", "#26BDE2", "SDG"),)),)
        ),
        m.Signatures: m.Signatures(
            (
                m.SignatureBlock(
                    heading=m.phrase({"nl": "Gemeente X", "es": "Municipio X"}),
                    caption=m.phrase({"nl": "Handtekening", "es": "Firma"}),
                    rows=((m.phrase({"nl": "Naam", "es": "Nombre"}), (m.Text("Sig-name"),)),),
                ),
            )
        ),
        m.Table: m.Table(
            header=("Col-a", "Col-b"),
            rows=(
                m.Row((m.Cell("Cell-a1\nline-two"), m.Cell("Achieved-pill", tone="achieved"))),
                m.Row((m.Cell("Total-row"), m.Cell("99")), role="total"),
            ),
            widths=(0.6, 0.4),
            numeric=(False, True),
            monospace=(False, True),
            keep=True,
            keep_with_next=True,
        ),
        m.Figure: m.Figure(_chart(), m.Counter("figure", "Fig-label ", 4), "Fig-caption", 0.5, alt="Fig-alt"),
        m.Decision: m.Decision("Dec-intro", (("Artikel 1", "Dec-text"),)),
        m.TitleBlock: m.TitleBlock(
            "Title-text", subtitle="Sub-text", issuer="Issuer-text", form="Form-text", draft_note="Draft-text"
        ),
        m.Parallel: m.Parallel(
            ("nl", "es"),
            (
                m.ParallelGroup(
                    (
                        m.ParallelRow((m.Heading(1, "Kop-nl"), m.Heading(1, "Titulo-es")), role="heading"),
                        m.ParallelRow((m.Paragraph((m.Text("Links-nl"),)), None), role="with-next"),
                        m.ParallelRow(span=m.Paragraph((m.Text("Span-row"),)), role="keep"),
                    ),
                    anchor="grp",
                ),
            ),
            captions=("Cap-nl", "Cap-es"),
        ),
        m.Contents: m.Contents(
            m.phrase({"nl": "Inhoud-nl", "es": "Indice-es"}),
            (m.ContentsEntry(1, "Entry-one", "h-anchor", "nl"), m.ContentsEntry(2, "Entry-two", "grp", "es")),
        ),
    }
    return samples[kind]


EXPECTED = {
    m.Paragraph: ["Spaans-lid", "ref-run"],
    m.Heading: ["Label-7 – Heading-text"],
    m.ListBlock: ["Para-text", "bold-run", "ital-run", "ins-run", "second-item"],
    m.PriorityList: ["Prio-title", "Prio-desc", "Schoon"],
    m.Signatures: ["Gemeente X / Municipio X", "Handtekening / Firma", "Sig-name"],
    m.Table: ["Col-a", "Cell-a1", "line-two", "Achieved", "Total-row", "99"],
    m.Figure: ["Fig-label 4 – Fig-caption"],
    m.Decision: ["Dec-intro", "Artikel 1", "Dec-text"],
    m.TitleBlock: ["Title-text", "Sub-text", "Issuer-text", "Form-text", "Draft-text"],
    m.Parallel: ["Cap-nl", "Kop-nl", "Titulo-es", "Links-nl", "Span-row"],
    m.Contents: ["Inhoud-nl / Indice-es", "Entry-one", "Entry-two"],
}


def _document() -> Document:
    page = PageStyle("p", "nl", (m.Text("Footer"),), "pagina ", " van ")
    return Document(
        style="report",
        layout="nl",
        languages=["nl", "es"],
        locales={"nl": "nl-BE", "es": "es-BO"},
        date=dt.date(2026, 1, 2),
        title="T",
        subject="S",
        author="A",
        parts=[Part("nl", [_sample(t) for t in m.BLOCK_TYPES], page)],
    )


def test_every_block_type_has_a_sample_and_expected_texts():
    """A new block type must come with a sample here, so both writers are checked for it."""
    union = set(typing.get_args(m.Block))
    assert union == set(m.BLOCK_TYPES) == set(EXPECTED)


@pytest.fixture(scope="module")
def document() -> Document:
    return _document()


def test_html_writer_writes_every_block_and_field(document):
    from agreement_builder.writers.html import render_html

    html = render_html(document, standalone=True)
    text = re.sub(r"<[^>]+>", "", html)
    for kind, texts in EXPECTED.items():
        for wanted in texts:
            assert wanted in text, (kind.__name__, wanted)
    assert '<ol start="3">' in html  # ListBlock.start
    assert 'lang="es-BO"' in html  # Paragraph.lang and run languages
    assert 'id="h-anchor"' in html and 'class="section"' in html  # Heading.anchor and style
    assert "<strong>bold-run</strong>" in html and "<em> ital-run</em>" in html
    assert (
        'class="data keep with-next"' in html and 'class="num mono"' in html
    )  # Table.keep(_with_next), numeric, monospace
    assert "width: 60.0%" in html  # Table.widths
    assert 'alt="Fig-alt"' in html and "width: 50.0%" in html  # Figure.alt and width
    assert 'colspan="2"' in html and 'class="span-row keep-row"' in html  # Parallel span and role
    assert 'id="grp"' in html and "heading-row" in html
    assert '<li class="level-2" lang="es-BO"><a href="#grp">' in html  # ContentsEntry level, lang, anchor
    # Paragraph.keep_with_next, Table.keep_with_next and a 'with-next' row
    assert 'class="provenance-intro keep-with-next"' in html
    assert 'class="with-next-row"' in html
    assert "<ins> ins-run</ins><del> del-run</del>" in html and '<p class="changed">Para-text' in html  # Text.change


def test_docx_writer_writes_every_block_and_field(document):
    from agreement_builder.writers.docx import render_docx

    data = render_docx(document)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    numbering = zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml").decode()
    from .conftest import docx_paragraphs

    text = "\n".join(docx_paragraphs(data))
    for kind, texts in EXPECTED.items():
        for wanted in texts:
            assert wanted in text, (kind.__name__, wanted)
    assert '<w:startOverride w:val="3"/>' in numbering  # ListBlock.start
    assert 'w:val="es-BO"' in xml  # Paragraph.lang
    assert 'descr="Fig-alt"' in xml  # Figure.alt
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert '<w:basedOn w:val="Heading2"/>' in styles  # Heading.level (its numbered style is a level-2 heading)
    assert "<w:cantSplit/>" in xml and "<w:tblHeader/>" in xml  # Parallel roles, captions repeated
    assert 'w:gridSpan w:val="2"' in xml  # the span row
    assert "REF h_anchor \\r \\h" in xml and 'w:name="h_anchor"' in xml  # Text.ref
    assert "SEQ Figlabel \\* ARABIC" in xml  # Figure.counter
    assert '<w:lvlText w:val="Label-%1"/>' in numbering  # Heading.counter
    assert 'TOC \\o "1-2"' in xml and 'w:anchor="grp"' in xml  # Contents depth, entry anchors
    assert 'w:val="TOC2"' in xml  # ContentsEntry.level
    # Text.change: Word's tracked changes, deleted text as w:delText
    assert re.search(
        r'<w:ins w:id="\d+" w:author="agreement-builder" w:date="2026-01-02T00:00:00Z"><w:r>.*?ins-run', xml
    )
    assert re.search(
        r'<w:del w:id="\d+" w:author="agreement-builder" w:date="2026-01-02T00:00:00Z"><w:r>.*?<w:delText[^>]*>'
        r" del-run",
        xml,
    )
    # Paragraph.keep_with_next and the 'with-next' row: direct keepNext on their paragraphs
    from docx import Document as read_docx
    from docx.oxml.ns import qn

    body = read_docx(io.BytesIO(data)).element.body
    kept = [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in body.iter(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    ]
    # 99: the last row of a table kept with the next block
    assert "Spaans-lid ref-run" in kept and "Links-nl" in kept and "99" in kept

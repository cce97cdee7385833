"""Page breaks a council's legal service accepts, in the PDF and in LibreOffice's rendering of the DOCX.

The rules (issue 9): an article heading never ends a page; a lead-in line ("Concreet
verbinden de partijen zich ertoe:") is on the page of its list's first item; a short list
item is not split; the signature page also holds the closing words and the end of the
article before (never only signatures); in the DOCX the parties' signature lines share one
table row, so they stay level; in reports a heading stays with its chart or table, an intro
with what it introduces and a note with its table.

Each PDF is read back page by page and every text the model holds is looked up in reading
order, one language at a time, so the checks hold for every layout. The examples are
checked, and so is an agreement written here whose articles fall so that headings and
lead-ins land at page ends in many places.
"""

from __future__ import annotations

import bisect
import io
import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from agreement_builder import api
from agreement_builder.kinds.agreement.resolve import resolve
from agreement_builder.model import blocks as m
from agreement_builder.writers.breaks import short_item

from .conftest import (
    ROOT,
    block_texts,
    copy_example_style,
    example_in_libreoffice,
    example_model,
    libreoffice_pdf,
    render_example,
    uses_example,
)

FRAGMENT = 22  # squashed characters that name a place in the text: a third of a line or so


def squash(text: str) -> str:
    """Letters and digits only, lower case: line breaks, hyphenation and ligatures do not matter."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text)).lower()


class Pages:
    """A PDF's text, squashed, page after page; finds texts in reading order and names their page."""

    def __init__(self, pdf: bytes):
        from pypdf import PdfReader

        texts = [squash(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]
        self.starts = [0]
        for t in texts:
            self.starts.append(self.starts[-1] + len(t) + 1)
        self.text = "|".join(texts)

    def find(self, text: str, start: int, end: bool = False) -> int:
        """Where the start (or the end) of ``text`` stands, searching from ``start``."""
        s = squash(text)
        # A fragment may run over a line that a page break cut (LibreOffice splits a table
        # cell's paragraph without widow control): then a shorter one, at the very start or end.
        for size in (FRAGMENT, FRAGMENT // 2, 4):
            fragment = s[-size:] if end else s[:size]
            at = self.text.find(fragment, start)
            if at >= 0:
                return at
        raise AssertionError(f"not found after {start}: {s[-FRAGMENT:] if end else s[:FRAGMENT]!r}")

    def past(self, text: str, start: int) -> int:
        """Where the text after ``text`` starts, searching from ``start``."""
        return self.find(text, start) + len(squash(text))

    def page(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at)


def _texts(block: m.Block) -> list[str]:
    """A block's texts as the PDF shows them; a figure by its caption (the DOCX's chart is a picture)."""
    if isinstance(block, m.Figure):
        return [block.full_caption]
    if isinstance(block, m.Table) and block.rows:
        # An empty last cell (an item without a comment) names no place in the text.
        last = [t for t in (m.plain(c.text) for c in block.rows[-1].cells) if squash(t)]
        return [*(m.plain(h) for h in block.header), *block_texts(m.Table((), block.rows[:-1], block.widths)), *last]
    return [t for t in block_texts(block) if squash(t)]


def _lead_in(block: m.Block | None, after: m.Block | None) -> bool:
    """A line ending with ':' right before a list: found from the text, not from the model's keep flags."""
    return (
        isinstance(block, m.Paragraph)
        and block.plain.rstrip().endswith(":")
        and isinstance(after, m.ListBlock | m.PriorityList)
    )


def _flow_pairs(blocks: list[m.Block]) -> list[tuple[str, m.Block, m.Block]]:
    """(rule, block, next block) for every pair a page break must not separate, in a one-column flow."""
    pairs = []
    for block, after in zip(blocks, blocks[1:], strict=False):
        if isinstance(block, m.Heading):
            pairs.append(("heading", block, after))
        elif _lead_in(block, after):
            pairs.append(("lead-in", block, after))
        elif getattr(block, "keep_with_next", False):
            pairs.append(("keep-with-next", block, after))
    return pairs


def check_flow(pages: Pages, blocks: list[m.Block]) -> list[str]:
    """Every rule of a one-column part; the broken ones as readable lines."""
    broken, cursor = [], 0
    keep = {id(b): (rule, after) for rule, b, after in _flow_pairs(blocks)}
    for block in blocks:
        texts = _texts(block)
        if not texts:
            continue
        start = pages.find(texts[0], cursor)
        end = pages.find(texts[-1], start, end=True)
        if isinstance(block, m.Contents):
            cursor = pages.past(texts[-1], start)  # its entries repeat the headings' texts: read on after it
            continue
        if isinstance(block, m.ListBlock):
            broken += check_items(pages, block, start)
        if id(block) in keep:
            rule, after = keep[id(block)]
            after_texts = _texts(after)
            nxt = pages.find(after_texts[0], end)
            if pages.page(end) != pages.page(nxt):
                broken.append(f"{rule}: page {pages.page(end)} ends with {texts[-1][-60:]!r}")
        # Read on after a table: a word in its cells ("de kansen en de risico's") must not be
        # taken for the short paragraph after it ("Kansen").
        cursor = end if isinstance(block, m.Table) else start
    return broken


def check_items(pages: Pages, block: m.ListBlock, cursor: int) -> list[str]:
    broken = []
    for item in block.items:
        texts = [t for b in item for t in block_texts(b) if squash(t)]
        start = pages.find(texts[0], cursor)
        end = pages.find(texts[-1], start, end=True)
        if short_item(item) and pages.page(start) != pages.page(end):
            broken.append(f"short item split over pages {pages.page(start)}-{pages.page(end)}: {texts[0][:60]!r}")
        cursor = start
    return broken


def after_contents(pages: Pages, doc, lang: str) -> int:
    """Where the text after the contents of ``lang`` starts: the entries repeat the headings' texts."""
    entries = [
        e.text
        for part in doc.parts
        for b in part.blocks
        if isinstance(b, m.Contents)
        for e in b.entries
        if (e.lang or part.lang) == lang
    ]
    return pages.past(entries[-1], 0) if entries else 0


def check_parallel(pages: Pages, block: m.Parallel, lang: str, items: bool = True, cursor: int = 0) -> list[str]:
    """The rows of a side-by-side block, read in one language's column: heading and with-next rows keep.

    Without ``items`` the short list items in a row are not checked: LibreOffice splits a
    table row line by line and ignores a cell paragraph's keep-lines-together (see LIBREOFFICE_SPLITS_ROWS).
    """
    column = block.languages.index(lang)
    rows = [r for g in block.groups for r in g.rows]
    broken: list[str] = []
    for row, after in zip(rows, [*rows[1:], None], strict=True):
        cell = row.span if row.span is not None else row.cells[column]
        if cell is None or not _texts(cell):
            continue
        texts = _texts(cell)
        start = pages.find(texts[0], cursor)
        end = pages.find(texts[-1], start, end=True)
        if isinstance(cell, m.ListBlock) and items:
            broken += check_items(pages, cell, start)
        nxt = None if after is None else (after.span if after.span is not None else after.cells[column])
        if (
            (row.role == "heading" or _lead_in(cell, nxt) or row.role == "with-next")
            and nxt is not None
            and _texts(nxt)
        ):
            at = pages.find(_texts(nxt)[0], end)
            if pages.page(end) != pages.page(at):
                broken.append(f"{row.role} row: page {pages.page(end)} ends with {texts[-1][-60:]!r}")
        cursor = start
    return broken


# LibreOffice 7.4 splits a side-by-side row between any two lines and ignores keepLines in a
# table cell, so a short list item in a row that runs over a page can still split there.
# Word keeps it together; the PDF does too. Giving each item a row of its own would fix it.
LIBREOFFICE_SPLITS_ROWS = True


def check(pdf: bytes, doc, items_in_rows: bool = True) -> list[str]:
    """Every page-break rule of a resolved document, checked in its PDF."""
    pages = Pages(pdf)
    broken = []
    for part in doc.parts:
        if part.lang is not None:
            broken += check_flow(pages, part.blocks)
        for block in part.blocks:
            if isinstance(block, m.Parallel) and block.divider:
                for lang in block.languages:
                    broken += check_parallel(pages, block, lang, items_in_rows, after_contents(pages, doc, lang))
    return broken


def signature_page_holds_text(pdf: bytes, doc) -> None:
    """The page of the signatures also holds the closing words and the end of the article before."""
    from agreement_builder.kinds.agreement.resolve import articles

    pages = Pages(pdf)
    arts = articles(doc)
    last, before = arts[-1], arts[-2]
    for lang in last.body:
        sig = next(b for b in last.body[lang] if isinstance(b, m.Signatures))
        words = [b for b in last.body[lang] if isinstance(b, m.Paragraph)]
        heading = pages.find(f"{last.label[lang]} {last.title[lang]}", after_contents(pages, doc, lang))
        closing = pages.find(words[-1].plain, heading, end=True)
        signed = pages.find(m.plain(sig.blocks[-1].rows[0][1]), closing)
        assert pages.page(heading) == pages.page(closing) == pages.page(signed), (lang, "signature article split")
        if isinstance(before.body[lang][-1], m.Paragraph):
            start = pages.find(f"{before.label[lang]} {before.title[lang]}", after_contents(pages, doc, lang))
            end = pages.find(before.body[lang][-1].plain, start, end=True)
            assert pages.page(end) == pages.page(signed), (lang, "the article before is not on the signature page")


AGREEMENTS = [
    ("brasschaat-tarija/agreement", "nl"),
    ("brasschaat-tarija/agreement", "side-by-side"),
    ("herent-nimlahakok/agreement", "sequential"),
    ("herent-nimlahakok/agreement", "side-by-side"),
]


@pytest.mark.parametrize(("case", "layout"), AGREEMENTS)
@pytest.mark.parametrize("renderer", ["weasyprint", "libreoffice"])
def test_example_agreements_break_pages_where_a_legal_service_accepts(case, layout, renderer):
    pdf = render_example(case, layout)["pdf"] if renderer == "weasyprint" else example_in_libreoffice(case, layout)
    doc = example_model(case, layout)
    assert check(pdf, doc, items_in_rows=renderer == "weasyprint" or not LIBREOFFICE_SPLITS_ROWS) == []
    signature_page_holds_text(pdf, doc)


REPORTS = [("brasschaat-tarija/report", "nl"), ("herent-nimlahakok/report", "nl")]


@pytest.mark.parametrize(("case", "layout"), REPORTS)
@pytest.mark.parametrize("renderer", ["weasyprint", "libreoffice"])
def test_example_reports_keep_headings_intros_and_notes_with_their_charts_and_tables(case, layout, renderer):
    pdf = render_example(case, layout)["pdf"] if renderer == "weasyprint" else example_in_libreoffice(case, layout)
    assert check(pdf, example_model(case, layout)) == []


def test_the_checks_find_a_broken_rule(tmp_path):
    """The checker itself: a lead-in forced to the foot of a page is reported."""
    from agreement_builder.model.document import Document, PageStyle, Part
    from agreement_builder.writers.pdf import render_pdf

    filler = m.Paragraph((m.Text("Vulling van de pagina. " * 20),))
    lead = m.Paragraph((m.Text("De partijen verbinden zich ertoe:"),), keep_with_next=True)
    items = m.ListBlock(True, ((m.Paragraph((m.Text("de eerste verbintenis na te komen;"),)),),))
    page = PageStyle("p", "nl", (m.Text("Voettekst"),), "pagina ", " van ")
    doc = Document(
        style="agreement",
        layout="nl",
        languages=["nl"],
        locales={"nl": "nl-BE"},
        date=__import__("datetime").date(2026, 1, 1),
        title="T",
        subject="S",
        author="A",
        parts=[Part("nl", [filler] * 7 + [lead], page), Part("nl", [items], page)],
    )
    broken = check_flow(Pages(render_pdf(doc, tmp_path)), [*doc.parts[0].blocks, items])
    assert any(b.startswith("lead-in: page 1 ends with") for b in broken), broken


# ---------------------------------------------------------------- an agreement whose breaks fall badly

SENTENCE = {
    "nl": "De partijen bespreken dit onderdeel van de samenwerking minstens eenmaal per jaar en leggen hun afspraken "
    "schriftelijk vast.",
    "es": "Las partes examinan este aspecto de la cooperación al menos una vez al año y dejan constancia escrita "
    "de sus acuerdos.",
}
LEAD_IN = {
    "nl": "Voor het werkjaar {year} verbinden de partijen zich ertoe:",
    "es": "Para el año de trabajo {year}, las partes se comprometen a:",
}
ITEMS = {
    "nl": [
        "de planning voor het werkjaar {year} samen op te stellen;",
        "de voortgang halfjaarlijks samen te bespreken;",
        "de resultaten in beide talen bekend te maken.",
    ],
    "es": [
        "elaborar conjuntamente la planificación del año de trabajo {year};",
        "examinar juntas los avances cada semestre;",
        "dar a conocer los resultados en ambos idiomas.",
    ],
}
CLOSING = {
    "nl": "Deze afspraken gelden tot het einde van het werkjaar {year}.",
    "es": "Estos acuerdos rigen hasta el final del año de trabajo {year}.",
}
ARTICLES = 22


def _clause(n: int) -> dict:
    """Article n: a paragraph of a varying number of sentences, a lead-in and its list, another paragraph."""
    year = 2030 + n
    text = {}
    for lang in ("nl", "es"):
        before = " ".join([SENTENCE[lang]] * (1 + (n * 5) % 7))
        after = " ".join([SENTENCE[lang]] * ((n * 3) % 4) + [CLOSING[lang].format(year=year)])
        items = "\n".join(f"- {i.format(year=year)}" for i in ITEMS[lang])
        text[lang] = f"{before}\n\n{LEAD_IN[lang].format(year=year)}\n\n{items}\n\n{after}\n"
    return {
        "id": f"work-plan-{year}",
        "category": "organisation",
        "version": "1.0.0",
        "title": {"nl": f"Werkafspraken {year}", "es": f"Acuerdos de trabajo {year}"},
        "variables": [],
        "text": text,
    }


def write_spec(folder: Path) -> Path:
    """The Brasschaat–Tarija agreement with its articles replaced by ones whose lengths vary."""
    library = folder / "library" / "organisation"
    library.mkdir(parents=True, exist_ok=True)
    ids = []
    for n in range(1, ARTICLES + 1):
        clause = _clause(n)
        (library / f"{clause['id']}.yaml").write_text(yaml.safe_dump(clause, allow_unicode=True), encoding="utf-8")
        ids.append(clause["id"])
    spec = yaml.safe_load((ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml").read_text(encoding="utf-8"))
    spec["libraries"] = ["library"]
    spec["clauses"] = ["parties", *ids, "signatures"]
    path = folder / "agreement.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    copy_example_style(folder)
    return path


@pytest.fixture(scope="module")
def varied(tmp_path_factory):
    """The varied agreement in one column and side by side: (layout, model, WeasyPrint PDF, DOCX)."""
    path = write_spec(tmp_path_factory.mktemp("varied"))
    out = {}
    for layout in ("nl", "side-by-side"):
        folder = path.parent / layout
        result = api.build(path, folder, ("pdf", "docx"), layout)
        files = {p.suffix: p.read_bytes() for p in result.files}
        out[layout] = (resolve(api.load(path), layout, provenance_annex=True), files[".pdf"], files[".docx"])
    return out


@uses_example("varied")
@pytest.mark.parametrize("layout", ["nl", "side-by-side"])
@pytest.mark.parametrize("renderer", ["weasyprint", "libreoffice"])
def test_an_agreement_with_badly_falling_breaks_keeps_its_rules(varied, layout, renderer):
    doc, pdf, docx = varied[layout]
    if renderer == "libreoffice":
        pdf = libreoffice_pdf(docx, f"varied-{layout}")
    assert check(pdf, doc, items_in_rows=renderer == "weasyprint" or not LIBREOFFICE_SPLITS_ROWS) == []
    signature_page_holds_text(pdf, doc)


# ---------------------------------------------------------------- the DOCX's signature table


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _signature_lines(docx: bytes) -> list:
    from docx import Document

    body = Document(io.BytesIO(docx)).element.body
    return [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='SignatureLine']") is not None]


@uses_example("brasschaat-tarija/agreement")
@pytest.mark.parametrize("layout", ["nl", "side-by-side"])
def test_the_signature_lines_of_all_parties_share_one_table_row(layout):
    """Two signature blocks a row: Brasschaat's burgemeester and algemeen directeur sign level on
    one row, Tarija's alcalde on the next, all in one table that never splits."""
    docx = render_example("brasschaat-tarija/agreement", layout)["docx"]
    lines = _signature_lines(docx)
    assert len(lines) == 3
    row_of = [next(a for a in p.iterancestors(f"{W}tr")) for p in lines]
    assert row_of[0] is row_of[1] and row_of[2] is not row_of[0]
    row = row_of[0]
    table = row.getparent()
    assert row_of[2].getparent() is table
    trs = table.findall(f"{W}tr")
    # Headings above the lines, captions and details under them; every row unsplittable and
    # kept with the next one, so the blocks never part over two pages.
    assert trs.index(row) == 1
    assert trs.index(row_of[2]) == 1 + len(trs) // 2
    for tr in trs:
        assert tr.find(f"{W}trPr/{W}cantSplit") is not None
    for tr in trs[:-1]:
        for p in tr.iter(f"{W}p"):
            keep = p.find(f"{W}pPr/{W}keepNext")
            assert keep is not None and keep.get(f"{W}val") in (None, "1", "true")

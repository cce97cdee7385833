"""Document model → DOCX with python-docx, straight from the model (never via HTML).

Word users negotiate in this file, so it uses real styles (Title, Heading 1, List Number,
Caption, and named styles of our own) rather than direct formatting, tags every run with its
language so Word spell-checks each column in its own language, and carries no python-docx
template metadata. The zip is rewritten with fixed timestamps so the same document always
gives the same bytes. One writer serves every kind: it has a case for every block type of
the model, and the house style (``Document.style``) only adjusts the styles.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
from dataclasses import dataclass
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from agreement_builder.model.blocks import (
    Block,
    Cell,
    Contents,
    Decision,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Parallel,
    PriorityList,
    Signatures,
    Table,
    Text,
    TitleBlock,
    Words,
)
from agreement_builder.model.document import Document, Logo, PageStyle, Part
from agreement_builder.writers.breaks import short_item
from agreement_builder.writers.ooxml import (
    body_text,
    bookmark,
    bookmark_name,
    bottom_border,
    canonical_order,
    cell_margins,
    clean_settings,
    custom_properties,
    custom_xml,
    field,
    field_begin,
    field_char,
    field_end,
    fill,
    fit,
    instr_text,
    internal_hyperlink,
    keep_row,
    next_id,
    no_border,
    no_letter_spacing,
    normalize_zip,
    numbered_style,
    para_lang,
    repeat_header,
    restart_page_numbers,
    rule_below,
    rules,
    run_lang,
    section_pages,
    set_num,
    shade,
    style_fonts,
    track_paragraph_marks,
    track_runs,
    tracked_change,
    update_fields_on_open,
)
from agreement_builder.writers.raster import svg_png

# Colours that mean the same in every house style: the draft mark, white on dark fills and
# the status labels. Everything else comes from the house style (``Document.house``).
RED = RGBColor(0xB0, 0x00, 0x20)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
STATUS_FILL = {"achieved": "2E7D32", "partly": "B07D00", "not-yet": "C62828", "not-applicable": "7D7D7D"}
NB = "\u00a0"  # a badge or status label never breaks across lines
SIGNATURES_PER_ROW = 2  # as in the PDF: a party with two signatories fills a row
CHANGE_AUTHOR = "agreement-builder"  # the author of a redline's tracked changes

APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>agreement-builder</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Paragraph roles of the model and the Word style each gets.
ROLE_STYLES = {"": "Normal", "provenance-intro": "Provenance Text"}


@dataclass(frozen=True)
class TableLook:
    """How a table style of the model looks in Word."""

    grid: bool  # Word's "Table Grid" borders instead of horizontal rules
    head_style: str
    cell_style: str
    centred: bool = True
    head_fill: bool = True  # the header row filled with the house's primary colour
    keep_rows: bool = True
    spacer: bool = True  # a small paragraph after it, so two tables never fuse
    grid_widths: bool = True  # set the column grid too (LibreOffice follows it; Word follows cells)


DATA_LOOK = TableLook(grid=False, head_style="Table Head", cell_style="Table Text")
TABLE_LOOKS = {
    "provenance": TableLook(
        grid=True,
        head_style="Provenance Header",
        cell_style="Provenance Cell",
        centred=False,
        head_fill=False,
        keep_rows=False,
        spacer=False,
        grid_widths=False,
    ),
}


def hexa(colour: str) -> str:
    """'#1E5B3C' → '1E5B3C', the form OOXML writes colours in."""
    return colour.lstrip("#").upper()


def rgb(colour: str) -> RGBColor:
    """A house colour ('#RRGGBB') for python-docx."""
    return RGBColor.from_string(hexa(colour))


def logo_png(logo: Logo) -> bytes:
    """The logo as PNG: as it is, or an SVG rasterized at 300 dpi of its printed width.

    python-docx embeds only raster images (an SVG part needs a PNG fallback anyway), so an
    SVG logo is drawn with CairoSVG (:mod:`agreement_builder.writers.raster`), which gives
    the same bytes for the same SVG.
    """
    if logo.format == "png":
        return logo.data
    return svg_png(logo.data, round(logo.width_mm / 25.4 * 300))


def render_docx(doc: Document) -> bytes:
    """The document as DOCX bytes; the same document always gives the same bytes."""
    writer = DocxWriter(doc)
    writer.write()
    return writer.to_bytes()


class DocxWriter:
    """Writes one Document into a python-docx object, block by block."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.house = doc.house
        self.body_font, self.head_font = doc.house.word_body, doc.house.word_heading
        self.primary, self.muted = rgb(doc.house.primary), rgb(doc.house.muted)
        self.d = new_docx()
        self._break_pending = False  # the next top-level paragraph starts a new page
        self._last_was_table = False
        self._bookmarks = 0
        self._counter_styles: dict[tuple[str, int, str], str] = {}  # (counter, level, lang) -> style name
        self._scope = ""  # the bookmark around the part being written, when it holds contents
        self._side_column = False  # writing a side-by-side column after the first
        # Where forms number their pages apart, each section's footer counts its own pages.
        self._apart = sum(doc.starts_page_sequence(i) for i in range(len(doc.parts))) > 1
        self._sequence = 0  # the page sequence being written, counted from 1
        self._tracked = False  # the document holds tracked changes (a redline)
        self._style_ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}  # see _style_id

    # ----------------------------------------------------------------- structure
    def write(self) -> None:
        """Lay the whole document out: styles, then each part with its page furniture."""
        self._setup_page()
        self._setup_styles()
        self._house_styles()
        if self.doc.style == "report":
            self._report_styles()
        previous: PageStyle | None = None
        for number, part in enumerate(self.doc.parts, start=1):
            self._start_part(part, previous)
            previous = part.page
            scope = self._open_scope(part, number)
            self._blocks(part.blocks, part.lang or self.doc.main_language)
            self._close_scope(scope)
            if self._apart and (number == len(self.doc.parts) or self.doc.starts_page_sequence(number)):
                self._mark_sequence_end()
        if self._tracked:  # a redline: whole inserted or deleted paragraphs and rows are tracked as such
            track_paragraph_marks(self.d.element.body, self._tracked_change)
        self._metadata()

    def _start_part(self, part: Part, previous: PageStyle | None) -> None:
        """A part with its own page style gets its own Word section; one that shares it a page break.

        Such a section opens a page sequence (a report's form): its pages are numbered from 1.
        """
        if previous is None:
            self._sequence = 1
            self._header_footer(self.d.sections[0], part.page)
        elif previous.name != part.page.name:
            self._sequence += 1
            section = self.d.add_section(WD_SECTION.NEW_PAGE)
            restart_page_numbers(section._sectPr)
            section.header.is_linked_to_previous = False
            section.footer.is_linked_to_previous = False
            self._header_footer(section, part.page)
        else:
            self._break_pending = True

    def _sequence_end_name(self) -> str:
        """The bookmark on the last page of the current page sequence, which its footers count to."""
        return f"sequence_{self._sequence}_end"

    def _mark_sequence_end(self) -> None:
        """Bookmark the last run of the page sequence just written, for its footers' page count.

        The bookmark goes around the run rather than after it: LibreOffice drops a bookmark
        that stands at the very end of the document. A final run that itself breaks across
        pages would make LibreOffice's count one short; Word counts with SECTIONPAGES.
        """
        for last in self.d.element.body.xpath("(.//w:r)[last()]"):
            self._bookmarks += 1
            start, end = bookmark(self._bookmarks, self._sequence_end_name())
            last.addprevious(start)
            last.addnext(end)

    def _blocks(self, blocks: list[Block], lang: str) -> None:
        previous: Block | None = None
        opened: tuple[str, int] | None = None  # the article body being written: its marker, first element
        for block, after in zip(blocks, [*blocks[1:], None], strict=True):
            opened = self._article_body_flow(block, lang, opened)
            self._block(self.d, block, lang)
            if isinstance(block, Paragraph) and isinstance(previous, Heading) and previous.level > 1:
                # A paragraph right under a subheading (a lesson's claim) stays with what follows.
                self.d.paragraphs[-1].paragraph_format.keep_with_next = True
            if isinstance(block, Table) and isinstance(after, Paragraph) and after.keep_with_next:
                self._table_keeps_with_lead_in()
            previous = block
        self._article_body_flow(None, lang, opened)

    def _table_keeps_with_lead_in(self) -> None:
        """A table's last row keeps with a lead-in that follows it ("Kansen", then its list).

        LibreOffice 7.4 leaves a keep-with-next paragraph that directly follows a table at the
        foot of the page; it honours the keep when the table's last row (and the spacer after
        it) keep with the lead-in, and then carries that row over with it. Word needs none of
        this and does the same.
        """
        self._keep_row_with_next(self.d.tables[-1].rows[-1])
        body = self.d.element.body
        last = body[-2] if body[-1].tag == qn("w:sectPr") else body[-1]
        if last.tag == qn("w:p"):  # the spacer paragraph after the table
            self.d.paragraphs[-1].paragraph_format.keep_with_next = True

    def _block(self, container: Any, block: Block, lang: str, first_in_cell: bool = False, level: int = 0) -> None:
        """Every block type of the model has its case here."""
        if isinstance(block, Paragraph):
            lang = block.lang or lang
            p = self._para(container, ROLE_STYLES.get(block.role, "Normal"), lang, first_in_cell=first_in_cell)
            self._inlines(p, block.inlines, lang)
            if block.keep_with_next:
                p.paragraph_format.keep_with_next = True
        elif isinstance(block, Heading):
            self._heading(container, block, lang, first_in_cell)
        elif isinstance(block, ListBlock):
            self._list(container, block, lang, first_in_cell, level)
        elif isinstance(block, PriorityList):
            self._priorities(container, block, lang, first_in_cell)
        elif isinstance(block, Signatures):
            self._signatures(container, block)
        elif isinstance(block, Table):
            self._table(block, lang)
        elif isinstance(block, Figure):
            self._figure(block, lang)
        elif isinstance(block, Decision):
            self._decision(block, lang)
        elif isinstance(block, TitleBlock):
            self._title_block(container, block, lang, first_in_cell)
        elif isinstance(block, Parallel):
            self._parallel(block)
        elif isinstance(block, Contents):
            self._contents(block, lang)
        else:  # pragma: no cover - tests/test_writers_cover_the_model.py keeps this unreachable
            raise TypeError(type(block))
        self._last_was_table = isinstance(block, Parallel) or (
            isinstance(block, Table) and not TABLE_LOOKS.get(block.style, DATA_LOOK).spacer
        )

    # ----------------------------------------------------------------- blocks
    def _heading(self, container: Any, block: Heading, lang: str, first_in_cell: bool) -> None:
        if block.counter is not None:
            # Word prints the number ("Artikel 3" and a space) from the style's list.
            p = self._para(container, self._counter_style(block, lang), lang, first_in_cell=first_in_cell)
            # A redline's added article: the joiner is inserted with its title.
            marks = {t.change for t in block.text} if not isinstance(block.text, str) else {""}
            self._inlines(p, (Text(block.joiner.lstrip(), change=marks.pop() if len(marks) == 1 else ""),), lang)
            self._words(p, block.text, lang)
        else:
            p = self._para(container, f"Heading {block.level}", lang, first_in_cell=first_in_cell)
            self._heading_label(p, block, lang)
        if block.anchor:
            self._bookmark(p, block.anchor)

    def _heading_label(self, p: Any, block: Heading, lang: str) -> None:
        if block.label and isinstance(block.text, str):
            self._run(p, f"{block.label}{block.joiner}{block.text}", lang)
        else:
            if block.label:
                self._run(p, f"{block.label}{block.joiner}", lang)
            self._words(p, block.text, lang)

    def _counter_style(self, block: Heading, lang: str) -> str:
        """The heading style numbered by Word for one counter and language ("Artikel", "Artículo").

        Each language gets its own style and list, so in a side-by-side agreement each column
        counts its own headings, and in a sequential one each language starts at 1.
        """
        assert block.counter is not None
        key = (block.counter.name, block.level, lang)
        if key in self._counter_styles:
            return self._counter_styles[key]
        name = block.counter.prefix.strip() or block.counter.name
        taken = {st.name for st in self.d.styles}
        if name in taken:
            name = f"{name} ({lang})"
        style = self.d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = self.d.styles[f"Heading {block.level}"]
        style.next_paragraph_style = self.d.styles["Normal"]
        style.quick_style = True
        numbering = self.d.part.numbering_part.element
        abstract = next_id(numbering, "w:abstractNum", "w:abstractNumId")
        num = next_id(numbering, "w:num", "w:numId")
        pattern = block.counter.prefix.replace("%", "%%") + "%1"
        numbered_style(numbering, style, abstract, num, pattern, block.counter.number)
        if self._side_column:
            # The second column repeats the first's headings in another language: they stay
            # out of the outline, so Word's navigation pane and refreshed contents list each
            # article once, as the pre-filled contents do.
            body_text(style)
        self._counter_styles[key] = name
        return name

    def _list(self, container: Any, block: ListBlock, lang: str, first_in_cell: bool, level: int) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        if level:
            style += " 2"
        num_id = self._new_list(style, block.start) if block.ordered else None
        for item in block.items:
            first = True
            short = short_item(item)
            for sub in item:
                if isinstance(sub, Paragraph):
                    p = self._para(container, style if first else "List Continue", lang, first_in_cell=first_in_cell)
                    first_in_cell = False
                    if short:
                        # A short item is never split over two pages (its paragraphs hold together).
                        p.paragraph_format.keep_together = True
                        if sub is not item[-1]:
                            p.paragraph_format.keep_with_next = True
                    if first and num_id:
                        set_num(p, num_id, level)
                    self._inlines(p, sub.inlines, lang)
                    first = False
                else:
                    self._block(container, sub, lang, level=level + 1)

    def _priorities(self, container: Any, block: PriorityList, lang: str, first_in_cell: bool) -> None:
        num_id = self._new_list("List Number")
        for item in block.items:
            p = self._para(container, "List Number", lang, first_in_cell=first_in_cell)
            first_in_cell = False
            set_num(p, num_id, 0)
            # A priority and its SDG badges stay together on one page.
            p.paragraph_format.keep_together = True
            p.paragraph_format.keep_with_next = True
            self._run(p, item.title, lang, bold=True)
            if item.description:
                self._run(p, f" – {item.description}", lang)
            badges = self._para(container, "SDG Badges", lang)
            for i, sdg in enumerate(item.sdgs):
                if i:
                    self._run(badges, "  ", lang)
                r = self._run(badges, f"{NB}{sdg.label}{NB}{sdg.number}{NB}", lang, style="SDG Badge")
                shade(r, sdg.colour)
                r.bold = True
                r2 = self._run(badges, f"{sdg.title}{NB}".replace(" ", NB), lang, style="SDG Badge")
                shade(r2, sdg.colour)

    def _signatures(self, container: Any, block: Signatures) -> None:
        """The signature blocks, two a row, in a borderless table with one table row per line of the blocks.

        The headings share a row, the signature lines the next, then the captions and one row
        per detail: a party name that wraps lowers every party's line alike, so the lines
        stay level. Every row keeps with the next, so the blocks never split over two pages.
        """
        main = self.doc.main_language
        details = max((len(sig.rows) for sig in block.blocks), default=0)
        per_row = min(SIGNATURES_PER_ROW, len(block.blocks))
        groups = [block.blocks[i : i + per_row] for i in range(0, len(block.blocks), per_row)]
        table = container.add_table(rows=(3 + details) * len(groups), cols=per_row)
        table.autofit = False
        rows = table.rows
        for g, group in enumerate(groups):
            top = (3 + details) * g
            for i, sig in enumerate(group):
                heading = self._para(rows[top].cells[i], "Signature Heading", main, first_in_cell=True)
                if g:
                    heading.paragraph_format.space_before = Pt(20)  # as the PDF's space between rows
                self._inlines(heading, sig.heading, main)
                self._run(self._para(rows[top + 1].cells[i], "Signature Line", main, first_in_cell=True), "", main)
                caption = self._para(rows[top + 2].cells[i], "Signature Caption", main, first_in_cell=True)
                self._inlines(caption, sig.caption, main)
                for j in range(details):
                    p = self._para(rows[top + 3 + j].cells[i], "Signature Detail", main, first_in_cell=True)
                    if j < len(sig.rows):
                        label, value = sig.rows[j]
                        self._inlines(p, label, main, style="Signature Label")
                        self._run(p, ": ", main, style="Signature Label")
                        self._inlines(p, value, main)
            for i in range(len(group), per_row):
                # A row's empty cells take the detail style, so their blank paragraph (Normal's
                # spacing) does not make the lone block's lines looser than the others'.
                for r in range(top, top + 3 + details):
                    self._para(rows[r].cells[i], "Signature Detail", main, first_in_cell=True)
        for n, row in enumerate(rows):
            keep_row(row)
            last = n == len(rows) - 1
            for p in (p for cell in row.cells for p in cell.paragraphs):
                # The styles keep with the next paragraph; the last row keeps with nothing after it.
                p.paragraph_format.keep_with_next = not last

    def _table(self, table: Table, lang: str) -> None:
        look = TABLE_LOOKS.get(table.style, DATA_LOOK)
        t = self.d.add_table(rows=0, cols=len(table.widths))
        if look.centred:
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        if look.grid:
            t.style = self.d.styles["Table Grid"]
        else:
            rules(t, table.style == "facts", hexa(self.house.primary), hexa(self.house.rule))
        if table.header:
            self._header_row(t, table, look, lang)
        for n, data in enumerate(table.rows, start=1):
            row = t.add_row()
            if look.keep_rows:
                keep_row(row)
            for i, (cell, c) in enumerate(zip(row.cells, data.cells, strict=True)):
                self._cell(table, look, data.role, i, cell, c, lang)
            if (table.keep and n < len(table.rows)) or (table.keep_with_next and n == len(table.rows)):
                # A table that stays on one page: each row keeps with the next one; a table
                # that keeps with the next block (its note): its last row does.
                for para in (p for cell in row.cells for p in cell.paragraphs):
                    para.paragraph_format.keep_with_next = True
        self._widths(t, [int(self._text_width() * w) for w in table.widths], look.grid_widths)
        if look.spacer:
            spacer = self._para(self.d, "Normal", lang)
            spacer.paragraph_format.space_after = Pt(2)
            spacer.paragraph_format.keep_with_next = table.keep_with_next or None

    def _header_row(self, t: Any, table: Table, look: TableLook, lang: str) -> None:
        """The header row, repeated on every page."""
        row = t.add_row()
        repeat_header(row)
        if look.keep_rows:
            keep_row(row)
        for i, (cell, head) in enumerate(zip(row.cells, table.header, strict=True)):
            if look.head_fill:
                fill(cell, hexa(self.house.primary))
            p = self._para(cell, look.head_style, lang, first_in_cell=True)
            if table.numeric and table.numeric[i]:
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self._words(p, head, lang)

    @staticmethod
    def _widths(t: Any, widths: list[int], grid: bool) -> None:
        """Column widths: on the grid, which LibreOffice follows, and on the cells, which Word follows."""
        if grid:
            for col, w in zip(t.columns, widths, strict=True):
                col.width = w
        for row in t.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = w

    def _cell(self, table: Table, look: TableLook, role: str, i: int, cell: Any, c: Cell, lang: str) -> None:
        style = "Table Note" if role == "sub" else look.cell_style
        p = self._para(cell, style, lang, first_in_cell=True)
        if table.numeric and table.numeric[i]:
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        bold = role == "total" or (table.style == "facts" and i == 0)
        if role == "total" or table.style == "facts":
            fill(cell, hexa(self.house.tint))
        mono = "Provenance Hash" if table.monospace and table.monospace[i] else None
        if c.tone:
            r = self._run(p, f"{NB}{c.text}{NB}".replace(" ", NB), lang, style="Status Label")
            shade(r, STATUS_FILL[c.tone])
            return
        if not isinstance(c.text, str):
            self._words(p, c.text, lang)
            return
        for j, line in enumerate(c.text.split("\n")):
            if j:
                p = self._para(cell, style, lang)
            self._run(p, line, lang, bold=bold, italic=role == "sub" and i == 0, style=mono)

    def _figure(self, figure: Figure, lang: str) -> None:
        from agreement_builder.writers.charts import png

        p = self._para(self.d, "Figure", lang)
        run = p.add_run()
        shape = run.add_picture(
            io.BytesIO(png(figure.chart, self.doc.house.primary, self.doc.house.accent)),
            width=int(self._text_width() * figure.width),
        )
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", figure.alt_text)
        doc_pr.set("name", f"{figure.label}")
        caption = self._para(self.d, "Caption", lang)
        self._run(caption, figure.counter.prefix, lang)
        # A SEQ field per label ("Figuur", "Figura"): Word's own caption numbering, live.
        sequence = re.sub(r"\W", "", figure.counter.prefix, flags=re.ASCII) or figure.counter.name
        field_begin(caption, f"SEQ {sequence} \\* ARABIC")
        self._run(caption, str(figure.counter.number), lang)
        field_end(caption)
        self._run(caption, f"{figure.joiner}{figure.caption}", lang)

    def _decision(self, block: Decision, lang: str) -> None:
        self._run(self._para(self.d, "Normal", lang), block.intro, lang, italic=True)
        for label, text in block.articles:
            self._run(self._para(self.d, "Decision Article", lang), label, lang)
            self._run(self._para(self.d, "Normal", lang), text, lang)

    def _title_block(self, container: Any, block: TitleBlock, lang: str, first_in_cell: bool) -> None:
        for style, text in (
            ("Issuer", block.issuer),
            ("Form Title", block.form),
            ("Title", block.title),
            ("Subtitle", block.subtitle),
            ("Draft Note", block.draft_note),
        ):
            if text:
                self._run(self._para(container, style, lang, first_in_cell=first_in_cell), text, lang)
                first_in_cell = False

    def _parallel(self, block: Parallel) -> None:
        if self._last_was_table:
            # A paragraph between two tables keeps Word from merging them.
            self._para(self.d, "Normal", self.doc.main_language)
        table = self._parallel_table(block.divider)
        if block.captions:
            # The caption row must be the first row of its table for Word to repeat it on every page.
            head = table.add_row()
            repeat_header(head)
            for cell, lang, caption in zip(head.cells, block.languages, block.captions, strict=True):
                self._run(self._para(cell, "Language Caption", lang, first_in_cell=True), caption, lang)
        for group in block.groups:
            first_row = len(table.rows)
            for i, prow in enumerate(group.rows):
                row = table.add_row()
                if prow.role in ("heading", "keep", "with-next"):
                    keep_row(row)
                if prow.span is not None:
                    cell = row.cells[0].merge(row.cells[-1])
                    self._block(cell, prow.span, self.doc.main_language, first_in_cell=True)
                    # Word needs a paragraph after a table in a cell (python-docx adds one); the
                    # empty one the cell started with can go.
                    first = cell.paragraphs[0]
                    if not first.text:
                        first._p.getparent().remove(first._p)
                    continue
                for column, (cell, lang, inner) in enumerate(zip(row.cells, block.languages, prow.cells, strict=True)):
                    if inner is None:
                        self._para(cell, "Normal", lang, first_in_cell=True)
                    else:
                        self._side_column = column > 0
                        self._block(cell, inner, lang, first_in_cell=True)
                        self._side_column = False
                if prow.role in ("heading", "with-next"):
                    self._keep_row_with_next(row)
                if i == 0 and group.anchor:
                    self._bookmark(row.cells[0].paragraphs[0], group.anchor)
            self._article_body_columns(block, group, table.rows[first_row:])

    @staticmethod
    def _keep_row_with_next(row: Any) -> None:
        """Keep a row on the page of the next one.

        Word and LibreOffice have no such row property; they keep a row with the next one
        when every paragraph in it keeps with the next.
        """
        for p in (p for cell in row.cells for p in cell.paragraphs):
            p.paragraph_format.keep_with_next = True

    def _contents(self, block: Contents, lang: str) -> None:
        """A TOC field whose result is the model's entries, each a link to its heading's bookmark.

        Word rebuilds the field when it opens the file (the settings ask it to), with its own
        page numbers, tabs and dotted leaders. Until then, and in LibreOffice, which shows a
        field's result as written, the entries stand as a plain list of links: the page of
        each is a PAGEREF field left empty, since only the word processor's layout knows it.
        The field gathers the headings of its part only (``\\b``, the part's bookmark), as
        the model's entries do.
        """
        self._words(self._para(self.d, "TOC Heading", lang), block.title, lang)
        scope = f" \\b {self._scope}" if self._scope else ""
        instruction = f'TOC \\o "1-{block.depth}" \\h \\z \\u{scope}'
        begin = [field_char("begin"), instr_text(instruction), field_char("separate")]
        p = None
        for entry in block.entries:
            p = self._para(self.d, f"toc {min(entry.level, 2)}", entry.lang or lang)
            p._p.extend(begin)
            begin = []
            self._contents_entry(p, entry.text, entry.anchor, entry.lang or lang)
        if p is None:  # no entries: an empty field, which Word fills when it refreshes
            p = self._para(self.d, "toc 1", lang)
            p._p.extend(begin)
        p._p.append(field_char("end"))
        p.paragraph_format.space_after = Pt(12)  # air between the contents and the text

    def _contents_entry(self, p: Any, text: str, anchor: str, lang: str) -> None:
        """The entry's text and its (empty) PAGEREF field, as one link to the heading's bookmark."""
        link = internal_hyperlink(anchor)
        p._p.append(link)
        link.append(self._run(p, text, lang)._r)
        link.extend(
            (
                field_char("begin"),
                instr_text(f"PAGEREF {bookmark_name(anchor)} \\h"),
                field_char("separate"),
                field_char("end"),
            )
        )

    def _open_scope(self, part: Part, number: int) -> Any:
        """A bookmark around a part that holds contents, so its TOC field gathers that part only."""
        if not any(isinstance(b, Contents) for b in part.blocks):
            self._scope = ""
            return None
        self._scope = f"part_{number}"
        self._bookmarks += 1
        start, end = bookmark(self._bookmarks, self._scope)
        self.d.element.body.get_or_add_sectPr().addprevious(start)
        return end

    def _close_scope(self, end: Any) -> None:
        if end is not None:
            self.d.element.body.get_or_add_sectPr().addprevious(end)

    def _parallel_table(self, divider: bool) -> Any:
        table = self.d.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        width = self._text_width()
        for col in table.columns:
            col.width = width // 2
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:val"), "nil")
            borders.append(el)
        inside = OxmlElement("w:insideV")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", hexa(self.house.rule))):
            inside.set(qn(k), v)
        if not divider:
            inside.set(qn("w:val"), "nil")
        borders.append(inside)
        table._tbl.tblPr.append(borders)
        cell_margins(table, (("left", 140), ("right", 140)))
        return table

    def _text_width(self) -> int:
        s = self.d.sections[0]
        assert s.page_width is not None and s.left_margin is not None and s.right_margin is not None
        return int(s.page_width - s.left_margin - s.right_margin)

    # ----------------------------------------------------------------- low level
    def _style_id(self, name: str, kind: WD_STYLE_TYPE) -> str | None:
        """The id python-docx writes for style ``name`` (None for the default style), found once.

        Assigning a style by object, python-docx finds it by name and compares it with the
        default style, scanning every style of the document on each paragraph and run: that
        was a third of this writer's time. The id is the same every time, so it is asked once
        and written with python-docx's own oxml setters, giving the same XML.
        """
        key = (name, kind)
        if key not in self._style_ids:
            self._style_ids[key] = self.d.part.get_style_id(self.d.styles[name], kind)
        return self._style_ids[key]

    def _para(self, container: Any, style: str, lang: str, first_in_cell: bool = False) -> Any:
        if (
            first_in_cell
            and hasattr(container, "paragraphs")
            and container.paragraphs
            and not hasattr(container, "sections")
        ):
            p = container.paragraphs[0]
            if not p.text and not p.runs:
                p._p.style = self._style_id(style, WD_STYLE_TYPE.PARAGRAPH)
                para_lang(p, self.doc.locales[lang])
                return p
        p = container.add_paragraph()
        p._p.style = self._style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        para_lang(p, self.doc.locales[lang])
        if container is self.d:
            self._last_was_table = False
            if self._break_pending:
                p.paragraph_format.page_break_before = True
                self._break_pending = False
        return p

    def _run(
        self, p: Any, text: str, lang: str, bold: bool = False, italic: bool = False, style: str | None = None
    ) -> Any:
        r = p.add_run(text)
        if style:
            r._r.style = self._style_id(style, WD_STYLE_TYPE.CHARACTER)
        if bold:
            r.bold = True
        if italic:
            r.italic = True
        run_lang(r, self.doc.locales[lang])
        return r

    def _inlines(self, p: Any, inlines: tuple[Text, ...], lang: str, style: str | None = None) -> None:
        for t in inlines:
            start = len(p._p)
            if t.ref and t.change != "del":  # deleted words are no live reference
                self._reference(p, t, lang, style)
            else:
                self._run(p, t.text, t.lang or lang, bold=t.bold, italic=t.italic, style=style)
            if t.change:
                track_runs(p._p, start, self._tracked_change(t.change))

    def _tracked_change(self, change: str) -> Any:
        """A w:ins or w:del of a redline, by agreement-builder, dated with the document (NEW's date).

        The date is the document's, not the time of the build, so the same two versions
        always give the same file; the ids count on from the bookmarks', unique in the file.
        """
        self._bookmarks += 1
        self._tracked = True
        return tracked_change(change, self._bookmarks, CHANGE_AUTHOR, f"{self.doc.date.isoformat()}T00:00:00Z")

    def _reference(self, p: Any, t: Text, lang: str, style: str | None) -> None:
        """A REF field to the numbered heading's bookmark: its paragraph number, as a link.

        The cached result is the text the model printed ("artikel 14"), so the file reads
        right before any update; ``\\* Lower`` keeps Word's update lower case mid-sentence.
        """
        lower = " \\* Lower" if t.text[:1].islower() else ""
        field_begin(p, f"REF {bookmark_name(t.ref)} \\r \\h{lower}")
        self._run(p, t.text, t.lang or lang, bold=t.bold, italic=t.italic, style=style)
        field_end(p)

    def _bookmark(self, p: Any, name: str) -> None:
        """A bookmark around the paragraph's content, so Word can link to it (anchors of the model)."""
        self._bookmarks += 1
        start, end = bookmark(self._bookmarks, name)
        p._p.insert(1 if p._p.pPr is not None else 0, start)
        p._p.append(end)

    # ----------------------------------------------------------------- article markers
    def _article_body_flow(
        self, block: Block | None, lang: str, opened: tuple[str, int] | None
    ) -> tuple[str, int] | None:
        """Mark each article's own text in a one-language flow, so an edited file can be read back.

        Called before each top-level block is written (``None`` after the last): an article
        heading opens a body, its paragraphs and lists continue it, anything else (the
        priorities or signatures a clause inserts, the next heading) closes it. The marker is
        a bookmark ``body_<lang>_<clause id>`` from the body's first paragraph to its last;
        ``absorb`` finds the article's text, edited in Word or LibreOffice, between them.
        """
        if opened is not None and isinstance(block, Paragraph | ListBlock):
            return opened
        body = self.d.element.body
        if opened is not None:
            name, first = opened
            end = len(body) - (1 if body[-1].tag == qn("w:sectPr") else 0)
            self._mark_body(name, [el for el in body[first:end] if el.tag == qn("w:p")])
        prefix = f"art-{lang}-"
        if isinstance(block, Heading) and block.anchor.startswith(prefix):
            # The body starts after the heading, which is the next element written.
            start = len(body) - (1 if body[-1].tag == qn("w:sectPr") else 0) + 1
            return f"body-{block.anchor.removeprefix('art-')}", start
        return None

    def _article_body_columns(self, block: Parallel, group: Any, rows: Any) -> None:
        """Mark each language column of a side-by-side article: its own text's cells, top to bottom.

        The bookmark starts in the column's first body cell and ends in its last, before any
        row that spans both columns or holds what the clause inserts (priorities, signatures).
        """
        if not group.anchor.startswith("art-"):
            return
        clause_id = group.anchor.removeprefix("art-")
        for column, lang in enumerate(block.languages):
            paragraphs: list[Any] = []
            for prow, row in zip(group.rows[1:], rows[1:], strict=True):
                inner = prow.cells[column] if prow.span is None else None
                if not isinstance(inner, Paragraph | ListBlock):
                    break
                paragraphs += [p._p for p in row.cells[column].paragraphs]
            self._mark_body(f"body-{lang}-{clause_id}", paragraphs)

    def _mark_body(self, name: str, paragraphs: list[Any]) -> None:
        """A bookmark from the start of the first paragraph to the end of the last."""
        if not paragraphs:
            return
        self._bookmarks += 1
        start, end = bookmark(self._bookmarks, name)
        first = paragraphs[0]
        first.insert(1 if first.pPr is not None else 0, start)
        paragraphs[-1].append(end)

    def _words(self, p: Any, words: Words, lang: str) -> None:
        if isinstance(words, str):
            self._run(p, words, lang)
        else:
            self._inlines(p, words, lang)

    def _new_list(self, style: str, start: int = 1) -> str:
        """A fresh numbering instance so each numbered list restarts (at ``start``)."""
        numbering = self.d.part.numbering_part.element
        style_el = self.d.styles[style].element
        num_pr = style_el.pPr.numPr if style_el.pPr is not None else None
        if num_pr is None:
            return ""
        base_num = num_pr.numId.val
        abstract = None
        for num in numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(base_num):
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if abstract is None:
            return ""
        new_id = str(next_id(numbering, "w:num", "w:numId"))
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), new_id)
        a = OxmlElement("w:abstractNumId")
        a.set(qn("w:val"), abstract)
        num.append(a)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start_el = OxmlElement("w:startOverride")
        start_el.set(qn("w:val"), str(start))
        override.append(start_el)
        num.append(override)
        numbering.append(num)
        return new_id

    # ----------------------------------------------------------------- setup
    def _setup_page(self) -> None:
        s = self.d.sections[0]
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.left_margin = s.right_margin = Mm(18)
        s.top_margin = s.bottom_margin = Mm(22)
        s.header_distance = s.footer_distance = Mm(10)
        s.start_type = WD_SECTION.NEW_PAGE

    def _setup_styles(self) -> None:
        """The styles every document uses: body text, title, headings, lists, signatures, tables."""
        styles = self.d.styles
        main = self.doc.locales[self.doc.main_language]
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for lang in defaults.iter(qn("w:lang")):
                lang.set(qn("w:val"), main)
        normal = styles["Normal"]
        normal.font.name = self.body_font
        normal.font.size = Pt(10.5)
        normal.font.color.rgb = rgb(self.house.text)
        style_fonts(normal, self.body_font, main)
        pf = normal.paragraph_format
        pf.space_after = Pt(5)
        pf.line_spacing = 1.1
        title = styles["Title"]
        style_fonts(title, self.head_font, main)
        title.font.size = Pt(17)
        title.font.bold = True
        title.font.color.rgb = self.primary
        title.paragraph_format.space_after = Pt(4)
        no_border(title)
        sub = styles["Subtitle"]
        style_fonts(sub, self.body_font, main)
        sub.font.size = Pt(11)
        sub.font.italic = True
        sub.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
        no_letter_spacing(sub)
        sub.paragraph_format.space_after = Pt(10)
        h1 = styles["Heading 1"]
        style_fonts(h1, self.head_font, main)
        h1.font.size = Pt(11.5)
        h1.font.bold = True
        h1.font.color.rgb = self.primary
        h1.paragraph_format.space_before = Pt(10)
        h1.paragraph_format.space_after = Pt(4)
        h1.paragraph_format.keep_with_next = True
        for name in ("List Number", "List Bullet", "List Number 2", "List Bullet 2", "List Continue"):
            st = styles[name]
            st.paragraph_format.space_after = Pt(3)
        self._add_para_style("Draft Note", self.head_font, 9.5, bold=True, color=RED)
        self._add_para_style("Draft Mark", self.head_font, 8, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._add_para_style("Page Footer", self.head_font, 8, color=self.muted)
        self._add_para_style("Language Caption", self.head_font, 7.5, bold=True, color=self.muted, caps=True)
        badges = self._add_para_style("SDG Badges", self.head_font, 8, space_after=6)
        badges.paragraph_format.left_indent = Mm(6.35)
        sh = self._add_para_style("Signature Heading", self.body_font, 10.5, bold=True, space_before=8, space_after=28)
        sh.paragraph_format.keep_with_next = True
        line = self._add_para_style("Signature Line", self.body_font, 6, space_after=0)
        line.paragraph_format.keep_with_next = True
        bottom_border(line)
        cap = self._add_para_style("Signature Caption", self.head_font, 8, color=self.muted, space_after=4)
        cap.paragraph_format.keep_with_next = True
        det = self._add_para_style("Signature Detail", self.body_font, 9.5, space_after=1)
        det.paragraph_format.keep_with_next = True
        self._add_char_style("SDG Badge", self.head_font, 8, color=WHITE)
        self._add_para_style("Provenance Text", self.body_font, 9, space_after=4)
        self._add_para_style("Provenance Header", self.head_font, 8.5, bold=True, color=self.primary, space_after=0)
        self._add_para_style("Provenance Cell", self.head_font, 8.5, space_after=0)
        self._add_char_style("Provenance Hash", "Consolas", 7.5)
        lab = self.d.styles.add_style("Signature Label", WD_STYLE_TYPE.CHARACTER)
        lab.base_style = styles["Default Paragraph Font"]
        lab.font.color.rgb = self.muted
        self._block_styles(main)

    def _block_styles(self, main: str) -> None:
        """Styles of subheadings, data tables, figures and decisions, for any kind that uses them."""
        styles = self.d.styles
        h2 = styles["Heading 2"]
        style_fonts(h2, self.head_font, main)
        h2.font.size = Pt(11)
        h2.font.bold = True
        h2.font.italic = False
        h2.font.color.rgb = self.primary
        h2.paragraph_format.space_before = Pt(10)
        h2.paragraph_format.space_after = Pt(4)
        h2.paragraph_format.keep_with_next = True
        issuer = self._add_para_style(
            "Issuer", self.head_font, 9, bold=True, color=self.primary, caps=True, space_after=12
        )
        rule_below(issuer, hexa(self.house.primary), size=12)
        self._add_para_style(
            "Form Title", self.head_font, 10.5, color=rgb(self.house.secondary), caps=True, space_after=2
        )
        self._add_para_style("Table Text", self.head_font, 9, space_after=0)
        self._add_para_style("Table Head", self.head_font, 9, bold=True, color=WHITE, space_after=0)
        self._add_para_style("Table Note", self.head_font, 8.5, color=self.muted, space_after=0)
        cap = styles["Caption"]
        style_fonts(cap, self.head_font, main)
        cap.font.size = Pt(8.5)
        cap.font.italic = True
        cap.font.bold = False
        cap.font.color.rgb = self.muted
        cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.paragraph_format.space_after = Pt(10)
        pic = self._add_para_style("Figure", self.head_font, 9, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
        pic.paragraph_format.keep_with_next = True
        art = self._add_para_style(
            "Decision Article", self.head_font, 10.5, bold=True, color=self.primary, space_before=6
        )
        art.paragraph_format.keep_with_next = True
        status = self._add_char_style("Status Label", self.head_font, 8, color=WHITE)
        status.font.bold = True
        self._contents_styles(main)

    def _contents_styles(self, main: str) -> None:
        """Word's own contents styles (TOC Heading, toc 1, toc 2), which its TOC field applies.

        Each entry line ends in a right tab at the text width with a dotted leader to its
        page number; a level-2 entry is indented.
        """
        styles = self.d.styles
        head = styles["TOC Heading"]
        style_fonts(head, self.head_font, main)
        head.font.size = Pt(8)
        head.font.bold = True
        head.font.all_caps = True
        head.font.color.rgb = self.muted
        head.paragraph_format.space_before = Pt(6)
        head.paragraph_format.space_after = Pt(4)
        for level in (1, 2):
            st = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
            st.style_id = f"TOC{level}"  # Word's own id for its built-in style
            st.base_style = styles["Normal"]
            st.next_paragraph_style = styles["Normal"]
            st.font.name = self.head_font
            st.font.size = Pt(10)
            pf = st.paragraph_format
            pf.space_before = Pt(0)
            pf.space_after = Pt(1.5)
            pf.left_indent = Mm(5.5 * (level - 1))
            pf.tab_stops.add_tab_stop(self._text_width(), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            pf.keep_together = True

    def _report_styles(self) -> None:
        """The report's house style: larger section headings with more air around them."""
        h1 = self.d.styles["Heading 1"]
        h1.font.size = Pt(13.5)
        h1.paragraph_format.space_before = Pt(16)
        h1.paragraph_format.space_after = Pt(6)

    def _add_para_style(
        self,
        name: str,
        font: str,
        size: float,
        bold: bool = False,
        color: RGBColor | None = None,
        align: Any = None,
        caps: bool = False,
        space_before: float = 0,
        space_after: float = 4,
    ) -> Any:
        st = self.d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = self.d.styles["Normal"]
        st.quick_style = True
        st.font.name = font
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.all_caps = caps
        if color is not None:
            st.font.color.rgb = color
        if align is not None:
            st.paragraph_format.alignment = align
        st.paragraph_format.space_before = Pt(space_before)
        st.paragraph_format.space_after = Pt(space_after)
        return st

    def _add_char_style(self, name: str, font: str, size: float, color: RGBColor | None = None) -> Any:
        st = self.d.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        st.base_style = self.d.styles["Default Paragraph Font"]
        st.font.name = font
        st.font.size = Pt(size)
        if color is not None:
            st.font.color.rgb = color
        return st

    def _header_footer(self, section: Any, page: PageStyle) -> None:
        """The draft mark at the top, the running title and page number at the bottom; then the house's."""
        if page.draft_header:
            self._draft_mark(section.header.paragraphs[0], page)
        self._page_footer(section.footer, page)
        self._house_furniture(section, page)

    def _draft_mark(self, hp: Any, page: PageStyle) -> None:
        hp.style = self.d.styles["Draft Mark"]
        if page.draft_box == "right":
            hp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para_lang(hp, self.doc.locales[page.lang])
        self._inlines(hp, page.draft_header, page.lang)

    def _page_footer(self, footer: Any, page: PageStyle) -> None:
        tag = self.doc.locales[page.lang]
        fp = footer.paragraphs[0]
        fp.style = self.d.styles["Page Footer"]
        para_lang(fp, tag)
        self._inlines(fp, page.footer, page.lang)
        self._run(fp, "\t", page.lang)
        if page.page_word:
            self._run(fp, page.page_word, page.lang)
        field(fp, "PAGE", tag)
        self._run(fp, page.page_of, page.lang)
        if self._apart:
            section_pages(fp, self._sequence_end_name(), tag)
        else:
            field(fp, "NUMPAGES", tag)
        fp.paragraph_format.tab_stops.add_tab_stop(self._text_width(), WD_TAB_ALIGNMENT.RIGHT)
        if self.house.footer:
            self._house_line(footer.add_paragraph(), "House Footer", self.house.footer[page.lang], page.lang)

    # ----------------------------------------------------------------- house style
    def _house_styles(self) -> None:
        """Styles of the house style's page furniture: letterhead, running lines, the rule under the letterhead."""
        self._add_para_style("House Header", self.head_font, 8, color=self.muted, space_after=0)
        self._add_para_style("House Footer", self.head_font, 7.5, color=self.muted, space_after=0)
        right = WD_ALIGN_PARAGRAPH.RIGHT
        self._add_para_style("Letterhead", self.head_font, 8.5, color=self.muted, align=right, space_after=0)
        self._add_para_style("Letterhead Name", self.head_font, 10, bold=True, color=self.primary, align=right)
        self.d.styles["Letterhead Name"].paragraph_format.space_after = Pt(1)
        # The space after the rule keeps the title clear of the letterhead.
        rule = self._add_para_style("Letterhead Rule", self.head_font, 2, space_after=16)
        rule_below(rule, hexa(self.house.accent), size=10)

    def _house_furniture(self, section: Any, page: PageStyle) -> None:
        """The house's header line on the following pages; its logo and letterhead on the first page.

        The first page gets a header of its own (Word's "different first page"), which
        repeats the draft mark and the footer, so only the letterhead differs.
        """
        if self.house.header:
            first = section.header.paragraphs[0]
            hp = first.insert_paragraph_before() if page.draft_header else first
            self._house_line(hp, "House Header", self.house.header[page.lang], page.lang)
        if not self.house.has_letterhead:
            return
        section.different_first_page_header_footer = True
        header, footer = section.first_page_header, section.first_page_footer
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        top = header.paragraphs[0]
        if page.draft_header:
            self._draft_mark(top, page)
        else:
            top._p.getparent().remove(top._p)
        self._letterhead(header, page.lang)
        self._page_footer(footer, page)

    def _house_line(self, p: Any, style: str, text: str, lang: str) -> None:
        p.style = self.d.styles[style]
        para_lang(p, self.doc.locales[lang])
        self._run(p, text, lang)

    def _letterhead(self, header: Any, lang: str) -> None:
        """Logo left, address block right, in a borderless table; a rule in the accent colour below."""
        width = self._text_width()
        table = header.add_table(rows=1, cols=2, width=width)
        table.autofit = False
        logo_cell, lines_cell = table.rows[0].cells
        logo = self.house.logo
        logo_width = Mm(logo.width_mm) if logo else Mm(0)
        self._widths(table, [logo_width + Mm(4), width - logo_width - Mm(4)], True)
        cell_margins(table, (("left", 0), ("right", 0)))
        if logo is not None:
            p = self._para(logo_cell, "Letterhead", lang, first_in_cell=True)
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            shape = p.add_run().add_picture(io.BytesIO(logo_png(logo)), width=logo_width)
            shape._inline.docPr.set("descr", logo.alt[lang])
            shape._inline.docPr.set("name", "Logo")
        for i, line in enumerate(self.house.letterhead.get(lang, ())):
            p = self._para(lines_cell, "Letterhead Name" if i == 0 else "Letterhead", lang, first_in_cell=i == 0)
            self._run(p, line, lang)
        for cell in (logo_cell, lines_cell):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        rule = header.add_paragraph(style=self.d.styles["Letterhead Rule"])
        para_lang(rule, self.doc.locales[lang])

    def _metadata(self) -> None:
        doc = self.doc
        cp = self.d.core_properties
        when = _dt.datetime.combine(doc.date, _dt.time(0, 0))
        # Word's core properties hold at most 255 characters each.
        cp.title = fit(doc.title)
        cp.author = fit(doc.author)
        cp.last_modified_by = fit(doc.author)
        cp.subject = fit(doc.subject)
        cp.keywords = fit(", ".join(doc.keywords))
        cp.comments = ""
        cp.category = doc.draft_label if doc.draft else ""
        cp.content_status = "draft" if doc.draft else "final"
        cp.language = doc.locales[doc.main_language]
        cp.created = when
        cp.modified = when
        cp.revision = 1  # never printed: no lastPrinted
        pkg = self.d.part.package
        # Drop the template's thumbnail (a picture of an empty page) and its bibliography part.
        for rel_id, rel in list(pkg.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del pkg.rels[rel_id]
        for rel_id, rel in list(self.d.part.rels.items()):
            if rel.reltype == RT.CUSTOM_XML:
                del self.d.part.rels[rel_id]
        for part in pkg.iter_parts():
            if part.partname == "/docProps/app.xml":
                part._blob = APP_XML
        # The template's stylesWithEffects part is a stale copy of Word 2010's styles without ours.
        for rel_id, rel in list(self.d.part.rels.items()):
            if rel.reltype == STYLES_WITH_EFFECTS:
                del self.d.part.rels[rel_id]
        clean_settings(self.d.settings.element, self.doc.locales[self.doc.main_language])
        if any(isinstance(b, Contents) for b in self.doc.blocks()):
            update_fields_on_open(self.d.settings.element)
        if doc.properties:
            custom_properties(pkg, doc.properties)
        if doc.data:
            custom_xml(self.d.part, doc.data)

    def to_bytes(self) -> bytes:
        """Serialize with schema-ordered properties and a normalized zip."""
        canonical_order(self.d.element)
        canonical_order(self.d.styles.element)
        for section in self.d.sections:
            canonical_order(section.header._element)
            canonical_order(section.footer._element)
            if section.different_first_page_header_footer:  # the letterhead's own first page
                canonical_order(section.first_page_header._element)
                canonical_order(section.first_page_footer._element)
        raw = io.BytesIO()
        self.d.save(raw)
        return normalize_zip(raw.getvalue())

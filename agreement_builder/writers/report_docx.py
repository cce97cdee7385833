"""Report model → DOCX, with the charts as real pictures (PNG at print resolution).

It reuses the agreement writer's page setup, styles, language tagging, metadata and
reproducible packaging, and adds what a report needs: data tables with a repeating header
row, coloured status labels, numbered figures with captions, and the decision articles.
"""

from __future__ import annotations

import io

from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from agreement_builder.model.blocks import ListBlock, Paragraph
from agreement_builder.model.report import Decision, Figure, Heading, Part, ReportBlock, ReportDocument, Table
from agreement_builder.writers.docx import (
    GREY,
    HEAD_FONT,
    NAVY,
    _field,
    _keep_row,
    _para_lang,
    _repeat_header,
    _shade,
    _style_fonts,
    _Writer,
    canonical_order,
)

STATUS_FILL = {"achieved": "2E7D32", "partly": "B07D00", "not-yet": "C62828", "not-applicable": "7D7D7D"}
HEADER_FILL = "123B5C"
FACTS_FILL = "F3F6F9"
TOTAL_FILL = "EEF2F6"
RULE = "D5DDE4"


def render_report_docx(doc: ReportDocument) -> bytes:
    """The report as DOCX bytes; the same document always gives the same bytes."""
    writer = _ReportWriter(doc)  # type: ignore[arg-type]
    writer.write()
    return writer.to_bytes()


class _ReportWriter(_Writer):
    def write(self) -> None:
        """Lay out every part (council report, informe final) one after the other."""
        self._setup_page()
        self._setup_styles()
        self._report_styles()
        for i, part in enumerate(self.doc.parts):
            if i:
                # Each form gets its own Word section, so its page header and footer speak its language.
                section = self.d.add_section(WD_SECTION.NEW_PAGE)
                section.header.is_linked_to_previous = False
                section.footer.is_linked_to_previous = False
            self._part_header_footer(self.d.sections[-1], part.lang)
            self._part(part, page_break=False)
        self._metadata()

    def _part_header_footer(self, section, lang: str) -> None:
        labels = self.doc.labels[lang]
        tag = self.doc.locales[lang]
        if self.doc.draft:
            hp = section.header.paragraphs[0]
            hp.style = self.d.styles["Draft Mark"]
            _para_lang(hp, tag)
            self._run(hp, f"{labels['draft_mark']} – {labels['draft_note']}", lang)
        fp = section.footer.paragraphs[0]
        fp.style = self.d.styles["Page Footer"]
        _para_lang(fp, tag)
        self._run(fp, self.doc.title[lang].running, lang)
        self._run(fp, "\t", lang)
        self._run(fp, f"{labels['page']} ", lang)
        _field(fp, "PAGE", tag)
        self._run(fp, f" {labels['page_of']} ", lang)
        _field(fp, "NUMPAGES", tag)
        fp.paragraph_format.tab_stops.add_tab_stop(self._text_width(), WD_TAB_ALIGNMENT.RIGHT)

    def to_bytes(self) -> bytes:
        """As for agreements, with every section's header and footer in schema order too."""
        for section in self.d.sections:
            canonical_order(section.header._element)
            canonical_order(section.footer._element)
        return super().to_bytes()

    # ----------------------------------------------------------------- styles
    def _report_styles(self) -> None:
        styles = self.d.styles
        main = self.doc.locales[self.doc.main_language]
        h1 = styles["Heading 1"]
        h1.font.size = Pt(13.5)
        h1.paragraph_format.space_before = Pt(16)
        h1.paragraph_format.space_after = Pt(6)
        h2 = styles["Heading 2"]
        _style_fonts(h2, HEAD_FONT, main)
        h2.font.size = Pt(11)
        h2.font.bold = True
        h2.font.italic = False
        h2.font.color.rgb = NAVY
        h2.paragraph_format.space_before = Pt(10)
        h2.paragraph_format.space_after = Pt(4)
        h2.paragraph_format.keep_with_next = True
        issuer = self._add_para_style("Issuer", HEAD_FONT, 9, bold=True, color=NAVY, caps=True, space_after=12)
        _rule_below(issuer, HEADER_FILL, size=12)
        self._add_para_style("Form Title", HEAD_FONT, 10.5, color=RGBColor(0x6B, 0x7C, 0x8A), caps=True, space_after=2)
        self._add_para_style("Table Text", HEAD_FONT, 9, space_after=0)
        self._add_para_style("Table Head", HEAD_FONT, 9, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF), space_after=0)
        self._add_para_style("Table Note", HEAD_FONT, 8.5, color=GREY, space_after=0)
        cap = styles["Caption"]
        _style_fonts(cap, HEAD_FONT, main)
        cap.font.size = Pt(8.5)
        cap.font.italic = True
        cap.font.bold = False
        cap.font.color.rgb = GREY
        cap.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.paragraph_format.space_after = Pt(10)
        pic = self._add_para_style("Figure", HEAD_FONT, 9, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
        pic.paragraph_format.keep_with_next = True
        art = self._add_para_style("Decision Article", HEAD_FONT, 10.5, bold=True, color=NAVY, space_before=6)
        art.paragraph_format.keep_with_next = True
        status = styles.add_style("Status Label", WD_STYLE_TYPE.CHARACTER)
        status.base_style = styles["Default Paragraph Font"]
        status.font.name = HEAD_FONT
        status.font.size = Pt(8)
        status.font.bold = True
        status.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    # ----------------------------------------------------------------- parts
    def _part(self, part: Part, page_break: bool) -> None:
        lang = part.lang
        title = self.doc.title[lang]
        p = self._para(self.d, "Issuer", lang)
        if page_break:
            p.paragraph_format.page_break_before = True  # pragma: no cover - parts start new sections
        self._run(p, " · ".join(title.parties), lang)
        self._run(self._para(self.d, "Form Title", lang), part.form_title, lang)
        self._run(self._para(self.d, "Title", lang), part.title, lang)
        if self.doc.draft:
            labels = self.doc.labels[lang]
            self._run(self._para(self.d, "Draft Note", lang), f"{labels['draft_mark']} – {labels['draft_note']}", lang)
        self._table(part.facts, lang)
        for section in part.sections:
            self._run(self._para(self.d, "Heading 1", lang), f"{section.number}. {section.title}", lang)
            previous = None
            for block in section.blocks:
                self._report_block(block, lang)
                if isinstance(block, Paragraph) and isinstance(previous, Heading):
                    # A lesson's claim stays on the page of the table it introduces.
                    self.d.paragraphs[-1].paragraph_format.keep_with_next = True
                previous = block

    def _report_block(self, block: ReportBlock, lang: str) -> None:
        if isinstance(block, Paragraph | ListBlock):
            self._block(self.d, block, lang)
        elif isinstance(block, Heading):
            self._run(self._para(self.d, "Heading 2", lang), block.text, lang)
        elif isinstance(block, Table):
            self._table(block, lang)
        elif isinstance(block, Figure):
            self._figure(block, lang)
        elif isinstance(block, Decision):
            self._run(self._para(self.d, "Normal", lang), block.intro, lang, italic=True)
            for label, text in block.articles:
                self._run(self._para(self.d, "Decision Article", lang), label, lang)
                self._run(self._para(self.d, "Normal", lang), text, lang)
        else:  # pragma: no cover - the model has no other blocks
            raise TypeError(type(block))

    def _figure(self, figure: Figure, lang: str) -> None:
        from agreement_builder.writers.charts import png

        p = self._para(self.d, "Figure", lang)
        run = p.add_run()
        shape = run.add_picture(io.BytesIO(png(figure.chart)), width=int(self._text_width() * figure.width))
        doc_pr = shape._inline.docPr
        doc_pr.set("descr", figure.caption)
        doc_pr.set("name", f"{figure.label}")
        self._run(self._para(self.d, "Caption", lang), figure.full_caption, lang)

    def _table(self, table: Table, lang: str) -> None:
        cols = len(table.widths)
        t = self.d.add_table(rows=0, cols=cols)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        width = self._text_width()
        widths = [int(width * w) for w in table.widths]
        _borders(t, facts=table.style == "facts")
        if table.header:
            row = t.add_row()
            _repeat_header(row)
            _keep_row(row)
            for i, (cell, text) in enumerate(zip(row.cells, table.header, strict=True)):
                _fill(cell, HEADER_FILL)
                p = self._para(cell, "Table Head", lang, first_in_cell=True)
                if table.numeric and table.numeric[i]:
                    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self._run(p, text, lang)
        for data in table.rows:
            row = t.add_row()
            _keep_row(row)
            for i, (cell, c) in enumerate(zip(row.cells, data.cells, strict=True)):
                style = "Table Note" if data.role == "sub" else "Table Text"
                p = self._para(cell, style, lang, first_in_cell=True)
                if table.numeric and table.numeric[i]:
                    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                bold = data.role == "total" or (table.style == "facts" and i == 0)
                if data.role == "total":
                    _fill(cell, TOTAL_FILL)
                elif table.style == "facts":
                    _fill(cell, FACTS_FILL)
                if c.tone:
                    nb = "\u00a0"
                    r = self._run(p, f"{nb}{c.text}{nb}".replace(" ", nb), lang, style="Status Label")
                    _shade(r, STATUS_FILL[c.tone])
                    continue
                for j, line in enumerate(c.text.split("\n")):
                    if j:
                        p = self._para(cell, style, lang)
                    self._run(p, line, lang, bold=bold, italic=data.role == "sub" and i == 0)
        for col, w in zip(t.columns, widths, strict=True):
            col.width = w  # the grid, which LibreOffice follows
        for row in t.rows:
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = w  # the cells, which Word follows
        # A small gap so two tables never fuse and the next text does not touch the rule.
        spacer = self._para(self.d, "Normal", lang)
        spacer.paragraph_format.space_after = Pt(2)


def _rule_below(style, colour: str, size: int) -> None:
    """A line under every paragraph of ``style`` (the issuer line above the title, as in the PDF)."""
    ppr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", colour)):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _fill(cell, colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    tc_pr.append(shd)


def _borders(table, facts: bool) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if edge in ("left", "right", "insideV"):
            el.set(qn("w:val"), "nil")
        else:
            strong = edge in ("top", "bottom") and facts
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "8" if strong else "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), HEADER_FILL if strong else RULE)
        borders.append(el)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, w in (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(w))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)

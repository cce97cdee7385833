"""Document model → DOCX with python-docx, straight from the model (never via HTML).

Word users negotiate in this file, so it uses real styles (Title, Heading 1, List Number,
List Bullet, and a few named styles of our own) rather than direct formatting, tags every
run with its language so Word spell-checks each column in its own language, and carries no
python-docx template metadata. The zip is rewritten with fixed timestamps so the same
document always gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from agreement_builder.model.blocks import (
    Block,
    Document,
    ListBlock,
    Paragraph,
    Phrase,
    PriorityList,
    SharedSignatureBlock,
    SignatureTable,
    provenance_table,
    shared_signatures,
)
from agreement_builder.writers.html import pairs, shared_row

BODY_FONT = "Cambria"
HEAD_FONT = "Calibri"
NAVY = RGBColor(0x12, 0x3B, 0x5C)
RED = RGBColor(0xB0, 0x00, 0x20)
GREY = RGBColor(0x55, 0x55, 0x55)
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>agreement-builder</Application><DocSecurity>0</DocSecurity>"
    b"<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    b"<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def render_docx(doc: Document) -> bytes:
    """The agreement as DOCX bytes."""
    writer = _Writer(doc)
    writer.write()
    return writer.to_bytes()


class _Writer:
    def __init__(self, doc: Document):
        self.doc = doc
        self.d = new_docx()
        self._num_cache: dict[str, str] = {}

    # ----------------------------------------------------------------- structure
    def write(self) -> None:
        """Lay the whole document out in the python-docx object."""
        self._setup_page()
        self._setup_styles()
        self._header_footer()
        body = self.d
        if self.doc.layout == "side-by-side":
            self._side_by_side()
        else:
            for i, lang in enumerate(self.doc.languages):
                self._title_block(body, lang, page_break=i > 0)
                for article in self.doc.articles:
                    self._heading(body, article.label[lang], article.title[lang], lang)
                    for block in article.body[lang]:
                        self._block(body, block, lang)
        if self.doc.provenance_annex:
            self._provenance()
        self._metadata()

    def _provenance(self) -> None:
        """The provenance annex: a heading, one intro per language, a small table."""
        title, headers, rows = provenance_table(self.doc)
        main = self.doc.main_language
        p = self._para(self.d, "Heading 1", main)
        p.paragraph_format.page_break_before = True
        self._phrase(p, title)
        for lang in self.doc.languages:
            self._run(self._para(self.d, "Provenance Text", lang), self.doc.labels[lang]["provenance_intro"], lang)
        table = self.d.add_table(rows=1, cols=len(headers))
        table.style = self.d.styles["Table Grid"]
        table.autofit = False
        widths = [Mm(12), Mm(45), Mm(17), Mm(50), Mm(50)]
        _repeat_header(table.rows[0])
        for cell, header, width in zip(table.rows[0].cells, headers, widths, strict=True):
            cell.width = width
            self._phrase(self._para(cell, "Provenance Header", main, first_in_cell=True), header)
        for row in rows:
            cells = table.add_row().cells
            for i, (cell, text, width) in enumerate(zip(cells, row, widths, strict=True)):
                cell.width = width
                p = self._para(cell, "Provenance Cell", main, first_in_cell=True)
                self._run(p, text, main, style="Provenance Hash" if i == len(row) - 1 else None)

    def _side_by_side(self) -> None:
        langs = self.doc.languages
        title_table = self._parallel_table(divider=False)
        row = title_table.add_row()
        for cell, lang in zip(row.cells, langs, strict=True):
            self._title_block(cell, lang, page_break=False, in_cell=True)
        # A paragraph between the tables keeps Word from merging them; the language caption
        # row must be the first row of its table for Word to repeat it on every page.
        self._para(self.d, "Normal", self.doc.main_language)
        table = self._parallel_table()
        head = table.add_row()
        _repeat_header(head)
        for cell, lang in zip(head.cells, langs, strict=True):
            p = self._para(cell, "Language Caption", lang, first_in_cell=True)
            self._run(p, self.doc.labels[lang]["version_label"], lang)
        for article in self.doc.articles:
            row = table.add_row()
            _keep_row(row)
            for cell, lang in zip(row.cells, langs, strict=True):
                self._heading(cell, article.label[lang], article.title[lang], lang, first_in_cell=True)
            for pair in pairs(article):
                row = table.add_row()
                merged = shared_row(pair)
                if merged is not None:
                    _keep_row(row)
                    cell = row.cells[0].merge(row.cells[1])
                    self._signatures(cell, merged)
                    # Word needs a paragraph after a table in a cell (python-docx adds one); the
                    # empty one the cell started with can go.
                    first = cell.paragraphs[0]
                    if not first.text:
                        first._p.getparent().remove(first._p)
                    continue
                for cell, lang, block in zip(row.cells, langs, pair, strict=True):
                    if block is None:
                        self._para(cell, "Normal", lang, first_in_cell=True)
                    else:
                        self._block(cell, block, lang, first_in_cell=True)

    def _parallel_table(self, divider: bool = True):
        table = self.d.add_table(rows=0, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        width = self._text_width()
        for col in table.columns:
            col.width = width // 2
        tbl_pr = table._tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH"):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:val"), "nil")
            borders.append(el)
        inside = OxmlElement("w:insideV")
        for k, v in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "C8D3DC")):
            inside.set(qn(k), v)
        if not divider:
            inside.set(qn("w:val"), "nil")
        borders.append(inside)
        tbl_pr.append(borders)
        margins = OxmlElement("w:tblCellMar")
        for edge, w in (("left", 140), ("right", 140)):
            el = OxmlElement(f"w:{edge}")
            el.set(qn("w:w"), str(w))
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        tbl_pr.append(margins)
        return table

    def _text_width(self):
        s = self.d.sections[0]
        return s.page_width - s.left_margin - s.right_margin

    # ----------------------------------------------------------------- pieces
    def _title_block(self, container, lang: str, page_break: bool, in_cell: bool = False) -> None:
        t = self.doc.title[lang]
        p = self._para(container, "Title", lang, first_in_cell=in_cell)
        if page_break:
            p.paragraph_format.page_break_before = True
        self._run(p, t.title, lang)
        p = self._para(container, "Subtitle", lang)
        self._run(p, t.between, lang)
        if self.doc.draft:
            labels = self.doc.labels[lang]
            p = self._para(container, "Draft Note", lang)
            self._run(p, f"{labels['draft_mark']} – {labels['draft_note']}", lang)

    def _heading(self, container, label: str, title: str, lang: str, first_in_cell: bool = False) -> None:
        p = self._para(container, "Heading 1", lang, first_in_cell=first_in_cell)
        self._run(p, f"{label} – {title}", lang)

    def _block(self, container, block: Block, lang: str, first_in_cell: bool = False, level: int = 0) -> None:
        if isinstance(block, Paragraph):
            p = self._para(container, "Normal", lang, first_in_cell=first_in_cell)
            self._inlines(p, block, lang)
        elif isinstance(block, ListBlock):
            style = "List Number" if block.ordered else "List Bullet"
            if level:
                style += " 2"
            num_id = self._new_list(style) if block.ordered else None
            for item in block.items:
                first = True
                for sub in item:
                    if isinstance(sub, Paragraph):
                        p = self._para(
                            container, style if first else "List Continue", lang, first_in_cell=first_in_cell
                        )
                        first_in_cell = False
                        if first and num_id:
                            _set_num(p, num_id, level)
                        self._inlines(p, sub, lang)
                        first = False
                    else:
                        self._block(container, sub, lang, level=level + 1)
        elif isinstance(block, PriorityList):
            num_id = self._new_list("List Number")
            for item in block.items:
                p = self._para(container, "List Number", lang, first_in_cell=first_in_cell)
                first_in_cell = False
                _set_num(p, num_id, 0)
                self._run(p, item.title, lang, bold=True)
                if item.description:
                    self._run(p, f" – {item.description}", lang)
                badges = self._para(container, "SDG Badges", lang)
                for i, sdg in enumerate(item.sdgs):
                    if i:
                        self._run(badges, "  ", lang)
                    nb = "\u00a0"  # a badge never breaks across lines
                    r = self._run(badges, f"{nb}{sdg.label}{nb}{sdg.number}{nb}", lang, style="SDG Badge")
                    _shade(r, sdg.colour)
                    r.bold = True
                    r2 = self._run(badges, f"{sdg.title}{nb}".replace(" ", nb), lang, style="SDG Badge")
                    _shade(r2, sdg.colour)
        elif isinstance(block, SignatureTable):
            self._signatures(container, shared_signatures({lang: block}))
        else:  # pragma: no cover - the model has no other blocks
            raise TypeError(type(block))

    def _signatures(self, container, blocks: tuple[SharedSignatureBlock, ...]) -> None:
        """One block per party, side by side in a borderless table; captions may be bilingual."""
        table = container.add_table(rows=1, cols=len(blocks))
        table.autofit = False
        _keep_row(table.rows[0])
        main = self.doc.main_language
        for inner, sig in zip(table.rows[0].cells, blocks, strict=True):
            p = self._para(inner, "Signature Heading", main, first_in_cell=True)
            self._phrase(p, sig.heading)
            self._run(self._para(inner, "Signature Line", main), "", main)
            self._phrase(self._para(inner, "Signature Caption", main), sig.caption)
            for label, value in sig.rows:
                p = self._para(inner, "Signature Detail", main)
                self._phrase(p, label, style="Signature Label")
                self._run(p, ": ", main, style="Signature Label")
                self._phrase(p, value)

    def _phrase(self, p, phrase: Phrase, style: str | None = None) -> None:
        """Texts of several languages in one paragraph, each run tagged with its own language."""
        for i, (lang, text) in enumerate(phrase):
            if i:
                self._run(p, " / ", lang, style=style)
            self._run(p, text, lang, style=style)

    # ----------------------------------------------------------------- low level
    def _para(self, container, style: str, lang: str, first_in_cell: bool = False):
        if (
            first_in_cell
            and hasattr(container, "paragraphs")
            and container.paragraphs
            and not hasattr(container, "sections")
        ):
            p = container.paragraphs[0]
            if not p.text and not p.runs:
                p.style = self.d.styles[style]
                _para_lang(p, self.doc.locales[lang])
                return p
        p = container.add_paragraph(style=self.d.styles[style])
        _para_lang(p, self.doc.locales[lang])
        return p

    def _run(self, p, text: str, lang: str, bold: bool = False, italic: bool = False, style: str | None = None):
        r = p.add_run(text, style=self.d.styles[style] if style else None)
        if bold:
            r.bold = True
        if italic:
            r.italic = True
        _run_lang(r, self.doc.locales[lang])
        return r

    def _inlines(self, p, block: Paragraph, lang: str) -> None:
        for t in block.inlines:
            self._run(p, t.text, lang, bold=t.bold, italic=t.italic)

    def _new_list(self, style: str) -> str:
        """A fresh numbering instance so each numbered list restarts at 1."""
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
        ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        new_id = str(max(ids) + 1)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), new_id)
        a = OxmlElement("w:abstractNumId")
        a.set(qn("w:val"), abstract)
        num.append(a)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
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
        styles = self.d.styles
        main = self.doc.locales[self.doc.main_language]
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            for lang in defaults.iter(qn("w:lang")):
                lang.set(qn("w:val"), main)
        normal = styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(10.5)
        _style_fonts(normal, BODY_FONT, main)
        pf = normal.paragraph_format
        pf.space_after = Pt(5)
        pf.line_spacing = 1.1
        title = styles["Title"]
        _style_fonts(title, HEAD_FONT, main)
        title.font.size = Pt(17)
        title.font.bold = True
        title.font.color.rgb = NAVY
        title.paragraph_format.space_after = Pt(4)
        _no_border(title)
        sub = styles["Subtitle"]
        _style_fonts(sub, BODY_FONT, main)
        sub.font.size = Pt(11)
        sub.font.italic = True
        sub.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
        _no_letter_spacing(sub)
        sub.paragraph_format.space_after = Pt(10)
        h1 = styles["Heading 1"]
        _style_fonts(h1, HEAD_FONT, main)
        h1.font.size = Pt(11.5)
        h1.font.bold = True
        h1.font.color.rgb = NAVY
        h1.paragraph_format.space_before = Pt(10)
        h1.paragraph_format.space_after = Pt(4)
        h1.paragraph_format.keep_with_next = True
        for name in ("List Number", "List Bullet", "List Number 2", "List Bullet 2", "List Continue"):
            st = styles[name]
            st.paragraph_format.space_after = Pt(3)
        self._add_para_style("Draft Note", HEAD_FONT, 9.5, bold=True, color=RED)
        self._add_para_style("Draft Mark", HEAD_FONT, 8, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._add_para_style("Page Footer", HEAD_FONT, 8, color=GREY)
        self._add_para_style("Language Caption", HEAD_FONT, 7.5, bold=True, color=GREY, caps=True)
        badges = self._add_para_style("SDG Badges", HEAD_FONT, 8, space_after=6)
        badges.paragraph_format.left_indent = Mm(6.35)
        sh = self._add_para_style("Signature Heading", BODY_FONT, 10.5, bold=True, space_before=8, space_after=28)
        sh.paragraph_format.keep_with_next = True
        line = self._add_para_style("Signature Line", BODY_FONT, 6, space_after=0)
        line.paragraph_format.keep_with_next = True
        _bottom_border(line)
        cap = self._add_para_style("Signature Caption", HEAD_FONT, 8, color=GREY, space_after=4)
        cap.paragraph_format.keep_with_next = True
        det = self._add_para_style("Signature Detail", BODY_FONT, 9.5, space_after=1)
        det.paragraph_format.keep_with_next = True
        badge = self.d.styles.add_style("SDG Badge", WD_STYLE_TYPE.CHARACTER)
        badge.base_style = styles["Default Paragraph Font"]
        badge.font.name = HEAD_FONT
        badge.font.size = Pt(8)
        badge.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        self._add_para_style("Provenance Text", BODY_FONT, 9, space_after=4)
        self._add_para_style("Provenance Header", HEAD_FONT, 8.5, bold=True, color=NAVY, space_after=0)
        self._add_para_style("Provenance Cell", HEAD_FONT, 8.5, space_after=0)
        mono = self.d.styles.add_style("Provenance Hash", WD_STYLE_TYPE.CHARACTER)
        mono.base_style = styles["Default Paragraph Font"]
        mono.font.name = "Consolas"
        mono.font.size = Pt(7.5)
        lab = self.d.styles.add_style("Signature Label", WD_STYLE_TYPE.CHARACTER)
        lab.base_style = styles["Default Paragraph Font"]
        lab.font.color.rgb = GREY

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
    ):
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

    def _header_footer(self) -> None:
        doc = self.doc
        section = self.d.sections[0]
        langs = doc.languages
        labels = doc.labels
        main = doc.main_language
        if doc.draft:
            hp = section.header.paragraphs[0]
            hp.style = self.d.styles["Draft Mark"]
            _para_lang(hp, doc.locales[main])
            for i, lang in enumerate(langs):
                if i:
                    self._run(hp, "  ·  ", lang)
                self._run(hp, f"{labels[lang]['draft_mark']} – {labels[lang]['draft_note']}", lang)
        fp = section.footer.paragraphs[0]
        fp.style = self.d.styles["Page Footer"]
        _para_lang(fp, doc.locales[main])
        self._phrase(fp, tuple((lang, doc.title[lang].running) for lang in langs))
        self._run(fp, "\t", main)
        if len(langs) == 1:
            self._run(fp, f"{labels[main]['page']} ", main)
            _field(fp, "PAGE", doc.locales[main])
            self._run(fp, f" {labels[main]['page_of']} ", main)
            _field(fp, "NUMPAGES", doc.locales[main])
        else:
            _field(fp, "PAGE", doc.locales[main])
            self._run(fp, " / ", main)
            _field(fp, "NUMPAGES", doc.locales[main])
        tabs = fp.paragraph_format.tab_stops
        tabs.add_tab_stop(self._text_width(), WD_TAB_ALIGNMENT.RIGHT)

    def _metadata(self) -> None:
        doc = self.doc
        cp = self.d.core_properties
        when = _dt.datetime.combine(doc.date, _dt.time(0, 0))
        # Word's core properties hold at most 255 characters each.
        cp.title = _fit(doc.metadata_title())
        cp.author = _fit(doc.author)
        cp.last_modified_by = _fit(doc.author)
        cp.subject = _fit(doc.title[doc.main_language].between)
        cp.keywords = _fit(", ".join(doc.keywords))
        cp.comments = ""
        cp.category = doc.labels[doc.main_language]["draft_mark"] if doc.draft else ""
        cp.content_status = "draft" if doc.draft else "final"
        cp.language = doc.locales[doc.main_language]
        cp.created = when
        cp.modified = when
        cp.last_printed = when
        cp.revision = 1
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
        if props := doc.custom_properties():
            _custom_properties(pkg, props)

    def to_bytes(self) -> bytes:
        """Serialize with schema-ordered properties and a normalized zip."""
        for part_element in (
            self.d.element,
            self.d.styles.element,
            self.d.sections[0].header._element,
            self.d.sections[0].footer._element,
        ):
            canonical_order(part_element)
        raw = io.BytesIO()
        self.d.save(raw)
        return _normalize_zip(raw.getvalue())


# --------------------------------------------------------------------- helpers
# Child order that the OOXML schema prescribes (ECMA-376 CT_RPr, CT_PPr, CT_TblPr). Word
# refuses to open files whose property elements are out of order, LibreOffice does not
# complain, so the writer puts every property element in this order before saving.
_ORDER = {
    "rPr": [
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
    ],
    "pPr": [
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ],
    "tblPr": [
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
    ],
}


def canonical_order(root) -> None:
    """Sort the children of every rPr/pPr/tblPr below ``root`` into schema order."""
    for local, order in _ORDER.items():
        rank = {qn(f"w:{name}"): i for i, name in enumerate(order)}
        for el in root.iter(qn(f"w:{local}")):
            children = list(el)
            ordered = sorted(children, key=lambda c: rank.get(c.tag, len(rank)))
            if ordered != children:
                for c in children:
                    el.remove(c)
                el.extend(ordered)


CUSTOM_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# The fmtid every custom property carries, fixed by the OOXML specification.
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _custom_properties(pkg, props: dict[str, str]) -> None:
    """docProps/custom.xml: Word shows these under File › Properties › Custom.

    python-docx has no API for custom properties, so the part is added by hand: a
    package-level relationship and an XML body of <property> elements.
    """
    from xml.sax.saxutils import escape, quoteattr

    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(
        f'<property fmtid="{CUSTOM_FMTID}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(props.items()), start=2)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CUSTOM_PROPS_NS}" xmlns:vt="{VT_NS}">{body}</Properties>'
    ).encode()
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml, pkg)
    pkg.relate_to(part, RT.CUSTOM_PROPERTIES)


def _fit(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _normalize_zip(data: bytes) -> bytes:
    """Same entries, same order, fixed timestamps: byte-identical output for identical input."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def _lang_el(tag: str):
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), tag)
    return el


def _run_lang(run, tag: str) -> None:
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_lang_el(tag))


def _para_lang(p, tag: str) -> None:
    """Tag the paragraph mark too, so an empty cell or new typing is spell-checked right."""
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_lang_el(tag))


def _style_fonts(style, font: str, lang_tag: str) -> None:
    style.font.name = font
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(_lang_el(lang_tag))


def _no_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)


def _no_letter_spacing(style) -> None:
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)


def _bottom_border(style) -> None:
    ppr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "333333")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)
    ind = OxmlElement("w:ind")
    ind.set(qn("w:right"), "1200")
    ppr.append(ind)


def _shade(run, colour: str) -> None:
    rpr = run._r.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#").upper())
    rpr.append(shd)


def _set_num(p, num_id: str, level: int) -> None:
    ppr = p._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = int(num_id)


def _field(p, instr: str, lang_tag: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(_lang_el(lang_tag))
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    p._p.append(fld)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def _keep_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    trpr.append(el)

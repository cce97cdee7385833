"""Low-level OOXML helpers under the DOCX writer, in the spirit of python-docx's oxml layer.

Each function sets one WordprocessingML property that python-docx has no proxy for (a
language tag, a shade, a field, a table-row flag), or fixes the package for Word and for
reproducible bytes (schema order of properties, custom properties, a normalized zip).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# --------------------------------------------------------------------- helpers
# Child order that the OOXML schema prescribes (ECMA-376 CT_RPr, CT_PPr, CT_TblPr). Word
# refuses to open files whose property elements are out of order, LibreOffice does not
# complain, so the writer puts every property element in this order before saving.
ORDER = {
    "rPr": [
        "ins",  # only in a paragraph mark's rPr (a tracked paragraph), where they come first
        "del",
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


def canonical_order(root: Any) -> None:
    """Sort the children of every rPr/pPr/tblPr below ``root`` into schema order."""
    for local, order in ORDER.items():
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


def custom_properties(pkg: Any, props: dict[str, str]) -> None:
    """docProps/custom.xml: Word shows these under File › Properties › Custom.

    python-docx has no API for custom properties, so the part is added by hand: a
    package-level relationship and an XML body of <property> elements.
    """
    from xml.sax.saxutils import escape

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


DATA_NS = "urn:agreement-builder:data"
CUSTOM_XML_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def custom_xml(document_part: Any, records: dict[str, str]) -> None:
    """Machine-readable records (JSON), whole, in a custom XML part of the document.

    Word keeps custom XML parts through editing and saving, and any tool can read them back
    from ``customXml/item1.xml``; a custom property would be cut at 255 characters. The
    part's id derives from its content, so the same records give the same bytes.
    """
    import uuid
    from xml.sax.saxutils import escape

    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(
        f'<record name={quoteattr(name)} type="application/json">{escape(value)}</record>'
        for name, value in sorted(records.items())
    )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<data xmlns="{DATA_NS}">{body}</data>'.encode()
    item_id = str(uuid.uuid5(uuid.NAMESPACE_URL, DATA_NS + hashlib.sha256(xml).hexdigest())).upper()
    props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<ds:datastoreItem ds:itemID="{{{item_id}}}" xmlns:ds="{CUSTOM_XML_NS}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{DATA_NS}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    package = document_part.package
    item = Part(PackURI("/customXml/item1.xml"), CT.XML, xml, package)
    item_props = Part(PackURI("/customXml/itemProps1.xml"), CT.OFC_CUSTOM_XML_PROPERTIES, props, package)
    item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
    document_part.relate_to(item, RT.CUSTOM_XML)


def fit(text: str, limit: int = 255) -> str:
    """Text cut to ``limit`` characters with an ellipsis: Word keeps at most 255 in a core property."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def normalize_zip(data: bytes) -> bytes:
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


def lang_el(tag: str) -> Any:
    """A w:lang element for a BCP 47 tag."""
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), tag)
    return el


def run_lang(run: Any, tag: str) -> None:
    """Tag a run with its language, so Word spell-checks it in that language."""
    rpr = run._r.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(lang_el(tag))


def para_lang(p: Any, tag: str) -> None:
    """Tag the paragraph mark too, so an empty cell or new typing is spell-checked right."""
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(lang_el(tag))


def style_fonts(style: Any, font: str, lang_tag: str) -> None:
    """One font for every script of a style, instead of the template's theme fonts, and its language."""
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
    rpr.append(lang_el(lang_tag))


def body_text(style: Any) -> None:
    """Take a heading style out of the document outline (outline level 9: body text)."""
    ppr = style.element.get_or_add_pPr()
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "9")
    ppr.append(level)


def no_border(style: Any) -> None:
    """Drop the template's border under a style (the Title's)."""
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)


def no_letter_spacing(style: Any) -> None:
    """Drop the template's letter spacing of a style (the Subtitle's)."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:spacing")):
        rpr.remove(old)


def bottom_border(style: Any) -> None:
    """A line to sign on: a rule under the paragraph, short of the right margin."""
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


def shade(run: Any, colour: str) -> None:
    """A run's background colour (an SDG badge, a status label)."""
    rpr = run._r.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.lstrip("#").upper())
    rpr.append(shd)


def set_num(p: Any, num_id: str, level: int) -> None:
    """Put a paragraph in numbering instance ``num_id`` at ``level``."""
    ppr = p._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = int(num_id)


def field(p: Any, instr: str, lang_tag: str) -> None:
    """A simple field (PAGE, NUMPAGES) with a cached result of 1."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    fld.append(_cached_one(lang_tag))
    p._p.append(fld)


def _cached_one(lang_tag: str) -> Any:
    """A run reading "1" in ``lang_tag``: a page field's result until Word or LibreOffice updates it."""
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(lang_el(lang_tag))
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    return r


def section_pages(p: Any, end_bookmark: str, lang_tag: str) -> None:
    """A SECTIONPAGES field (the pages of this section) whose stored result is a live PAGEREF.

    Word computes SECTIONPAGES as it lays each page out. LibreOffice (7.4) does not know the
    field and shows its stored result instead; that result is a PAGEREF to ``end_bookmark``,
    a bookmark on the section's last page, whose number is the section's page count since
    the section numbers its pages from 1 (restart_page_numbers).
    """
    number = _cached_one(lang_tag)
    p._p.extend(
        (
            *(field_char("begin"), instr_text("SECTIONPAGES"), field_char("separate")),
            *(field_char("begin"), instr_text(f"PAGEREF {end_bookmark}"), field_char("separate")),
            *(number, field_char("end"), field_char("end")),
        )
    )


def restart_page_numbers(sect_pr: Any) -> None:
    """Number the section's pages from 1 (``w:pgNumType w:start="1"``), where the schema puts it.

    Word and LibreOffice otherwise carry the previous section's page numbers on.
    """
    pg_num_type = OxmlElement("w:pgNumType")
    pg_num_type.set(qn("w:start"), "1")
    # The elements of CT_SectPr that follow pgNumType (ECMA-376 §17.6.17).
    sect_pr.insert_element_before(
        pg_num_type,
        *("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection"),
        *("w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
    )


def repeat_header(row: Any) -> None:
    """Repeat a table row at the top of every page."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def keep_row(row: Any) -> None:
    """Never split a table row over two pages."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    trpr.append(el)


def rule_below(style: Any, colour: str, size: int) -> None:
    """A line under every paragraph of ``style`` (the issuer line above a report's title)."""
    ppr = style.element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", colour)):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def fill(cell: Any, colour: str) -> None:
    """A table cell's background colour."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour)
    tc_pr.append(shd)


def rules(table: Any, strong_edges: bool, strong: str, light: str) -> None:
    """Horizontal rules only: a data table's look (stronger top and bottom for a facts box)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if edge in ("left", "right", "insideV"):
            el.set(qn("w:val"), "nil")
        else:
            heavy = edge in ("top", "bottom") and strong_edges
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "8" if heavy else "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), strong if heavy else light)
        borders.append(el)
    tbl_pr.append(borders)
    cell_margins(table, (("top", 40), ("left", 100), ("bottom", 40), ("right", 100)))


def cell_margins(table: Any, margins: tuple[tuple[str, int], ...]) -> None:
    """Default cell margins of a table, in twentieths of a point."""
    el_margins = OxmlElement("w:tblCellMar")
    for edge, w in margins:
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(w))
        el.set(qn("w:type"), "dxa")
        el_margins.append(el)
    table._tbl.tblPr.append(el_margins)


BOOKMARK_MAX = 40  # Word drops (or refuses) longer bookmark names


def bookmark_name(anchor: str) -> str:
    """The Word bookmark name of an anchor of the model; every link to the anchor uses it too.

    Word allows letters, digits and underscores, at most 40 characters, starting with a
    letter (a leading underscore hides the bookmark). Anchors are ids joined by dashes, so
    dashes become underscores; a name that is still too long keeps its start and a short
    hash of the whole anchor, so two long anchors never share a name.
    """
    safe = re.sub(r"[^A-Za-z0-9_]", "_", anchor)
    safe = safe if safe[:1].isalpha() else f"a_{safe}"
    if len(safe) > BOOKMARK_MAX:
        digest = hashlib.sha256(anchor.encode("utf-8")).hexdigest()[:8]
        safe = f"{safe[: BOOKMARK_MAX - 9]}_{digest}"
    return safe


def bookmark(number: int, name: str) -> tuple[Any, Any]:
    """w:bookmarkStart and w:bookmarkEnd for an anchor of the model (named by bookmark_name)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), bookmark_name(name))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    return start, end


def field_char(kind: str) -> Any:
    """A run holding a complex field's mark: 'begin', 'separate' (the result follows) or 'end'."""
    r = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    r.append(char)
    return r


def field_begin(p: Any, instr: str) -> None:
    """Open a complex field (REF, SEQ, TOC); the runs after it are its current result.

    The result is written as ordinary runs, so the field reads right before Word or
    LibreOffice updates it. Close it with :func:`field_end`.
    """
    p._p.extend((field_char("begin"), instr_text(instr), field_char("separate")))


def field_end(p: Any) -> None:
    """Close the complex field opened by :func:`field_begin`."""
    p._p.append(field_char("end"))


def next_id(numbering: Any, element: str, attribute: str) -> int:
    """The next free id of a numbering part's w:num (numId) or w:abstractNum (abstractNumId)."""
    return 1 + max((int(el.get(qn(attribute))) for el in numbering.findall(qn(element))), default=0)


def numbered_style(numbering: Any, style: Any, abstract_id: int, num_id: int, pattern: str, start: int) -> None:
    """Bind a paragraph style to a one-level list that prints ``pattern`` ("Artikel %1").

    Every paragraph in the style is numbered by Word (and LibreOffice) itself, so inserting
    or deleting one renumbers the rest, and a REF field to a paragraph's bookmark reads its
    current number. The abstract definition goes before the first w:num, as the schema asks.
    """
    style_id = style.style_id
    lvl = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="{style_id}"/><w:suff w:val="space"/>'
        f"<w:lvlText w:val={quoteattr(pattern)}/>"
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    nums = numbering.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(parse_xml(lvl))
    else:
        numbering.append(parse_xml(lvl))
    num = f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    numbering.append(parse_xml(num))
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{num_id}"/></w:numPr>'))


def instr_text(instruction: str) -> Any:
    """A run holding a complex field's instruction, e.g. ' PAGEREF art_nl_exit \\h '."""
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instruction} "
    r.append(t)
    return r


def internal_hyperlink(anchor: str) -> Any:
    """A w:hyperlink to the bookmark of a model anchor; the caller moves the link's runs into it."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark_name(anchor))
    link.set(qn("w:history"), "1")
    return link


# The CT_Settings children that follow w:updateFields in the schema's sequence.
_AFTER_UPDATE_FIELDS = {
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
}


def update_fields_on_open(settings: Any) -> None:
    """Ask Word to refresh the fields (the table of contents, its page numbers) when it opens the file.

    Only Word knows its own page breaks, so the pre-filled contents are a best guess until
    then. The element goes where the schema's sequence puts it, before w:compat and the rest.
    """
    if settings.find(qn("w:updateFields")) is not None:
        return
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    for child in settings:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(el)
            return
    settings.append(el)


def clean_settings(settings: Any, lang_tag: str) -> None:
    """Settings of a document written today, not of python-docx's 2010 template.

    Compatibility mode 15 (Word opens the file without 'Compatibility Mode'), the theme fonts'
    language of the document, a zoom that the schema accepts (it requires a percentage), no
    claim that spelling was checked, and no revision ids of someone else's edits.
    """
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    for zoom in settings.iter(qn("w:zoom")):
        zoom.set(qn("w:percent"), "100")
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), lang_tag)
        for attr in ("w:eastAsia", "w:bidi"):
            lang.attrib.pop(qn(attr), None)
    for name in ("w:proofState", "w:rsids"):
        for el in settings.findall(qn(name)):
            settings.remove(el)


# ------------------------------------------------------------------ tracked changes (a redline)


def tracked_change(change: str, number: int, author: str, date: str) -> Any:
    """An empty w:ins or w:del with its id, author and date (Word's own tracked change)."""
    el = OxmlElement(f"w:{change}")
    el.set(qn("w:id"), str(number))
    el.set(qn("w:author"), author)
    el.set(qn("w:date"), date)
    return el


def track_runs(p: Any, start: int, wrapper: Any) -> None:
    """Move the children of paragraph element ``p`` from index ``start`` on into ``wrapper`` (a w:ins or w:del).

    Deleted text is w:delText (and a field's instruction w:delInstrText), as the schema asks.
    """
    for child in list(p)[start:]:
        wrapper.append(child)
    p.append(wrapper)
    if wrapper.tag == qn("w:del"):
        for t in wrapper.iter(qn("w:t")):
            t.tag = qn("w:delText")
        for t in wrapper.iter(qn("w:instrText")):
            t.tag = qn("w:delInstrText")


def _tracked_as(p: Any) -> str:
    """'ins' or 'del' when every run of paragraph element ``p`` is inserted (or deleted); '' otherwise."""
    runs = p.findall(f".//{qn('w:r')}")
    for change in ("ins", "del"):
        if runs and all(any(a.tag == qn(f"w:{change}") for a in r.iterancestors()) for r in runs):
            return change
    return ""


def track_paragraph_marks(body: Any, new_change: Any) -> None:
    """Track whole paragraphs and table rows: a paragraph whose every run is inserted or deleted
    gets its mark tracked too, and a table row whose text is all deleted (or inserted) is a
    deleted (inserted) row. Accepting every change then leaves no empty paragraph or row behind,
    and rejecting every change restores the old text with its paragraphs.

    ``new_change(kind)`` makes the next w:ins or w:del element (its id, author and date).
    """
    for p in body.iter(qn("w:p")):
        change = _tracked_as(p)
        if not change:
            continue
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            ppr.append(rpr)
        rpr.insert(0, new_change(change))
    for tr in body.iter(qn("w:tr")):
        marks = [_tracked_as(p) for p in tr.iter(qn("w:p")) if p.find(f".//{qn('w:r')}") is not None]
        if not marks or len(set(marks)) != 1 or not marks[0]:
            continue
        trpr = tr.find(qn("w:trPr"))
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            tblpr_ex = tr.find(qn("w:tblPrEx"))
            tr.insert(1 if tblpr_ex is not None else 0, trpr)
        trpr.append(new_change(marks[0]))

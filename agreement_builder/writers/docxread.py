"""Reading a DOCX this tool wrote back, after someone edited it in Word or LibreOffice.

The DOCX writer marks each article's own text per language with a bookmark
``body_<lang>_<clause id>`` (docx.py, "article markers"). This reader walks the document in
reading order and returns, for each marker, the paragraphs between its start and its end in
the column it starts in (a side-by-side article's other column is the other language), as
model runs: emphasis kept, a REF field to an article heading kept as a reference. Everything
else that holds text is returned too, as "outside" paragraphs, so that text typed between
the articles can be reported rather than lost.

Tracked changes are read as accepted (insertions kept, deletions dropped); the count is
returned so the caller can say so. LibreOffice writes a bookmark that spans paragraphs as a
start without an end plus a second start and end in its last paragraph: a marker therefore
runs from the first start of its name to the last end of any bookmark of that name.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from docx import Document as open_docx
from docx.oxml.ns import qn

from agreement_builder.model.blocks import Text

BODY_PREFIX = "body_"

_LIST_KINDS = (("List Number", "ol"), ("List Bullet", "ul"), ("List Continue", "cont"))


@dataclass
class ReadParagraph:
    """One paragraph as read: its kind ('p', 'ol', 'ul', 'cont' for a list item's next paragraph), level, runs."""

    kind: str
    level: int
    runs: tuple[Text, ...]
    style: str = ""

    @property
    def text(self) -> str:
        """The paragraph's words."""
        return "".join(r.text for r in self.runs)


@dataclass
class ReadDocx:
    """What an edited DOCX holds: each marked article text, the paragraphs outside them, the tracked changes."""

    bodies: dict[str, list[ReadParagraph]] = field(default_factory=dict)  # bookmark name -> its paragraphs
    outside: list[tuple[str, ReadParagraph]] = field(default_factory=list)  # (last marker before it, paragraph)
    bookmarks: set[str] = field(default_factory=set)
    tracked: int = 0  # w:ins and w:del elements read as accepted


@dataclass
class _Para:
    element: Any
    column: tuple[int, ...]  # the cell path: index of the cell in its row, per table level
    starts: list[str] = field(default_factory=list)  # bookmark names that start here
    ends: list[str] = field(default_factory=list)


def read_docx(data: bytes) -> ReadDocx:
    """Read ``data`` (a DOCX) into marked article texts and the paragraphs outside them."""
    document = open_docx(io.BytesIO(data))
    styles = {s.style_id: s.name for s in document.styles}
    body = document.element.body
    out = ReadDocx(tracked=len(body.xpath(".//w:ins | .//w:del")))
    paragraphs: list[_Para] = []
    names: dict[str, str] = {}  # bookmark id -> name
    _walk(body, (), paragraphs, names, pending=[])
    out.bookmarks = set(names.values())
    spans: dict[str, tuple[int, int]] = {}
    for i, para in enumerate(paragraphs):
        for name in para.starts:
            if name.startswith(BODY_PREFIX):
                first, last = spans.get(name, (i, i))
                spans[name] = (min(first, i), max(last, i))
        for name in para.ends:
            if name in spans:
                spans[name] = (spans[name][0], max(spans[name][1], i))
    inside: set[int] = set()
    for name, (first, last) in spans.items():
        column = paragraphs[first].column
        members = [i for i in range(first, last + 1) if paragraphs[i].column == column]
        inside.update(members)
        out.bodies[name] = [_paragraph(paragraphs[i].element, styles) for i in members]
    last_marker = ""
    for i, para in enumerate(paragraphs):
        for name in para.starts:
            if name.startswith(BODY_PREFIX):
                last_marker = name
        if i not in inside:
            read = _paragraph(para.element, styles)
            if read.text.strip():
                out.outside.append((last_marker, read))
    return out


def _walk(element: Any, column: tuple[int, ...], out: list[_Para], names: dict[str, str], pending: list[str]) -> None:
    """Every paragraph in reading order with its cell path; bookmark starts and ends attached to a paragraph."""
    for child in element:
        tag = child.tag
        if tag == qn("w:p"):
            para = _Para(child, column, starts=list(pending))
            pending.clear()
            for mark in child.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd")):
                mark_id = mark.get(qn("w:id"))
                if mark.tag == qn("w:bookmarkStart"):
                    name = mark.get(qn("w:name")) or ""
                    names[mark_id] = name
                    para.starts.append(name)
                elif mark_id in names:
                    para.ends.append(names[mark_id])
            out.append(para)
        elif tag == qn("w:tbl"):
            for row in child.iter(qn("w:tr")):
                if row.getparent() is not child:
                    continue
                for n, cell in enumerate(c for c in row if c.tag == qn("w:tc")):
                    _walk(cell, (*column, n), out, names, pending)
        elif tag == qn("w:bookmarkStart"):
            names[child.get(qn("w:id"))] = child.get(qn("w:name")) or ""
            pending.append(child.get(qn("w:name")) or "")
        elif tag == qn("w:bookmarkEnd"):
            name = names.get(child.get(qn("w:id")) or "")
            if name and out:
                out[-1].ends.append(name)
        elif tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo")):
            _walk(child, column, out, names, pending)


def _paragraph(p: Any, styles: dict[str, str]) -> ReadParagraph:
    """The paragraph's kind (from its style, or its numbering) and its runs."""
    style_id = p.pPr.pStyle.val if p.pPr is not None and p.pPr.pStyle is not None else ""
    style = styles.get(style_id, style_id or "")
    kind, level = "p", 0
    for prefix, name in _LIST_KINDS:
        if style.startswith(prefix):
            kind = name
            level = 1 if style.rstrip().endswith(" 2") else 0
            break
    else:
        if p.pPr is not None and p.pPr.numPr is not None:
            kind = "ol"
    return ReadParagraph(kind, level, tuple(_runs(p)), style)


def _runs(p: Any) -> list[Text]:
    """The paragraph's runs as model runs, tracked changes accepted, a REF field as one reference run."""
    out: list[Text] = []
    field: dict[str, Any] | None = None  # the complex field being read: its instruction and result
    for r in p.iter(qn("w:r")):
        if _deleted(r, p):
            continue
        for child in r:
            if child.tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    field = {"instr": "", "result": [], "in_result": False}
                elif kind == "separate" and field is not None:
                    field["in_result"] = True
                elif kind == "end" and field is not None:
                    out += _field_result(field)
                    field = None
                continue
            if child.tag == qn("w:instrText") and field is not None:
                field["instr"] += child.text or ""
                continue
        text = _run_text(r)
        if not text:
            continue
        bold, italic = _flag(r, "w:b"), _flag(r, "w:i")
        run = Text(text, bold=bold, italic=italic)
        if field is not None:
            if field["in_result"]:
                field["result"].append(run)
            continue
        _append(out, run)
    return out


def _field_result(field: dict[str, Any]) -> list[Text]:
    """A REF field's result as one run pointing at its bookmark; any other field's result as text."""
    words = field["instr"].split()
    text = "".join(t.text for t in field["result"])
    if len(words) >= 2 and words[0] == "REF":
        return [Text(text, ref=words[1])]
    return list(field["result"])


def _append(out: list[Text], run: Text) -> None:
    if out and not out[-1].ref and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
        out[-1] = Text(out[-1].text + run.text, run.bold, run.italic)
    else:
        out.append(run)


def _deleted(r: Any, p: Any) -> bool:
    """Whether the run stands in a tracked deletion (or a move away), which reading as accepted drops."""
    parent = r.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (qn("w:del"), qn("w:moveFrom")):
            return True
        parent = parent.getparent()
    return False


def _run_text(r: Any) -> str:
    parts = []
    for child in r:
        if child.tag == qn("w:t"):
            parts.append(child.text or "")
        elif child.tag == qn("w:tab"):
            parts.append("\t")
        elif child.tag in (qn("w:br"), qn("w:cr")):
            parts.append(" ")
        elif child.tag == qn("w:noBreakHyphen"):
            parts.append("\u2011")
    return "".join(parts)


def _flag(r: Any, tag: str) -> bool:
    rpr = r.find(qn("w:rPr"))
    if rpr is None:
        return False
    el = rpr.find(qn(tag))
    if el is None:
        return False
    return el.get(qn("w:val"), "true") not in ("0", "false", "off")

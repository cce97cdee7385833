"""The structure tree and the page furniture of a PDF that WeasyPrint tagged, made PDF/UA-grade.

WeasyPrint tags each page on its own and drops what it cannot map. With the private
annotations of :mod:`agreement_builder.writers.pdftags`, :func:`fix_structure`:

- marks running headers, footers and page numbers as pagination artifacts, the draft
  watermark as a watermark artifact and a table's header row repeated on a later page as a
  pagination artifact, and takes them out of the tree, so a draft reads like the final;
- merges the pieces of one HTML element split by page breaks into one element, so a
  side-by-side row reads paragraph by paragraph across pages and a paragraph is one ``P``;
- strips table semantics from tables that only lay text out (title row, parallel text,
  signature blocks);
- gives every list item its ``Lbl`` and one ``LBody``;
- sets ``/Lang`` on each element whose language differs from its parent's or was declared
  on its HTML element (the Spanish column, the informe final, a Spanish alt text);
- adds ``/ActualText`` with a soft hyphen where WeasyPrint hyphenated a word at a line end,
  so extracted text has no hard hyphens that were never written;
- removes every private key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from agreement_builder.writers import pdftags

# Classes of HTML tables that lay text out rather than hold data: tagged as Div, not Table.
LAYOUT_TABLES = frozenset({"parallel", "signatures", "sig-rows"})
_TABLE_PARTS = frozenset({"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"})
_WATERMARK = "watermark"
_MAX_DEPTH = 500
_OPENING = re.compile(
    rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC"
)  # a /P chain longer than this is broken; stop walking it

ObjGen = tuple[int, int]
# A structure element: a pikepdf Dictionary, whose items pikepdf's stubs type as plain Object.
Elem = Any
StreamWriter = Callable[[Any, bytes], None]


def fix_structure(pdf: pikepdf.Pdf, write_stream: StreamWriter) -> None:
    """Fix ``pdf``'s structure tree and re-mark its page furniture, in place.

    ``write_stream`` stores a page's new content stream (compressed as the caller's file needs).
    """
    if "/StructTreeRoot" not in pdf.Root:
        return
    _Tree(pdf, write_stream).fix()


def _kids(element: Elem) -> list[pikepdf.Object]:
    k = element.get("/K")
    if k is None:
        return []
    if isinstance(k, Array):
        return list(k)
    return [k]


def _is_elem(obj: object) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def _tag(element: Elem) -> str:
    return str(element.S)


def _classes(element: Elem) -> set[str]:
    value = element.get("/" + pdftags.CLASS)
    return set(str(value).split()) if value is not None else set()


def _node(element: Elem) -> int | None:
    value = element.get("/" + pdftags.NODE)
    return int(value) if value is not None else None


def _cells(element: Elem) -> list[Elem]:
    """The TH and TD elements under ``element``, in order."""
    out: list[Elem] = []
    for kid in _kids(element):
        if _is_elem(kid):
            out.extend([kid] if _tag(kid) in ("/TH", "/TD") else _cells(kid))
    return out


class _Tree:
    """One pass over the structure tree and the page contents."""

    def __init__(self, pdf: pikepdf.Pdf, write_stream: StreamWriter) -> None:
        self.pdf = pdf
        self.write_stream = write_stream
        self.root = pdf.Root.StructTreeRoot
        self.document = self.root.K[0] if isinstance(self.root.K, Array) else self.root.K
        self.replaced: dict[ObjGen, Elem] = {}  # merged-away element -> the one that holds its content now
        self.repeated: set[ObjGen] = set()  # table header rows repeated on later pages
        self.header_ids: dict[bytes, pikepdf.Object] = {}  # a repeated header cell's ID -> the first one's
        self.kinds: dict[ObjGen, str] = {}  # element -> the artifact kind of its content ('' for none)

    def fix(self) -> None:
        self._repeated_headers(self.document, {})
        self._redirect_headers(self.document)
        self._page_contents()
        self._merge(self.document)
        self._settle(self.document, False, str(self.pdf.Root.get("/Lang", "")))
        self._parent_tree()

    # A table's header row, repeated on each page the table continues on, is read once.
    def _repeated_headers(self, element: Elem, seen: dict[int, Elem]) -> None:
        kids = _kids(element)
        kept = []
        for kid in kids:
            node = _node(kid) if _is_elem(kid) else None
            if node is not None and _tag(kid) == "/THead":
                if node in seen:
                    self.repeated.add(kid.objgen)
                    self._same_headers(seen[node], kid)
                    continue
                seen[node] = kid
            kept.append(kid)
            if _is_elem(kid):
                self._repeated_headers(kid, seen)
        if len(kept) != len(kids):
            element.K = Array(kept)

    def _same_headers(self, first: Elem, repeat: Elem) -> None:
        """Cells on later pages name the repeated header cells; they will name the first ones."""
        for a, b in zip(_cells(first), _cells(repeat), strict=False):
            if "/ID" in a and "/ID" in b:
                self.header_ids[bytes(b.ID)] = a.ID

    def _redirect_headers(self, element: Elem) -> None:
        if not self.header_ids:
            return
        for kid in _kids(element):
            if not _is_elem(kid):
                continue
            attrs = kid.get("/A")
            if isinstance(attrs, Dictionary) and isinstance(attrs.get("/Headers"), Array):
                attrs.Headers = Array(self.header_ids.get(bytes(h), h) for h in attrs.Headers)
            self._redirect_headers(kid)

    # Furniture leaves the tree and its content is re-marked; hyphenated line ends get ActualText.
    def _page_contents(self) -> None:
        nums = self.root.ParentTree.Nums
        by_index = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in self.pdf.pages:
            index = page.obj.get("/StructParents")
            mapping = by_index.get(int(index)) if index is not None else None
            if not isinstance(mapping, Array):
                continue
            artifacts: dict[int, str] = {}
            actual: dict[int, str] = {}
            for mcid, element in enumerate(mapping):
                kind = self._artifact_kind(element)
                if kind:
                    artifacts[mcid] = kind
                    mapping[mcid] = pikepdf.Object.parse(b"null")
                elif isinstance(element, Dictionary) and "/" + pdftags.HYPHENATED in element:
                    actual[mcid] = str(element["/" + pdftags.HYPHENATED])
            if artifacts or actual:
                self._remark(page, artifacts, actual, len(mapping))
        kept = [k for k in _kids(self.document) if not (_is_elem(k) and _WATERMARK in _classes(k))]
        self.document.K = Array(kept)

    def _artifact_kind(self, element: object) -> str:
        """'Header', 'Footer', 'Watermark' or 'Repeat' when the element lies in page furniture, else ''.

        The answer for each element on the way up is remembered: most share their ancestors.
        """
        chain: list[ObjGen] = []
        kind = ""
        for _ in range(_MAX_DEPTH):
            if not isinstance(element, Dictionary):
                break
            key = element.objgen if element.is_indirect else None
            if key is not None and key in self.kinds:
                kind = self.kinds[key]
                break
            if key is not None:
                chain.append(key)
            if key in self.repeated:
                kind = "Repeat"
                break
            mark = element.get("/" + pdftags.ARTIFACT)
            if mark is not None:
                kind = str(mark).lstrip("/")
                break
            if _WATERMARK in _classes(element):
                kind = "Watermark"
                break
            element = element.get("/P")
        for key in chain:
            self.kinds[key] = kind
        return kind

    def _remark(self, page: pikepdf.Page, artifacts: dict[int, str], actual: dict[int, str], count: int) -> None:
        """Rewrite the page's marked-content properties for the given ids.

        WeasyPrint writes each tagged sequence as ``/Tag <</MCID n>> BDC``; when the page holds
        exactly one such opening per id of the page, they are rewritten in the bytes (fast);
        otherwise the content stream is parsed and written again.
        """
        contents = page.obj.get("/Contents")
        if isinstance(contents, pikepdf.Stream):
            data = contents.read_bytes()
            if len(_OPENING.findall(data)) == count:

                def opening(match: re.Match[bytes]) -> bytes:
                    mcid = int(match.group(2))
                    if mcid in artifacts:
                        subtype = b"" if artifacts[mcid] == "Repeat" else b" /Subtype /" + artifacts[mcid].encode()
                        return b"/Artifact <</Type /Pagination" + subtype + b">> BDC"
                    if mcid in actual:
                        text = String(actual[mcid]).unparse()
                        return b"/" + match.group(1) + b" <</MCID %d /ActualText " % mcid + text + b">> BDC"
                    return match.group(0)

                stream = self.pdf.make_stream(b"")
                self.write_stream(stream, _OPENING.sub(opening, data))
                page.Contents = stream
                return
        ops = []
        instructions: list[Any] = list(pikepdf.parse_content_stream(page))
        for operands, op in instructions:
            if str(op) == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary):
                mcid = operands[1].get("/MCID")
                if mcid is not None and int(mcid) in artifacts:
                    props = Dictionary(Type=Name.Pagination)
                    if artifacts[int(mcid)] != "Repeat":
                        props.Subtype = Name("/" + artifacts[int(mcid)])
                    operands = [Name.Artifact, props]
                elif mcid is not None and int(mcid) in actual:
                    operands = [operands[0], Dictionary(MCID=int(mcid), ActualText=String(actual[int(mcid)]))]
            ops.append((operands, op))
        contents = self.pdf.make_stream(b"")
        self.write_stream(contents, pikepdf.unparse_content_stream(ops))
        page.Contents = contents

    # Pieces of one element, split by page breaks, become one element again.
    def _merge(self, element: Elem) -> None:
        kids = _kids(element)
        if not kids:
            return
        kept: list[pikepdf.Object] = []
        first: dict[int, Elem] = {}
        for kid in kids:
            node = _node(kid) if _is_elem(kid) else None
            if node is not None and node in first:
                self._join(first[node], kid)
                continue
            if node is not None:
                first[node] = kid
            kept.append(kid)
        element.K = Array(kept)
        for kid in kept:
            if _is_elem(kid):
                self._merge(kid)

    def _join(self, into: Elem, piece: Elem) -> None:
        """Append ``piece``'s content to ``into``; marked-content ids keep their own page."""
        page = piece.get("/Pg")
        joined = _kids(into)
        for kid in _kids(piece):
            if isinstance(kid, int):
                kid = Dictionary(Type=Name.MCR, Pg=page, MCID=kid)
            elif _is_elem(kid):
                kid.P = into
            joined.append(kid)
        into.K = Array(joined)
        self.replaced[piece.objgen] = into

    # One walk for what each element needs on its own: table semantics only for data tables,
    # a body for each list item, /Lang where the language changes or was declared, and no
    # private key left. (One walk: each pikepdf access costs, and the tree has thousands.)
    def _settle(self, element: Elem, in_layout: bool, inherited: str) -> None:
        for kid in _kids(element):
            if not _is_elem(kid):
                continue
            layout = bool(_classes(kid) & LAYOUT_TABLES) if _tag(kid) == "/Table" else in_layout
            if layout and _tag(kid) in _TABLE_PARTS:
                kid.S = Name.Div
                for key in ("/A", "/ID"):
                    if key in kid:
                        del kid[key]
            if _tag(kid) == "/LI":
                self._one_body(kid)
            here = inherited
            lang = kid.get("/" + pdftags.LANG)
            if lang is not None:
                here = str(lang)
                if here != inherited or "/" + pdftags.EXPLICIT in kid:
                    kid.Lang = String(here)
            for key in pdftags.KEYS:
                if "/" + key in kid:
                    del kid["/" + key]
            self._settle(kid, layout, here)

    def _one_body(self, item: Elem) -> None:
        kids = _kids(item)
        loose = [k for k in kids if not (_is_elem(k) and _tag(k) in ("/Lbl", "/LBody"))]
        if not loose:
            return
        bodies = [k for k in kids if _is_elem(k) and _tag(k) == "/LBody"]
        if bodies:
            body = bodies[0]
        else:
            body = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array()))
            if "/Pg" in item:
                body.Pg = item.Pg
        for kid in loose:
            if _is_elem(kid):
                kid.P = body
            elif isinstance(kid, int):
                self.replaced[item.objgen] = body  # its marked content now belongs to the body
        body.K = Array([*_kids(body), *loose])
        labels = [k for k in kids if _is_elem(k) and _tag(k) == "/Lbl"]
        item.K = Array([*labels, body])

    def _parent_tree(self) -> None:
        """Point every marked-content id and annotation at the element that now holds it."""
        if not self.replaced:
            return
        nums = self.root.ParentTree.Nums
        for i in range(1, len(nums), 2):
            value = nums[i]
            if isinstance(value, Array):
                for j, element in enumerate(value):
                    target = self._final(element)
                    if target is not None:
                        value[j] = target
            else:
                target = self._final(value)
                if target is not None:
                    nums[i] = target

    def _final(self, element: object) -> Elem | None:
        if not isinstance(element, Dictionary) or not element.is_indirect:
            return None
        target = self.replaced.get(element.objgen)
        for _ in range(_MAX_DEPTH):
            if target is None or target.objgen not in self.replaced:
                break
            target = self.replaced[target.objgen]
        return target

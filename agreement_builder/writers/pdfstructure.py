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
- hands the content of every Span that says nothing of its own (no language) to its
  parent: more than half of an agreement's elements, which every reader walked for nothing;
- adds ``/ActualText`` with a soft hyphen where WeasyPrint hyphenated a word at a line end,
  so extracted text has no hard hyphens that were never written;
- removes every private key.

It runs as WeasyPrint's ``finisher``, on the objects WeasyPrint is about to write (pydyf
dictionaries, arrays and streams in memory), not on the written file: the same changes made
through pikepdf, after WeasyPrint had serialised the tree and pikepdf had parsed it again,
cost a warm agreement build 0.3 s of its 4, for some 3,000 elements. Here each access is a
Python dictionary's, and the rewritten page contents are compressed once.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import pydyf  # type: ignore[import-untyped]

from agreement_builder.writers import pdftags

# Classes of HTML tables that lay text out rather than hold data: tagged as Div, not Table.
LAYOUT_TABLES = frozenset({"parallel", "signatures", "sig-rows"})
_TABLE_PARTS = frozenset({"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"})
_WATERMARK = "watermark"
_PLAIN_SPAN = frozenset({"Type", "S", "P", "Pg", "K"})  # the keys of a Span that says nothing of its own
_MAX_DEPTH = 500  # a /P chain longer than this is broken; stop walking it
_OPENING = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")

# A structure element: a pydyf Dictionary (a dict whose keys carry no slash). Its /K holds
# references (b"12 0 R"), marked-content ids (int) and marked-content reference dictionaries.
Elem = Any


def fix_structure(pdf: Any) -> None:
    """Fix the structure tree of ``pdf`` (a :class:`pydyf.PDF` before it is written) and re-mark its page furniture.

    Meant as ``write_pdf(finisher=lambda document, pdf: fix_structure(pdf))``, inside
    :func:`agreement_builder.writers.pdftags.annotated_tags`, whose private keys it reads
    and removes.
    """
    if "StructTreeRoot" not in pdf.catalog:
        return
    _Tree(pdf).fix()


def _string(value: object) -> str:
    """The text of a pydyf String (or of a plain value)."""
    return str(getattr(value, "string", value))


def _classes(element: Elem) -> set[str]:
    value = element.get(pdftags.CLASS)
    return set(_string(value).split()) if value is not None else set()


class _Tree:
    """One pass over the structure tree and the page contents."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        # Every object by its reference (b"12 0 R"), and the structure elements among them:
        # the tree is walked through references, tens of thousands of times.
        self.by_reference: dict[bytes, Any] = {obj.reference: obj for obj in pdf.objects}
        self.elements: dict[bytes, Elem] = {
            ref: obj for ref, obj in self.by_reference.items() if isinstance(obj, dict) and "S" in obj
        }
        self.root = self._deref(pdf.catalog["StructTreeRoot"])
        self.document = self._deref(self.root["K"][0])
        self.nums: list[Any] = self._deref(self.root["ParentTree"])["Nums"]
        self.replaced: dict[int, Elem] = {}  # merged-away element -> the one that holds its content now
        self.repeated: set[int] = set()  # table header rows repeated on later pages
        self.header_ids: dict[str, Any] = {}  # a repeated header cell's ID -> the first one's
        self.kinds: dict[int, str] = {}  # element -> the artifact kind of its content ('' for none)

    def _deref(self, item: object) -> Any:
        """The object a reference (b"12 0 R") leads to; anything else as it is."""
        return self.by_reference.get(item, item) if isinstance(item, bytes) else item

    def _elem(self, item: object) -> Elem:
        """The structure element ``item`` refers to, or None (a marked-content id, an object reference)."""
        return self.elements.get(item) if isinstance(item, bytes) else None

    def _kids(self, element: Elem) -> list[Elem]:
        """The structure elements directly under ``element``, in order."""
        return [kid for kid in map(self._elem, element.get("K") or ()) if kid is not None]

    def fix(self) -> None:
        self._repeated_headers(self.document, {})
        self._page_contents()
        self._merge_and_settle(self.document, False, _string(self.pdf.catalog.get("Lang", "")))
        self._parent_tree()

    # A table's header row, repeated on each page the table continues on, is read once.
    def _repeated_headers(self, element: Elem, seen: dict[int, Elem]) -> None:
        items = element.get("K") or ()
        kept = []
        for item in items:
            kid = self._elem(item)
            node = kid.get(pdftags.NODE) if kid is not None else None
            if node is not None and kid["S"] == "/THead":
                if node in seen:
                    self.repeated.add(kid.number)
                    self._same_headers(seen[node], kid)
                    continue
                seen[node] = kid
            kept.append(item)
            if kid is not None:
                self._repeated_headers(kid, seen)
        if len(kept) != len(items):
            element["K"] = pydyf.Array(kept)

    def _cells(self, element: Elem) -> list[Elem]:
        """The TH and TD elements under ``element``, in order."""
        out: list[Elem] = []
        for kid in self._kids(element):
            out.extend([kid] if kid["S"] in ("/TH", "/TD") else self._cells(kid))
        return out

    def _same_headers(self, first: Elem, repeat: Elem) -> None:
        """Cells on later pages name the repeated header cells; they will name the first ones."""
        for a, b in zip(self._cells(first), self._cells(repeat), strict=False):
            if "ID" in a and "ID" in b:
                self.header_ids[_string(b["ID"])] = a["ID"]

    def _redirect_headers(self, element: Elem) -> None:
        """A cell that names repeated header cells names the first ones instead."""
        attrs = element.get("A")
        if isinstance(attrs, dict) and isinstance(attrs.get("Headers"), list):
            attrs["Headers"] = pydyf.Array(self.header_ids.get(_string(h), h) for h in attrs["Headers"])

    # Furniture leaves the tree and its content is re-marked; hyphenated line ends get ActualText.
    def _page_contents(self) -> None:
        by_index = {self.nums[i]: self.nums[i + 1] for i in range(0, len(self.nums), 2)}
        for number in self.pdf.pages["Kids"][::3]:
            page = self.pdf.objects[number]
            index = page.get("StructParents")
            mapping = by_index.get(index) if index is not None else None
            if not isinstance(mapping, list):
                continue
            artifacts: dict[int, str] = {}
            actual: dict[int, str] = {}
            for mcid, item in enumerate(mapping):
                element = self._deref(item)
                kind = self._artifact_kind(element)
                if kind:
                    artifacts[mcid] = kind
                    mapping[mcid] = "null"
                elif isinstance(element, dict) and pdftags.HYPHENATED in element:
                    actual[mcid] = _string(element[pdftags.HYPHENATED])
            if artifacts or actual:
                _remark(self._deref(page["Contents"]), artifacts, actual, len(mapping))
        kept = [k for k in self.document["K"] if not ((e := self._elem(k)) is not None and _WATERMARK in _classes(e))]
        self.document["K"] = pydyf.Array(kept)

    def _artifact_kind(self, element: object) -> str:
        """'Header', 'Footer', 'Watermark' or 'Repeat' when the element lies in page furniture, else ''.

        The answer for each element on the way up is remembered: most share their ancestors.
        """
        chain: list[int] = []
        kind = ""
        for _ in range(_MAX_DEPTH):
            if not isinstance(element, dict):
                break
            key = getattr(element, "number", None)  # None for a direct dictionary
            if key is not None and key in self.kinds:
                kind = self.kinds[key]
                break
            if key is not None:
                chain.append(key)
            if key in self.repeated:
                kind = "Repeat"
                break
            mark = element.get(pdftags.ARTIFACT)
            if mark is not None:
                kind = str(mark).lstrip("/")
                break
            if _WATERMARK in _classes(element):
                kind = "Watermark"
                break
            element = self._deref(element.get("P"))
        for key in chain:
            self.kinds[key] = kind
        return kind

    # One walk down the tree: at each element, the pieces of one HTML element that page breaks
    # split become one element again; then each child gets what it needs on its own (see
    # _settle) before the walk goes down into it.
    def _merge_and_settle(self, element: Elem, in_layout: bool, inherited: str) -> None:
        self._merge(element)
        for kid in self._kids(element):
            layout, here = self._settle(kid, in_layout, inherited)
            self._merge_and_settle(kid, layout, here)
        self._unwrap_spans(element)

    def _unwrap_spans(self, element: Elem) -> None:
        """Each settled Span child that says nothing of its own gives its content to ``element``.

        WeasyPrint makes a Span of every inline element (a bold word, a nowrap range, a
        heading's counter): more than half of an agreement's structure elements. One with
        no language of its own tells a reader nothing its parent does not, and every tool
        after it (the PDF writer, qpdf, a screen reader) walks it. Its marked content moves
        up, named with its page where that is not the parent's; a Span with a /Lang stays.
        """
        items = element.get("K")
        if not items:
            return
        out: list[object] = []
        unwrapped = False
        for item in items:
            kid = self._elem(item)
            page = kid.get("Pg") if kid is not None else None
            if kid is None or kid["S"] != "/Span" or page is None or not kid.keys() <= _PLAIN_SPAN:
                out.append(item)
                continue
            same_page = page == element.get("Pg")
            for sub in kid.get("K") or ():
                if isinstance(sub, int) and not same_page:
                    sub = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": sub})
                elif (grandchild := self._elem(sub)) is not None:
                    grandchild["P"] = element.reference
                out.append(sub)
            self.replaced[kid.number] = element
            kid.free = "f"  # nothing leads to it any more: pydyf leaves it out of the file
            unwrapped = True
        if unwrapped:
            element["K"] = pydyf.Array(out)

    def _merge(self, element: Elem) -> None:
        """Join the children of ``element`` that are pieces of one HTML element into the first piece."""
        items = element.get("K")
        if not items:
            return
        kept: list[object] = []
        first: dict[int, Elem] = {}
        for item in items:
            kid = self._elem(item)
            node = kid.get(pdftags.NODE) if kid is not None else None
            if node is not None and node in first:
                self._join(first[node], kid)
                continue
            if node is not None:
                first[node] = kid
            kept.append(item)
        element["K"] = pydyf.Array(kept)

    def _join(self, into: Elem, piece: Elem) -> None:
        """Append ``piece``'s content to ``into``; marked-content ids keep their own page."""
        page = piece.get("Pg")
        joined = list(into["K"])
        for item in piece["K"]:
            if isinstance(item, int):
                item = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": item})
            elif (kid := self._elem(item)) is not None:
                kid["P"] = into.reference
            joined.append(item)
        into["K"] = pydyf.Array(joined)
        self.replaced[piece.number] = into

    def _settle(self, kid: Elem, in_layout: bool, inherited: str) -> tuple[bool, str]:
        """What one element needs on its own: table semantics only in data tables, header cells
        named as first read, a body for a list item, /Lang where the language changes or was
        declared, and no private key left. Returns whether its children lie in a layout table,
        and their inherited language.
        """
        layout = bool(_classes(kid) & LAYOUT_TABLES) if kid["S"] == "/Table" else in_layout
        if layout and kid["S"] in _TABLE_PARTS:
            kid["S"] = "/Div"
            kid.pop("A", None)
            kid.pop("ID", None)
        elif self.header_ids:
            self._redirect_headers(kid)
        if kid["S"] == "/LI":
            self._one_body(kid)
        here = inherited
        lang = kid.get(pdftags.LANG)
        if lang is not None:
            here = _string(lang)
            if here != inherited or pdftags.EXPLICIT in kid:
                kid["Lang"] = pydyf.String(here)
        for key in pdftags.KEYS:
            kid.pop(key, None)
        return layout, here

    def _one_body(self, item: Elem) -> None:
        items = list(item["K"])
        tags = [(i, e["S"] if (e := self._elem(i)) is not None else None) for i in items]
        loose = [i for i, tag in tags if tag not in ("/Lbl", "/LBody")]
        if not loose:
            return
        bodies = [self._elem(i) for i, tag in tags if tag == "/LBody"]
        if bodies:
            body = bodies[0]
        else:
            body = pydyf.Dictionary({"Type": "/StructElem", "S": "/LBody", "P": item.reference, "K": pydyf.Array()})
            self.pdf.add_object(body)
            self.by_reference[body.reference] = self.elements[body.reference] = body
            if "Pg" in item:
                body["Pg"] = item["Pg"]
        for i in loose:
            if (kid := self._elem(i)) is not None:
                kid["P"] = body.reference
            elif isinstance(i, int):
                self.replaced[item.number] = body  # its marked content now belongs to the body
        body["K"] = pydyf.Array([*body["K"], *loose])
        labels = [i for i, tag in tags if tag == "/Lbl"]
        item["K"] = pydyf.Array([*labels, body.reference])

    def _parent_tree(self) -> None:
        """Point every marked-content id and annotation at the element that now holds it."""
        if not self.replaced:
            return
        nums = self.nums
        for i in range(1, len(nums), 2):
            value = nums[i]
            if isinstance(value, list):
                for j, item in enumerate(value):
                    target = self._final(self._deref(item))
                    if target is not None:
                        value[j] = target.reference
            else:
                target = self._final(self._deref(value))
                if target is not None:
                    nums[i] = target.reference

    def _final(self, element: object) -> Elem:
        if not isinstance(element, dict) or getattr(element, "number", None) is None:
            return None
        target = self.replaced.get(element.number)  # type: ignore[attr-defined]
        for _ in range(_MAX_DEPTH):
            if target is None or target.number not in self.replaced:
                break
            target = self.replaced[target.number]
        return target


def _remark(stream: Any, artifacts: dict[int, str], actual: dict[int, str], count: int) -> None:
    """Rewrite a page's marked-content properties for the given ids, and store it compressed.

    WeasyPrint writes each tagged sequence as ``/Tag <</MCID n>> BDC``; when the page holds
    exactly one such opening per id of the page, they are rewritten in the bytes (fast);
    otherwise the content stream is parsed and written again.
    """
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)  # what pydyf would write
    if len(_OPENING.findall(data)) == count:

        def opening(match: re.Match[bytes]) -> bytes:
            mcid = int(match.group(2))
            if mcid in artifacts:
                subtype = b"" if artifacts[mcid] == "Repeat" else b" /Subtype /" + artifacts[mcid].encode()
                return b"/Artifact <</Type /Pagination" + subtype + b">> BDC"
            if mcid in actual:
                import pikepdf

                text = pikepdf.String(actual[mcid]).unparse()
                return b"/" + match.group(1) + b" <</MCID %d /ActualText " % mcid + text + b">> BDC"
            return match.group(0)

        data = _OPENING.sub(opening, data)
    else:
        data = _reparsed(data, artifacts, actual)
    # Compressed here as the post-pass compresses what it writes (pydyf would use level 9);
    # a stream that ends in a carriage return is armoured when the file is saved (pdfarchive._save).
    stream.stream = [zlib.compress(data)]
    stream.compress = False
    stream.extra["Filter"] = "/FlateDecode"


def _reparsed(data: bytes, artifacts: dict[int, str], actual: dict[int, str]) -> bytes:
    """The slow path of :func:`_remark`: the content stream parsed by qpdf and written again."""
    import pikepdf
    from pikepdf import Dictionary, Name, String

    ops = []
    with pikepdf.new() as scratch:
        instructions: list[Any] = list(pikepdf.parse_content_stream(scratch.make_stream(data)))
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
        return pikepdf.unparse_content_stream(ops)

"""What WeasyPrint's tagger knows about each structure element, handed on to the PDF post-pass.

WeasyPrint (pdf_tags=True) builds the structure tree from the laid-out boxes but drops what
an accessible, archivable PDF needs: the language of each element (the Spanish column is
read with a Dutch voice), which boxes are running headers and footers (their text becomes
marked content outside the tree), which HTML element a box came from (an element split by a
page break becomes two unrelated elements, so a side-by-side row reads out of order), and
the element's class (a title block or signature table is tagged as a data table).

:func:`annotated_tags` wraps WeasyPrint's recursive tree builder while one PDF is written and
writes these facts into each structure element under private ``/AB…`` keys.
:mod:`agreement_builder.writers.pdfstructure`, run as WeasyPrint's finisher, reads them,
fixes the tree, and removes every one of them, so they never reach the output. The wrapper
is set for the duration of one ``write_pdf`` call, under a lock. It relies on the shape of a
private WeasyPrint function, so pyproject.toml pins WeasyPrint's major version, and the shape
is checked (``TAGGER_PARAMETERS``) before each use: if it changes, the build fails with a
clear error rather than write a PDF that claims PDF/UA without deserving it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
from collections.abc import Callable, Iterator
from typing import Any

from agreement_builder.core.errors import RenderError

# Private keys: pdfstructure removes them all (KEYS) before the PDF is written.
LANG = "ABLang"  # the element's language (BCP 47), from WeasyPrint's computed `lang`
EXPLICIT = "ABExplicit"  # 1 when the HTML element itself carries lang="…"
CLASS = "ABClass"  # the HTML element's class attribute
NODE = "ABNode"  # a number per HTML element: equal numbers are pieces of one element
ARTIFACT = "ABArtifact"  # 'Header' or 'Footer' for running page furniture
HYPHENATED = "ABHyphenated"  # a text run hyphenated at its line end: its text, with a soft hyphen
KEYS = (LANG, EXPLICIT, CLASS, NODE, ARTIFACT, HYPHENATED)
SOFT_HYPHEN = "\u00ad"

_LOCK = threading.Lock()
TAGGER_PARAMETERS = ("box", "parent", "pdf", "page_number", "nums", "annotations", "tags")


def _margin_artifact(box: Any) -> str:
    """'Header' for the top margin boxes, 'Footer' for the others (bottom, left, right)."""
    keyword = getattr(box, "at_keyword", "") or ""
    return "Header" if keyword.startswith("@top") else "Footer"


@contextlib.contextmanager
def annotated_tags() -> Iterator[None]:
    """While active, every structure element WeasyPrint builds carries our private annotations."""
    import pydyf  # type: ignore[import-untyped]
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    original: Callable[..., Iterator[Any]] = tags._build_box_tree
    if tuple(inspect.signature(original).parameters) != TAGGER_PARAMETERS:
        raise RenderError(
            "this WeasyPrint version tags PDFs differently from the one agreement-builder supports; "
            "install the WeasyPrint version pyproject.toml names"
        )
    nodes: dict[tuple[int, str], int] = {}
    keep_alive: list[object] = []  # ids stay unique while the elements live
    annotated: set[int] = set()
    furniture: list[str] = []  # the artifact type of the margin box being tagged, if any

    def node_number(element: object, pseudo: str) -> int:
        key = (id(element), pseudo)
        if key not in nodes:
            nodes[key] = 1 + len(nodes)
            keep_alive.append(element)
        return nodes[key]

    settled: list[Any] = []  # the PDF being tagged, while it is of the class below
    settled_class = _settled_pages_class()

    def build(box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, *rest: Any) -> Iterator[Any]:
        if not settled and type(pdf) is pydyf.PDF:
            pdf.settled_page_references = pdf.page_references
            pdf.__class__ = settled_class
            settled.append(pdf)
        args = (parent, pdf, page_number, nums, *rest)
        is_margin = isinstance(box, boxes.MarginBox)
        if is_margin:
            furniture.append(_margin_artifact(box))
        hyphenated = _hyphenated_runs(box, rest[-1], boxes)
        try:
            for element in original(box, *args):
                # html, body and page boxes pass their children's elements on: the innermost
                # call, the element's own box, annotates it.
                if id(element) not in annotated:
                    annotated.add(id(element))  # the PDF holds every element while it is written
                    _annotate(element, box, node_number, furniture, pydyf)
                yield element
            # The runs' own elements exist now: name each hyphenated one's real text.
            for mcid, text in hyphenated.items():
                reference = nums.get(mcid)
                if reference is not None:
                    number = int(bytes(reference).split()[0])
                    pdf.objects[number][HYPHENATED] = pydyf.String(text)
        finally:
            if is_margin:
                furniture.pop()

    with _LOCK:
        tags._build_box_tree = build
        try:
            yield
        finally:
            tags._build_box_tree = original
            for pdf in settled:
                pdf.__class__ = pydyf.PDF
                del pdf.settled_page_references


@functools.cache
def _settled_pages_class() -> type:
    """pydyf's PDF, with its page references read once, for the time WeasyPrint tags it.

    pydyf builds the tuple of every page's reference anew each time it is read, and
    WeasyPrint's tagger reads it once for each of the thousands of structure elements: a
    fifth of the tagging's time. When tagging starts, every page has been added.
    """
    import pydyf

    class SettledPages(pydyf.PDF):
        """A pydyf PDF whose page references were read when its tagging started."""

        @property
        def page_references(self) -> tuple[bytes, ...]:
            return self.settled_page_references

    return SettledPages


def _hyphenated_runs(box: Any, tags: Any, boxes: Any) -> dict[int, str]:
    """{marked-content id: text with a soft hyphen} for the text runs of ``box`` that WeasyPrint hyphenated."""
    found: dict[int, str] = {}
    for child in getattr(box, "children", ()):
        runs = child.children if isinstance(child, boxes.LineBox) else [child]
        for run in runs:
            if not isinstance(run, boxes.TextBox) or run not in tags:
                continue
            mark = run.style["hyphenate_character"]
            if mark and run.style["hyphens"] == "auto" and run.text.endswith(mark):
                found[tags[run]["mcid"]] = run.text[: -len(mark)] + SOFT_HYPHEN
    return found


def _annotate(
    element: Any, box: Any, node_number: Callable[[object, str], int], furniture: list[str], pydyf: Any
) -> None:
    """Write the private keys into one structure element (a pydyf dictionary)."""
    if furniture:
        element[ARTIFACT] = "/" + furniture[-1]
    html = getattr(box, "element", None)
    style = getattr(box, "style", None)
    lang = style["lang"] if style is not None else None
    if lang:
        element[LANG] = pydyf.String(str(lang))
    if html is None or not isinstance(getattr(html, "tag", None), str):
        return
    if html.get("lang"):
        element[EXPLICIT] = 1
    if html.get("class"):
        element[CLASS] = pydyf.String(html.get("class"))
    # A ::marker or ::before pseudo-element shares its element with the box it decorates.
    tag = str(getattr(box, "element_tag", "") or "")
    element[NODE] = node_number(html, tag.partition("::")[2])

"""Reading back what the PDF post-pass wrote: the structure tree, marked content, tagged text.

Shared by tests/test_pdfstructure.py and tests/test_pdfarchive.py; the validators cover the
profiles' rules, these helpers check what they do not (per-element language, reading order,
artifacts, content outside the tree).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf


@dataclass
class Elem:
    """One structure element as read back: its type, effective language, depth and parent's type."""

    tag: str
    lang: str
    depth: int
    obj: pikepdf.Dictionary
    parent: str


def kids(element: pikepdf.Dictionary) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def elements(pdf: pikepdf.Pdf) -> list[Elem]:
    """Every structure element in reading order, with the language it inherits or declares."""
    out: list[Elem] = []
    root = pdf.Root.StructTreeRoot
    top = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K

    def walk(e: pikepdf.Dictionary, lang: str, depth: int, parent: str) -> None:
        here = str(e.get("/Lang", lang))
        out.append(Elem(str(e.S), here, depth, e, parent))
        for k in kids(e):
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                walk(k, here, depth + 1, str(e.S))

    walk(top, str(pdf.Root.Lang), 0, "")
    return out


def held_ids(element: pikepdf.Dictionary) -> Iterator[tuple[pikepdf.Object, int]]:
    """(page, MCID) of each marked-content id directly under ``element``: its own ids and its references."""
    page = element.get("/Pg")
    for k in kids(element):
        if isinstance(k, int) and page is not None:
            yield page, k
        elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR:
            yield k.Pg, int(k.MCID)


def reachable_mcids(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """(page index, MCID) of every marked-content id the structure tree reaches."""
    pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    return {(pages[page.objgen], mcid) for e in elements(pdf) for page, mcid in held_ids(e.obj)}


def marked_content(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, pikepdf.Object | None, bool]]:
    """(page index, tag, properties, shows text) for each marked-content sequence, and text outside any."""
    for index, page in enumerate(pdf.pages):
        stack: list[list] = []
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name in ("BDC", "BMC"):
                stack.append([str(operands[0]), operands[1] if name == "BDC" else None, False])
            elif name == "EMC":
                tag, props, shows = stack.pop()
                yield index, tag, props, shows
            elif name in ("Tj", "TJ", "'", '"', "Do", "f", "f*", "S", "B", "sh"):
                if stack:
                    stack[-1][2] = True
                elif name in ("Tj", "TJ", "'", '"', "Do"):
                    yield index, "", None, True


def tagged_text(data: bytes) -> tuple[str, str]:
    """(text in the structure, text in artifacts), as a tagged-PDF reader separates them."""
    from pdfminer.high_level import extract_text_to_fp

    out = io.BytesIO()
    extract_text_to_fp(io.BytesIO(data), out, output_type="tag")
    xml = out.getvalue().decode("utf-8")
    artifacts = re.findall(r"<Artifact[^>]*>(.*?)</Artifact>", xml, flags=re.S)
    content = re.sub(r"<Artifact[^>]*>.*?</Artifact>", " ", xml, flags=re.S)
    content = re.sub(r"<[^>]+>", " ", content)
    return _squash(content), _squash(" ".join(artifacts))


def _squash(text: str) -> str:
    import html

    return re.sub(r"\s+", " ", html.unescape(text)).strip()

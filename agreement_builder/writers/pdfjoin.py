"""One PDF from the PDFs WeasyPrint wrote for each page sequence of a document.

A report or a decision has two forms (Dutch, then Spanish), each laid out on its own so
that each numbers its own pages. Written together, WeasyPrint keeps the layout of both
forms in memory at once, about 1 MB a page: a 200-page report needed over 400 MB. Written
one after the other, the first form's layout is freed before the second is laid out, and
the PDFs are joined here, before the post-pass sees them:

- **Pages** are appended with everything they use (qpdf copies each object once).
- **Structure.** The second form's top-level structure elements join the first's
  ``Document`` element, in order; its parent-tree keys (pages' ``/StructParents``, links'
  ``/StructParent``) continue after the first's, so every marked-content id still leads to
  its element.
- **Link targets.** Every named destination of both is kept, also those no link in the
  file uses (a website may link to ``rapport.pdf#es-finance``). Our anchors carry their
  language (``nl-…``, ``es-…``), so names never clash; a clash is an error, not a link
  that silently leads to the wrong form.
- **Bookmarks.** The second form's outline items follow the first's (pikepdf's
  ``add_pages_from`` carries them, with the link targets the copied links use).

The rest of the catalog (language, output intent, metadata, viewer preferences) and the
document information come from the first PDF, as they did when both forms were written
at once: WeasyPrint writes the whole document's metadata into every sequence.
"""

from __future__ import annotations

from typing import Any

import pikepdf
from pikepdf import Array, Name

from agreement_builder.core.errors import RenderError


def append(pdf: pikepdf.Pdf, other: pikepdf.Pdf) -> None:
    """Append ``other``'s pages to ``pdf``, with their structure, link targets and bookmarks."""
    pairs = _renumbered_parent_tree(pdf, other)
    ours = set(_destinations(pdf))
    clashes = sorted(ours & set(_destinations(other)))
    if clashes:
        raise RenderError(f"two page sequences both define the link targets {', '.join(clashes)}")
    # pikepdf carries the bookmarks, and the link targets the copied pages' links use.
    pdf.add_pages_from(other, forms="strip", layers="ignore", outlines="preserve")
    _carry_destinations(pdf, other)
    # Copied after the pages, so references to pages lead to the copies just appended.
    root = pdf.Root.StructTreeRoot
    document = _document(root)
    kids = [pdf.copy_foreign(kid) for kid in _as_list(_document(other.Root.StructTreeRoot).get("/K"))]
    for kid in kids:
        kid.P = document
    document.K = Array([*_as_list(document.get("/K")), *kids])
    nums = root.ParentTree.Nums
    for i in range(0, len(pairs), 2):
        nums.append(pairs[i])
        # An element (a link's entry) is copied as itself, so the copy is the one in the tree;
        # make_indirect would first duplicate it, and the link would lead outside the tree.
        value = pairs[i + 1]
        nums.append(pdf.copy_foreign(value if value.is_indirect else other.make_indirect(value)))


def _destinations(pdf: pikepdf.Pdf) -> dict[str, Any]:
    """The named destinations (link targets) of ``pdf``, by name."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    return dict(pikepdf.NameTree(dests).items()) if dests is not None else {}


def _carry_destinations(pdf: pikepdf.Pdf, other: pikepdf.Pdf) -> None:
    """Every link target of ``other``, also those no link inside the file uses (a website may).

    pikepdf has already carried those the copied links use; the others follow, each leading
    to the copy of its page (qpdf copies each foreign object once).
    """
    carried = _destinations(pdf)
    missing = {name: dest for name, dest in _destinations(other).items() if name not in carried}
    if not missing:
        return
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    if "/Dests" not in pdf.Root.Names:
        pdf.Root.Names.Dests = pikepdf.NameTree.new(pdf).obj
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    for name, dest in missing.items():
        tree[name] = pdf.copy_foreign(dest if dest.is_indirect else other.make_indirect(dest))


def _document(root: Any) -> Any:
    """The ``Document`` element under a structure tree root (WeasyPrint writes exactly one)."""
    kids = _as_list(root.get("/K"))
    if len(kids) != 1 or kids[0].get("/S") != Name.Document:
        raise RenderError("a page sequence's PDF has no single Document structure element; cannot join it")
    return kids[0]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _renumbered_parent_tree(pdf: pikepdf.Pdf, other: pikepdf.Pdf) -> Array:
    """``other``'s parent-tree pairs under keys that follow ``pdf``'s; its pages and links renumbered to match."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    first = max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1
    theirs = other.Root.StructTreeRoot.ParentTree.Nums
    keys = {int(theirs[i]): first + n for n, i in enumerate(range(0, len(theirs), 2))}
    for page in other.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = keys[int(page.obj.StructParents)]
        for annotation in page.obj.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = keys[int(annotation.StructParent)]
    pairs = Array()
    for i in range(0, len(theirs), 2):
        pairs.append(keys[int(theirs[i])])
        pairs.append(theirs[i + 1])
    return pairs

"""Two page sequences written apart and joined: pages, structure, parent tree, link targets and bookmarks."""

from __future__ import annotations

import io

import pikepdf
import pytest

from agreement_builder.core.errors import RenderError
from agreement_builder.core.resources import templates_dir
from agreement_builder.writers import pdftags
from agreement_builder.writers.pdfjoin import append
from agreement_builder.writers.pdfstructure import fix_structure
from agreement_builder.writers.weasyua import LeanHTML
from tests.pdfcheck import elements


def _form(lang: str, prefix: str) -> bytes:
    """A two-page tagged PDF, as the PDF writer makes each form: a contents link, a heading on each page."""
    page = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title>
    <link rel="stylesheet" href="agreement.css"></head><body>
    <p><a href="#{prefix}-two">{prefix} twee</a></p><h1 id="{prefix}-one">{prefix} een</h1><p>tekst</p>
    <h1 id="{prefix}-two" style="break-before: page">{prefix} twee</h1><ul><li>punt</li></ul></body></html>"""
    html = LeanHTML(string=page, base_url=templates_dir().as_uri() + "/").render()
    with pdftags.annotated_tags():
        return html.write_pdf(pdf_variant="pdf/a-3a", finisher=lambda _document, pdf: fix_structure(pdf))


@pytest.fixture(scope="module")
def joined() -> pikepdf.Pdf:
    pdf = pikepdf.open(io.BytesIO(_form("nl-BE", "nl")))
    with pikepdf.open(io.BytesIO(_form("es-BO", "es"))) as other:
        append(pdf, other)
    return pdf


def _nums(pdf: pikepdf.Pdf) -> dict[int, object]:
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def test_pages_follow_each_other(joined):
    assert len(joined.pages) == 4
    texts = [page.obj.Contents.read_bytes() for page in joined.pages]
    assert all(texts)


def test_every_page_and_link_keeps_a_key_of_its_own_in_the_parent_tree(joined):
    nums = _nums(joined)
    page_keys = [int(page.obj.StructParents) for page in joined.pages]
    link_keys = [int(a.StructParent) for page in joined.pages for a in page.obj.get("/Annots", ())]
    assert len(set(page_keys + link_keys)) == len(page_keys) + len(link_keys) == len(nums)
    for page, key in zip(joined.pages, page_keys, strict=True):
        for element in nums[key]:
            assert element.Pg.objgen == page.obj.objgen, "a marked-content id leads to an element on another page"
    in_tree = {e.obj.objgen for e in elements(joined)}
    for key in link_keys:
        assert str(nums[key].S) == "/Link"
        assert nums[key].objgen in in_tree, "a link's entry leads to the element in the tree, not to a copy"


def test_the_second_forms_elements_join_the_one_document_in_order(joined):
    document = joined.Root.StructTreeRoot.K[0]
    tags = [str(k.S) for k in document.K]
    assert tags.count("/H1") == 4
    assert tags[: len(tags) // 2] == tags[len(tags) // 2 :], "each form's elements, the first form's first"
    assert all(kid.P.objgen == document.objgen for kid in document.K)
    private = {"/" + key for key in pdftags.KEYS}
    assert not any(private & set(obj.keys()) for obj in joined.objects if isinstance(obj, pikepdf.Dictionary)), (
        "each form's tree is fixed, private keys removed, before the forms are joined"
    )


def test_link_targets_and_bookmarks_of_both_forms_lead_to_their_pages(joined):
    with joined.open_outline() as outline:
        titles = [item.title for item in outline.root]
        targets = [pikepdf.Page(item.destination[0]).index for item in outline.root]
    assert titles == ["nl een", "nl twee", "es een", "es twee"]
    assert targets == [0, 1, 2, 3]
    names = joined.Root.Names.Dests.Names
    dests = {str(names[i]): names[i + 1] for i in range(0, len(names), 2)}
    pages = {}
    for name, dest in dests.items():
        array = dest.D if isinstance(dest, pikepdf.Dictionary) else dest
        pages[name] = pikepdf.Page(array[0]).index
    assert pages == {"nl-one": 0, "nl-two": 1, "es-one": 2, "es-two": 3}
    assert list(dests) == sorted(dests)


def test_a_link_target_defined_in_both_forms_is_an_error():
    pdf = pikepdf.open(io.BytesIO(_form("nl-BE", "nl")))
    with pikepdf.open(io.BytesIO(_form("es-BO", "nl"))) as other, pytest.raises(RenderError, match="nl-one"):
        append(pdf, other)

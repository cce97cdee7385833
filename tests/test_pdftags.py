"""The tagger hook: what it hands the post-pass, and how it refuses a WeasyPrint it does not know."""

from __future__ import annotations

import io

import pikepdf
import pytest
from weasyprint.pdf import tags

from agreement_builder.core.errors import RenderError
from agreement_builder.writers import pdftags
from tests.conftest import render_example, uses_example


def test_a_weasyprint_whose_tagger_changed_shape_is_refused(monkeypatch):
    def changed(box, parent, pdf):  # pragma: no cover - never called
        yield from ()

    monkeypatch.setattr(tags, "_build_box_tree", changed)
    with pytest.raises(RenderError, match="WeasyPrint version"), pdftags.annotated_tags():
        pass
    assert tags._build_box_tree is changed, "the hook restores nothing it did not set"


def test_the_hook_is_removed_after_use():
    original = tags._build_box_tree
    with pdftags.annotated_tags():
        assert tags._build_box_tree is not original
    assert tags._build_box_tree is original


def test_the_page_references_are_read_once_while_tagging_and_the_pdf_is_plain_again_after():
    """WeasyPrint's tagger reads the pages' references for every element; they cannot change then."""
    import pydyf
    from weasyprint import HTML

    seen = []

    def finisher(_document, pdf):
        seen.append((pdf, type(pdf), pdf.page_references, pydyf.PDF.page_references.fget(pdf)))

    page = "<html lang='nl'><body>" + "<p style='break-after: page'>Tekst</p>" * 3 + "</body></html>"
    with pdftags.annotated_tags():
        HTML(string=page).write_pdf(pdf_tags=True, finisher=finisher)
    pdf, during, settled, fresh = seen[0]
    assert during is not pydyf.PDF and settled == fresh and len(settled) == 3
    assert type(pdf) is pydyf.PDF and not hasattr(pdf, "settled_page_references")


@pytest.mark.parametrize(
    ("case", "layout"),
    [
        pytest.param(c, lay, marks=uses_example(c))
        for c, lay in (("herent-nimlahakok/agreement", "side-by-side"), ("brasschaat-tarija/report", "sequential"))
    ],
)
def test_no_private_key_reaches_the_pdf(case, layout):
    """Not in the tree, and not in any object the file holds (a two-form report's second form too)."""
    pdf = pikepdf.open(io.BytesIO(render_example(case, layout)["pdf"]))
    leftovers = {
        str(key)
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary)
        for key in obj
        if str(key).lstrip("/") in pdftags.KEYS
    }
    assert not leftovers

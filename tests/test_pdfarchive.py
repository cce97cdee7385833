"""PDF/A-3 and PDF/UA-1: every example in every layout validated, the metadata read back.

The validator is page-validation (PyPI, Rust, passes the veraPDF corpus), with the PDF/A-3a
and PDF/UA-1 profiles; tests/test_pdfstructure.py checks what it does not.
"""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter

import page
import pikepdf
import pytest

from agreement_builder import api
from tests.conftest import ROOT, example_model, render_example, uses_example
from tests.pdfcheck import tagged_text
from tests.test_pdfstructure import AGREEMENTS, ALL, BRASSCHAAT, _open


@pytest.mark.parametrize(("case", "layout"), ALL)
@pytest.mark.parametrize("profile", ["3a", "ua1"])
def test_valid_pdf_a_3a_and_pdf_ua_1(case, layout, profile):
    report = page.validate_pdf_bytes(render_example(case, layout)["pdf"], profile=profile)
    failures = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant, "\n".join(failures[:10])


@pytest.mark.parametrize(("case", "layout"), [p for p in ALL if p.values[0] == BRASSCHAAT or p.values[1] == "es"])
def test_xmp_and_info_say_the_same_and_name_both_standards(case, layout):
    pdf = pikepdf.open(io.BytesIO(render_example(case, layout)["pdf"]))
    raw = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert "/Filter" not in pdf.Root.Metadata, "PDF/A wants the XMP uncompressed"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "A"
        assert xmp["pdfuaid:part"] == "1"
        assert xmp["dc:title"] == str(pdf.docinfo.Title)
        assert xmp["dc:description"] == str(pdf.docinfo.Subject) != ""
        langs = set(xmp["dc:language"])
    path = ROOT / "examples" / f"{case}.yaml"
    spec = api.kind_of(path).load(path, api._options(None, None))
    assert f"<xmp:CreateDate>{spec.date.isoformat()}T00:00:00Z</xmp:CreateDate>" in raw
    assert str(pdf.Root.Lang)[:2] in {lang[:2] for lang in langs}
    if layout not in ("nl", "es"):
        assert {lang[:2] for lang in langs} == {"nl", "es"}
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
    assert len(pdf.open_outline().root) > 0
    assert pdf.Root.OutputIntents[0].S == pikepdf.Name.GTS_PDFA1


@uses_example(BRASSCHAAT)
def test_a_draft_reads_like_the_final(tmp_path):
    """The watermark and the running draft mark are artifacts: the tagged text of a draft is the final's.

    Only the title block's draft note, which the draft says in its text on purpose, differs.
    """
    folder = tmp_path / "final"
    shutil.copytree(ROOT / "examples" / "brasschaat-tarija", folder)
    spec = folder / "agreement.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8")
    final = api.build(spec, tmp_path / "out", ("pdf",), "side-by-side").files[0].read_bytes()
    draft = render_example(BRASSCHAAT, "side-by-side")["pdf"]
    draft_text, draft_artifacts = tagged_text(draft)
    final_text, _ = tagged_text(final)
    assert "CONCEPT" in draft_artifacts  # the watermark is still drawn …
    for note in _draft_notes(example_model(BRASSCHAAT, "side-by-side")):
        assert note in draft_text
        draft_text = draft_text.replace(note, " ")
    # … but the draft holds the final's words, no more, no fewer. (Content order differs where the
    # pages break differently; the tree's reading order is tests/test_pdfstructure.py's subject.)
    assert Counter(_words(draft_text)) == Counter(_words(final_text))


def _draft_notes(doc) -> list[str]:
    notes = []
    for block in doc.blocks():
        for b in [block, *[c for row in getattr(block, "groups", ()) for r in row.rows for c in r.cells if c]]:
            if getattr(b, "draft_note", ""):
                notes.append(b.draft_note)
    assert notes, "the draft has no draft note in its title block"
    return notes


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.parametrize(("case", "layout"), [AGREEMENTS[0]])
def test_two_renders_give_the_same_bytes(case, layout, tmp_path):
    first = api.build(ROOT / "examples" / f"{case}.yaml", tmp_path / "a", ("pdf",), layout).files[0].read_bytes()
    assert first == render_example(case, layout)["pdf"]


@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=uses_example(c)) for c in (BRASSCHAAT, "brasschaat-tarija/report")]
)
def test_the_file_identifier_keeps_a_permanent_word_from_the_content(case):
    """/ID: the first word is the content's hash (hex), the second the saved file's own (16 bytes).

    The first word is set by the post-pass, not by WeasyPrint; without it qpdf would write
    the second word twice.
    """
    layout = "side-by-side" if case == BRASSCHAAT else "sequential"
    first, second = (bytes(w) for w in _open(case, layout).trailer.ID)
    assert re.fullmatch(rb"[0-9a-f]{32}", first)
    assert len(second) == 16 and second != first


def test_no_stream_ends_in_a_carriage_return():
    """A compressed stream whose last byte is CR makes its /Length look wrong to PDF/A readers."""
    from agreement_builder.writers import pdfarchive

    pdf = pikepdf.new()
    stream = pdf.make_stream(b"")
    # Data whose Adler-32 checksum ends in 0x0D, so every zlib level ends in CR.
    data = next(d for i in range(100000) if (d := f"{i} 0 0 rg\n".encode()) and _adler_ends_cr(d))
    pdfarchive._deflate(stream, data)
    assert not stream.read_raw_bytes().endswith(b"\r")
    assert stream.read_bytes() == data


def _adler_ends_cr(data: bytes) -> bool:
    import zlib

    return zlib.adler32(data) & 0xFF == 0x0D


@uses_example(BRASSCHAAT)
def test_a_part_is_read_the_same_from_mapped_memory_or_a_python_stream(monkeypatch):
    """Where the OS has no in-memory file (memfd), qpdf reads the bytes from a BytesIO: same file."""
    import os

    from agreement_builder.writers import pdfarchive

    pdf = _open(BRASSCHAAT, "nl")  # a finished PDF stands in for a part: finish() only adds to it
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.disable)  # objects one by one, as WeasyPrint's
    part = out.getvalue()

    def finished():
        return pdfarchive.finish([part], languages=["nl-BE"], identifier=b"0" * 32)

    mapped = finished()
    monkeypatch.delattr(os, "memfd_create")  # another system
    assert finished() == mapped

    def refused(*_args):
        raise PermissionError("memfd_create is not allowed here")

    monkeypatch.setattr(os, "memfd_create", refused, raising=False)  # a sandbox that refuses it
    assert finished() == mapped
    assert len(pikepdf.open(io.BytesIO(mapped)).pages) == len(pdf.pages)

"""Golden outputs: every example in every layout reads exactly as recorded (pelican-style).

tests/golden/ holds each output's PDF text per page and its DOCX word/document.xml, written
by ``python tools/golden.py``. A change that alters what a reader sees fails here until the
goldens are re-recorded on purpose, so every such change shows up as a diff in review.
"""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

from .conftest import ROOT, render_example

_spec = importlib.util.spec_from_file_location("golden_tool", ROOT / "tools" / "golden.py")
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

CASES = [(case, layout) for case, layouts in golden.CASES.items() for layout in layouts]


def _same(expected_path: Path, actual: str) -> None:
    expected = expected_path.read_text(encoding="utf-8")
    if expected != actual:
        diff = "".join(
            list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "golden", "now"))[:60]
        )
        pytest.fail(f"{expected_path.name} differs from the golden output:\n{diff}")


@pytest.mark.parametrize(("case", "layout"), CASES, ids=[golden.golden_name(c, lay) for c, lay in CASES])
def test_outputs_match_the_goldens(case, layout):
    outputs = render_example(case, layout)
    name = golden.golden_name(case, layout)
    _same(golden.GOLDEN / f"{name}.pdf.txt", golden.pdf_pages(outputs["pdf"]))
    _same(golden.GOLDEN / f"{name}.document.xml", golden.docx_xml(outputs["docx"]))

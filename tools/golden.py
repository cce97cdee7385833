"""Record (or compare) the golden outputs: every example spec in every layout of its kind.

For each output the PDF's text per page (pypdf) and the DOCX's word/document.xml are kept in
tests/golden/, so a change to the pipeline that alters what a reader sees shows up as a diff
in review. Run ``python tools/golden.py`` to re-record after an intended change (or
``python tools/golden.py herent-nimlahakok/report`` for one example); the test suite
(tests/test_golden.py) compares against these files.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "brasschaat-tarija/agreement": ("side-by-side", "sequential", "nl", "es"),
    "herent-nimlahakok/agreement": ("side-by-side", "sequential", "nl", "es"),
    "brasschaat-tarija/report": ("sequential", "nl", "es"),
    "herent-nimlahakok/report": ("sequential", "nl", "es"),
    # A decision's nl and es layouts are its sequential layout's two parts, each alone.
    "brasschaat-tarija/decision": ("sequential",),
    "herent-nimlahakok/decision": ("sequential",),
}


def pdf_pages(data: bytes) -> str:
    """The PDF's text, page by page, with a form feed between pages."""
    from pypdf import PdfReader

    return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def docx_xml(data: bytes) -> str:
    """word/document.xml of a DOCX, pretty-printed (the bytes inside the DOCX stay as written)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    # One element a line, so a change shows as a readable diff in review.
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def golden_name(case: str, layout: str) -> str:
    """'brasschaat-tarija/agreement', 'nl' → 'brasschaat-tarija-agreement-nl'."""
    return f"{case.replace('/', '-')}-{layout}"


def render(case: str, layout: str, outdir: Path) -> tuple[str, str]:
    """Build one example in one layout and return (PDF text per page, DOCX document.xml)."""
    from agreement_builder import api

    result = api.build(ROOT / "examples" / f"{case}.yaml", outdir, ("pdf", "docx"), layout)
    files = {p.suffix: p.read_bytes() for p in result.files}
    return pdf_pages(files[".pdf"]), docx_xml(files[".docx"])


def main(only: list[str]) -> int:
    """Record every case, or only the cases named on the command line ('letter/letter')."""
    import tempfile

    unknown = [case for case in only if case not in CASES]
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)}; add them to CASES in tools/golden.py", file=sys.stderr)
        return 2
    GOLDEN.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for case, layouts in CASES.items():
            if only and case not in only:
                continue
            for layout in layouts:
                text, xml = render(case, layout, Path(tmp))
                name = golden_name(case, layout)
                (GOLDEN / f"{name}.pdf.txt").write_text(text, encoding="utf-8")
                (GOLDEN / f"{name}.document.xml").write_text(xml, encoding="utf-8")
                print(f"recorded {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

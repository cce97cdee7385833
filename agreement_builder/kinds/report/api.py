"""The library API for end-of-trajectory reports; api.py hands report specs over to it.

A spec is a report when it says ``kind: report`` (or, without ``kind``, has report keys
such as ``phases`` or ``answers`` and no ``clauses``). Checking imports neither WeasyPrint,
python-docx nor matplotlib; ``build`` pulls in only the writers it needs.
"""

from __future__ import annotations

from pathlib import Path

from agreement_builder.core.errors import AgreementBuilderError, InputError
from agreement_builder.core.yamlsource import load_yaml
from agreement_builder.kinds.report.spec import REPORT_LAYOUTS, ReportSpec, is_report, load_report

FORMS = {
    "nl": "the council report in Dutch",
    "es": "the informe final in Spanish",
    "sequential": "the council report in Dutch, then the informe final in Spanish",
}


class LayoutError(AgreementBuilderError):
    """A layout that reports do not have (side-by-side is for agreements): a usage error."""

    exit_code = 2


def is_report_file(path: Path) -> bool:
    """Whether the YAML file at ``path`` is a report spec; unreadable files are left to the caller."""
    try:
        return is_report(load_yaml(Path(path)).data)
    except InputError:
        return False


def check_report(spec_path: Path, checklists: list[Path] | None = None) -> ReportSpec:
    """Validate a report spec as ``build`` would, and lay it out once in every form (without charts)."""
    from agreement_builder.kinds.report.resolve import resolve_report

    spec = load_report(Path(spec_path), checklists)
    resolve_report(spec, "sequential")
    return spec


def build_report(
    spec_path: Path,
    outdir: Path,
    formats: tuple[str, ...] | list[str] = ("pdf", "docx"),
    layout: str | None = None,
    checklists: list[Path] | None = None,
):
    """Render a report spec to the requested formats; every file is complete or none is written."""
    from agreement_builder.api import BuildResult, write_outputs
    from agreement_builder.kinds.report.resolve import resolve_report

    if layout is not None and layout not in REPORT_LAYOUTS:
        raise LayoutError(
            f"reports have the layouts nl (council report), es (informe final) and sequential (both); "
            f"{layout!r} is for agreements"
        )
    spec = load_report(Path(spec_path), checklists)
    layout = layout or spec.layout
    doc = resolve_report(spec, layout)

    def html() -> bytes:
        from agreement_builder.writers.report_html import render_report_html

        return render_report_html(doc, standalone=True).encode("utf-8")

    def pdf() -> bytes:
        from agreement_builder.writers.report_html import render_report_pdf

        return render_report_pdf(doc, spec.folder)

    def docx() -> bytes:
        from agreement_builder.writers.report_docx import render_report_docx

        return render_report_docx(doc)

    files = write_outputs(spec_path, outdir, layout, formats, {"html": html, "pdf": pdf, "docx": docx})
    return BuildResult(spec, layout, files)  # type: ignore[arg-type]


def summary(spec: ReportSpec) -> str:
    """One line for ``check``: what kind of spec this is and what it holds."""
    items = sum(len(a) for a in spec.answers.values())
    return (
        f"report spec, layout {spec.layout} ({FORMS[spec.layout]}): "
        f"{len(spec.parties)} parties, {len(spec.phases)} phases, "
        f"{len(spec.lessons)} lessons with {items} answered items, {len(spec.budget)} budget lines"
    )

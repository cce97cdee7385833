"""The library API the CLI is a thin layer over.

Loading and checking import neither WeasyPrint nor python-docx; only ``build`` pulls in the
writers it needs, so ``check`` and listings stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Location, Problem
from .library import Clause, Library, bundled_library
from .schema import suggest
from .spec import LAYOUTS, AgreementSpec, load_spec

if TYPE_CHECKING:
    from .report_spec import ReportSpec

FORMATS = ("pdf", "docx", "html")


def load_library(extra: list[Path] | None = None) -> Library:
    """The bundled clause library, with municipality libraries layered on top."""
    return bundled_library(extra)


def load(spec_path: Path, libraries: list[Path] | None = None) -> AgreementSpec:
    """Load and fully validate an agreement spec (raises InputError with every problem)."""
    return load_spec(Path(spec_path), load_library(libraries))


def check(
    spec_path: Path, libraries: list[Path] | None = None, checklists: list[Path] | None = None
) -> AgreementSpec | ReportSpec:
    """Validate a spec as ``build`` would, and also fill every clause text once.

    Filling the texts catches template errors that only show with real values (a loop over
    a missing list, a sandbox violation) without rendering any output format. A report spec
    (``kind: report``) is handed to report_api.
    """
    from .report_api import check_report, is_report_file
    from .resolve import resolve

    if is_report_file(spec_path):
        return check_report(spec_path, checklists)

    spec = load(spec_path, libraries)
    resolve(spec, "side-by-side")
    return spec


@dataclass
class BuildResult:
    """What a build wrote, for the CLI to report."""

    spec: AgreementSpec
    layout: str
    files: list[Path]


def output_name(spec_path: Path, layout: str, fmt: str) -> str:
    """File name of one output: ``<spec stem>-<layout>.<format>``, so layouts never overwrite each other."""
    return f"{Path(spec_path).stem}-{layout}.{fmt}"


def build(
    spec_path: Path,
    outdir: Path,
    formats: tuple[str, ...] | list[str] = ("pdf", "docx"),
    layout: str | None = None,
    libraries: list[Path] | None = None,
    checklists: list[Path] | None = None,
) -> BuildResult:
    """Render a spec to the requested formats; every file is complete or not written at all.

    All formats are rendered in memory first and only then written, so an error in one
    format leaves no files from the others either. Report specs go to report_api.
    """
    from .output import write_all_atomic
    from .report_api import build_report, is_report_file
    from .resolve import resolve

    if is_report_file(spec_path):
        return build_report(spec_path, outdir, formats, layout, checklists)

    spec = load(spec_path, libraries)
    layout = layout or spec.layout
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    doc = resolve(spec, layout)
    rendered: list[tuple[Path, bytes]] = []
    for fmt in dict.fromkeys(formats):
        target = Path(outdir) / output_name(spec_path, layout, fmt)
        if target.resolve() == Path(spec_path).resolve():
            raise InputError([Problem(Location(str(target)), "output would overwrite the spec")])
        if fmt == "html":
            from .render_html import render_html

            rendered.append((target, render_html(doc, standalone=True).encode("utf-8")))
        elif fmt == "pdf":
            from .render_pdf import render_pdf

            rendered.append((target, render_pdf(doc, spec.folder)))
        elif fmt == "docx":
            from .render_docx import render_docx

            rendered.append((target, render_docx(doc)))
        else:
            raise ValueError(f"unknown format {fmt!r}")
    write_all_atomic(rendered)
    return BuildResult(spec, layout, [t for t, _ in rendered])


def find_clause(clause_id: str, library: Library | None = None) -> Clause:
    """One clause by id; an unknown id is an InputError naming close matches."""
    library = library or load_library()
    clause = library.get(clause_id)
    if clause is None:
        hint = suggest(clause_id, sorted(library.clauses))
        raise InputError(
            [
                Problem(
                    Location("clauses"),
                    f"unknown clause {clause_id!r}{hint}; 'agreement-builder clauses list' shows them all",
                )
            ]
        )
    return clause

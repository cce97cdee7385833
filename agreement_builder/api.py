"""The library API the CLI is a thin layer over.

Loading and checking import neither WeasyPrint nor python-docx; only ``build`` pulls in the
writers it needs, so ``check`` and listings stay fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.schema import suggest
from agreement_builder.kinds.agreement.library import Clause, Library, bundled_library
from agreement_builder.kinds.agreement.spec import LAYOUTS, AgreementSpec, load_spec

if TYPE_CHECKING:
    from agreement_builder.kinds.report.spec import ReportSpec

FORMATS = ("pdf", "docx", "html")


def load_library(extra: list[Path] | None = None) -> Library:
    """The bundled clause library, with municipality libraries layered on top."""
    return bundled_library(extra)


def load(spec_path: Path, libraries: list[Path] | None = None) -> AgreementSpec:
    """Load and fully validate an agreement spec (raises InputError with every problem).

    ``libraries`` come on top of the bundled library and of the spec's own ``libraries:``.
    """
    return load_spec(Path(spec_path), libraries)


def check(
    spec_path: Path, libraries: list[Path] | None = None, checklists: list[Path] | None = None
) -> AgreementSpec | ReportSpec:
    """Validate a spec as ``build`` would, fill every clause text once, and review it.

    Filling the texts catches template errors that only show with real values (a loop over
    a missing list, a sandbox violation) without rendering any output format. The lessons
    review adds its warnings to ``spec.warnings``. A report spec (``kind: report``) is
    handed to report_api.
    """
    from agreement_builder.kinds.agreement.resolve import resolve
    from agreement_builder.kinds.agreement.review import review
    from agreement_builder.kinds.report.api import check_report, is_report_file

    if is_report_file(spec_path):
        return check_report(spec_path, checklists)

    spec = load(spec_path, libraries)
    resolve(spec, "side-by-side")
    spec.warnings.extend(review(spec))
    return spec


def lock(spec_path: Path, libraries: list[Path] | None = None) -> Path:
    """Record the version and content hash of every clause the spec uses, beside the spec."""
    from agreement_builder.kinds.agreement.lock import write_lock

    return write_lock(load(spec_path, libraries))


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
    provenance: bool = True,
    checklists: list[Path] | None = None,
) -> BuildResult:
    """Render a spec to the requested formats; every file is complete or not written at all.

    All formats are rendered in memory first and only then written, so an error in one
    format leaves no files from the others either. Report specs go to report_api.
    """
    from agreement_builder.kinds.agreement.resolve import resolve
    from agreement_builder.kinds.report.api import build_report, is_report_file

    if is_report_file(spec_path):
        return build_report(spec_path, outdir, formats, layout, checklists)

    spec = load(spec_path, libraries)
    layout = layout or spec.layout
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    doc = resolve(spec, layout, provenance_annex=provenance)

    def html() -> bytes:
        from agreement_builder.writers.html import render_html

        return render_html(doc, standalone=True).encode("utf-8")

    def pdf() -> bytes:
        from agreement_builder.writers.pdf import render_pdf

        return render_pdf(doc, spec.folder)

    def docx() -> bytes:
        from agreement_builder.writers.docx import render_docx

        return render_docx(doc)

    files = write_outputs(spec_path, outdir, layout, formats, {"html": html, "pdf": pdf, "docx": docx})
    return BuildResult(spec, layout, files)


def write_outputs(
    spec_path: Path,
    outdir: Path,
    layout: str,
    formats: tuple[str, ...] | list[str],
    renderers: dict[str, Callable[[], bytes]],
) -> list[Path]:
    """Render every requested format in memory, then write them all or none.

    Shared by agreements and reports: rendering first means an error in one format
    leaves no file of the others either.
    """
    from agreement_builder.core.output import write_all_atomic

    rendered: list[tuple[Path, bytes]] = []
    for fmt in dict.fromkeys(formats):
        target = Path(outdir) / output_name(spec_path, layout, fmt)
        if target.resolve() == Path(spec_path).resolve():
            raise InputError([Problem(Location(str(target)), "output would overwrite the spec")])
        if fmt not in renderers:
            raise ValueError(f"unknown format {fmt!r}")
        rendered.append((target, renderers[fmt]()))
    write_all_atomic(rendered)
    return [t for t, _ in rendered]


@dataclass
class ValidationResult:
    """What ``clauses validate`` found in one library folder."""

    checked: int
    problems: list[Problem]


def validate_library(folder: Path | None = None) -> ValidationResult:
    """Lint ``folder`` (layered on the bundled library) or, without it, the bundled library.

    Only the folder's own findings are reported, plus a note for each bundled clause it
    overrides: a municipality should not be told about texts it does not maintain.
    """
    if folder is None:
        library = load_library()
        return ValidationResult(len(library.clauses) + len(library.broken), library.problems)
    library = load_library([Path(folder)])
    root = Path(folder).resolve()

    def inside(p: Problem) -> bool:
        return Path(p.location.file).resolve().is_relative_to(root)

    own = [c for c in library.clauses.values() if c.library == Path(folder)]
    problems = [p for p in library.problems + library.notes() if inside(p)]
    return ValidationResult(len(own) + len(library.broken), problems)


def fork_clause(
    clause_id: str, into: Path, libraries: list[Path] | None = None, force: bool = False
) -> tuple[Path, Clause]:
    """Copy a clause's file into a municipality library, where it will override the original.

    The file is copied as written (comments and all), with a first comment saying where
    it came from, so a later reader can compare it with the original.
    """
    from agreement_builder.core.output import write_all_atomic

    clause = find_clause(clause_id, load_library(libraries))
    target = Path(into) / clause.category / f"{clause.id}.yaml"
    if target.exists() and not force:
        raise InputError(
            [Problem(Location(str(target)), "a clause file is already there; use --force to overwrite it")]
        )
    original = clause.source.path.read_text(encoding="utf-8")
    lines = [ln for ln in original.splitlines(keepends=True) if not ln.startswith("# yaml-language-server:")]
    header = (
        f"# Forked from {clause.id} {clause.version} (sha256 {clause.content_hash[:12]}) in "
        f"{'the bundled library' if clause.library == load_library().folders[0] else clause.library}.\n"
        "# This copy overrides the original when its folder is layered on top; raise the version when you edit it.\n"
    )
    write_all_atomic([(target, (_modeline() + header + "".join(lines)).encode("utf-8"))])
    return target, clause


def _modeline() -> str:
    """A yaml-language-server modeline pointing at the installed clause schema, if shipped."""
    from agreement_builder.core.resources import clause_schema_path

    path = clause_schema_path()
    return f"# yaml-language-server: $schema={path.as_uri()}\n" if path else ""


def find_clause(clause_id: str, library: Library | None = None) -> Clause:
    """One clause by id; an unknown id is an InputError naming close matches."""
    library = library or load_library()
    clause = library.get(clause_id)
    if clause is None and clause_id in library.broken:
        own = [p for p in library.problems if Path(p.location.file).stem == clause_id]
        raise InputError(own or [Problem(Location("clauses"), f"clause {clause_id!r} has errors")])
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

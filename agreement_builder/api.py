"""The library API the CLI is a thin layer over.

Loading and checking import neither WeasyPrint nor python-docx; only ``build`` pulls in the
writers it needs, so ``check`` and listings stay fast.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agreement_builder.core.errors import AgreementBuilderError, InputError, Location, OutputError, Problem
from agreement_builder.core.schema import suggest
from agreement_builder.core.yamlsource import load_yaml
from agreement_builder.kinds import KINDS, kind_for, kind_named
from agreement_builder.kinds.base import DocumentKind, Options, Spec

if TYPE_CHECKING:  # loaded by the functions that need them, so each command imports only its part
    from agreement_builder.core.sources import Extracted
    from agreement_builder.kinds.agreement.compare import Comparison
    from agreement_builder.kinds.agreement.library import Clause, Library
    from agreement_builder.kinds.agreement.spec import AgreementSpec
    from agreement_builder.model.document import Document, HouseStyle, SourceFile

FORMATS = ("pdf", "docx", "html")


def load_library(extra: list[Path] | None = None) -> Library:
    """The bundled clause library, with municipality libraries layered on top."""
    from agreement_builder.kinds.agreement.library import bundled_library

    return bundled_library(extra)


def load(spec_path: Path, libraries: list[Path] | None = None) -> AgreementSpec:
    """Load and fully validate an agreement spec (raises InputError with every problem).

    ``libraries`` come on top of the bundled library and of the spec's own ``libraries:``.
    """
    from agreement_builder.kinds.agreement.validate import load_spec

    return load_spec(Path(spec_path), libraries)


class UsageError(AgreementBuilderError):
    """An option or layout that does not apply to the spec's kind: a usage error (exit 2)."""

    exit_code = 2


def kind_of(spec_path: Path) -> DocumentKind:
    """The kind of the spec at ``spec_path``, by what it says.

    A ``kind:`` close to a known one ('reprot') goes to that kind, whose checks then name the
    misspelling at its line; an unknown one is an error. A file that cannot be read counts as
    an agreement, whose loader reports the file's problems; reading it twice costs little.
    """
    try:
        source = load_yaml(Path(spec_path))
    except InputError:
        return kind_for(None)
    data = source.data
    names = [kind.name for kind in KINDS]
    if isinstance(data, dict) and "kind" in data and data["kind"] not in names:
        close = difflib.get_close_matches(str(data["kind"]), names, n=1, cutoff=0.6)
        if close:
            return kind_named(close[0])
        raise InputError(
            [
                source.problem(
                    ("kind",),
                    f"unknown kind {data['kind']!r}; the kinds are {', '.join(sorted(names))} "
                    "('agreement-builder kinds' lists them)",
                )
            ]
        )
    return kind_for(data)


def _accepts(kind: DocumentKind, options: Options, layout: str | None = None) -> None:
    """Refuse, with a sentence that says why, an option or a layout the spec's kind does not have."""
    for name in options.given():
        if name not in kind.options:
            raise UsageError(kind.refusals.get(name, f"this option does not apply to a {kind.label}"))
    if layout is not None and layout not in kind.layout_names:
        described = "; ".join(f"{lay.name} ({lay.description})" for lay in kind.layouts)
        owners = [other.label for other in KINDS if layout in other.layout_names]
        where = f" ({layout!r} is for {owners[0]}s)" if owners else ""
        raise UsageError(f"a {kind.label} has the layouts {described}{where}")


def _options(
    libraries: list[Path] | None,
    checklists: list[Path] | None,
    provenance: bool = True,
    style: Path | None = None,
) -> Options:
    return Options(tuple(libraries or ()), tuple(checklists or ()), provenance, Path(style) if style else None)


def house_of(spec: Spec, options: Options) -> HouseStyle:
    """The house style to build ``spec`` in: ``--style``, else the spec's ``style:``, else the bundled default.

    Loading it checks it (fonts installed, logo safe and sound), so ``check`` reports a
    broken style as ``build`` would, without rendering anything.
    """
    from agreement_builder.kinds.house import house_style

    return house_style(options.style or spec.style)


def check(
    spec_path: Path,
    libraries: list[Path] | None = None,
    checklists: list[Path] | None = None,
    style: Path | None = None,
) -> Spec:
    """Validate a spec of any kind as ``build`` would, lay it out once, and review it.

    Laying it out fills every clause text (or report section) with real values, which
    catches template errors that only show then, without rendering any output format.
    The kind's review (for agreements: the lessons review) adds its warnings to
    ``spec.warnings``.
    """
    kind = kind_of(spec_path)
    options = _options(libraries, checklists, style=style)
    _accepts(kind, options)
    spec = kind.load(Path(spec_path), options)
    house_of(spec, options)
    kind.resolve(spec, kind.layout_names[0], options)
    spec.warnings.extend(kind.review(spec))
    return spec


def lock(spec_path: Path, libraries: list[Path] | None = None) -> Path:
    """Record the version and content hash of every clause the spec uses, and the agreed text, beside the spec.

    The agreed text (each article's words as this version prints them) lets ``diff`` compare a
    later version with this one after the libraries have moved on.
    """
    from agreement_builder.kinds.agreement.agreed import write_agreed_lock

    return write_agreed_lock(load(spec_path, libraries))


@dataclass
class BuildResult:
    """What a build wrote, for the CLI to report."""

    kind: DocumentKind
    spec: Spec
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
    style: Path | None = None,
) -> BuildResult:
    """Render a spec of any kind to the requested formats; every file is complete or none is written.

    All formats are rendered in memory first and only then written, so an error in one
    format leaves no files from the others either.
    """
    kind = kind_of(spec_path)
    options = _options(libraries, checklists, provenance, style)
    _accepts(kind, options, layout)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
    spec = kind.load(Path(spec_path), options)
    house = house_of(spec, options)
    layout = layout or spec.layout
    doc = kind.resolve(spec, layout, options)
    doc.house = house
    doc.sources = sources_of(kind, spec, house, options)
    files = write_outputs(spec_path, outdir, layout, formats, lambda fmt: render(doc, fmt, spec.folder))
    return BuildResult(kind, spec, layout, files)


def sources_of(kind: DocumentKind, spec: Spec, house: HouseStyle, options: Options | None = None) -> list[SourceFile]:
    """What the PDF carries inside: the kind's inputs and the house style's files, named, with a manifest."""
    from agreement_builder import __version__
    from agreement_builder.core.resources import bundled_dir

    bundled = {}
    for name in ("clauses", "checklists", "styles"):
        try:
            bundled[name] = bundled_dir(name)
        except FileNotFoundError:
            continue
    from agreement_builder.core.sources import Input, collect
    from agreement_builder.model.document import SourceFile

    inputs = [*kind.inputs(spec), *(Input("style", path=p) for p in house.files)]
    given = {
        "libraries": list(options.libraries) if options else [],
        "checklists": list(options.checklists) if options else [],
        "style": [options.style] if options and options.style else [],
    }
    named = collect(spec.path, inputs, bundled, f"agreement-builder {__version__}", given)
    return [SourceFile(n.name, n.role, n.data) for n in named]


@dataclass
class ExtractResult:
    """What ``extract`` wrote: the spec, every file, the command that rebuilds the PDF, and what may differ."""

    spec: Path
    files: list[Path]
    tool: str
    bundled: list[str]
    command: list[str]  # the build command, with the options the original build was given
    warnings: list[str]  # another tool version, bundled files that differ from the installed ones


def extract(pdf_path: Path, outdir: Path, force: bool = False) -> ExtractResult:
    """Lay out the sources a PDF carries so that building the extracted spec gives the same PDF.

    The PDF is untrusted: every name and hash is checked against its manifest first, and
    nothing is written unless all of it is sound (InputError otherwise). A file already in
    the way with other content is kept, and nothing is written, unless ``force`` (OutputError).
    """
    from agreement_builder.core.output import write_all_atomic
    from agreement_builder.core.sources import plan
    from agreement_builder.writers.pdfarchive import attachments

    found = attachments(Path(pdf_path))
    placed = plan(found, Path(outdir), str(pdf_path))
    root = Path(outdir).resolve()
    escaping = [p for p, _ in placed.files if not p.resolve().is_relative_to(root)]
    if escaping:  # a symlinked folder already in OUTDIR would lead the write elsewhere
        raise OutputError(f"{escaping[0]} leads outside {outdir} (a symbolic link?); extract into an empty folder")
    clashes = [p for p, data in placed.files if p.is_file() and p.read_bytes() != data]
    if clashes and not force:
        shown = ", ".join(str(p) for p in clashes[:3]) + (f" and {len(clashes) - 3} more" if len(clashes) > 3 else "")
        raise OutputError(
            f"{shown} already exist{'s' if len(clashes) == 1 else ''} with other content; "
            "extract into an empty folder, or add --force to overwrite"
        )
    write_all_atomic(placed.files)
    command = ["agreement-builder", "build", str(placed.spec)]
    for key, flag in (("libraries", "--library"), ("checklists", "--checklists"), ("style", "--style")):
        for folder in placed.options.get(key, []):
            command += [flag, str(folder)]
    return ExtractResult(
        placed.spec, [p for p, _ in placed.files], placed.tool, sorted(placed.bundled), command, _drift(placed)
    )


def _drift(placed: Extracted) -> list[str]:
    """What will keep a rebuild from giving the same bytes: another tool version, changed bundled files."""
    from agreement_builder import __version__
    from agreement_builder.core.resources import bundled_dir

    warnings = []
    if placed.tool and placed.tool != f"agreement-builder {__version__}":
        warnings.append(
            f"the PDF was built with {placed.tool}; this is agreement-builder {__version__}, "
            "so a rebuild may differ: install that version to get the same bytes"
        )
    changed = []
    for name, data in placed.bundled.items():
        _, label, rest = name.split("/", 2)
        try:
            installed = bundled_dir(label) / rest
        except FileNotFoundError:
            installed = None
        if installed is None or not installed.is_file() or installed.read_bytes() != data:
            changed.append(rest)
    if changed:
        warnings.append(
            f"{len(changed)} bundled file{'s' if len(changed) != 1 else ''} of the installed tool differ from the "
            f"copies in the PDF (e.g. {changed[0]}); the rebuild uses the installed ones, the copies are under bundled/"
        )
    return warnings


@dataclass
class BatchItem:
    """One spec of a batch build: what it wrote, or the error that stopped it (the others go on)."""

    spec: Path
    files: list[Path]
    label: str = ""
    layout: str = ""
    warnings: list[Problem] | None = None
    error: AgreementBuilderError | None = None


def specs_in(paths: list[Path]) -> list[Path]:
    """The specs named by ``paths``: a file is a spec; a folder holds every spec directly in it.

    In a folder, a spec is a YAML file whose top level has ``parties:`` (agreements and
    reports both do; clause, lesson, style and lock files do not) or names a kind
    (``kind: decision``, which takes its parties from the agreement it names).
    """
    found: list[Path] = []
    for path in paths:
        if Path(path).is_dir():
            for candidate in sorted(Path(path).glob("*.y*ml")):
                try:
                    data = load_yaml(candidate).data
                except InputError:
                    found.append(candidate)  # its problems are reported when it is built
                    continue
                named = isinstance(data, dict) and data.get("kind") in [kind.name for kind in KINDS]
                if isinstance(data, dict) and ("parties" in data or named):
                    found.append(candidate)
        else:
            found.append(Path(path))
    return list(dict.fromkeys(found))


def build_many(
    specs: list[Path],
    outdir: Path,
    jobs: int = 1,
    done: Callable[[BatchItem], None] | None = None,
    **options: Any,
) -> list[BatchItem]:
    """Build several specs into ``outdir``, ``jobs`` at a time; a failing spec does not stop the others.

    Each spec's outputs are all or nothing, as for one build. Two specs that would write the
    same file name are refused before anything is built (UsageError). ``done`` is called with
    each spec's outcome as it finishes (for a progress bar); the list comes back in ``specs``'s order.
    """
    layout = options.get("layout")
    owners: dict[str, Path] = {}
    for spec in specs:
        for fmt in options.get("formats") or ("pdf", "docx"):
            name = output_name(spec, layout or "<layout>", fmt)
            if name in owners and owners[name] != spec:
                raise UsageError(
                    f"{owners[name]} and {spec} would both write {name} in {outdir}; build them into separate folders"
                )
            owners[name] = spec
    outcomes: dict[Path, BatchItem] = {}
    if jobs <= 1 or len(specs) <= 1:
        for spec in specs:
            outcomes[spec] = _build_item(spec, outdir, options)
            if done:
                done(outcomes[spec])
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from agreement_builder.core.parallel import cores_taken

        _warm_renderers(options.get("formats") or ("pdf", "docx"))
        context = multiprocessing.get_context("fork")
        # With a worker on every core, each renders its formats one after the other.
        saturated = min(jobs, len(specs)) >= (os.cpu_count() or 1)
        initializer = cores_taken if saturated else None
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer) as pool:
            futures = {pool.submit(_build_item, spec, outdir, options): spec for spec in specs}
            for future in as_completed(futures):
                outcomes[futures[future]] = future.result()
                if done:
                    done(outcomes[futures[future]])
    return [outcomes[spec] for spec in specs]


def _warm_renderers(formats: tuple[str, ...] | list[str]) -> None:
    """Import the renderers once, before this process forks a batch's workers.

    What a forked child imports dies with it. Imported here, WeasyPrint and the DOCX writer
    are in every worker from the start, and so in every DOCX render a worker forks beside
    its PDF (:func:`agreement_builder.core.parallel.beside`). CairoSVG is not: an SVG logo's
    PNG comes from the cache after its first drawing (:mod:`agreement_builder.writers.raster`),
    and importing it here would cost every batch 0.2 s before the first worker starts.
    """
    if "pdf" in formats:
        from agreement_builder.writers.weasyload import load

        load()
    if "docx" in formats:
        import agreement_builder.writers.docx  # noqa: F401


def _build_item(spec: Path, outdir: Path, options: dict[str, Any]) -> BatchItem:
    try:
        result = build(spec, outdir, **options)
    except AgreementBuilderError as exc:
        return BatchItem(spec, [], error=exc)
    return BatchItem(spec, result.files, result.kind.label, result.layout, list(result.spec.warnings))


def render(doc: Document, fmt: str, folder: Path) -> bytes:
    """One output format of a document model, from the one writer of that format.

    ``folder`` is the spec's folder, the only place besides the templates that the PDF
    writer may load files from.
    """
    if fmt == "html":
        from agreement_builder.writers.html import render_html

        return render_html(doc, standalone=True).encode("utf-8")
    if fmt == "pdf":
        from agreement_builder.writers.pdf import render_pdf

        return render_pdf(doc, folder)
    if fmt == "docx":
        from agreement_builder.writers.docx import render_docx

        return render_docx(doc)
    raise ValueError(f"unknown format {fmt!r}")


def write_outputs(
    spec_path: Path,
    outdir: Path,
    layout: str,
    formats: tuple[str, ...] | list[str],
    renderer: Callable[[str], bytes],
) -> list[Path]:
    """Render every requested format in memory, then write them all or none."""
    from agreement_builder.core.output import write_all_atomic
    from agreement_builder.core.parallel import beside

    wanted = list(dict.fromkeys(formats))
    targets = {fmt: Path(outdir) / output_name(spec_path, layout, fmt) for fmt in wanted}
    for target in targets.values():
        if target.resolve() == Path(spec_path).resolve():
            raise InputError([Problem(Location(str(target)), "output would overwrite the spec")])
    data: dict[str, bytes] = {}
    if "pdf" in wanted and "docx" in wanted:  # the two long renders, side by side on two cores
        data["pdf"], data["docx"] = beside(lambda: renderer("pdf"), lambda: renderer("docx"))
    for fmt in wanted:
        if fmt not in data:
            data[fmt] = renderer(fmt)
    rendered = [(targets[fmt], data[fmt]) for fmt in wanted]
    write_all_atomic(rendered)
    return [t for t, _ in rendered]


@dataclass
class DiffResult:
    """What ``diff`` found and wrote: the comparison, and the redline files (none without an out dir)."""

    comparison: Comparison
    layout: str
    files: list[Path]


REDLINE_FORMATS = ("docx", "pdf")


def diff(old_path: Path, new_path: Path, outdir: Path | None = None, layout: str | None = None) -> DiffResult:
    """Compare two agreement specs, each loaded with its own libraries; with ``outdir``, write the redline.

    OLD may also be a lock file (``*.lock.yaml``) that ``lock`` wrote with the agreed texts: the
    approved version is then rebuilt from those texts, whatever the libraries say today.

    The redline is NEW in ``layout`` (default: NEW's own) with OLD's changes marked: a DOCX with
    Word's tracked changes and a PDF with insertions underlined and deletions struck through,
    named ``<new spec>-redline-<layout>.<ext>``, written all or nothing. Without ``outdir``
    nothing is rendered, and no renderer is imported.
    """
    from agreement_builder.kinds.agreement.agreed import is_lock, load_agreed
    from agreement_builder.kinds.agreement.compare import Version, compare, redline

    if is_lock(new_path):
        why = "is a lock file: it records a version to compare against, so it is OLD; NEW is a spec"
        raise InputError([Problem(Location(str(new_path)), why)])
    paths = [new_path] if is_lock(old_path) else [old_path, new_path]
    kinds = {path: kind_of(path) for path in paths}
    for path, kind in kinds.items():
        if kind.name != "agreement":
            raise UsageError(f"{path} is a {kind.label}; diff compares two agreement specs")
    old: AgreementSpec | Version = load_agreed(Path(old_path)) if is_lock(old_path) else load(Path(old_path))
    new = load(Path(new_path))
    layout = layout or new.layout
    _accepts(kinds[new_path], Options(), layout)
    comparison = compare(old, new)
    files: list[Path] = []
    if outdir is not None:
        doc = redline(old, new, layout)
        doc.house = house_of(new, Options())
        named = Path(new_path).with_name(f"{Path(new_path).stem}-redline")
        files = write_outputs(named, outdir, layout, REDLINE_FORMATS, lambda fmt: render(doc, fmt, new.folder))
    return DiffResult(comparison, layout, files)


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
    from agreement_builder.core import cache
    from agreement_builder.core.resources import clauses_dir
    from agreement_builder.kinds.agreement.library import library_digest

    # The whole result is kept too, keyed by every byte the check reads: a large unchanged
    # library is then validated without rebuilding its thousands of clauses from the cache.
    key = [library_digest([clauses_dir(), *([Path(folder)] if folder is not None else [])])]
    kept = cache.read("validated", key).get("result")
    if isinstance(kept, ValidationResult):
        return kept
    result = _validate_library(folder)
    cache.write("validated", key, {"result": result})
    return result


def _validate_library(folder: Path | None) -> ValidationResult:
    if folder is None:
        library = load_library()
        return ValidationResult(len(library.clauses) + len(library.broken), library.problems)
    library = load_library([Path(folder)])
    root = Path(os.path.abspath(folder))

    def inside(p: Problem) -> bool:
        # Where the file lies in the folder, not where a link in it points: a link out of the
        # library is this library's problem, and must be reported as `build` reports it.
        return Path(os.path.abspath(p.location.file)).is_relative_to(root)

    given = Path(folder)
    own = [c for c in library.clauses.values() if c.library == given]
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
    assert clause.source is not None  # every library clause is read from a file
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


@dataclass
class AbsorbResult:
    """What ``absorb`` did (or, with ``dry_run``, would do)."""

    lines: list[str]  # one line per value set, clause overridden or file written
    warnings: list[Problem]
    files: list[Path]
    written: bool
    tracked: int  # tracked changes in the edited file, read as accepted


def absorb(
    edited: Path,
    spec_path: Path,
    into: Path,
    dry_run: bool = False,
    today: Any = None,
) -> AbsorbResult:
    """Bring the edits of a DOCX built from ``spec_path`` back into the spec and the library ``into``.

    A changed value goes into the spec's ``values:``; any other change to an article becomes
    an override of its clause in ``into`` (version raised, where it came from noted), and the
    spec gets ``into`` in its ``libraries:``. Everything that cannot be mapped is an
    InputError, and then nothing is written; the files are written all or nothing. Nothing
    is rendered but the spec's own DOCX, in memory, to compare with: WeasyPrint is not loaded.
    """
    import datetime as _dt

    from agreement_builder.core.output import write_all_atomic

    kind = kind_of(spec_path)
    if kind.name != "agreement":
        raise UsageError(f"{spec_path} is a {kind.label}; absorb reads back an agreement's DOCX")
    spec = load(Path(spec_path))
    edited = Path(edited)
    result, tracked = _absorb_plan(spec, Path(spec_path), edited)
    if result.errors:
        raise InputError(result.problems)
    files, lines = _absorb_files(spec, Path(spec_path), edited, Path(into), result, today or _dt.date.today())
    if tracked:
        lines.insert(0, f"note: read {tracked} tracked changes of {edited.name} as accepted")
    if not files:
        lines.append(f"no article changed ({result.unchanged} compared)")
    if not dry_run and files:
        write_all_atomic(files)
    warnings = [p for p in result.problems if p.severity != "error"]
    return AbsorbResult(lines, warnings, [f for f, _ in files], not dry_run and bool(files), tracked)


def _absorb_plan(spec: AgreementSpec, spec_path: Path, edited: Path) -> tuple[Any, int]:
    """Read the edited DOCX and the spec's own, rendered in memory in the same layout, and compare them."""
    from agreement_builder.core.resources import labels
    from agreement_builder.kinds.agreement import absorb as absorbing
    from agreement_builder.kinds.agreement.resolve import resolve
    from agreement_builder.writers.docxread import read_docx

    read = _read_edited(edited, read_docx)
    layout = _edited_layout(spec, read.bookmarks)
    if layout is None:
        raise InputError(
            [
                Problem(
                    Location(str(edited)),
                    f"no article of {spec_path} is marked in this document: it was not built from this spec "
                    "by this version of agreement-builder, or every marker was deleted",
                )
            ]
        )
    # The provenance annex, printed unless the build said --no-provenance, is compared as it was.
    annex = {labels(lang)["provenance_title"] for lang in ("nl", "es")}
    provenance = any(any(title in p.text for title in annex) for _, p in read.outside)
    doc = resolve(spec, layout, provenance_annex=provenance)
    doc.house = house_of(spec, Options())
    fresh = read_docx(render(doc, "docx", spec.folder))
    keys, refs = _marker_names(spec)
    result = absorbing.plan(
        spec,
        _bodies(fresh.bodies, keys, refs),
        _bodies(read.bodies, keys, refs),
        (_outside(fresh.outside, keys, spec, annex), _outside(read.outside, keys, spec, annex)),
        str(edited),
    )
    return result, read.tracked


def _absorb_files(
    spec: AgreementSpec, spec_path: Path, edited: Path, into: Path, result: Any, today: Any
) -> tuple[list[tuple[Path, bytes]], list[str]]:
    """The files the plan writes (overrides, then the spec) and a line saying what each change is."""
    from agreement_builder.kinds.agreement import absorb as absorbing

    files: list[tuple[Path, bytes]] = []
    lines = []
    for v in result.values:
        shown = " / ".join(dict.fromkeys(v.printed.values()))
        lines.append(f"value {v.use.clause.id}.{v.variable} = {absorbing.value_text(v.value)} ({shown})")
    for o in result.overrides:
        clause = o.use.clause
        assert clause.source is not None
        target = into / clause.category / f"{clause.id}.yaml"
        if target.exists() and not _same_file(target, Path(clause.source.path)):
            problem = Problem(
                Location(str(target)), f"a file for clause {clause.id!r} is there, but the spec does not use it"
            )
            raise InputError([problem])
        files.append((target, absorbing.clause_file(o, edited.name, today).encode("utf-8")))
        langs = " and ".join(absorbing.LANGUAGE_NAMES[lang] for lang in o.changed)
        lines.append(
            f"override article {o.number} ({clause.id}) {clause.version} → {o.version}: {langs} wording, into {target}"
        )
    library = None
    if result.overrides and not any(_same_file(Path(f), into) for f in spec_libraries_of(spec)):
        library = os.path.relpath(os.path.abspath(into), os.path.abspath(spec.folder))
        lines.append(f"the spec will use the library {library} (libraries:)")
    if result.values or result.overrides:
        text = spec_path.read_text(encoding="utf-8")
        files.append((spec_path, absorbing.edit_spec(text, spec, result, library).encode("utf-8")))
    return files, lines


def spec_libraries_of(spec: AgreementSpec) -> list[Path]:
    """The library folders the spec's ``libraries:`` names, resolved against its folder."""
    from agreement_builder.kinds.agreement.validate import spec_libraries

    assert spec.source is not None
    return list(spec_libraries(spec.source))


def _same_file(a: Path, b: Path) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


# An agreement's DOCX is well under a megabyte; an edited one far larger is refused unread.
MAX_EDITED_BYTES = 50_000_000


def _read_edited(path: Path, read_docx: Callable[[bytes], Any]) -> Any:
    """The edited DOCX, read; a file that is no DOCX is invalid input, not a traceback."""
    try:
        size = path.stat().st_size
        if size > MAX_EDITED_BYTES:
            raise InputError(
                [
                    Problem(
                        Location(str(path)),
                        f"{size} bytes: larger than an agreement's DOCX can be ({MAX_EDITED_BYTES})",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(Location(str(path)), f"cannot read: {exc.strerror}")]) from None
    try:
        return read_docx(data)
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean "not a readable DOCX"
        raise InputError([Problem(Location(str(path)), f"not a readable DOCX file ({type(exc).__name__})")]) from None


def _edited_layout(spec: AgreementSpec, names: set[str]) -> str | None:
    """The layout the edited file was built in, told by its markers."""
    from agreement_builder.writers.ooxml import bookmark_name

    ids = [u.clause.id for u in spec.clauses]
    if any(bookmark_name(f"art-{cid}") in names for cid in ids):
        return "side-by-side"
    langs = [lang for lang in ("nl", "es") if any(bookmark_name(f"body-{lang}-{cid}") in names for cid in ids)]
    if len(langs) == 2:
        return "sequential"
    return langs[0] if langs else None


def _marker_names(spec: AgreementSpec) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Bookmark name → (language, clause id) of each article's text; → anchor of each article heading."""
    from agreement_builder.writers.ooxml import bookmark_name

    keys, refs = {}, {}
    for u in spec.clauses:
        for lang in ("nl", "es"):
            keys[bookmark_name(f"body-{lang}-{u.clause.id}")] = (lang, u.clause.id)
            refs[bookmark_name(f"art-{lang}-{u.clause.id}")] = f"art-{lang}-{u.clause.id}"
    return keys, refs


def _bodies(bodies: dict[str, Any], keys: dict[str, tuple[str, str]], refs: dict[str, str]) -> dict[Any, Any]:
    """The marked texts keyed by (language, clause id), each reference pointing at its article's anchor."""
    from dataclasses import replace as _replace

    out = {}
    for name, paragraphs in bodies.items():
        if name in keys:
            out[keys[name]] = [
                _replace(p, runs=tuple(_replace(r, ref=refs.get(r.ref, "")) if r.ref else r for r in p.runs))
                for p in paragraphs
            ]
    return out


def _outside(
    outside: list[tuple[str, Any]], keys: dict[str, tuple[str, str]], spec: AgreementSpec, annex: set[str]
) -> list[Any]:
    """The paragraphs outside the articles' texts as (where, text), where named by the article before them.

    The provenance annex, the last part, is left out: it records the build, and a build
    after absorb records new versions.
    """
    numbers = {u.clause.id: n for n, u in enumerate(spec.clauses, start=1)}
    out = []
    for name, p in outside:
        if any(title in p.text for title in annex):
            break
        if name in keys:
            lang, cid = keys[name]
            where = f"after the {lang} text of article {numbers[cid]} ({cid})"
        else:
            where = "before the first article"
        out.append((where, p.text))
    return out

"""The ``agreement-builder`` command: parse options, call the API, map errors to exit codes.

Exit codes: 0 success, 1 invalid input (with every problem printed), 2 bad usage (Click),
3 an output that could not be written, 130 interrupted (Ctrl+C; outputs are all-or-nothing, so nothing was written).
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from agreement_builder import __version__
from agreement_builder.core.errors import AgreementBuilderError, InputError, Problem

F = TypeVar("F", bound=Callable[..., Any])

# Every layout of every kind; the API refuses, with exit 2, one that the spec's kind does not have.
LAYOUT_CHOICES = ("side-by-side", "sequential", "nl", "es")
FORMAT_CHOICES = ("pdf", "docx", "html")


def _fail(exc: AgreementBuilderError, writes: bool = False) -> None:
    tail = "; nothing was written." if writes else "."
    if isinstance(exc, InputError):
        errors = [p for p in exc.problems if p.severity == "error"]
        for p in exc.problems:
            click.echo(str(p), err=True)
        click.echo(f"{len(errors)} error{'s' if len(errors) != 1 else ''} found{tail}", err=True)
    else:
        click.echo(f"error: {exc}{tail if writes else ''}", err=True)
    sys.exit(exc.exit_code)


def library_option(func: F) -> F:
    """--library DIR (repeatable): a municipality's clause folder layered over the bundled one."""
    return click.option(
        "-L",
        "--library",
        "libraries",
        type=click.Path(path_type=Path, exists=True, file_okay=False),
        multiple=True,
        help="Extra clause library folder; its clauses override bundled ones with the same id. Repeatable.",
    )(func)


def checklists_option(func: F) -> F:
    """--checklists DIR (repeatable): a municipality's lesson folder layered over the bundled lessons."""
    return click.option(
        "-C",
        "--checklists",
        "checklist_dirs",
        type=click.Path(path_type=Path, exists=True, file_okay=False),
        multiple=True,
        help="Extra lesson checklist folder; its lessons replace bundled ones with the same id. Repeatable.",
    )(func)


def style_option(func: F) -> F:
    """--style DIR: a house style folder (logo, colours, fonts, letterhead) instead of the spec's ``style:``."""
    return click.option(
        "-s",
        "--style",
        "style",
        type=click.Path(path_type=Path),
        default=None,
        help="House style folder (style.yaml and a logo); overrides the spec's 'style:'.",
    )(func)


def _warnings(problems: Iterable[Problem]) -> None:
    for p in sorted(problems, key=lambda p: (p.location, p.message)):
        click.echo(str(p), err=True)


def _named(option: str, paths: Iterable[Path]) -> list[str]:
    """An option's values as the command line gave them, to name a kept result by."""
    return [part for path in paths for part in (option, str(path))]


INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl+C (128 + SIGINT)


class _Commands(click.Group):
    """The command group, answering Ctrl+C with the shell's exit code instead of Click's 1.

    Exit 1 means invalid input; a user who interrupts a build must not read it that way.
    Outputs are written all or nothing (core/output.py), so an interrupt leaves no file.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written", err=True)
            sys.exit(INTERRUPTED)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="agreement-builder")
def main() -> None:
    """Build bilingual (Dutch/Spanish) city-link cooperation agreements from YAML clauses.

    Start from examples/brasschaat-tarija/agreement.yaml, change the values, then run
    'agreement-builder check SPEC' and 'agreement-builder build SPEC -o out/'.

    End-of-trajectory reports for the town council (kind: report) are built the same way:
    start from examples/herent-nimlahakok/report.yaml.
    """


@main.command()
@click.argument("specs", metavar="SPEC...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("out"),
    show_default=True,
    help="Folder for the outputs (created if missing).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="With several specs: how many to build at once (one per core is a good choice).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(FORMAT_CHOICES),
    multiple=True,
    help="Output format; repeat for several. Default: pdf and docx.",
)
@click.option(
    "-l",
    "--layout",
    type=click.Choice(LAYOUT_CHOICES),
    default=None,
    help="Override the spec's layout: Dutch and Spanish side by side, one after the other, or one language. "
    "Reports: nl (council report), es (informe final) or sequential (both).",
)
@click.option(
    "--no-provenance",
    is_flag=True,
    help="Leave out the annex listing each article's clause id, version and hash (it stays in the metadata).",
)
@library_option
@checklists_option
@style_option
def build(
    specs: tuple[Path, ...],
    outdir: Path,
    jobs: int,
    formats: tuple[str, ...],
    layout: str | None,
    libraries: tuple[Path, ...],
    no_provenance: bool,
    checklist_dirs: tuple[Path, ...],
    style: Path | None,
) -> None:
    """Render SPEC (an agreement or a report spec) to PDF and DOCX (and/or HTML) in OUTDIR.

    Several specs, or a folder (every spec directly in it), build as a batch: -j N builds N at
    once, a failing spec does not stop the others, and the exit code says whether any failed.
    """
    from agreement_builder.api import build as api_build

    options: dict[str, Any] = {
        "formats": formats or ("pdf", "docx"),
        "layout": layout,
        "libraries": list(libraries),
        "provenance": not no_provenance,
        "checklists": list(checklist_dirs),
        "style": style,
    }
    if len(specs) > 1 or specs[0].is_dir():
        _build_batch(list(specs), outdir, jobs, options)
        return
    spec = specs[0]
    try:
        result = api_build(spec, outdir, **options)
    except AgreementBuilderError as exc:
        _fail(exc, writes=True)
        return
    _warnings(result.spec.warnings)
    click.echo(f"{spec}: {result.kind.label}, layout {result.layout}")
    for path in result.files:
        click.echo(f"wrote {path}")


def _build_batch(paths: list[Path], outdir: Path, jobs: int, options: dict[str, Any]) -> None:
    """Several specs: a progress bar on a terminal, one line per spec otherwise, then every failure in full."""
    from agreement_builder.api import BatchItem, build_many, specs_in

    specs = specs_in(paths)
    if not specs:
        click.echo("error: no spec found (a spec is a YAML file with 'parties:' or 'kind:')", err=True)
        sys.exit(1)
    count = len(specs)
    finished: list[BatchItem] = []
    bar = (
        click.progressbar(length=count, label=f"building {count} specs", file=sys.stderr)
        if sys.stderr.isatty()
        else None
    )

    def done(item: BatchItem) -> None:
        finished.append(item)
        if bar is not None:
            bar.update(1)
        else:
            state = "failed" if item.error else f"wrote {', '.join(p.name for p in item.files)}"
            click.echo(f"[{len(finished)}/{count}] {item.spec}: {state}")

    try:
        if bar is not None:
            with bar:
                items = build_many(specs, outdir, jobs, done, **options)
        else:
            items = build_many(specs, outdir, jobs, done, **options)
    except AgreementBuilderError as exc:
        _fail(exc, writes=True)
        return
    for item in items:
        if item.warnings:
            _warnings(item.warnings)
    failed = [item for item in items if item.error is not None]
    for item in failed:
        assert item.error is not None
        click.echo(f"\n{item.spec}:", err=True)
        if isinstance(item.error, InputError):
            for p in item.error.problems:
                click.echo(str(p), err=True)
        else:
            click.echo(f"error: {item.error}", err=True)
    click.echo(f"{count - len(failed)} of {count} specs built; {len(failed)} failed (their outputs were not written)")
    if failed:
        sys.exit(max(item.error.exit_code for item in failed if item.error is not None))


@main.command()
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too, e.g. lessons-review findings.")
@library_option
@checklists_option
@style_option
def check(
    spec: Path, libraries: tuple[Path, ...], strict: bool, checklist_dirs: tuple[Path, ...], style: Path | None
) -> None:
    """Validate SPEC (an agreement or a report spec) without rendering; print every problem.

    For an agreement it also reviews the text against the seven lessons (exit clause,
    expectations of both partners, SDG-linked priorities, evaluation, participation,
    online/physical balance, operating budget) and compares it with its lock file.
    """
    from agreement_builder.core.results import remembered

    def checked() -> tuple[list[Problem], str]:
        from agreement_builder.api import check as api_check
        from agreement_builder.api import kind_of

        result = api_check(spec, list(libraries), list(checklist_dirs), style)
        return result.warnings, kind_of(spec).summary(result)

    options = [*_named("-L", libraries), *_named("-C", checklist_dirs), *_named("-s", [style] if style else [])]
    try:
        # The same spec, libraries and style checked again print the kept result (core/results.py).
        found, kind_summary = remembered("check", [str(spec), *options], checked)
    except AgreementBuilderError as exc:
        _fail(exc)
        return
    _warnings(found)
    warnings = sum(1 for p in found if p.severity == "warning")
    summary = f"{spec}: {kind_summary}"
    if strict and warnings:
        click.echo(f"{summary}; --strict makes warnings fail", err=True)
        sys.exit(1)
    click.echo(f"{summary} – OK")


@main.command()
@click.argument("spec", type=click.Path(path_type=Path, dir_okay=False))
@library_option
def lock(spec: Path, libraries: tuple[Path, ...]) -> None:
    """Record the version and content hash of each clause SPEC uses, in SPEC's .lock.yaml.

    'check' and 'build' then warn about every clause whose text changed since. The lock
    also keeps each article's agreed text, so 'diff SPEC.lock.yaml NEW' compares a later
    version with this one.
    """
    from agreement_builder.api import lock as api_lock

    try:
        path = api_lock(spec, list(libraries))
    except AgreementBuilderError as exc:
        _fail(exc, writes=True)
        return
    click.echo(f"wrote {path}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write the redline (DOCX with tracked changes, PDF) into this folder. Without it, only the summary.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object on stdout.")
@click.option(
    "-l",
    "--layout",
    type=click.Choice(LAYOUT_CHOICES),
    default=None,
    help="Layout of the redline; default: NEW's own.",
)
def diff(old: Path, new: Path, outdir: Path | None, as_json: bool, layout: str | None) -> None:
    """Compare two versions of an agreement, article by article: OLD and NEW are specs.

    Each spec is read with its own libraries. OLD may instead be the lock file
    (agreement.lock.yaml) written by 'lock' on the approved version: its agreed texts are
    the old version, whatever the libraries say today. The summary lists every article added,
    removed, moved, renumbered or changed, with the changed words, the values that changed
    and a change in one language only. With -o it also writes NEW as a redline:
    <new>-redline-<layout>.docx with Word's tracked changes (accept or reject them one by one)
    and .pdf with insertions underlined and deletions struck through.
    """
    from agreement_builder.api import diff as api_diff
    from agreement_builder.kinds.agreement.compare import summary_lines

    try:
        result = api_diff(old, new, outdir, layout)
    except AgreementBuilderError as exc:
        _fail(exc, writes=outdir is not None)
        return
    if as_json:
        click.echo(json.dumps(result.comparison.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in summary_lines(result.comparison):
            click.echo(line)
    for path in result.files:
        click.echo(f"wrote {path}", err=as_json)


@main.command()
@click.argument("edited", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--spec",
    "spec_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="The agreement spec the DOCX was built from.",
)
@click.option(
    "--into",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Your municipality's library folder, for clauses whose wording changed (created if missing).",
)
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
def absorb(edited: Path, spec_path: Path, into: Path, dry_run: bool) -> None:
    """Bring the edits of a DOCX built from SPEC (and edited in Word or LibreOffice) back.

    A changed value (an amount, a number of months) goes into the spec's values; any other
    change to an article becomes an override of its clause in the library INTO, its version
    raised, and the spec uses that library. What cannot be mapped is reported with its
    article and paragraph, and then nothing is written.
    """
    from agreement_builder.api import absorb as api_absorb

    try:
        result = api_absorb(edited, spec_path, into, dry_run=dry_run)
    except AgreementBuilderError as exc:
        _fail(exc, writes=not dry_run)
        return
    for line in result.lines:
        click.echo(line)
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    for path in result.files:
        click.echo(f"{'would write' if dry_run else 'wrote'} {path}")


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to lay the sources out in (created if missing).",
)
@click.option("--force", is_flag=True, help="Overwrite files in OUTDIR that have other content.")
def extract(pdf: Path, outdir: Path, force: bool) -> None:
    """Recover the sources a PDF carries: its spec, lock, clause or lesson files and house style.

    Building the extracted spec (with the same agreement-builder version and options) gives
    the same PDF, byte for byte. Files of the tool's bundled library land under bundled/ to
    read and compare; the build itself uses the installed tool's copies.
    """
    from agreement_builder.api import extract as api_extract

    try:
        result = api_extract(pdf, outdir, force=force)
    except AgreementBuilderError as exc:
        _fail(exc, writes=True)
        return
    click.echo(f"wrote {len(result.files)} files to {outdir} (built with {result.tool})")
    click.echo(f"spec: {result.spec}")
    if result.bundled:
        click.echo(f"{len(result.bundled)} of them are the tool's bundled files, under bundled/ for reference")
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo("to build the same PDF again:")
    click.echo("  " + " ".join(shlex.quote(part) for part in result.command))


@main.group()
def clauses() -> None:
    """Browse the clause library."""


@clauses.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of a table.")
@library_option
def clauses_list(as_json: bool, libraries: tuple[Path, ...]) -> None:
    """List every clause: id, version, category and titles."""
    from agreement_builder.core.results import remembered

    def listed() -> tuple[list[dict[str, Any]], list[Problem]]:
        from agreement_builder.api import load_library

        library = load_library(list(libraries))
        data = [
            {
                "id": c.id,
                "version": c.version,
                "category": c.category,
                "title": dict(c.title),
                "nl": {"title": c.title["nl"]},
                "es": {"title": c.title["es"]},
            }
            for c in library.sorted()
        ]
        return data, library.problems

    items, problems = remembered("clauses list", _named("-L", libraries), listed)
    if as_json:
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
    else:
        width = max((len(c["id"]) for c in items), default=2)
        for c in items:
            click.echo(
                f"{c['id']:<{width}}  {c['version']:<7} {c['category']:<13} {c['nl']['title']} / {c['es']['title']}"
            )
    _warnings(problems)
    if any(p.severity == "error" for p in problems):
        sys.exit(1)


@clauses.command("show")
@click.argument("clause_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@library_option
def clauses_show(clause_id: str, as_json: bool, libraries: tuple[Path, ...]) -> None:
    """Show one clause: its variables and its Dutch and Spanish text."""
    from agreement_builder.api import find_clause, load_library

    try:
        clause = find_clause(clause_id, load_library(list(libraries)))
    except AgreementBuilderError as exc:
        _fail(exc)
        return
    data = clause.to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{clause.id} {clause.version} ({clause.category}) – {data['file']}")
    if clause.insert:
        click.echo(f"inserts: {clause.insert}")
    if clause.when:
        click.echo(f"included only when: {clause.when}")
    if clause.covers:
        click.echo(f"covers (lessons review): {', '.join(clause.covers)}")
    for v in data["variables"]:
        req = "required" if v["required"] else f"default {v['default']!r}"
        click.echo(f"  {v['name']} ({v['type']}, {req}): {v['description']['nl']} / {v['description']['es']}")
        if v["minimum"] is not None or v["maximum"] is not None:
            click.echo(f"      range: {v['minimum']} … {v['maximum']}")
        for cid, label in (v["choices"] or {}).items():
            click.echo(f"      - {cid}: {label['nl']} / {label['es']}")
    for rule in clause.rules:  # what `check` holds the spec's values to
        click.echo(f"  rule: {rule.require}" + (f" (when {rule.when})" if rule.when else ""))
    for lang in ("nl", "es"):
        click.echo(f"\n[{lang}] {data[lang]['title']}\n{data[lang]['text'].rstrip()}")


@clauses.command("fork")
@click.argument("clause_id")
@click.option(
    "--into",
    "into",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Your municipality's library folder (created if missing).",
)
@click.option("--force", is_flag=True, help="Overwrite a clause file already in the folder.")
@library_option
def clauses_fork(clause_id: str, into: Path, force: bool, libraries: tuple[Path, ...]) -> None:
    """Copy clause CLAUSE_ID into your own library folder to adapt it.

    The copy keeps the id, so once the folder is layered on top (--library DIR or
    'libraries: [DIR]' in the spec) it overrides the original. Raise its version when
    you change it.
    """
    from agreement_builder.api import fork_clause

    try:
        path, clause = fork_clause(clause_id, into, list(libraries), force=force)
    except AgreementBuilderError as exc:
        _fail(exc, writes=True)
        return
    click.echo(f"wrote {path} (from {clause.id} {clause.version}, {clause.location.file})")
    click.echo(f"Edit it, raise its version, then use it with --library {into} or 'libraries: [{into}]' in the spec.")


@clauses.command("validate")
@click.argument("folder", required=False, type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
def clauses_validate(folder: Path | None, strict: bool) -> None:
    """Lint a clause library (default: the bundled one) for Dutch/Spanish parity.

    Checks each clause's format, that both languages are complete, use the same
    placeholders and list items, write the same numbers, dates and amounts, use the
    glossary's defined terms consistently, and refer only to existing articles.
    FOLDER is layered on the bundled library, so overrides are reported too.
    """
    from agreement_builder.core.results import remembered

    def validated() -> tuple[int, list[Problem]]:
        from agreement_builder.api import validate_library

        result = validate_library(folder)
        return result.checked, result.problems

    checked, problems = remembered("clauses validate", [str(folder or "")], validated)
    for p in problems:
        click.echo(str(p), err=True)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    summary = f"{checked} clauses checked: {errors} error(s), {warnings} warning(s)"
    if errors or (strict and warnings):
        click.echo(summary, err=True)
        sys.exit(1)
    click.echo(summary + " – OK")


@main.group()
def new() -> None:
    """Start a new file by answering questions."""


@new.command("agreement")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("agreement.yaml"),
    show_default=True,
    help="The spec to write.",
)
@click.option("--defaults", is_flag=True, help="Ask nothing: write a draft with example values to replace.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option(
    "--language",
    type=click.Choice(["nl", "es"]),
    default="nl",
    show_default=True,
    help="Language of the questions about the articles (the clauses describe their values in nl and es).",
)
@library_option
def new_agreement(output: Path, defaults: bool, force: bool, language: str, libraries: tuple[Path, ...]) -> None:
    """Ask about the two towns and write a new, commented agreement spec.

    Asks for the towns and their representatives, the shared priorities and their SDGs, what
    each partner expects and brings, which optional articles to include and which exit clause,
    then shows a summary to confirm. Press Enter to take the answer shown in [brackets]; type
    amounts as you would write them (6.000 or 6.000,50). The spec passes
    'agreement-builder check' as written. Ctrl-C or Ctrl-D stops without writing anything.
    """
    from agreement_builder.api import load_library
    from agreement_builder.kinds.agreement.newspec import REPLACE, ClickPrompter, Prompter, Stopped, new_agreement

    try:
        draft = new_agreement(
            output,
            load_library(list(libraries)),
            Prompter() if defaults else ClickPrompter(),
            force=force,
            libraries=libraries,
            lang=language,
        )
    except (Stopped, click.Abort) as exc:
        # Ctrl-C, end of input, or a 'no' to the summary: a choice, not an error, so no "error:".
        reason = str(exc) or "stopped before the spec was complete"
        click.echo(f"\n{reason}; nothing was written.", err=True)
        sys.exit(1)
    except AgreementBuilderError as exc:
        _fail(exc, writes=True)
        return
    count = len(draft.priorities)
    to_replace = any(mark == REPLACE for mark in draft.marks.values())
    click.echo(
        f"wrote {output}: {len(draft.clauses)} articles, {count} {'priority' if count == 1 else 'priorities'}. "
        + ("Replace the values marked '← replace', then run:" if to_replace else "Next:")
    )
    click.echo(f"  agreement-builder check {output}")
    click.echo(f"  agreement-builder build {output} -o out/")


@main.command()
@click.option(
    "-o",
    "--outdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schemas"),
    show_default=True,
    help="Folder for agreement.schema.json and clause.schema.json (created if missing).",
)
def schema(outdir: Path) -> None:
    """Write JSON Schemas for agreement specs and clause files, for editor completion.

    A YAML file whose first line is '# yaml-language-server: $schema=schemas/agreement.schema.json'
    then gets key completion and checks in VS Code (YAML extension) and other editors.
    """
    from agreement_builder.kinds.agreement.json_schema import write_schemas

    try:
        paths = write_schemas(outdir)
    except AgreementBuilderError as exc:
        _fail(exc, writes=True)
        return
    for path in paths:
        click.echo(f"wrote {path}")


@main.command("kinds")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per kind.")
def kinds_list(as_json: bool) -> None:
    """List the document kinds: how a spec says it is one, its layouts (default first) and options."""
    from agreement_builder.kinds import KINDS
    from agreement_builder.kinds.base import OPTION_FLAGS

    kinds = sorted(KINDS, key=lambda k: k.name)
    if as_json:
        data = [
            {
                "kind": kind.name,
                "spec": kind.label,
                "layouts": [{"name": lay.name, "description": lay.description} for lay in kind.layouts],
                "options": sorted(OPTION_FLAGS[o] for o in kind.options),
            }
            for kind in kinds
        ]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for kind in kinds:
        options = ", ".join(sorted(OPTION_FLAGS[o] for o in kind.options)) or "none"
        click.echo(f"{kind.name}: {kind.label} (options: {options})")
        for lay in kind.layouts:
            click.echo(f"  {lay.name:<13} {lay.description}")


@main.group()
def checklists() -> None:
    """Browse the lesson checklists that end-of-trajectory reports answer."""


@checklists.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array, one object per lesson.")
@checklists_option
def checklists_list(as_json: bool, checklist_dirs: tuple[Path, ...]) -> None:
    """List every lesson with its checklist items (the ids a report answers)."""
    from agreement_builder.core.results import remembered

    def listed() -> tuple[list[dict[str, Any]], list[Problem]]:
        from agreement_builder.kinds.report.checklists import load_checklists

        loaded = load_checklists(list(checklist_dirs))
        return [lesson.to_dict() for lesson in loaded.sorted()], loaded.problems

    lessons, problems = remembered("checklists list", _named("-C", checklist_dirs), listed)
    if any(p.severity == "error" for p in problems):
        _fail(InputError(problems))  # a broken lesson file: no half-true list
        return
    if as_json:
        click.echo(json.dumps(lessons, ensure_ascii=False, indent=2))
    else:
        for lesson in lessons:
            click.echo(f"{lesson['number']}. {lesson['id']}  {lesson['nl']['title']} / {lesson['es']['title']}")
            for item in lesson["nl"]["items"]:
                click.echo(f"     {item['id']}")
    _warnings(problems)


if __name__ == "__main__":  # pragma: no cover
    main()

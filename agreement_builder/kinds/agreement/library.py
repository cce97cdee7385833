"""The clause library: bilingual YAML clauses, loaded and checked as one collection.

A library is a folder of ``<category>/<id>.yaml`` files. The bundled library comes first;
libraries given later override clauses with the same id, which is how a municipality adapts
a shared text without editing it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from agreement_builder.core import cache
from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.yamlsource import load_yaml, load_yaml_bytes
from agreement_builder.kinds.agreement.clause import Clause, parse_clause
from agreement_builder.kinds.agreement.institutions import INSTITUTIONS_FILE, Institutions, load_institutions
from agreement_builder.kinds.agreement.parity import (
    Term,
    lint_clause,
    load_glossary,
    reference_findings,
    text_findings,
)
from agreement_builder.kinds.agreement.rules import lint_rules

GLOSSARY_FILE = "glossary.yaml"
# Files at a library's top that hold data, not clauses.
DATA_FILES = (GLOSSARY_FILE, INSTITUTIONS_FILE)


@dataclass
class Library:
    """All clauses available to a spec, later folders overriding earlier ones."""

    clauses: dict[str, Clause]
    folders: list[Path]
    overridden: dict[str, list[Clause]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)  # ids of clause files that failed to load
    glossary: list[Term] = field(default_factory=list)  # from each folder's glossary.yaml
    institutions: Institutions = field(default_factory=Institutions)  # from each folder's institutions.yaml
    glossary_digest: str = ""  # of the glossary files' bytes, in order: the cached lints depend on it

    def notes(self) -> list[Problem]:
        """One note per override, so a municipality sees which bundled texts it replaced."""
        out = []
        for cid, older in sorted(self.overridden.items()):
            clause = self.clauses[cid]
            replaced = ", ".join(f"{c.version} in {c.location.file}" for c in older)
            out.append(
                Problem(clause.location, f"clause {cid!r} {clause.version} overrides {replaced}", severity="note")
            )
            previous = older[-1]
            if previous.version == clause.version and previous.content_hash != clause.content_hash:
                out.append(
                    Problem(
                        clause.source.loc(("version",)) if clause.source else clause.location,
                        f"clause {cid!r} differs from the text it overrides but keeps its version {clause.version}; "
                        "raise the version so locks and provenance can tell the two texts apart",
                        "version",
                        "warning",
                    )
                )
        return out

    def get(self, clause_id: str) -> Clause | None:
        """The clause with this id after layering, or None."""
        return self.clauses.get(clause_id)

    def sorted(self) -> list[Clause]:
        """Clauses ordered by category, then id, as listings show them."""
        return sorted(self.clauses.values(), key=lambda c: (c.category, c.id))


def load_library(folders: list[Path]) -> Library:
    """Load every clause under ``folders``; collect all problems instead of stopping.

    Folders are read in order, so a later folder's clause overrides an earlier one with
    the same id; the parity lint runs last, when every clause id is known. A clause file
    whose bytes were checked before (:mod:`agreement_builder.core.cache`) is not parsed or
    linted again: its clause and problems come from the cache, and only the references
    to other clauses, which depend on the whole library, are checked afresh.
    """
    library = Library({}, [Path(f) for f in folders])
    runs = []
    for folder in library.folders:
        run = _FolderRun(folder)
        runs.append(run)
        _load_folder(library, run)
    relinted = _lint(library, {key: checked for run in runs for key, checked in run.fresh.items()})
    for run in runs:
        run.changed = run.changed or not relinted.isdisjoint(run.fresh)
        run.save()
    return library


@dataclass
class _Checked:
    """What checking one clause file found, as the cache keeps it (keyed by the file's bytes)."""

    digest: str
    clause: Clause | None
    problems: list[Problem]
    # The findings within the text, per glossary digest: the same bundled clause is linted
    # with the bundled glossary for one spec and a municipality's for another.
    lint: dict[str, list[Problem]] = field(default_factory=dict)


LINTS_KEPT = 4  # glossaries remembered per clause file


@dataclass
class _Data:
    """A data file's loaded value, as the cache keeps it (keyed by the file's bytes)."""

    digest: str
    value: Any


T = TypeVar("T")


class _FolderRun:
    """One folder's cache, read at the start of a load and written back if anything changed."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.key = ("clauses", str(folder), str(folder.resolve()))
        self.cached: dict[str, Any] = cache.read("clauses", self.key)
        self.fresh: dict[str, Any] = {}  # file -> _Checked, "data:" file -> _Data
        self.digests: dict[Path, str] = {}
        self.changed = False

    def data(self, path: Path, load: Callable[[Path], T]) -> T:
        """A data file's loaded value (glossary, institutions), from the cache when its bytes are unchanged."""
        key = f"data:{path}"
        try:
            digest = cache.file_digest(path.read_bytes())
        except OSError:
            digest = "unreadable"
        self.digests[path] = digest
        hit = self.cached.get(key)
        if isinstance(hit, _Data) and hit.digest == digest and digest != "unreadable":
            value: T = hit.value
        else:
            value = load(path)
            self.changed = True
        self.fresh[key] = _Data(digest, value)
        return value

    def lookup(self, path: str, digest: str) -> _Checked | None:
        hit = self.cached.get(path)
        if isinstance(hit, _Checked) and hit.digest == digest:
            return hit
        self.changed = True
        return None

    def save(self) -> None:
        if self.changed or set(self.cached) != set(self.fresh):
            cache.write("clauses", self.key, dict(self.fresh))


def _load_folder(library: Library, run: _FolderRun) -> None:
    """Add one folder's glossary and clauses to ``library``, on top of the folders before it."""
    folder = run.folder
    if not folder.is_dir():
        library.problems.append(Problem(Location(str(folder)), "clause library folder not found"))
        return
    if (folder / GLOSSARY_FILE).is_file():
        _load_glossary(library, folder / GLOSSARY_FILE, run)
    if (folder / INSTITUTIONS_FILE).is_file():
        entries, problems = run.data(folder / INSTITUTIONS_FILE, load_institutions)
        for entry in entries:
            library.institutions.add(entry)
        library.problems.extend(problems)
    in_this: dict[str, Clause] = {}
    root = folder.resolve()
    for path, linked in _clause_files(folder):
        clause = _load_clause_file(library, run, root, path, linked)
        if clause is not None:
            _add_clause(library, clause, in_this)


def _clause_files(folder: Path) -> list[tuple[str, bool]]:
    """The ``*.yaml`` files under ``folder`` but its data files, in path order, each with whether it is a link.

    Walked with ``os.walk`` rather than ``Path.rglob``: a library of thousands of clauses
    would spend more time building Path objects than reading its cached checks. As with
    rglob, linked folders are not entered; a linked file is listed, and checked by the caller.
    """
    base = str(folder)
    found: list[tuple[tuple[str, ...], str, bool]] = []
    for dirpath, dirnames, filenames in os.walk(base):
        rel = os.path.relpath(dirpath, base)
        parts = () if rel == os.curdir else tuple(rel.split(os.sep))
        for name in filenames:
            if not name.endswith(".yaml") or (not parts and name in DATA_FILES):
                continue
            path = os.path.join(dirpath, name)
            found.append(((*parts, name), path, os.path.islink(path)))
        dirnames.sort()
    found.sort()
    return [(str(Path(path)) if base == os.curdir else path, linked) for _, path, linked in found]


def _load_glossary(library: Library, path: Path, run: _FolderRun) -> None:
    """Layer a folder's defined terms over the ones before it.

    A later library redefines a term by naming the same Dutch form first, so a
    municipality can change a term's Spanish counterpart without copying the whole list.
    """
    terms, problems = run.data(path, load_glossary)
    redefined = {t.forms["nl"][0].lower() for t in terms}
    library.glossary = [t for t in library.glossary if t.forms["nl"][0].lower() not in redefined] + terms
    library.problems.extend(problems)
    library.glossary_digest = cache.file_digest(f"{library.glossary_digest}|{run.digests[path]}".encode())


def _load_clause_file(library: Library, run: _FolderRun, root: Path, path: str, linked: bool) -> Clause | None:
    """One clause file of the run's folder (whose resolved path is ``root``), or None if it is unusable.

    A file that links outside the folder is refused: shared libraries are untrusted, and a
    link could make a clause read any file on the machine. Its problems go to the library;
    an unusable file's id is marked broken so specs that use it are not told it is unknown.
    """
    stem = os.path.splitext(os.path.basename(path))[0]
    if linked and not Path(path).resolve().is_relative_to(root):
        library.problems.append(
            Problem(Location(path), "links to a file outside the library folder; copy the file instead")
        )
        library.broken.add(stem)
        return None
    try:
        with open(path, "rb") as fh:
            raw: bytes | None = fh.read()
    except OSError:
        raw = None  # load_yaml says what is wrong with it
    digest = cache.file_digest(raw) if raw is not None else ""
    checked = run.lookup(path, digest) if raw is not None else None
    if checked is None:
        checked = _check_clause_file(run.folder, Path(path), raw, digest)
    run.fresh[path] = checked
    library.problems.extend(checked.problems)
    if checked.clause is None:
        library.broken.add(stem)
    return checked.clause


def _check_clause_file(folder: Path, path: Path, raw: bytes | None, digest: str) -> _Checked:
    """Parse and check one clause file from scratch (its ``raw`` bytes, None if unreadable).

    The clause is None if the file has an error. The clause keeps its source's positions
    for later messages but not the parsed YAML itself, which nothing reads after this
    check: the cache stays small and quick to read.
    """
    try:
        source = load_yaml(path) if raw is None else load_yaml_bytes(raw, path)
    except InputError as exc:
        return _Checked(digest, None, list(exc.problems))
    clause, problems = parse_clause(source)
    source.data = None
    problems = source.problems + problems
    if clause is None or any(p.severity == "error" for p in problems):
        return _Checked(digest, None, problems)
    clause.library = folder
    clause.references()  # found now, so the cache keeps them
    return _Checked(digest, clause, problems)


def _add_clause(library: Library, clause: Clause, in_this: dict[str, Clause]) -> None:
    """Put ``clause`` in the library, overriding an earlier folder's clause with the same id.

    Within one folder (``in_this``) an id may appear only once: which of two files wins
    would depend on file names, not on the author's intent.
    """
    if clause.id in in_this:
        library.problems.append(
            Problem(
                clause.location,
                f"clause id {clause.id!r} is also defined in {in_this[clause.id].location.file}",
            )
        )
        return
    in_this[clause.id] = clause
    if clause.id in library.clauses:
        library.overridden.setdefault(clause.id, []).append(library.clauses[clause.id])
    library.clauses[clause.id] = clause


def _lint(library: Library, checked: dict[str, _Checked]) -> set[str]:
    """The parity lint and the rules' names of every clause, now that all clauses are known.

    The findings within a clause depend on its text and the glossary only, so they are
    reused from the cache when both are unchanged; the references to other clauses and
    the names its rules read (which may be any clause's variables) are checked every time.
    Returns the files whose findings were made afresh, for the cache to store.
    """
    relinted = set()
    known = set(library.clauses) | library.broken
    variables = {v.name for clause in library.clauses.values() for v in clause.variables}
    for clause in library.sorted():
        entry = checked.get(clause.location.file)
        rule_problems = lint_rules(clause.rules, clause.source, variables) if clause.rules else []
        if entry is None or entry.clause is not clause:
            library.problems.extend(lint_clause(clause, library.glossary, known))
            library.problems.extend(rule_problems)
            continue
        found = entry.lint.get(library.glossary_digest)
        if found is None:
            found = text_findings(clause, library.glossary)
            while len(entry.lint) >= LINTS_KEPT:
                del entry.lint[next(iter(entry.lint))]
            entry.lint[library.glossary_digest] = found
            relinted.add(clause.location.file)
        library.problems.extend(found)
        library.problems.extend(reference_findings(clause, known))
        library.problems.extend(rule_problems)
    return relinted


def library_digest(folders: list[Path]) -> str:
    """A digest of every byte a load of ``folders`` reads: each file's path, link target and content.

    Two loads with the same digest (and the same tool, which the cache's fingerprint covers)
    find the same clauses and the same problems, so a result keyed by it never stands for
    other bytes.
    """
    digest = hashlib.sha256()
    for folder in folders:
        digest.update(f"folder\0{folder}\0{os.path.abspath(folder)}\0".encode())
        if not folder.is_dir():
            continue
        data = [(str(folder / name), False) for name in DATA_FILES if (folder / name).is_file()]
        for path, linked in [*data, *_clause_files(folder)]:
            target = os.path.realpath(path) if linked else ""
            try:
                with open(path, "rb") as fh:
                    content = cache.file_digest(fh.read())
            except OSError as exc:
                content = f"unreadable {exc.errno}"
            digest.update(f"{path}\0{target}\0{content}\0".encode())
    return digest.hexdigest()


def bundled_library(extra: list[Path] | None = None) -> Library:
    """The bundled clauses, with any municipality libraries layered on top."""
    from agreement_builder.core.resources import clauses_dir

    return load_library([clauses_dir(), *(extra or [])])

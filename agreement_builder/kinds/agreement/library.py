"""The clause library: bilingual YAML clauses, loaded and checked as one collection.

A library is a folder of ``<category>/<id>.yaml`` files. The bundled library comes first;
libraries given later override clauses with the same id, which is how a municipality adapts
a shared text without editing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.yamlsource import load_yaml
from agreement_builder.kinds.agreement.clause import Clause, parse_clause
from agreement_builder.kinds.agreement.parity import Term, lint_clause, load_glossary
from agreement_builder.kinds.agreement.rules import lint_rules

GLOSSARY_FILE = "glossary.yaml"


@dataclass
class Library:
    """All clauses available to a spec, later folders overriding earlier ones."""

    clauses: dict[str, Clause]
    folders: list[Path]
    overridden: dict[str, list[Clause]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)  # ids of clause files that failed to load
    glossary: list[Term] = field(default_factory=list)  # from each folder's glossary.yaml

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
    the same id; the parity lint runs last, when every clause id is known.
    """
    library = Library({}, [Path(f) for f in folders])
    for folder in library.folders:
        _load_folder(library, folder)
    _lint(library)
    return library


def _load_folder(library: Library, folder: Path) -> None:
    """Add one folder's glossary and clauses to ``library``, on top of the folders before it."""
    if not folder.is_dir():
        library.problems.append(Problem(Location(str(folder)), "clause library folder not found"))
        return
    if (folder / GLOSSARY_FILE).is_file():
        _load_glossary(library, folder / GLOSSARY_FILE)
    in_this: dict[str, Clause] = {}
    root = folder.resolve()
    for path in sorted(folder.rglob("*.yaml")):
        if path.parent == folder and path.name == GLOSSARY_FILE:
            continue
        clause = _load_clause_file(library, folder, root, path)
        if clause is not None:
            _add_clause(library, clause, in_this)


def _load_glossary(library: Library, path: Path) -> None:
    """Layer a folder's defined terms over the ones before it.

    A later library redefines a term by naming the same Dutch form first, so a
    municipality can change a term's Spanish counterpart without copying the whole list.
    """
    terms, problems = load_glossary(path)
    redefined = {t.forms["nl"][0].lower() for t in terms}
    library.glossary = [t for t in library.glossary if t.forms["nl"][0].lower() not in redefined] + terms
    library.problems.extend(problems)


def _load_clause_file(library: Library, folder: Path, root: Path, path: Path) -> Clause | None:
    """One clause file of ``folder`` (whose resolved path is ``root``), or None if it is unusable.

    A file that links outside the folder is refused: shared libraries are untrusted, and a
    link could make a clause read any file on the machine. Its problems go to the library;
    an unusable file's id is marked broken so specs that use it are not told it is unknown.
    """
    if not path.resolve().is_relative_to(root):
        library.problems.append(
            Problem(Location(str(path)), "links to a file outside the library folder; copy the file instead")
        )
        library.broken.add(path.stem)
        return None
    try:
        source = load_yaml(path)
    except InputError as exc:
        library.problems.extend(exc.problems)
        library.broken.add(path.stem)
        return None
    clause, problems = parse_clause(source)
    if clause is not None:
        clause.library = folder
    problems = source.problems + problems
    library.problems.extend(problems)
    if clause is None or any(p.severity == "error" for p in problems):
        library.broken.add(path.stem)
        return None
    return clause


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


def _lint(library: Library) -> None:
    """The parity lint and the rules' names of every clause, now that all clauses are known.

    A rule may read another clause's variables, so its names are checked against every
    variable in the library; article references likewise against every clause id.
    """
    known = set(library.clauses) | library.broken
    variables = {v.name for clause in library.clauses.values() for v in clause.variables}
    for clause in library.sorted():
        library.problems.extend(lint_clause(clause, library.glossary, known))
        library.problems.extend(lint_rules(clause.rules, clause.source, variables))


def bundled_library(extra: list[Path] | None = None) -> Library:
    """The bundled clauses, with any municipality libraries layered on top."""
    from agreement_builder.core.resources import clauses_dir

    return load_library([clauses_dir(), *(extra or [])])

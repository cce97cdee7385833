"""The lock file: which clause texts an agreement was agreed on.

Libraries move on (a municipality improves a clause, VVSG publishes a new version), but a
signed agreement must keep pointing at the text that was signed. ``agreement-builder lock``
records, beside the spec, each used clause's version and a hash of its content; ``check``
and ``build`` then warn about every clause whose text changed since. After the versions and
hashes, ``lock`` also writes each article's agreed text (agreed.py, for ``diff``); ``check``
reads only what comes before it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.schema import MISSING, Checker, Key, Mapping, Str
from agreement_builder.core.yamlsource import load_yaml_bytes
from agreement_builder.kinds.agreement.spec import AgreementSpec

HEADER = """\
# agreement-builder lock file: the clause versions and texts this agreement was checked against.
# Written by 'agreement-builder lock {spec}'. Keep it beside the spec and commit it with the spec;
# 'agreement-builder check' warns when a clause's text no longer matches. Do not edit by hand.
"""


def lock_path(spec_path: Path) -> Path:
    """``agreement.yaml`` → ``agreement.lock.yaml``, in the same folder."""
    spec_path = Path(spec_path)
    return spec_path.with_name(f"{spec_path.stem}.lock.yaml")


def layer_label(spec: AgreementSpec, folder: Path | None) -> str:
    """'bundled', or the library folder relative to the spec's folder."""
    if folder is None or spec.library is None or folder == spec.library.folders[0]:
        return "bundled"
    # A relative path even outside the spec's folder ('../shared'), so the lock (and the PDF
    # that embeds it) reads the same wherever the folders are copied together.
    return Path(os.path.relpath(Path(folder).resolve(), spec.folder)).as_posix()


def lock_text(spec: AgreementSpec) -> str:
    """The lock file's content: stable order (the spec's), stable formatting."""
    lines = [HEADER.format(spec=Path(spec.path).name), "clauses:"]
    for use in spec.clauses:
        c = use.clause
        lines += [
            f"  {c.id}:",
            f'    version: "{c.version}"',
            f"    sha256: {c.content_hash}",
            f'    library: "{layer_label(spec, c.library)}"',
        ]
    return "\n".join(lines) + "\n"


def write_lock(spec: AgreementSpec) -> Path:
    """Write the lock beside the spec, atomically; return its path."""
    from agreement_builder.core.output import write_all_atomic

    path = lock_path(spec.path)
    write_all_atomic([(path, lock_text(spec).encode("utf-8"))])
    return path


# One clause's entry under ``clauses:`` (agreed.py checks a whole lock with it too).
ENTRY = Mapping(
    {
        "version": Key(Str(allow_numbers=True), required=True),
        "sha256": Key(Str(r"[0-9a-f]{64}", "a SHA-256 hex digest"), required=True),
        "library": Key(Str()),
    }
)


# Where the agreed texts start (agreed.py writes them last): check only reads what is before.
_RESOLVED = re.compile(rb"^resolved:", re.MULTILINE)


def _versions_part(path: Path) -> bytes:
    """The lock up to its agreed texts: all that ``check`` compares, read on every check and build.

    The texts are most of the file (some 60 kB for an agreement of 23 articles) and parsing
    them would cost every check some 25 ms; ``diff`` reads them (agreed.py).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(Location(str(path)), f"cannot read: {exc.strerror}")]) from None
    found = _RESOLVED.search(raw)
    return raw[: found.start()] if found else raw


def lock_findings(spec: AgreementSpec) -> list[Problem]:
    """Warnings for every clause that differs from the lock; none when there is no lock."""
    path = lock_path(spec.path)
    if not path.is_file():
        return []
    try:
        source = load_yaml_bytes(_versions_part(path), path)
    except InputError as exc:
        return exc.problems
    ck = Checker(source)
    raw = source.data.get("clauses") if isinstance(source.data, dict) else None
    if not isinstance(raw, dict):
        ck.error((), "a lock file maps 'clauses:' to their version and sha256; write it again with 'lock'")
        return source.problems + ck.problems
    entries = {}
    for cid, entry in raw.items():
        checked = ENTRY.check(entry, ("clauses", cid), ck)
        if checked is not MISSING:
            entries[str(cid)] = checked
    found = list(source.problems) + ck.problems
    again = f"review the change, then run 'agreement-builder lock {spec.path}' again"

    def warn(loc: Location, message: str) -> None:
        found.append(Problem(loc, f"{message}; {again}", severity="warning"))

    used = set()
    for use in spec.clauses:
        c = use.clause
        used.add(c.id)
        entry = entries.get(c.id)
        if entry is None:
            if c.id not in raw:
                warn(use.location, f"clause {c.id!r} is not in the lock {path.name} (added since the lock)")
            continue
        if str(entry["version"]) != c.version:
            warn(
                source.loc(("clauses", c.id, "version")),
                f"clause {c.id!r} is now version {c.version}, the lock has {entry['version']}: its text changed",
            )
        elif entry["sha256"] != c.content_hash:
            warn(
                source.loc(("clauses", c.id, "sha256")),
                f"clause {c.id!r} changed since the lock although its version ({c.version}) did not",
            )
    for cid in sorted(set(entries) - used):
        warn(source.loc(("clauses", cid)), f"clause {cid!r} is in the lock but no longer in the agreement")
    return found

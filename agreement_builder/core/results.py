"""Whole results of the commands that render nothing, kept against every input they read.

``check`` on an unchanged spec, ``clauses list`` on an unchanged library: users run them again
and again while they edit, and each run would load the library, fill every clause text and
review the agreement anew, most of a second, to print the same lines. Like ruff's or mypy's
cache, this module keeps a command's result together with a record of everything the
command read to make it, and gives the result back only while all of that is unchanged.

What a run read is recorded by a Python audit hook (:func:`sys.addaudithook`) while the
command computes, not by each loader announcing its files, so a reader added later cannot
be forgotten:

- every file opened for reading (its SHA-256, and where a symlink leads), except our own and
  the dependencies' code, which the cache's :func:`~agreement_builder.core.cache.fingerprint`
  covers, and the cache folder itself;
- every folder listed (a library scanned, a glob), and the folder of every file opened, by the
  names in it, so that a file added beside the spec (a lock file) or in a library (an override)
  is a change even though nothing had opened it;
- the few programs run (only ``fc-list``, which tells which fonts are installed), by their output.

A result is reused only when every file still has the same bytes, every folder the same
names and every program the same output, under the same arguments, working folder and tool
fingerprint. Anything else the run did that cannot be checked this way (writing a file outside
the cache, running another program) makes the result one that is not kept. Errors are kept
too: an invalid spec checked twice prints the same problems twice, each at its line.

Checking that nothing changed reads the inputs again and hashes them (about 60 files for an
agreement, a millisecond or two), which is far less than validating them.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from agreement_builder.core import cache
from agreement_builder.core.errors import InputError

T = TypeVar("T")

KIND = "results"  # the cache's subfolder

# Programs whose output a result may depend on, and may be run again to see that it has not changed.
PROBES = frozenset({"fc-list"})

# Files that are code: covered by the tool's fingerprint (ours) and the dependencies' versions.
_CODE_SUFFIXES = (".py", ".pyc", ".so", ".pth", ".pyd")


@dataclass(eq=False)  # each record is its own: removed from the active ones by identity
class _Record:
    """What one computation read, while it runs."""

    files: set[str] = field(default_factory=set)
    folders: set[str] = field(default_factory=set)
    probes: set[tuple[str, ...]] = field(default_factory=set)
    unkeepable: str = ""  # why the result may not be kept, when something cannot be re-checked
    # sys.path, made absolute once: the hook consults it on every listing the imports make
    import_path: frozenset[str] = field(default_factory=lambda: _sys_path())


_lock = threading.Lock()
_active: list[_Record] = []
_hooked = False


def _skip_folder(record: _Record, path: str) -> bool:
    """Folders the import system lists: sys.path entries (as the record began) and bytecode folders."""
    return path in record.import_path or os.path.basename(path) == "__pycache__"


def _sys_path() -> frozenset[str]:
    return frozenset(os.path.abspath(p or os.curdir) for p in sys.path)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """The audit hook: note reads, listings and programs for the records being made, if any."""
    if _active:
        for record in list(_active):  # a computation inside another one read for both
            try:
                _note(record, event, args)
            except Exception as exc:  # noqa: BLE001 - a hook that raises would fail the audited call itself
                record.unkeepable = f"its {event} could not be recorded ({exc})"


def _note(record: _Record, event: str, args: tuple[Any, ...]) -> None:
    if event == "open":
        path, mode, flags = args
        if isinstance(path, int) or path is None:
            return
        path = os.path.abspath(os.fsdecode(path))
        writing = (mode is not None and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
        )
        if _in_cache(path):
            return
        if writing:
            record.unkeepable = f"it wrote {path}"
        elif not path.endswith(_CODE_SUFFIXES):
            record.files.add(path)
    elif event in ("os.listdir", "os.scandir"):
        path = args[0]
        if isinstance(path, int):
            return
        folder = os.path.abspath(os.fsdecode(path if path is not None else os.curdir))
        if not _skip_folder(record, folder):
            record.folders.add(folder)
    elif event == "subprocess.Popen":
        executable, argv = args[0], args[1]
        argv = tuple(os.fsdecode(a) for a in (argv if isinstance(argv, list | tuple) else [argv]))
        name = os.path.basename(os.fsdecode(executable or argv[0]))
        if name in PROBES:
            record.probes.add(argv)
        else:
            record.unkeepable = f"it ran {name}"


def _in_cache(path: str) -> bool:
    folder = cache.cache_dir()
    return folder is not None and path.startswith(os.path.abspath(folder) + os.sep)


def _hook() -> None:
    global _hooked
    with _lock:
        if not _hooked:
            sys.addaudithook(_audit)
            _hooked = True


# ------------------------------------------------------------------------------ fingerprints


def _file_state(path: str) -> tuple[str, str] | None:
    """(SHA-256 of the bytes, where a symlink leads or ''), or None when it cannot be read."""
    try:
        st = os.lstat(path)
        target = os.path.realpath(path) if stat.S_ISLNK(st.st_mode) else ""
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest(), target
    except OSError:
        return None


def _folder_state(path: str) -> str | None:
    """The names in a folder, and where each symlink among them leads.

    A loader that resolves a path (a spec's ``libraries: [library]`` where ``library`` is a
    symlink) records the files it read at their real place; pointing the symlink elsewhere
    changes no file there, but it changes this folder's state.
    """
    try:
        with os.scandir(path) as entries:
            names = sorted((e.name, os.readlink(e.path) if e.is_symlink() else "") for e in entries)
    except OSError:
        return None
    folder = cache.cache_dir()
    if folder is not None and os.path.dirname(os.path.abspath(folder)) == path:
        names = [n for n in names if n[0] != os.path.basename(os.path.abspath(folder))]  # made by the cache itself
    return hashlib.sha256("\0".join(f"{n}\1{t}" for n, t in names).encode("utf-8", "surrogateescape")).hexdigest()


def _probe_state(argv: tuple[str, ...]) -> str | None:
    try:
        proc = subprocess.run(list(argv), capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return hashlib.sha256(proc.stdout + b"\0" + str(proc.returncode).encode()).hexdigest()


@dataclass(frozen=True)
class _Inputs:
    """The state of everything a result was made from."""

    files: dict[str, tuple[str, str] | None]
    folders: dict[str, str | None]
    probes: dict[tuple[str, ...], str | None]

    def unchanged(self) -> bool:
        """Every file, folder and program as it was; stops at the first difference."""
        return (
            all(_folder_state(f) == s for f, s in self.folders.items())
            and all(_file_state(f) == s for f, s in self.files.items())
            and all(_probe_state(a) == s for a, s in self.probes.items())
        )


def _inputs(record: _Record) -> _Inputs:
    # The folder of each file read counts as listed: a file appearing beside it is a change, even
    # in a folder on sys.path (``python -m`` puts the working folder there, and a spec may lie in it).
    folders = record.folders | {os.path.dirname(f) for f in record.files}
    return _Inputs(
        {f: _file_state(f) for f in sorted(record.files)},
        {f: _folder_state(f) for f in sorted(folders)},
        {a: _probe_state(a) for a in sorted(record.probes)},
    )


# ------------------------------------------------------------------------------ the entry point


def remembered(command: str, args: Sequence[str], compute: Callable[[], T]) -> T:
    """``compute()``, or its result kept from an earlier run on exactly the same inputs.

    ``command`` and ``args`` (as the user gave them: messages print paths so) and the working
    folder name the entry. An :class:`InputError` is a result too, raised again on a hit.
    Any other exception is not kept. With the cache off, this is just ``compute()``.
    """
    try:
        here = os.getcwd()
    except OSError:  # the working folder was removed: nothing to name the entry by
        return compute()
    if cache.cache_dir() is None:
        return compute()
    key = [command, here, *args]
    entry = cache.read(KIND, key)
    inputs, outcome = entry.get("inputs"), entry.get("outcome")
    if isinstance(inputs, _Inputs) and isinstance(outcome, tuple) and len(outcome) == 2 and inputs.unchanged():
        return _give(outcome)
    _hook()
    record = _Record()
    _active.append(record)
    try:
        outcome = ("value", compute())
    except InputError as exc:
        outcome = ("problems", list(exc.problems))
    finally:
        _active.remove(record)
    if not record.unkeepable:
        cache.write(KIND, key, {"inputs": _inputs(record), "outcome": outcome})
    return _give(outcome)


def _give(outcome: tuple[str, Any]) -> Any:
    tag, value = outcome
    if tag == "problems":
        raise InputError(value)
    return value

"""A cache of checked inputs in the user's cache folder, so unchanged files are not checked again.

Checking a clause file means parsing its YAML, its two Jinja texts and their Markdown and
comparing the languages: milliseconds a clause, which a library of thousands pays on every
``check``. The results of that work are kept here, keyed by the exact bytes they came from,
and reused only for the same bytes, at the same path, read by the same tool.

What a hit may never do is skip a check on other bytes, so each entry carries the SHA-256
of the file it was made from, and the whole cache the :func:`fingerprint` of the code that
made it (our own modules and the parsers we use): a changed tool ignores the old cache.
A cache that cannot be read, or holds anything but our own kinds of objects, is ignored
as if it were empty; the cache folder is the user's own, but a cache is never a reason
to fail or to run foreign code, so unpickling admits only a short list of classes.

``AGREEMENT_BUILDER_CACHE_DIR`` moves the cache; setting it to ``off`` turns it off.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

ENV = "AGREEMENT_BUILDER_CACHE_DIR"
FORMAT = 1
MAX_BYTES = 512 * 1024 * 1024  # a cache file larger than this is not read

# The modules whose classes a cache may hold; anything else makes the file unreadable.
_ALLOWED_MODULES = ("agreement_builder.",)
_ALLOWED = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("builtins", "tuple"),
    ("builtins", "list"),
    ("builtins", "dict"),
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "Path"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("decimal", "Decimal"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}
# The libraries whose behaviour our checks depend on: a new version invalidates the cache.
_DEPENDENCIES = ("yaml", "jinja2", "markdown_it", "babel")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    given = os.environ.get(ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "off", "0", "no") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "agreement-builder"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of the code that checks: our package's sources and the parsers' versions.

    Our own sources are hashed whole (a few hundred kilobytes, a millisecond), so a
    developer's edit invalidates the cache as surely as a release; for the dependencies
    the place, size and time of their main module stand for their version, which is read
    without importing them.
    """
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    for name in _DEPENDENCIES:
        digest.update(module_stamp(name).encode())
    return digest.hexdigest()


def module_stamp(name: str) -> str:
    """The place, size and time of a library's main module, standing for its version; read without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    origin = spec.origin if spec and spec.origin else ""
    try:
        st = os.stat(origin)
    except OSError:
        return f"{name}|missing"
    return f"{name}|{origin}|{st.st_size}|{st.st_mtime_ns}"


def file_digest(data: bytes) -> str:
    """The SHA-256 an entry is keyed by."""
    return hashlib.sha256(data).hexdigest()


class _Unpickler(pickle.Unpickler):
    """Rebuilds only our own classes and a few plain ones; anything else is a corrupt cache."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _ALLOWED or module.startswith(_ALLOWED_MODULES):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cache")


def _path_for(kind: str, key: Iterable[str]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    name = hashlib.sha256("\0".join(key).encode()).hexdigest()[:32]
    return folder / kind / f"{name}.pickle"


def read(kind: str, key: Iterable[str]) -> dict[str, Any]:
    """The entries cached for ``key`` (e.g. one library folder), or an empty dict.

    Empty also when the cache is off, missing, unreadable, made by other code, or corrupt.
    """
    path = _path_for(kind, key)
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > MAX_BYTES:
                return {}
            raw = fh.read()
        # The collector would walk the growing heap again and again while thousands of
        # small objects are rebuilt; nothing here makes cycles worth collecting meanwhile.
        collecting = gc.isenabled()
        gc.disable()
        try:
            data = _Unpickler(io.BytesIO(raw)).load()
        finally:
            if collecting:
                gc.enable()
    except Exception:  # noqa: BLE001 - any unreadable cache counts as empty, by design
        return {}
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint():
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def write(kind: str, key: Iterable[str], entries: dict[str, Any]) -> None:
    """Store ``entries`` for ``key``, atomically; a cache that cannot be written is skipped silently.

    A reader in another process sees the old file or the new one, never half of one.
    """
    path = _path_for(kind, key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"fingerprint": fingerprint(), "entries": entries}, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return

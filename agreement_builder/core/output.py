"""Writing outputs atomically: a build either leaves a complete file or none at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from agreement_builder.core.errors import OutputError


def write_all_atomic(files: list[tuple[Path, bytes]]) -> None:
    """Write several outputs so that a failure leaves none of them half-done or stale.

    Every target is checked first, every file is written to a temporary name, and only when
    all are on disk are they renamed into place.
    """
    for path, _ in files:
        if Path(path).is_dir():
            raise OutputError(f"cannot write {path}: a folder of that name is in the way")
    temps: list[tuple[str, Path]] = []
    made: list[Path] = []  # folders this call created, removed again if it fails
    done = False
    try:
        for path, data in files:
            path = Path(path)
            try:
                made.extend(_missing_folders(path.parent))
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            except OSError as exc:
                raise OutputError(f"cannot write to {path.parent}: {exc.strerror}") from None
            temps.append((tmp, path))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        done = True
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        if not done:
            for folder in sorted(set(made), key=lambda f: len(f.parts), reverse=True):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if empty: nothing of anyone else's goes


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and its ancestors that do not exist yet, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing

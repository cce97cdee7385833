"""The files a document was built from, named for the archive and laid out again on extraction.

A signed PDF goes to the archive for decades; the clause library it was built from moves on.
So the PDF carries its sources (PDF/A-3 associated files): the spec, the lock data, each
clause or lesson file it used, and the house style's files, each under a name relative to
the spec's folder, plus a manifest. ``agreement-builder extract`` lays them out again so
that building the extracted spec gives the same PDF, byte for byte.

Names:
- a file in or below the spec's folder: its path from there (``library/exit.yaml``);
- a file elsewhere on disk: its relative path, which may climb (``../shared/exit.yaml``); the
  manifest then says under which folder names to place the spec (``place``), so that the
  climb lands on the same relative layout when extracted;
- a file of the tool's own bundled data: ``bundled/<folder>/<path>``; the rebuild uses the
  installed tool's copy (the manifest names the version), the embedded one is for reading
  and for checking that nothing changed.

Extraction treats a PDF as untrusted: every name is checked (no absolute paths, no climb
beyond what ``place`` allows, no hidden tricks), every file's hash must match the manifest,
and sizes are capped.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from agreement_builder.core.errors import InputError, Location, Problem

MANIFEST = "agreement-builder-sources.json"
FORMAT = 1
BUNDLED = "bundled"
MAX_FILE_BYTES = 5_000_000  # a clause, spec or logo is kilobytes; more is not a source of ours
MAX_TOTAL_BYTES = 50_000_000
MAX_FILES = 5_000
_SAFE_PART = re.compile(r"[\w.\- ()'&+,@]+")


@dataclass(frozen=True)
class Input:
    """One file a build read (``path``), or made (``data``: the lock), and what it was."""

    role: str
    path: Path | None = None
    data: bytes | None = None
    name: str = ""  # for made files: the name beside the spec


@dataclass(frozen=True)
class Named:
    """A source under its archive name."""

    name: str
    role: str
    data: bytes


def collect(
    spec_path: Path,
    inputs: list[Input],
    bundled: dict[str, Path],
    tool: str,
    options: dict[str, list[Path]] | None = None,
) -> list[Named]:
    """Name every input, drop duplicates, and add the manifest (last).

    ``options`` are the folders given on the command line (``libraries``, ``checklists``,
    ``style``): the manifest records them relative to the spec's folder, so ``extract`` can
    print the whole command that rebuilds the same PDF.
    """
    folder = Path(spec_path).resolve().parent
    roots = {label: root.resolve() for label, root in bundled.items()}  # once, not once per file
    named: dict[str, Named] = {}
    for item in inputs:
        if item.path is not None:
            path = Path(item.path).resolve()
            name = _name(path, folder, roots)
            data = path.read_bytes()
        else:
            name, data = item.name, item.data or b""
        named.setdefault(name, Named(name, item.role, data))
    files = sorted(named.values(), key=lambda n: (n.role != "spec", n.name))
    climb = max((_climb(n.name) for n in files), default=0)
    place = "/".join(folder.parts[len(folder.parts) - climb :]) if climb else ""
    manifest = {
        "format": FORMAT,
        "tool": tool,
        "spec": files[0].name if files and files[0].role == "spec" else "",
        "place": place,
        "options": {
            key: [Path(os.path.relpath(Path(f).resolve(), folder)).as_posix() for f in folders]
            for key, folders in sorted((options or {}).items())
            if folders
        },
        "files": [{"name": n.name, "role": n.role, "sha256": hashlib.sha256(n.data).hexdigest()} for n in files],
    }
    data = (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    return [*files, Named(MANIFEST, "manifest", data)]


def _name(path: Path, folder: Path, roots: dict[str, Path]) -> str:
    """The archive name of ``path``: in the bundled folder it lies in (``roots``, resolved), else from ``folder``."""
    for label, root in roots.items():
        if path.is_relative_to(root):
            return f"{BUNDLED}/{label}/{path.relative_to(root).as_posix()}"
    return PurePosixPath(Path(os.path.relpath(path, folder)).as_posix()).as_posix()


def _climb(name: str) -> int:
    parts = PurePosixPath(name).parts
    n = 0
    while n < len(parts) and parts[n] == "..":
        n += 1
    return n


@dataclass(frozen=True)
class Extracted:
    """Where extraction puts each file, and what it says about them."""

    spec: Path
    files: list[tuple[Path, bytes]]
    tool: str
    bundled: dict[str, bytes]  # name -> bytes of the tool's bundled files, to compare with the installed ones
    options: dict[str, list[Path]]  # the command-line folders the build used, placed under the extraction folder


def plan(attachments: dict[str, bytes], outdir: Path, where: str) -> Extracted:
    """Check the attachments of a PDF against its manifest and place them under ``outdir``.

    Raises InputError (naming ``where``, the PDF) when the PDF carries no sources of ours or
    when anything about them is wrong; nothing is written in that case.
    """
    loc = Location(where)
    manifest = _manifest(attachments, loc)
    problems: list[str] = []
    entries = manifest["files"]
    if len(entries) > MAX_FILES:
        problems.append(f"the manifest lists {len(entries)} files; at most {MAX_FILES} are accepted")
    place = str(manifest.get("place", ""))
    place_parts = [p for p in place.split("/") if p]
    if not all(_SAFE_PART.fullmatch(p) and p not in (".", "..") for p in place_parts):
        problems.append(f"the manifest's place {place!r} is not a plain folder path")
    root = Path(outdir).joinpath(*place_parts)
    out, bundled, names = _files(entries[:MAX_FILES], attachments, root, len(place_parts), problems)
    spec_name = str(manifest["spec"])
    if spec_name not in names:
        problems.append("the manifest names no spec among its files")
    options = _options(manifest.get("options", {}), root, len(place_parts), problems)
    if problems:
        raise InputError([Problem(loc, p) for p in problems])
    return Extracted(_under(root, spec_name), out, str(manifest.get("tool", "")), bundled, options)


def _manifest(attachments: dict[str, bytes], loc: Location) -> dict[str, Any]:
    if MANIFEST not in attachments:
        raise InputError(
            [
                Problem(
                    loc,
                    "this PDF carries no sources (no agreement-builder manifest inside); "
                    "extract needs the PDF exactly as agreement-builder wrote it",
                )
            ]
        )
    try:
        manifest = json.loads(attachments[MANIFEST].decode("utf-8"))
        if not isinstance(manifest, dict) or not isinstance(manifest["files"], list) or "spec" not in manifest:
            raise ValueError("not a manifest of ours")
        if manifest.get("format") != FORMAT:
            raise ValueError(f"format {manifest.get('format')!r}; a newer agreement-builder may read it")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise InputError([Problem(loc, f"the sources manifest inside is unreadable ({exc})")]) from None
    return manifest


def _under(root: Path, name: str) -> Path:
    return Path(posixpath.normpath((root / name).as_posix()))


def _files(
    entries: list[Any], attachments: dict[str, bytes], root: Path, climb: int, problems: list[str]
) -> tuple[list[tuple[Path, bytes]], dict[str, bytes], set[str]]:
    """Each listed file, checked (name, presence, hash, size) and placed under ``root``."""
    out: list[tuple[Path, bytes]] = []
    bundled: dict[str, bytes] = {}
    seen: set[str] = set()
    total = 0
    for entry in entries:
        name = str(entry.get("name", "")) if isinstance(entry, dict) else ""
        if name in seen:
            continue
        seen.add(name)
        trouble = _unsafe(name, climb)
        data = attachments.get(name)
        if trouble:
            problems.append(f"refused {name!r}: {trouble}")
        elif data is None:
            problems.append(f"{name!r} is listed in the manifest but not attached")
        elif hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(f"{name!r} does not match its hash in the manifest: the file was altered")
        else:
            total += len(data)
            if len(data) > MAX_FILE_BYTES or total > MAX_TOTAL_BYTES:
                problems.append(f"{name!r} makes the sources larger than accepted ({MAX_TOTAL_BYTES:,} bytes in all)")
                break
            if name.startswith(BUNDLED + "/"):
                bundled[name] = data
            out.append((_under(root, name), data))
    return out, bundled, seen


def _options(raw: Any, root: Path, climb: int, problems: list[str]) -> dict[str, list[Path]]:
    """The command-line folders of the original build, placed under ``root``."""
    options: dict[str, list[Path]] = {}
    for key, folders in raw.items() if isinstance(raw, dict) else ():
        if key not in ("libraries", "checklists", "style") or not isinstance(folders, list):
            problems.append(f"the manifest names an unknown option {key!r}")
            continue
        for folder in folders:
            trouble = _unsafe(str(folder), climb)
            if trouble:
                problems.append(f"refused the {key} folder {folder!r}: {trouble}")
            else:
                options.setdefault(key, []).append(_under(root, str(folder)))
    return options


def _unsafe(name: str, allowed_climb: int) -> str:
    """Why ``name`` may not be written, or '' when it is a plain relative path within bounds."""
    if not name or "\\" in name or "\0" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "not a relative path"
    parts = PurePosixPath(name).parts
    climb = _climb(name)
    rest = parts[climb:]
    if climb > allowed_climb:
        return "it climbs out of the extraction folder"
    if not rest or any(p in ("..", ".") or not _SAFE_PART.fullmatch(p) for p in rest):
        return "unusual path parts"
    return ""

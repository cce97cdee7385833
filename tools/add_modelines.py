#!/usr/bin/env python3
"""Regenerate schemas/ and point every example spec and bundled clause at its JSON Schema.

Run from anywhere after changing the declarative schemas (spec.py, library.py) or adding
examples or clauses:

    .venv/bin/python tools/add_modelines.py          # rewrite schemas/ and the modelines
    .venv/bin/python tools/add_modelines.py --check  # exit 1 if anything is out of date

The modeline is the file's first line, ``# yaml-language-server: $schema=<relative path>``; the
YAML extension of VS Code (and other editors using yaml-language-server) reads it to complete
and check keys. An existing modeline is replaced; the rest of each file is left byte for byte.
Example files that are not agreement specs (no ``parties`` and ``clauses``) are skipped: there
is no schema for them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agreement_builder.kinds.agreement.json_schema import AGREEMENT_FILE, CLAUSE_FILE, modeline, schema_files  # noqa: E402

SCHEMAS = ROOT / "schemas"
PREFIX = "# yaml-language-server:"


def schema_for(path: Path, root: Path = ROOT) -> str | None:
    """Which schema file describes ``path``: clause files, and example agreement specs."""
    rel = path.relative_to(root)
    if path.name in ("glossary.yaml", "institutions.yaml"):  # a library's data files are not clauses
        return None
    if rel.parts[0] == "clauses" or (rel.parts[0] == "examples" and "library" in rel.parts):
        return CLAUSE_FILE
    if rel.parts[0] == "examples":
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            return None
        if isinstance(data, dict) and "parties" in data and "clauses" in data:
            return AGREEMENT_FILE
    return None


def with_modeline(text: str, line: str) -> str:
    """``text`` with ``line`` as its first line, replacing an older modeline."""
    first, sep, rest = text.partition("\n")
    if first.startswith(PREFIX):
        return line + sep + rest if sep else line + "\n"
    return line + "\n" + text


def targets(root: Path = ROOT) -> list[tuple[Path, str]]:
    """Every file that should carry a modeline, with the modeline it should carry."""
    out = []
    for folder in ("examples", "clauses"):
        for path in sorted((root / folder).rglob("*.yaml")):
            name = schema_for(path, root)
            if name is not None:
                rel = os.path.relpath(root / "schemas" / name, path.parent)
                out.append((path, modeline(Path(rel).as_posix())))
    return out


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    """Bring schemas/ and the modelines up to date; with --check only report what is stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if anything is out of date")
    args = parser.parse_args(argv)
    stale: list[Path] = []
    for name, text in schema_files().items():
        path = root / "schemas" / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path, line in targets(root):
        text = path.read_text(encoding="utf-8")
        new = with_modeline(text, line)
        if new != text:
            stale.append(path)
            if not args.check:
                path.write_text(new, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'updated'}: {path.relative_to(root)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())

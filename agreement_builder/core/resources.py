"""Where the bundled data lives, in a checkout and in an installed wheel alike.

The wheel carries ``templates/`` and ``clauses/`` inside the package (``_bundled/``) so the
tool works from any folder after ``pip install .``; in a source checkout they are read from
the repository's top level so edits show up without reinstalling.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def bundled_dir(name: str) -> Path:
    """Folder of bundled data ``name`` ('templates' or 'clauses')."""
    for candidate in (PACKAGE_DIR / "_bundled" / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} is missing from this installation")


def templates_dir() -> Path:
    """Folder with the HTML template, stylesheet and per-language labels."""
    return bundled_dir("templates")


def styles_dir() -> Path:
    """Folder of the bundled house styles (``default/``: the neutral look)."""
    return bundled_dir("styles")


def clauses_dir() -> Path:
    """Folder of the bundled clause library."""
    return bundled_dir("clauses")


@cache
def sdgs() -> dict[int, dict[str, str]]:
    """The 17 SDGs keyed by number: {'nl': title, 'es': title, 'colour': '#RRGGBB'}."""
    from agreement_builder.core.yamlsource import load_yaml

    source = load_yaml(PACKAGE_DIR / "data" / "sdgs.yaml")
    return {item["number"]: {k: v for k, v in item.items() if k != "number"} for item in source.data}


@cache
def labels(lang: str) -> dict[str, str]:
    """Fixed wording of a language (article label, signature captions, draft mark)."""
    from agreement_builder.core.yamlsource import load_yaml

    return dict(load_yaml(templates_dir() / lang / "labels.yaml").data)


def clause_schema_path() -> Path | None:
    """The JSON Schema for clause files shipped with the package, if present."""
    try:
        path = bundled_dir("schemas") / "clause.schema.json"
    except FileNotFoundError:
        return None
    return path if path.is_file() else None

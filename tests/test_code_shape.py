"""The code stays in a shape a newcomer can read: small functions (radon), layers kept (import-linter).

mypy and lint-imports run in .ci/run; the complexity limit is a test so that it also fails
locally, naming the function to split.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ROOT

LIMIT = 25  # radon's cyclomatic complexity; the issue that split the god functions set it


def test_no_function_is_too_complex_to_read():
    radon = pytest.importorskip("radon.complexity")
    too_complex = []
    for path in sorted((ROOT / "agreement_builder").rglob("*.py")):
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            if block.complexity > LIMIT:
                too_complex.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.name} ({block.complexity})")
    assert not too_complex, "split these functions:\n" + "\n".join(too_complex)


def test_each_layer_is_a_folder():
    """The folder tree shows the pipeline: core, model, kinds, writers (README 'How it works')."""
    package = ROOT / "agreement_builder"
    layers = {p.name for p in package.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))}
    assert {"core", "model", "kinds", "writers"} <= layers
    assert all((package / layer / "__init__.py").is_file() for layer in ("core", "model", "kinds", "writers"))
    assert Path(package / "kinds" / "agreement").is_dir() and Path(package / "kinds" / "report").is_dir()

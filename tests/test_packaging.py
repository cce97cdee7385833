"""The installed tool finds its bundled data from any folder, and the code is ruff-clean."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT


def test_installed_package_works_from_another_folder(tmp_path):
    """-I: no cwd or PYTHONPATH on sys.path, so the installed copy (wheel in CI) is used."""
    code = (
        "import agreement_builder.core.resources as r, agreement_builder.kinds.agreement.library as l;"
        "print(r.templates_dir()); print(len(l.bundled_library().clauses))"
    )
    proc = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path, capture_output=True, text=True)
    if "No module named 'agreement_builder'" in proc.stderr:
        pytest.skip("agreement_builder is not installed in this environment")
    assert proc.returncode == 0, proc.stderr
    templates, count = proc.stdout.split()
    assert (Path(templates) / "document.html.j2").is_file()
    assert int(count) >= 13


def test_console_script_builds_from_another_folder(tmp_path):
    script = Path(sys.executable).with_name("agreement-builder")
    if not script.exists():
        pytest.skip("console script not installed")
    proc = subprocess.run(
        [str(script), "build", str(EXAMPLE), "-o", "out", "-f", "html", "--layout", "nl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Artikel 1" in (tmp_path / "out" / "agreement-nl.html").read_text(encoding="utf-8")


def test_ruff_lint_and_format():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff not installed")
    lint = subprocess.run([ruff, "check", "agreement_builder", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run(
        [ruff, "format", "--check", "agreement_builder", "tests"], cwd=ROOT, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout

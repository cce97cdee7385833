"""House style folders (core/housestyle.py, kinds/house.py): what a style may hold, and every way it can be wrong.

A style folder may come from another municipality, so its logo is checked as untrusted
input: inside the folder, small, and really the PNG or self-contained SVG it claims to be.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import pytest

from agreement_builder import api
from agreement_builder.core.errors import InputError
from agreement_builder.core.housestyle import MAX_LOGO_BYTES, load_style
from agreement_builder.kinds.house import default_style_folder, house_style, mix
from agreement_builder.model.document import HouseStyle

from .conftest import FIXTURES, ROOT

STYLES = FIXTURES / "styles"
BRASSCHAAT = ROOT / "examples" / "brasschaat-tarija" / "style"
HERENT = ROOT / "examples" / "herent-nimlahakok" / "style"


def problems_of(folder) -> list[str]:
    with pytest.raises(InputError) as info:
        load_style(folder)
    return [str(p) for p in info.value.problems if p.severity == "error"]


def only_error(folder) -> str:
    errors = problems_of(folder)
    assert len(errors) == 1, errors
    return errors[0]


def test_the_bundled_default_is_the_models_default():
    """The model's defaults (used by tests that resolve without a build) must be the bundled neutral style."""
    loaded = house_style(None)
    assert dataclasses.replace(loaded, folder=None, files=()) == HouseStyle()
    assert loaded.files == (default_style_folder().resolve() / "style.yaml",)
    assert loaded.folder == default_style_folder().resolve()
    assert loaded.logo is None and not loaded.has_letterhead


def test_the_brasschaat_style_loads_with_its_svg_logo():
    house = house_style(BRASSCHAAT)
    assert house.primary == "#1E5B3C" and house.body_font == "Caladea" and house.word_body == "Cambria"
    assert house.logo is not None and house.logo.format == "svg"
    assert house.logo.aspect == pytest.approx(1.0) and house.logo.height_mm == pytest.approx(19.0)
    assert house.logo.alt["es"] == "Emblema del municipio de Brasschaat"
    assert house.letterhead["nl"][0] == "Gemeente Brasschaat"
    assert house.footer["es"].startswith("Municipio de Brasschaat")


def test_the_herent_style_has_a_png_logo_and_derived_colours():
    house = house_style(HERENT)
    assert house.logo is not None and house.logo.format == "png" and house.logo.data.startswith(b"\x89PNG")
    # No secondary, rule or tint in its style.yaml: they are mixed from the primary colour.
    assert house.rule == mix("#6E1E3A", "#FFFFFF", 0.78) and house.tint == mix("#6E1E3A", "#FFFFFF", 0.95)
    assert house.header == {}


def test_mix_moves_a_colour_towards_another():
    assert mix("#000000", "#FFFFFF", 0.5) == "#808080"
    assert mix("#123B5C", "#FFFFFF", 0) == "#123B5C"


def test_every_problem_of_a_style_is_reported_at_its_line():
    found = problems_of(STYLES / "bad-values")
    text = "\n".join(found)
    name = str(STYLES / "bad-values" / "style.yaml")
    assert f"{name}:5:" in text and "colours.primary: 'navy' is not valid: write a colour as #RRGGBB" in text
    assert f"{name}:7:" in text and "colours.text: '#12345' is not valid" in text
    assert f"{name}:10:" in text and "font 'Comic Nonexistent Serif' is not installed" in text
    assert "install its package" in text
    assert "logo.width: 500 mm is outside 8–80 mm" in text
    assert "the es lines are missing" in text
    assert "unknown key 'colour'" in text and "did you mean 'colours'" in text
    assert len(found) == 6, found


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("missing-logo", "logo 'nowhere.svg' not found"),
        ("traversal", "lies outside the style folder"),
        ("fake-png", "is not a PNG file (its first bytes are not the PNG signature)"),
        ("damaged-png", "is a damaged PNG"),
        ("svg-entity", "declares a DTD or entities"),
        ("svg-external", "refers to 'file:///etc/passwd' outside the file"),
        ("svg-script", "contains a <script> element"),
        ("broken-svg", "is not well-formed SVG"),
    ],
)
def test_a_bad_logo_is_an_error_at_the_logo_line(folder, message):
    error = only_error(STYLES / folder)
    assert error.startswith(f"{STYLES / folder / 'style.yaml'}:4:"), error
    assert "logo.file: " in error and message in error


def test_a_logo_symlinked_out_of_the_folder_is_refused(tmp_path):
    shutil.copy(STYLES / "missing-logo" / "style.yaml", tmp_path / "style.yaml")
    (tmp_path / "nowhere.svg").symlink_to(BRASSCHAAT / "logo.svg")
    assert "lies outside the style folder" in only_error(tmp_path)


def test_a_huge_logo_is_refused(tmp_path):
    shutil.copy(STYLES / "missing-logo" / "style.yaml", tmp_path / "style.yaml")
    (tmp_path / "nowhere.svg").write_bytes(b"<svg/>" + b" " * MAX_LOGO_BYTES)
    assert f"a logo may have at most {MAX_LOGO_BYTES:,}" in only_error(tmp_path)


def test_a_missing_style_folder_or_file():
    assert problems_of(ROOT / "no-such-style") == [f"{ROOT / 'no-such-style'}: style folder not found"]
    assert problems_of(FIXTURES)[0].endswith("style.yaml: file not found")


def test_a_spec_naming_a_missing_style_folder_fails_at_its_line(tmp_path):
    spec = tmp_path / "report.yaml"
    text = (ROOT / "examples" / "brasschaat-tarija" / "report.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("style: style ", "style: nowhere "), encoding="utf-8")
    with pytest.raises(InputError) as info:
        api.check(spec)
    (problem,) = info.value.problems
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if ln.startswith("style:"))
    assert str(problem).startswith(f"{spec}:{line}:8: style: style folder 'nowhere' not found")


def test_check_reports_a_broken_style_given_with_style_without_a_traceback():
    example = ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "agreement_builder", "check", str(example), "--style", str(STYLES / "svg-external")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{STYLES / 'svg-external' / 'style.yaml'}:4:" in proc.stderr and "1 error found." in proc.stderr


def test_check_with_a_style_loads_no_renderer():
    """Checking fonts and logos must not pull in WeasyPrint, python-docx, matplotlib or CairoSVG."""
    example = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
    code = (
        "import sys; from agreement_builder import api;"
        f"api.check({str(example)!r}, style={str(HERENT)!r});"
        "print(sorted(m for m in ('weasyprint', 'docx', 'matplotlib', 'cairosvg') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"

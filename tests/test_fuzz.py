"""Fuzzing with Hypothesis: careless and hostile input never gives a traceback.

Mutated specs (agreement and report), clause files with random template text, and a few
renders. Whatever the input, `check` and `build` answer exit 0 or 1 with messages that name
the file, and the sandbox never lets a random template out. Runs are derandomized (the same
examples every run) and bounded so the suite stays fast.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_builder.cli import main

from .conftest import EXAMPLE, ROOT, copy_example_style

REPORT = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
FUZZ = settings(
    derandomize=True,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces careless editing leaves behind: YAML syntax, template tags, odd characters.
NOISE = st.sampled_from(
    [":", "- ", "  ", "\t", "'", '"', "[", "]", "{", "}", "{{", "}}", "{%", "%}", "#", "&a", "*a", "!!python/object:x",
     "<<: ", "---", "\n", "é", "ñ", "\u202e", "\x00", "~", "null", "2026-13-45", "99999999999999999999", "x" * 300]
)  # fmt: skip


@st.composite
def mutated(draw, text: str) -> str:
    """A spec after a few careless edits: lines dropped, doubled or swapped, noise typed in."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["drop", "double", "swap", "noise", "dedent"]))
        if edit == "drop":
            del lines[at]
        elif edit == "double":
            lines.insert(at, lines[at])
        elif edit == "swap" and at + 1 < len(lines):
            lines[at], lines[at + 1] = lines[at + 1], lines[at]
        elif edit == "noise":
            col = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:col] + draw(NOISE) + lines[at][col:]
        elif edit == "dedent":
            lines[at] = lines[at].lstrip()
    return "\n".join(lines) + "\n"


def _answers_cleanly(result, path: Path) -> None:
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    if result.exit_code == 1:
        assert str(path) in result.output or path.name in result.output, result.output


@FUZZ
@given(text=mutated(EXAMPLE.read_text(encoding="utf-8")))
def test_a_mutated_agreement_spec_is_checked_without_a_traceback(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("spec")
    copy_example_style(folder)
    path = folder / "agreement.yaml"
    path.write_text(text, encoding="utf-8")
    _answers_cleanly(CliRunner().invoke(main, ["check", str(path)]), path)
    assert path.read_text(encoding="utf-8") == text  # the input is never changed


@FUZZ
@given(text=mutated(REPORT.read_text(encoding="utf-8")))
def test_a_mutated_report_spec_is_checked_without_a_traceback(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("report")
    shutil.copytree(REPORT.parent / "style", folder / "style")
    path = folder / "report.yaml"
    path.write_text(text, encoding="utf-8")
    _answers_cleanly(CliRunner().invoke(main, ["check", str(path)]), path)


TEMPLATE = st.lists(
    st.sampled_from(
        ["{{", "}}", "{%", "%}", "{#", "#}", " if ", " for ", " in ", " endif ", " endfor ", " set ", "x", "parties",
         "[0]", ".name", ".nl", "|", "upper", "(", ")", "'", "__class__", "__globals__", "**", "*", "9", "range",
         "lipsum", "article", "'a'", " ", "\n", "- ", "1. ", "*nadruk*", "."]
    ),
    max_size=30,
).map("".join)  # fmt: skip


@FUZZ
@given(nl=TEMPLATE, es=TEMPLATE)
def test_random_template_text_in_a_clause_stays_in_the_sandbox(tmp_path_factory, nl, es):
    """A shared clause with any template text: a clean verdict, never a traceback or an escape."""
    import yaml

    library = tmp_path_factory.mktemp("library")
    (library / "general").mkdir()
    clause = {
        "id": "fuzzed",
        "version": "1.0.0",
        "category": "general",
        "title": {"nl": "Proef", "es": "Prueba"},
        "text": {"nl": nl or "Tekst.", "es": es or "Texto."},
    }
    path = library / "general" / "fuzzed.yaml"
    path.write_text(yaml.safe_dump(clause, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["clauses", "validate", str(library)])
    _answers_cleanly(result, path)
    spec = library / "agreement.yaml"
    spec.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("  - signatures", "  - fuzzed\n  - signatures", 1),
        encoding="utf-8",
    )
    copy_example_style(library)
    result = CliRunner().invoke(main, ["check", str(spec), "--library", str(library)])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    assert "__globals__" not in result.output.replace("'__globals__'", "") or result.exit_code == 1


@settings(derandomize=True, max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutated(EXAMPLE.read_text(encoding="utf-8")))
def test_a_mutated_spec_that_passes_check_also_builds(tmp_path_factory, text):
    """A bounded number of renders: what `check` accepts, `build` writes, all or nothing."""
    folder = tmp_path_factory.mktemp("build")
    copy_example_style(folder)
    path = folder / "agreement.yaml"
    path.write_text(text, encoding="utf-8")
    out = folder / "out"
    checked = CliRunner().invoke(main, ["check", str(path)])
    built = CliRunner().invoke(main, ["build", str(path), "-o", str(out), "-f", "docx", "-f", "html"])
    _answers_cleanly(built, path)
    assert built.exit_code == checked.exit_code, (checked.output, built.output)
    assert (built.exit_code == 0) == out.is_dir()

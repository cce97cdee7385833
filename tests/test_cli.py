"""The command line: exit codes, messages, atomic outputs, reproducibility, import cost."""

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from agreement_builder import __version__
from agreement_builder.cli import main

from .conftest import EXAMPLE, FIXTURES, ROOT, copy_example_style, render_example, uses_example

REDLINE = FIXTURES / "redline"  # two versions of one agreement, for diff (tests/test_compare.py)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_version_and_help_on_every_command():
    assert __version__ in run("--version").output
    for cmd in (
        [],
        ["build"],
        ["check"],
        ["clauses"],
        ["clauses", "list"],
        ["clauses", "show"],
        ["schema"],
        ["new"],
        ["new", "agreement"],
    ):
        result = run(*cmd, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_check_ok_and_exit_1_with_every_problem():
    ok = run("check", EXAMPLE)
    assert ok.exit_code == 0 and "OK" in ok.output
    bad = run("check", FIXTURES / "specs" / "many-problems.yaml")
    assert bad.exit_code == 1
    assert "8 errors found" in bad.output
    assert "Traceback" not in bad.output


def test_usage_errors_exit_2():
    assert run("build", EXAMPLE, "--layout", "diagonal").exit_code == 2
    assert run("build").exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_missing_spec_is_input_error_not_traceback(tmp_path):
    result = run("check", tmp_path / "nope.yaml")
    assert result.exit_code == 1 and "file not found" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_build_writes_requested_formats(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path, "--format", "html", "--format", "docx", "--layout", "es")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement-es.docx", "agreement-es.html"]


def test_failed_build_writes_nothing_and_leaves_spec_alone(tmp_path):
    """The spec validates but a clause fails while rendering: no file, no temp file, spec intact."""
    from agreement_builder import api
    from agreement_builder.core.errors import RenderError

    spec = tmp_path / "spec.yaml"
    spec.write_bytes((FIXTURES / "specs" / "uses-sandbox-escape.yaml").read_bytes())
    before = spec.read_bytes()
    out = tmp_path / "out"
    with pytest.raises(RenderError):
        api.build(spec, out, ("pdf", "docx"), libraries=[FIXTURES / "clauses" / "hostile"])
    assert spec.read_bytes() == before
    assert not out.exists() or list(out.iterdir()) == []


def test_unwritable_output_is_a_clean_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("build", EXAMPLE, "-o", blocker / "out", "-f", "html")
    assert result.exit_code == 3  # the input was fine; the output folder was not
    assert "cannot write" in result.output and "Traceback" not in result.output


def test_clauses_list_and_show_json():
    listing = json.loads(run("clauses", "list", "--json").output)
    ids = [c["id"] for c in listing]
    assert "exit-edegem" in ids and ids == sorted(
        ids, key=lambda i: (next(c for c in listing if c["id"] == i)["category"], i)
    )
    assert {"id", "version", "category", "nl", "es"} <= set(listing[0])
    one = json.loads(run("clauses", "show", "exit-edegem", "--json").output)
    assert one["id"] == "exit-edegem" and one["nl"]["text"] and one["es"]["text"]
    assert {v["name"] for v in one["variables"]} == {"notice_months"}


def test_clauses_show_unknown_suggests():
    result = run("clauses", "show", "exit-edegm")
    assert result.exit_code == 1 and "did you mean 'exit-edegem'" in result.output


@uses_example("brasschaat-tarija/agreement")
def test_two_builds_give_identical_bytes(tmp_path):
    """The shared build (made by some test process) and one in a fresh interpreter: same bytes."""
    shared = render_example("brasschaat-tarija/agreement", "side-by-side")
    subprocess.run(
        [sys.executable, "-m", "agreement_builder", "build", str(EXAMPLE), "-o", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    for fmt in ("pdf", "docx"):
        assert (tmp_path / f"agreement-side-by-side.{fmt}").read_bytes() == shared[fmt], fmt


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["check", str(EXAMPLE)],
        ["clauses", "list"],
        ["clauses", "validate"],
        ["check", "--strict", str(EXAMPLE)],
        ["schema"],
        ["new", "agreement", "--defaults"],
        ["checklists", "list", "--json"],
        ["check", str(EXAMPLE.with_name("report.yaml"))],
        ["diff", str(REDLINE / "old" / "agreement.yaml"), str(REDLINE / "new" / "agreement.yaml")],
        ["diff", "--json", str(REDLINE / "old" / "agreement.yaml"), str(REDLINE / "new" / "agreement.yaml")],
    ],
)
def test_non_rendering_commands_do_not_import_renderers(args, tmp_path):
    code = (
        "import sys\n"
        "from agreement_builder.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'docx', 'matplotlib') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert "HEAVY=" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.strip().endswith("HEAVY="), proc.stderr
    if args[0] in ("new", "schema"):  # they really ran and wrote their files
        assert list(tmp_path.iterdir()), proc.stderr


def test_python_dash_m_entry_point():
    proc = subprocess.run([sys.executable, "-m", "agreement_builder", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and __version__ in proc.stdout


def test_library_option_reports_broken_clauses_with_lines():
    bad = FIXTURES / "clauses" / "bad"
    result = run("check", EXAMPLE, "--library", bad)
    assert result.exit_code == 1
    assert "missing-spanish.yaml:" in result.output and "the Spanish text (es) is missing" in result.output
    assert "placeholders differ between the languages" in result.output
    listing = run("clauses", "list", "--library", bad)
    assert listing.exit_code == 1 and "exit-edegem" in listing.output


def test_library_option_adds_clauses():
    hostile = FIXTURES / "clauses" / "hostile"
    result = run("clauses", "show", "sandbox-escape", "--library", hostile)
    assert result.exit_code == 0 and "Ontsnapping" in result.output
    result = run("build", FIXTURES / "specs" / "uses-sandbox-escape.yaml", "--library", hostile, "-o", "/nonexistent")
    assert result.exit_code == 1 and "sandbox forbids" in result.output


def test_html_output_is_standalone(tmp_path):
    assert run("build", EXAMPLE, "-o", tmp_path, "-f", "html").exit_code == 0
    html = (tmp_path / "agreement-side-by-side.html").read_text(encoding="utf-8")
    assert "<link" not in html and "@page" in html and "table.parallel" in html
    assert 'lang="es-BO"' in html and 'lang="nl-BE"' in html


def test_a_folder_in_the_way_of_one_output_leaves_no_other_output(tmp_path):
    (tmp_path / "agreement-nl.docx").mkdir()
    result = run("build", EXAMPLE, "-o", tmp_path, "-l", "nl")  # both default formats; the shortest layout
    assert result.exit_code == 3 and "a folder of that name is in the way" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["agreement-nl.docx"]


def test_very_long_titles_and_names_still_build(tmp_path):
    long_nl = "Samenwerkingsovereenkomst " + "zeer lang " * 40
    long_es = "Convenio de cooperación " + "muy largo " * 40
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index("title:")
    end = text.index("date:")
    spec = tmp_path / "long.yaml"
    spec.write_text(text[:start] + f"title:\n  nl: {long_nl}\n  es: {long_es}\n" + text[end:], encoding="utf-8")
    copy_example_style(tmp_path)
    result = run("build", spec, "-o", tmp_path / "out", "-f", "docx")
    assert result.exit_code == 0, result.output
    from docx import Document

    title = Document(str(tmp_path / "out" / "long-side-by-side.docx")).core_properties.title
    assert len(title) == 255 and title.endswith("…")


def test_check_strict_fails_on_lesson_warnings_and_passes_the_example():
    bare = run("check", "--strict", FIXTURES / "specs" / "review-bare.yaml")
    assert bare.exit_code == 1
    assert "warning: lesson 7, broaden the support base: the agreement has no exit clause" in bare.output
    assert "9 warnings; --strict makes warnings fail" in bare.output
    relaxed = run("check", FIXTURES / "specs" / "review-bare.yaml")
    assert relaxed.exit_code == 0 and "9 warnings – OK" in relaxed.output
    strict_example = run("check", "--strict", EXAMPLE)
    assert strict_example.exit_code == 0, strict_example.output


def test_fork_copies_a_clause_that_then_overrides_the_original(tmp_path):
    lib = tmp_path / "herent-clauses"
    first = run("clauses", "fork", "exit-edegem", "--into", lib)
    assert first.exit_code == 0, first.output
    copy = lib / "final" / "exit-edegem.yaml"
    text = copy.read_text(encoding="utf-8")
    modeline, header = text.splitlines()[:2]
    # the copy points editors at the installed clause schema, wherever the folder lives
    assert modeline.startswith("# yaml-language-server: $schema=file://") and modeline.endswith("clause.schema.json")
    assert header.startswith("# Forked from exit-edegem ") and "id: exit-edegem" in text
    again = run("clauses", "fork", "exit-edegem", "--into", lib)
    assert again.exit_code == 1 and "already there; use --force" in again.output
    copy.write_text(re.sub(r"(?m)^version: .*$", "version: 2.0.0", text), encoding="utf-8")
    shown = run("clauses", "show", "exit-edegem", "--json", "--library", lib)
    assert json.loads(shown.output)["version"] == "2.0.0"
    checked = run("check", EXAMPLE, "--library", lib)
    assert checked.exit_code == 0
    assert "note: clause 'exit-edegem' 2.0.0 overrides" in checked.output
    assert run("clauses", "fork", "exit-edegem", "--into", lib, "--force").exit_code == 0
    assert run("clauses", "fork", "no-such", "--into", lib).exit_code == 1


def test_validate_lints_a_folder_and_fails_on_errors():
    result = run("clauses", "validate", FIXTURES / "clauses" / "parity")
    assert result.exit_code == 1
    assert "list-mismatch.yaml:13: text.es: clause 'list-mismatch': the lists differ" in result.output
    assert "6 clauses checked: 1 error(s), 6 warning(s)" in result.output
    bundled = run("clauses", "validate", "--strict")
    assert bundled.exit_code == 0 and "0 error(s), 0 warning(s) – OK" in bundled.output


def test_lock_writes_beside_the_spec(tmp_path):
    spec = tmp_path / "agreement.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    copy_example_style(tmp_path)
    result = run("lock", spec)
    assert result.exit_code == 0 and (tmp_path / "agreement.lock.yaml").is_file()
    assert run("check", "--strict", spec).exit_code == 0


def test_build_without_provenance_annex(tmp_path):
    """The option reaches the model all writers share: the DOCX and the HTML the PDF is made from lack the annex."""
    from .conftest import docx_text

    result = run("build", EXAMPLE, "-o", tmp_path, "-l", "nl", "--no-provenance", "-f", "html", "-f", "docx")
    assert result.exit_code == 0, result.output
    assert "Herkomst van de artikelen" not in (tmp_path / "agreement-nl.html").read_text(encoding="utf-8")
    assert "Herkomst van de artikelen" not in docx_text(tmp_path / "agreement-nl.docx")


def test_an_interrupt_exits_130_and_says_nothing_was_written(monkeypatch, tmp_path):
    """Ctrl+C is not invalid input (exit 1): the shell's 130, and no output left behind."""
    from agreement_builder import api

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "build", interrupted)
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(tmp_path / "out")])
    assert result.exit_code == 130
    assert "interrupted; nothing was written" in result.output
    assert not (tmp_path / "out").exists()


def test_batch_build_goes_on_past_a_failing_spec_and_says_so(tmp_path):
    """Several specs with -j 2: the good ones are written, the bad one writes nothing, exit 1."""
    good = ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml"
    report = ROOT / "examples" / "herent-nimlahakok" / "report.yaml"
    bad_folder = tmp_path / "bad"
    bad_folder.mkdir()
    bad = bad_folder / "broken.yaml"
    bad.write_text(
        good.read_text(encoding="utf-8").replace("date:", "date: 2026-13-45\nold_date:", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", str(good), str(bad), str(report), "-j", "2", "-f", "html", "-o", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in out.iterdir()) == ["agreement-side-by-side.html", "report-sequential.html"]
    lines = [line for line in result.output.splitlines() if line.startswith("[")]
    assert len(lines) == 3 and {line.split("]")[0] for line in lines} == {"[1/3", "[2/3", "[3/3"}
    assert "broken.yaml" in result.output and "not a valid date" in result.output
    assert "2 of 3 specs built; 1 failed" in result.output


def test_batch_of_a_folder_builds_every_spec_in_it(tmp_path):
    folder = ROOT / "examples" / "brasschaat-tarija"
    result = CliRunner().invoke(main, ["build", str(folder), "-f", "html", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["agreement-side-by-side.html", "decision-sequential.html", "report-sequential.html"]


def test_batch_prints_each_specs_warnings_and_notes(tmp_path):
    herent = ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml"
    report = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
    single = CliRunner().invoke(main, ["build", str(herent), "-f", "html", "-o", str(tmp_path / "one")])
    notes = [line for line in single.output.splitlines() if "note:" in line or "warning:" in line]
    assert notes, "the Herent agreement overrides a bundled clause: build notes it"
    batch = CliRunner().invoke(main, ["build", str(herent), str(report), "-f", "html", "-o", str(tmp_path / "two")])
    assert batch.exit_code == 0, batch.output
    assert all(n in batch.output for n in notes)


def test_batch_refuses_two_specs_that_would_write_the_same_file(tmp_path):
    a = ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml"
    b = ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml"
    result = CliRunner().invoke(main, ["build", str(a), str(b), "-f", "html", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "separate folders" in result.output
    assert not (tmp_path / "out").exists()

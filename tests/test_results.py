"""Kept command results: given back only while every file, folder and program they read is unchanged."""

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreement_builder.cli import main
from agreement_builder.core import cache, results
from agreement_builder.core.errors import InputError, Location, Problem

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brasschaat-tarija"


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


class Counted:
    """A computation that reads its inputs and counts how often it really ran."""

    def __init__(self, *paths: Path, folder: Path | None = None):
        self.paths, self.folder, self.runs = paths, folder, 0

    def __call__(self) -> list[str]:
        self.runs += 1
        out = [p.read_text(encoding="utf-8") for p in self.paths]
        if self.folder is not None:
            out += sorted(p.name for p in self.folder.iterdir())
        return out


def test_an_unchanged_input_gives_the_kept_result_without_computing(cache_in, tmp_path):
    (tmp_path / "a.yaml").write_text("one", encoding="utf-8")
    compute = Counted(tmp_path / "a.yaml")
    assert results.remembered("t", ["a"], compute) == ["one"]
    assert results.remembered("t", ["a"], compute) == ["one"]
    assert compute.runs == 1


def test_changed_bytes_are_computed_again(cache_in, tmp_path):
    source = tmp_path / "a.yaml"
    source.write_text("one", encoding="utf-8")
    compute = Counted(source)
    results.remembered("t", ["a"], compute)
    source.write_text("two", encoding="utf-8")
    assert results.remembered("t", ["a"], compute) == ["two"]
    assert compute.runs == 2


def test_other_arguments_are_another_result(cache_in, tmp_path):
    (tmp_path / "a.yaml").write_text("one", encoding="utf-8")
    compute = Counted(tmp_path / "a.yaml")
    results.remembered("t", ["a"], compute)
    results.remembered("t", ["b"], compute)
    results.remembered("u", ["a"], compute)
    assert compute.runs == 3


@pytest.mark.parametrize("on_sys_path", [False, True])
def test_a_file_added_beside_a_read_file_is_a_change(cache_in, tmp_path, monkeypatch, on_sys_path):
    """A lock file written next to the spec must count although the first run never opened it.

    Also in a folder on sys.path: ``python -m agreement_builder check agreement.yaml`` puts it there.
    """
    if on_sys_path:
        monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "spec.yaml").write_text("x", encoding="utf-8")
    compute = Counted(tmp_path / "spec.yaml")
    results.remembered("t", [], compute)
    (tmp_path / "spec.lock.yaml").write_text("y", encoding="utf-8")
    results.remembered("t", [], compute)
    assert compute.runs == 2


def test_a_file_added_in_a_listed_folder_is_a_change(cache_in, tmp_path):
    library = tmp_path / "library" / "finance"
    library.mkdir(parents=True)
    compute = Counted(folder=library)
    assert results.remembered("t", [], compute) == []
    (library / "override.yaml").write_text("z", encoding="utf-8")
    assert results.remembered("t", [], compute) == ["override.yaml"]


def test_a_file_swapped_for_a_symlink_with_the_same_bytes_is_a_change(cache_in, tmp_path):
    """Libraries refuse symlinks that lead outside them, so where a file leads is part of its state."""
    (tmp_path / "lib").mkdir()
    inside, outside = tmp_path / "lib" / "c.yaml", tmp_path / "elsewhere.yaml"
    inside.write_text("same", encoding="utf-8")
    outside.write_text("same", encoding="utf-8")
    compute = Counted(inside)
    results.remembered("t", [], compute)
    inside.unlink()
    inside.symlink_to(outside)
    results.remembered("t", [], compute)
    assert compute.runs == 2


def test_input_problems_are_kept_and_raised_again(cache_in, tmp_path):
    (tmp_path / "a.yaml").write_text("bad", encoding="utf-8")
    runs = []

    def failing():
        runs.append(1)
        (tmp_path / "a.yaml").read_bytes()
        raise InputError([Problem(Location(str(tmp_path / "a.yaml"), 3, 1), "wrong", "k")])

    for _ in range(2):
        with pytest.raises(InputError) as caught:
            results.remembered("t", [], failing)
        assert [str(p) for p in caught.value.problems] == [f"{tmp_path / 'a.yaml'}:3:1: k: wrong"]
    assert len(runs) == 1


def test_other_failures_are_not_kept(cache_in, tmp_path):
    runs = []

    def crashing():
        runs.append(1)
        raise RuntimeError("boom")

    for _ in range(2):
        with pytest.raises(RuntimeError):
            results.remembered("t", [], crashing)
    assert len(runs) == 2


def test_a_computation_that_writes_a_file_is_not_kept(cache_in, tmp_path):
    runs = []

    def writing():
        runs.append(1)
        (tmp_path / "out.txt").write_text("made", encoding="utf-8")
        return "done"

    results.remembered("t", [], writing)
    results.remembered("t", [], writing)
    assert len(runs) == 2


def test_a_program_other_than_fc_list_makes_a_result_unkeepable(cache_in, tmp_path):
    import subprocess

    runs = []

    def running():
        runs.append(1)
        return subprocess.run(["true"], check=False).returncode

    results.remembered("t", [], running)
    results.remembered("t", [], running)
    assert len(runs) == 2


def test_a_corrupt_kept_result_is_computed_again(cache_in, tmp_path):
    (tmp_path / "a.yaml").write_text("one", encoding="utf-8")
    compute = Counted(tmp_path / "a.yaml")
    results.remembered("t", ["a"], compute)
    for kept in (cache_in / results.KIND).iterdir():
        kept.write_bytes(b"\x80\x05not a pickle")
    assert results.remembered("t", ["a"], compute) == ["one"]
    assert compute.runs == 2


def test_with_the_cache_off_everything_is_computed(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    (tmp_path / "a.yaml").write_text("one", encoding="utf-8")
    compute = Counted(tmp_path / "a.yaml")
    results.remembered("t", [], compute)
    results.remembered("t", [], compute)
    assert compute.runs == 2


# ------------------------------------------------------------------------------ through the CLI


def _check(folder: Path, *args: str):
    return CliRunner().invoke(main, ["check", str(folder / "agreement.yaml"), *args])


def test_check_again_prints_the_same_and_sees_every_change(cache_in, tmp_path):
    """Kept, a check prints what it printed; an edited value, a lock, a changed clause all show."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    first, again = _check(folder), _check(folder)
    assert first.exit_code == again.exit_code == 0
    assert first.output == again.output
    kept = list((cache_in / results.KIND).iterdir())
    assert len(kept) == 1

    # A lock written beside the spec changes nothing printed; a lock that no longer matches does.
    assert CliRunner().invoke(main, ["lock", str(folder / "agreement.yaml")]).exit_code == 0
    assert _check(folder).output == first.output
    lock = folder / "agreement.lock.yaml"
    digest = lock.read_text(encoding="utf-8").split("sha256: ", 1)[1][:64]
    lock.write_text(lock.read_text(encoding="utf-8").replace(digest, "f" * 64, 1), encoding="utf-8")
    assert "changed since the lock" in _check(folder).output

    # A value that breaks a rule: an error, kept as such, and gone once the value is back.
    spec = folder / "agreement.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "review_date: 2029-11-30" in text
    spec.write_text(text.replace("review_date: 2029-11-30", "review_date: 2019-11-30"), encoding="utf-8")
    broken = _check(folder)
    assert broken.exit_code == 1
    assert "review_date" in broken.output
    assert _check(folder).output == broken.output
    spec.write_text(text, encoding="utf-8")
    lock.unlink()
    assert _check(folder).output == first.output


def test_check_sees_a_changed_house_style(cache_in, tmp_path):
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    assert _check(folder).exit_code == 0
    style = folder / "style" / "style.yaml"
    style.write_text(style.read_text(encoding="utf-8").replace("Carlito", "No Such Font Family"), encoding="utf-8")
    changed = _check(folder)
    assert changed.exit_code == 1
    assert "No Such Font Family" in changed.output


def test_clauses_list_sees_an_override_added_to_a_library(cache_in, tmp_path):
    library = tmp_path / "library"
    library.mkdir()
    before = CliRunner().invoke(main, ["clauses", "list", "-L", str(library)])
    assert before.exit_code == 0
    assert CliRunner().invoke(main, ["clauses", "fork", "disputes", "--into", str(library)]).exit_code == 0
    forked = next(library.rglob("disputes.yaml"))
    forked.write_text(forked.read_text(encoding="utf-8").replace("version: 2.0.1", "version: 9.0.0"), encoding="utf-8")
    after = CliRunner().invoke(main, ["clauses", "list", "-L", str(library)])
    assert after.output != before.output
    assert [line for line in after.output.splitlines() if line.startswith("disputes ")][0].split()[1] == "9.0.0"


def test_what_a_check_reads_is_all_recorded(cache_in, tmp_path):
    """Every file the check opens (audited by Python itself) is among the recorded inputs."""
    import sys

    opened: set[str] = set()

    def audit(event, args):
        if event == "open" and isinstance(args[0], str | bytes | os.PathLike) and (args[1] or "r").startswith("r"):
            opened.add(os.path.abspath(os.fsdecode(args[0])))

    sys.addaudithook(audit)
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    assert _check(folder).exit_code == 0
    checked = {p for p in opened if p.startswith(str(tmp_path / "example")) or p.startswith(str(ROOT / "clauses"))}
    (kept,) = (cache_in / results.KIND).iterdir()
    inputs = cache.read(results.KIND, ["check", os.getcwd(), str(folder / "agreement.yaml")])["inputs"]
    assert kept.is_file()
    assert checked, "the audit saw no file of the spec's folder or the library"
    assert checked <= set(inputs.files)
    assert str(folder / "agreement.yaml") in inputs.files


def test_a_result_made_inside_another_counts_for_both(cache_in, tmp_path):
    source = tmp_path / "a.yaml"
    source.write_text("one", encoding="utf-8")
    inner = Counted(source)
    outer_runs = []

    def outer():
        outer_runs.append(1)
        return results.remembered("inner", [], inner)

    results.remembered("outer", [], outer)
    source.write_text("two", encoding="utf-8")
    assert results.remembered("outer", [], outer) == ["two"]
    assert len(outer_runs) == 2


def test_a_symlinked_folder_pointed_elsewhere_is_a_change(cache_in, tmp_path):
    """A loader that resolves ``library`` (a symlink) reads the files at their real place; the
    link pointed at another library changes none of them, yet the result must change."""
    for name, text in (("libA", "version: 1"), ("libB", "version: not-a-version")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "c.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "spec.yaml").write_text("libraries: [library]", encoding="utf-8")
    (tmp_path / "library").symlink_to(tmp_path / "libA")

    def compute():
        (tmp_path / "spec.yaml").read_text(encoding="utf-8")
        return ((tmp_path / "library").resolve() / "c.yaml").read_text(encoding="utf-8")

    assert results.remembered("t", [], compute) == "version: 1"
    (tmp_path / "library").unlink()
    (tmp_path / "library").symlink_to(tmp_path / "libB")
    assert results.remembered("t", [], compute) == "version: not-a-version"

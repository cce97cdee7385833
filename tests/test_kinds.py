"""Document kinds as plug-ins: the registry finds a spec's kind, and a kind refuses what it lacks."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.core.errors import InputError
from agreement_builder.kinds import KINDS, kind_for, kind_named

from .conftest import EXAMPLE, FIXTURES, ROOT

REPORT = ROOT / "examples" / "herent-nimlahakok" / "report.yaml"


def test_the_registry_tells_kinds_by_what_the_spec_says():
    assert kind_for({"kind": "report"}).name == "report"
    assert kind_for({"kind": "agreement", "clauses": []}).name == "agreement"
    assert kind_for({"title": "x", "clauses": []}).name == "agreement"
    assert kind_for({"phases": [], "answers": {}}).name == "report"  # report keys, no clauses
    assert kind_for(None).name == "agreement" and kind_for(["a list"]).name == "agreement"
    assert api.kind_of(REPORT).name == "report" and api.kind_of(EXAMPLE).name == "agreement"


def test_every_kind_names_its_layouts_and_why_it_refuses_the_other_options():
    flags = {"libraries", "checklists", "provenance"}
    for kind in KINDS:
        assert kind.layouts and len(set(kind.layout_names)) == len(kind.layout_names)
        assert set(kind.refusals) == flags - kind.options, kind.name
    assert kind_named("agreement").layout_names[0] == "side-by-side"
    assert kind_named("report").layout_names[0] == "sequential"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["check", str(REPORT), "--library", str(FIXTURES / "clauses" / "markup")], "--library is for agreement specs"),
        (["build", str(REPORT), "--no-provenance", "-f", "html"], "--no-provenance is for agreement specs"),
        (
            ["check", str(EXAMPLE), "--checklists", str(FIXTURES / "checklists" / "municipal")],
            "--checklists is for report specs",
        ),
        (["build", str(EXAMPLE), "-l", "nl", "-C", str(FIXTURES / "checklists" / "municipal")], "--checklists"),
    ],
)
def test_an_option_that_does_not_apply_is_refused_with_exit_2(args, says, tmp_path):
    result = CliRunner().invoke(main, [*args, *(["-o", str(tmp_path)] if args[0] == "build" else [])])
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())  # nothing was written


def test_a_layout_of_another_kind_is_refused_naming_the_kind_that_has_it(tmp_path):
    with pytest.raises(api.UsageError) as info:
        api.build(REPORT, tmp_path, ("html",), "side-by-side")
    assert "'side-by-side' is for agreement specs" in str(info.value)
    assert info.value.exit_code == 2


def test_kinds_listing_shows_layouts_and_options():
    result = CliRunner().invoke(main, ["kinds", "--json"])
    assert result.exit_code == 0, result.output
    data = {k["kind"]: k for k in json.loads(result.output)}
    assert [lay["name"] for lay in data["report"]["layouts"]] == ["sequential", "nl", "es"]
    assert data["agreement"]["options"] == ["--library", "--no-provenance", "--style"]
    assert data["report"]["options"] == ["--checklists", "--style"]
    plain = CliRunner().invoke(main, ["kinds"]).output
    assert "side-by-side" in plain and "informe final" in plain


def test_a_misspelt_kind_goes_to_the_closest_kind_and_an_unknown_one_is_refused_at_its_line(tmp_path):
    spec = tmp_path / "x.yaml"
    spec.write_text("date: 2026-01-01\nkind: reprot\n", encoding="utf-8")
    assert api.kind_of(spec).name == "report"  # whose checks name the misspelling
    spec.write_text("date: 2026-01-01\nkind: minutes\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        api.kind_of(spec)
    (problem,) = info.value.problems
    assert problem.location.line == 2
    assert "unknown kind 'minutes'; the kinds are agreement, decision, report" in problem.message
    result = CliRunner().invoke(main, ["check", str(spec)])
    assert result.exit_code == 1 and "x.yaml:2" in result.output and "Traceback" not in result.output

"""The decision spec: what it adds to the agreement, and every problem at its own line, at once."""

from __future__ import annotations

import pytest

from agreement_builder import api
from agreement_builder.core.errors import InputError

from .conftest import ROOT

BAD = ROOT / "tests" / "fixtures" / "decision" / "bad"


def _problems(path):
    with pytest.raises(InputError) as info:
        api.check(path)
    return info.value.problems


def test_a_final_decision_names_its_agenda_item_and_budget_key_and_every_problem_comes_at_once():
    problems = _problems(BAD / "final-incomplete.yaml")
    by_line = {(p.location.line, p.severity): p.message for p in problems}
    assert "unknown key 'argumnets'" in by_line[(11, "error")] and "'arguments'" in by_line[(11, "error")]
    assert "budget_key" in by_line[(5, "error")]  # at `status: final`
    assert "agenda_item" in by_line[(7, "error")]  # at the council mapping
    assert all(p.location.file.endswith("final-incomplete.yaml") for p in problems)


def test_a_complete_final_decision_passes_with_warnings_about_its_dates_and_the_draft_agreement():
    spec = api.check(BAD / "final-complete.yaml")
    messages = [(p.location.line, p.message) for p in spec.warnings]
    assert any(line == 7 and "before the decision's date 2026-12-20" in m for line, m in messages)
    assert any(line == 3 and "approves a draft agreement" in m for line, m in messages)
    assert any(line == 7 and "records the vote" in m for line, m in messages)


def test_a_missing_agreement_is_reported_at_its_line():
    (problem,) = _problems(BAD / "missing-agreement.yaml")
    assert problem.location.line == 2
    assert "agreement spec 'no-such-agreement.yaml' not found" in problem.message


def test_the_agreements_own_problems_come_with_their_lines_in_the_agreement():
    problems = _problems(BAD / "broken-agreement.yaml")
    own = [p for p in problems if p.location.file.endswith("broken-agreement.yaml")]
    theirs = [p for p in problems if p.location.file.endswith("broken-agreement-spec.yaml")]
    assert own and own[0].location.line == 2 and "has 1 error(s)" in own[0].message
    assert [p.location.line for p in theirs if p.severity == "error"] == [21]
    assert "no-such-clause" in theirs[0].message


def test_a_decision_refuses_the_options_it_has_no_use_for(tmp_path):
    spec = ROOT / "examples" / "brasschaat-tarija" / "decision.yaml"
    with pytest.raises(api.UsageError, match="--checklists is for report specs"):
        api.check(spec, checklists=[tmp_path])
    with pytest.raises(api.UsageError, match="a decision spec has the layouts"):
        api.build(spec, tmp_path, ("pdf",), layout="side-by-side")
    assert not list(tmp_path.iterdir())


def test_a_decision_that_disagrees_with_its_agreement_is_refused_at_its_own_lines():
    problems = _problems(BAD / "disagrees.yaml")
    messages = {p.location.line: p.message for p in problems if p.severity == "error"}
    assert "but the agreement (agreement.yaml) says it approves on 2026-10-26" in messages[7]
    assert "number 046-2026-MDSJ here but 045-2026-MDSJ in the agreement" in messages[9]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("names-a-decision.yaml", "'../peru/decision.yaml' is a decision spec; 'agreement:' names the agreement spec"),
        ("names-a-folder.yaml", "'../peru' is a folder; name the agreement spec's YAML file in it"),
    ],
)
def test_agreement_names_an_agreement_spec(name, message):
    (problem,) = _problems(BAD / name)
    assert problem.location.line == 2 and message in problem.message


def test_a_misspelt_key_is_not_asked_for_a_second_time(tmp_path):
    spec = tmp_path / "decision.yaml"
    text = (BAD / "final-complete.yaml").read_text(encoding="utf-8").replace("agenda_item:", "agenda_itme:")
    spec.write_text(text.replace("../../../../examples", str(ROOT / "examples")), encoding="utf-8")
    problems = [p for p in _problems(spec) if p.severity == "error"]
    assert len(problems) == 1 and "did you mean 'agenda_item'" in problems[0].message

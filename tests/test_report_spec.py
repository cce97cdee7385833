"""Report specs: the examples are valid, and every kind of bad input is reported exactly,
with file:line:column and key path, all problems of a file at once."""

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.core.errors import InputError
from agreement_builder.core.values import Money
from agreement_builder.kinds.report import spec as report_spec
from agreement_builder.kinds.report.recognise import is_report
from agreement_builder.kinds.report.spec import DESIGN_TOOLS, Month, ReportSpec

from .conftest import FIXTURES, ROOT

REPORTS = FIXTURES / "reports"
EXAMPLES = [
    ROOT / "examples" / "brasschaat-tarija" / "report.yaml",
    ROOT / "examples" / "herent-nimlahakok" / "report.yaml",
]


def messages(name: str) -> list[str]:
    """Every problem of a fixture, with the fixture folder cut off the front."""
    with pytest.raises(InputError) as info:
        api.check(REPORTS / name)
    prefix = str(REPORTS) + "/"
    out = [str(p) for p in info.value.problems]
    assert all(m.startswith(prefix) for m in out), out
    return [m[len(prefix) :] for m in out]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_examples_are_valid_reports(path: Path):
    spec = api.check(path)
    assert isinstance(spec, ReportSpec) and spec.warnings == []
    assert [lesson.number for lesson in spec.lessons] == list(range(1, 8))
    assert all(set(spec.answers[lesson.id]) == {i.id for i in lesson.items} for lesson in spec.lessons)


def _names(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_typed_spec_has_a_field_for_every_key_of_the_schema():
    """A key added to the schema without a field would be validated and then silently dropped."""
    s = report_spec
    assert set(s.SPEC.keys) | {"path", "lessons", "warnings"} == _names(ReportSpec)
    for schema, cls in [
        (s.PARTY, s.ReportParty),
        (s.SPEC.keys["council"].field, s.Council),
        (s.SPEC.keys["prepared_by"].field, s.PreparedBy),
        (s.PHASE, s.Phase),
        (s.EVENT, s.Event),
        (s.RISK, s.Risk),
        (s.PROJECT, s.Project),
        (s.RADAR, s.RadarEntry),
        (s.BUDGET_LINE, s.BudgetLine),
        (s.FINANCIAL_CONSEQUENCES, s.FinancialConsequences),
    ]:
        assert set(schema.keys) == _names(cls), cls.__name__


def test_typed_spec_of_the_herent_example():
    spec = api.check(EXAMPLES[1])
    assert spec.kind == "report" and spec.status == "final" and spec.link_since == 2001
    assert spec.council.meeting > spec.date and spec.prepared_by is not None
    assert [p.id for p in spec.parties] == ["herent", "nimlahakok"]
    assert spec.party("nimlahakok") is spec.parties[1] and spec.parties[0].country == "BE"
    assert isinstance(spec.phases[0].start, Month) and spec.phases[0].start.day == 1
    assert spec.phases[0].end.day > 27  # a month given as the end runs to its last day
    assert spec.sdgs == (13, 15, 8)
    assert all(isinstance(b.planned, Money) for b in spec.budget)
    assert [tool for tool, _ in spec.projects[0].tools()] == list(DESIGN_TOOLS)
    assert spec.projects[0].tools()[0][1] is spec.projects[0].focus
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.layout = "nl"


def test_optional_keys_left_out_are_none_or_empty():
    spec = api.check(REPORTS / "minimal.yaml")
    assert spec.kind == "report" and spec.title is None and spec.prepared_by is None and spec.link_since is None
    assert spec.status == "draft" and spec.checklists == ()
    assert spec.events == spec.risks == spec.projects == spec.conclusions == spec.annexes == ()
    assert spec.parties[0].representative is None and spec.parties[0].function is None
    assert spec.budget[0].party is None
    assert spec.budget[1].planned == Money(Decimal(20000), "GTQ")
    assert spec.council.meeting == dt.date(2023, 1, 24)


def test_minimal_fixture_is_valid():
    spec = api.check(REPORTS / "minimal.yaml")
    assert spec.layout == "sequential" and len(spec.phases) == 3


def test_unknown_lesson_item():
    assert messages("unknown-item.yaml") == [
        "unknown-item.yaml:44:5: answers.mental-pictures: no answer for limited-means; answer every item "
        "(status: not-applicable when it does not apply)",
        "unknown-item.yaml:44:19: answers.mental-pictures.limited-mean: lesson 'mental-pictures' has no item "
        "'limited-mean' (did you mean 'limited-means'?); its items: limited-means, mutual-benefit, "
        "equal-cooperation, two-way-learning, common-sdg-goal, horizontal-approach, theory-to-practice, "
        "common-thread",
    ]


def test_radar_scores_out_of_range():
    assert messages("score-out-of-range.yaml") == [
        "score-out-of-range.yaml:32:128: radar[0].scores.feedback: score -1 is out of range: "
        "radar scores run from 0 to 5",
        "score-out-of-range.yaml:34:71: radar[1].scores.co-production: score 7 is out of range: "
        "radar scores run from 0 to 5",
    ]


def test_period_that_ends_before_it_starts():
    assert messages("period-reversed.yaml") == [
        "period-reversed.yaml:28:10: phases[2].end: the period ends (2020-04-30) before it starts (2021-04-01)",
    ]


def test_phases_overlapping_and_out_of_order():
    assert messages("phases-overlap.yaml") == [
        "phases-overlap.yaml:23:12: phases[1].start: overlaps phases[0] (Opstart), which runs until 2019-06-30; "
        "phases follow one another",
        "phases-overlap.yaml:27:12: phases[2].start: phases are out of order: this phase starts before "
        "phases[1] (Confrontatie); list them in time order",
    ]


def test_unknown_currencies():
    assert messages("unknown-currency.yaml") == [
        "unknown-currency.yaml:37:39: budget[0].planned.currency: unknown currency 'EURO' (did you mean 'EUR'?); "
        "use an ISO 4217 code such as EUR, USD, BOB, GTQ, PEN, NIO",
        "unknown-currency.yaml:40:40: budget[1].planned.currency: 'BEF' (Belgian Franc) is no longer in use; "
        "Belgium uses EUR today",
    ]


def test_text_missing_in_one_language():
    assert messages("missing-language.yaml") == [
        "missing-language.yaml:10:10: subject: the Spanish text (es) is missing; every text needs nl and es",
        "missing-language.yaml:29:14: phases[2].summary: the Dutch text (nl) is missing; every text needs nl and es",
    ]


def test_bad_answers_lesson_status_partner_and_unanswered_lesson():
    assert messages("bad-answers.yaml") == [
        "bad-answers.yaml:43:3: answers: lesson 2 (dare-to-adjust) is not answered; "
        "add answers.dare-to-adjust with its items",
        "bad-answers.yaml:50:17: answers.mental-pictures.two-way-learning.partners.tarija: unknown party 'tarija'; "
        "parties are herent, nimlahakok",
        "bad-answers.yaml:54:29: answers.mental-pictures.common-thread.status: 'done' is not one of achieved, "
        "partly, not-yet, not-applicable",
        "bad-answers.yaml:56:5: answers.dare-to-adjustt: unknown lesson 'dare-to-adjustt' (did you mean "
        "'dare-to-adjust'?); 'agreement-builder checklists list' shows the lessons and their items",
    ]


def test_every_kind_of_mistake_reported_at_once():
    got = messages("many-problems.yaml")
    assert [m.split(": ", 2)[:2] for m in got] == [
        ["many-problems.yaml:10:10", "subject"],
        ["many-problems.yaml:23:12", "phases[1].start"],
        ["many-problems.yaml:28:10", "phases[2].end"],
        ["many-problems.yaml:34:71", "radar[1].scores.co-production"],
        ["many-problems.yaml:37:39", "budget[0].planned.currency"],
        ["many-problems.yaml:44:5", "answers.mental-pictures"],
        ["many-problems.yaml:44:19", "answers.mental-pictures.limited-mean"],
    ]


def test_spent_and_planned_in_different_currencies(tmp_path):
    text = (REPORTS / "minimal.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "report.yaml"
    spec.write_text(text.replace("spent: {amount: 900, currency: EUR}", "spent: {amount: 900, currency: USD}"))
    with pytest.raises(InputError) as info:
        api.check(spec)
    (msg,) = [str(p) for p in info.value.problems]
    assert msg.endswith(
        "budget[0].spent.currency: spent is given in USD but planned in EUR; give both in the same currency"
    )


def test_budget_totals_per_currency_never_mixed():
    totals = api.check(REPORTS / "minimal.yaml").budget_totals()
    assert {cur: (str(p.amount), str(s.amount)) for cur, (p, s) in totals.items()} == {
        "EUR": ("1000", "900"),
        "GTQ": ("20000", "21000"),
    }


def test_report_detected_by_content():
    assert is_report({"kind": "report"})
    assert is_report({"phases": [], "answers": {}})
    assert not is_report({"phases": [], "clauses": []})
    assert not is_report({"kind": "agreement"})
    agreement = api.check(ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml")
    assert hasattr(agreement, "clauses")


def test_report_without_kind_is_read_as_report_with_a_warning(tmp_path):
    spec = tmp_path / "report.yaml"
    spec.write_text((REPORTS / "minimal.yaml").read_text(encoding="utf-8").replace("kind: report\n", ""))
    result = api.check(spec)
    assert [p.message for p in result.warnings if p.severity == "warning"] == [
        "read as a report spec because it has report keys and no clauses; add 'kind: report' to say so"
    ]


def test_layered_checklists_from_spec_must_be_answered(tmp_path):
    """A spec's own checklists: folder adds a lesson, which the answers must then cover."""
    import shutil

    shutil.copytree(FIXTURES / "checklists" / "municipal", tmp_path / "lessons")
    spec = tmp_path / "report.yaml"
    text = (REPORTS / "minimal.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("kind: report\n", "kind: report\nchecklists: [lessons]\n"))
    with pytest.raises(InputError) as info:
        api.check(spec)
    got = sorted(p.message for p in info.value.problems)
    assert any("lesson 8 (local-anchoring) is not answered" in m for m in got), got
    assert any("has no item 'political-changes'" in m for m in got), got


def test_short_answer_form_and_misspelt_kind(tmp_path):
    text = (REPORTS / "minimal.yaml").read_text(encoding="utf-8")
    spec = tmp_path / "report.yaml"
    spec.write_text(text.replace("    limited-means: {status: achieved}", "    limited-means: not-yet"))
    assert api.check(spec).answers["mental-pictures"]["limited-means"].status == "not-yet"
    spec.write_text(text.replace("    limited-means: {status: achieved}", "    limited-means:"))
    with pytest.raises(InputError) as info:
        api.check(spec)
    (msg,) = [str(p) for p in info.value.problems]
    assert msg.endswith(
        "answers.mental-pictures.limited-means: expected a status (achieved, partly, not-yet, not-applicable) "
        "or {status: …, comment: …}, got nothing"
    )
    spec.write_text(text.replace("kind: report", "kind: reprot"))
    with pytest.raises(InputError) as info:
        api.check(spec)
    (msg,) = [str(p) for p in info.value.problems]
    assert msg.endswith("kind: 'reprot' is not one of report (did you mean 'report'?)")


def test_missing_checklist_folder_points_at_the_spec_line(tmp_path):
    spec = tmp_path / "report.yaml"
    text = (REPORTS / "minimal.yaml").read_text(encoding="utf-8")
    spec.write_text(text.replace("kind: report\n", "kind: report\nchecklists: [nowhere]\n"))
    with pytest.raises(InputError) as info:
        api.check(spec)
    (msg,) = [str(p) for p in info.value.problems]
    assert msg == f"{spec}:3:14: checklists[0]: checklist folder 'nowhere' not found (paths are relative to the spec)"


def test_item_under_the_wrong_lesson_and_lesson_by_number(tmp_path):
    text = (REPORTS / "minimal.yaml").read_text(encoding="utf-8")
    moved = text.replace("    structured-input: {status: achieved}\n", "").replace(
        "    limited-means: {status: achieved}\n",
        "    limited-means: {status: achieved}\n    structured-input: partly\n",
    )
    spec = tmp_path / "report.yaml"
    spec.write_text(moved.replace("  support-base:\n", "  7:\n"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        api.check(spec)
    got = [p.message for p in info.value.problems]
    assert (
        "'structured-input' is an item of lesson 2 (dare-to-adjust), not of 'mental-pictures'; "
        "move it under answers.dare-to-adjust" in got
    )
    assert "no answer for structured-input; answer every item (status: not-applicable when it does not apply)" in got
    assert "write lesson 7 by its id: support-base" in got
    assert "lesson 7 (support-base) is not answered; add answers.support-base with its items" in got
    assert len(got) == 4, got


def test_checklists_option_on_check_layers_lessons():
    from click.testing import CliRunner

    from agreement_builder.cli import main

    result = CliRunner().invoke(
        main, ["check", str(REPORTS / "minimal.yaml"), "--checklists", str(FIXTURES / "checklists" / "municipal")]
    )
    assert result.exit_code == 1
    assert "lesson 8 (local-anchoring) is not answered" in result.output
    assert "no answer for yearly-council-debate" in result.output  # the replaced lesson 7's item


def test_party_order_radar_partners_and_milestone_dates():
    assert messages("order-and-dates.yaml") == [
        "order-and-dates.yaml:7:12: warning: council.meeting: the council meets on 2022-12-01, before the "
        "report's date (2022-12-15)",
        "order-and-dates.yaml:9:75: parties[0].country: the first party must be the Flemish municipality "
        "(country BE), got GT; list the Flemish municipality first and the partner second",
        "order-and-dates.yaml:32:12: warning: events[0].date: milestone 2021-06-08 lies after the last phase "
        "(Pandemie, until 2021-04); the timeline is widened to show it at its edge. Check the date, or add the "
        "phase it belongs to",
        "order-and-dates.yaml:33:12: events[1].date: milestones are out of order; list them in time order",
        "order-and-dates.yaml:34:12: events[2].date: 2023-09-01 is after the report's date (2022-12-15)",
        "order-and-dates.yaml:34:12: warning: events[2].date: milestone 2023-09 lies after the last phase "
        "(Pandemie, until 2021-04); the timeline is widened to show it at its edge. Check the date, or add the "
        "phase it belongs to",
        "order-and-dates.yaml:36:3: radar: no radar scores for nimlahakok; the radar compares both partners",
    ]


@pytest.mark.parametrize("parties", ["[]", "[{id: herent, name: Gemeente Herent, short_name: Herent, country: BE}]"])
def test_fewer_than_two_parties_is_a_problem_not_a_crash(tmp_path, parties):
    lines = (REPORTS / "minimal.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("parties:\n")
    spec = tmp_path / "report.yaml"
    spec.write_text("".join([*lines[:start], f"parties: {parties}\n", *lines[start + 3 :]]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        api.check(spec)
    got = [p.message for p in info.value.problems]
    assert f"needs at least 2 item(s), has {parties.count('id:')}" in got


# --------------------------------------------------------------------- the forms as councils file them
def test_bad_forms_are_reported_at_their_lines_all_at_once():
    assert messages("forms-bad.yaml") == [
        "forms-bad.yaml:93:17: reflections.same-languge: unknown lesson 'same-languge' (did you mean "
        "'same-language'?); 'agreement-builder checklists list' shows the lessons and their items",
        "forms-bad.yaml:96:11: financial_consequences.amount: give either 'none: true' (the decision costs "
        "nothing) or an amount with its budget_key, not both",
        "forms-bad.yaml:99:3: informe: no sender for the informe final: give informe.from {name, function}, "
        "or the partner's representative and function under parties",
        "forms-bad.yaml:99:11: informe.number: must not be empty",
    ]


MINIMAL_LINES = len((REPORTS / "minimal.yaml").read_text(encoding="utf-8").splitlines())


def _minimal_with(tmp_path: Path, extra: str) -> Path:
    """The minimal spec with ``extra`` keys after its last line (line MINIMAL_LINES + 1 on)."""
    spec = tmp_path / "report.yaml"
    spec.write_text((REPORTS / "minimal.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return spec


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("financial_consequences: {none: false}\n", "give 'none: true' when the decision costs nothing"),
        ("financial_consequences: {amount: {amount: 10, currency: EUR}}\n", "an amount needs its budget_key"),
        ("financial_consequences: {none: true, budget_key: X}\n", "leave out the budget_key"),
    ],
)
def test_financial_consequences_are_none_or_an_amount_on_a_budget_key(tmp_path, extra, message):
    with pytest.raises(InputError) as info:
        api.check(_minimal_with(tmp_path, extra))
    (problem,) = info.value.problems
    assert problem.location.line == MINIMAL_LINES + 1 and problem.key_path.startswith("financial_consequences")
    assert message in problem.message


def test_typed_forms_of_the_brasschaat_example():
    spec = api.check(EXAMPLES[0])
    fc = spec.financial_consequences
    assert fc is not None and not fc.none and fc.amount == Money(Decimal(5000), "EUR")
    assert fc.budget_key == "GBB-CBS 0160-00/6490000"
    assert set(spec.reflections) == {"same-language", "engagement", "support-base"} and len(spec.arguments) == 3
    informe = spec.informe
    assert informe is not None and informe.number == "INF/DRI/012/2022" and informe.legal_source == "spec"
    assert informe.sender.name == "Lic. Mariela Arce Cortez" and informe.to.name is None
    assert "Ley N° 482" in informe.legal_basis[0]["es"]


def test_informe_sender_defaults_to_the_partner_representative():
    informe = api.check(EXAMPLES[1]).informe
    assert informe is not None and informe.sender.name == "Domingo Caal Xol"
    assert informe.sender.function["es"] == "presidente de la junta directiva"


def test_informe_without_legal_basis_cites_the_institution_data_with_a_note(tmp_path):
    extra = "informe:\n  number: INF-1\n  from: {name: Ana, function: asesora}\n  to: {function: Alcalde}\n"
    spec = api.check(_minimal_with(tmp_path, extra))
    assert spec.informe is not None and "Código Municipal" in spec.informe.legal_basis[0]["es"]
    assert spec.informe.legal_source.startswith("Código Municipal")
    (note,) = [p for p in spec.warnings if p.key_path == "informe"]
    assert note.severity == "note" and note.location.line == MINIMAL_LINES + 2  # the mapping under informe:
    assert "municipality in GT (el Código Municipal, Decreto 12-2002" in note.message


def test_a_report_that_argues_and_states_its_costs_has_no_notes(tmp_path):
    extra = "arguments: [{nl: Omdat., es: Porque.}]\nfinancial_consequences: {none: true}\n"
    assert api.check(_minimal_with(tmp_path, extra)).warnings == []

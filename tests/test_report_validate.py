"""The report spec's validation, one small check at a time: each test feeds one check a
snippet of YAML and asserts the exact problems, with line:column and key path, in order."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from agreement_builder.core.schema import MISSING, Checker
from agreement_builder.core.yamlsource import INVALID, load_yaml, load_yaml_text
from agreement_builder.kinds.report import checklists as cl
from agreement_builder.kinds.report import spec as rs
from agreement_builder.kinds.report.checklists import Checklists, Item, Lesson, load_checklists

from .conftest import FIXTURES

NL_ES = {"nl": "x", "es": "x"}


def checker(text: str) -> tuple[Checker, object]:
    """A checker over ``text`` (as the file spec.yaml) and the loaded data."""
    source = load_yaml_text(textwrap.dedent(text), "spec.yaml")
    assert source.problems == []
    return Checker(source), source.data


def problems(ck: Checker) -> list[str]:
    return [str(p) for p in ck.problems]


def lesson(lesson_id: str, number: int, *items: str) -> Lesson:
    return Lesson(lesson_id, number, NL_ES, NL_ES, [Item(i, NL_ES) for i in items])


LESSONS = Checklists(
    {
        "first-lesson": lesson("first-lesson", 1, "alpha", "beta"),
        "second-lesson": lesson("second-lesson", 2, "gamma"),
    }
)


# --------------------------------------------------------------------- parties, budget, SDGs
def test_ids_are_read_from_raw_data_and_skip_entries_without_a_text_id():
    _, data = checker("parties: [{id: a}, {id: 5}, x, {name: n}, {id: b}]\n")
    assert rs._ids(data, "parties") == ["a", "b"]
    assert rs._ids({"parties": "a"}, "parties") == [] and rs._ids(None, "parties") == []


def test_party_id_used_twice():
    ck, _ = checker("parties: [{id: a}, {id: b}, {id: a}]\n")
    rs._check_party_ids_unique(ck, ["a", "b", "a"])
    assert problems(ck) == ["spec.yaml:1:34: parties[2].id: party id 'a' is used twice"]


def test_projects_and_budget_lines_name_known_parties():
    ck, data = checker(
        """\
        projects:
          - {party: herentt}
          - no mapping
        budget:
          - {party: nimlahakok}
          - {party: tarija}
          - {line: no party}
        """
    )
    rs._check_party_refs(ck, data, ["herent", "nimlahakok"])
    assert problems(ck) == [
        "spec.yaml:2:13: projects[0].party: unknown party 'herentt' (did you mean 'herent'?); "
        "parties are herent, nimlahakok",
        "spec.yaml:6:13: budget[1].party: unknown party 'tarija'; parties are herent, nimlahakok",
    ]


def test_party_refs_are_not_checked_without_known_parties_or_lists():
    ck, data = checker("projects: {party: x}\nbudget: [{party: y}]\n")
    rs._check_party_refs(ck, data, [])
    assert ck.problems == []


def test_currency_of_a_raw_money_mapping():
    assert rs._currency({"amount": 1, "currency": "eur"}) == "EUR"
    assert rs._currency({"amount": 1, "currency": "BEF"}) is None  # withdrawn
    assert rs._currency({"amount": 1}) is None and rs._currency("EUR") is None


def test_planned_and_spent_in_different_currencies():
    ck, data = checker(
        """\
        budget:
          - {planned: {amount: 1, currency: EUR}, spent: {amount: 1, currency: usd}}
          - {planned: {amount: 1, currency: eur}, spent: {amount: 1, currency: EUR}}
          - {planned: {amount: 1, currency: EURO}, spent: {amount: 1, currency: USD}}
          - {planned: {amount: 1, currency: GTQ}}
          - not a line
        """
    )
    rs._check_budget_currencies(ck, data["budget"])
    assert problems(ck) == [
        "spec.yaml:2:72: budget[0].spent.currency: spent is given in USD but planned in EUR; "
        "give both in the same currency"
    ]


def test_sdg_listed_twice_is_reported_at_every_repeat():
    ck, data = checker("sdgs: [13, 15, 13, 13]\n")
    rs._check_sdgs_unique(ck, data["sdgs"])
    assert problems(ck) == [
        "spec.yaml:1:16: sdgs[2]: SDG 13 is listed twice",
        "spec.yaml:1:20: sdgs[3]: SDG 13 is listed twice",
    ]
    rs._check_sdgs_unique(ck, "13")
    assert len(ck.problems) == 2


# --------------------------------------------------------------------- phases
PHASES = """\
phases:
  - name: {nl: Een, es: Uno}
    start: 2019-01
    end: 2019-06
    summary: {nl: S, es: S}
  - name: {nl: Twee, es: Dos}
    start: 2019-06
    end: 2019-12
    summary: {nl: S, es: S}
  - name: {nl: Drie, es: Tres}
    start: 2018-01
    end: 2018-03
    summary: {nl: S, es: S}
  - name: {nl: Vier, es: Cuatro}
    start: 2020-05
    end: 2020-01
    summary: {nl: S, es: S}
"""


def _phases(data: dict) -> list:
    return [
        {"name": p["name"], "start": dt.date.fromisoformat(p["start"] + "-01"), "end": p["end"]} for p in data["phases"]
    ]


def test_phases_overlapping_out_of_order_and_reversed():
    ck, data = checker(PHASES)
    phases = _phases(data)
    for p, end in zip(phases, ("2019-06-30", "2019-12-31", "2018-03-31", "2020-01-31"), strict=True):
        p["end"] = dt.date.fromisoformat(end)
    rs._check_phases(ck, phases)
    assert problems(ck) == [
        "spec.yaml:7:12: phases[1].start: overlaps phases[0] (Een), which runs until 2019-06-30; "
        "phases follow one another",
        "spec.yaml:11:12: phases[2].start: phases are out of order: this phase starts before phases[1] (Twee); "
        "list them in time order",
        "spec.yaml:16:10: phases[3].end: the period ends (2020-01-31) before it starts (2020-05-01)",
    ]


def test_a_reversed_or_missing_phase_is_not_compared_with_its_neighbours():
    ck, data = checker(PHASES)
    phases = _phases(data)
    phases[0]["end"] = dt.date(2018, 12, 31)  # reversed: reported, then skipped
    phases[1] = MISSING  # rejected by the schema: skipped
    phases[2]["end"] = dt.date(2018, 3, 31)
    phases[3]["end"] = dt.date(2020, 6, 30)
    rs._check_phases(ck, phases)
    assert problems(ck) == ["spec.yaml:4:10: phases[0].end: the period ends (2018-12-31) before it starts (2019-01-01)"]
    rs._check_phases(ck, MISSING)
    rs._check_phases(ck, None)
    assert len(ck.problems) == 1


def test_phase_order_is_checked_even_when_another_key_is_wrong():
    """With the spec as a whole rejected (data MISSING), the phases are checked on their own."""
    ck, data = checker(PHASES.replace("    summary: {nl: S, es: S}\n", "    summary: {nl: S}\n", 1))
    rs._check_phase_order(ck, data, MISSING, ck.source)
    assert [p.key_path for p in ck.problems] == ["phases[2].start", "phases[3].end"]  # phase 0 left out
    alone = rs._phases_alone(data, ck.source)
    assert alone[0] is MISSING and alone[1]["start"] == dt.date(2019, 6, 1)  # phase 0 lacks a text: left out
    assert len(ck.problems) == 2  # checking them alone reports nothing itself


def test_phase_order_with_phases_that_are_no_list():
    ck, data = checker("phases: 3\n")
    rs._check_phase_order(ck, data, MISSING, ck.source)
    assert ck.problems == []


# --------------------------------------------------------------------- parties and dates
def party(pid: str, country: str) -> rs.ReportParty:
    return rs.ReportParty(pid, NL_ES, NL_ES, country)


def test_first_party_must_be_flemish_and_the_partner_foreign():
    ck, _ = checker("parties:\n  - {id: a, country: GT}\n  - {id: b, country: GT}\n")
    rs._check_party_countries(ck, (party("a", "GT"), party("b", "GT")))
    assert problems(ck) == [
        "spec.yaml:2:22: parties[0].country: the first party must be the Flemish municipality (country BE), "
        "got GT; list the Flemish municipality first and the partner second",
        "spec.yaml:3:22: parties[1].country: both parties are in GT; the partner is the foreign town",
    ]


def test_radar_must_cover_every_party_once_given():
    ck, _ = checker("radar:\n  - {party: a}\n")
    parties = (party("a", "BE"), party("b", "GT"))
    rs._check_radar_covers_parties(ck, (), parties)
    assert ck.problems == []
    rs._check_radar_covers_parties(ck, (rs.RadarEntry("a", {}), rs.RadarEntry("a", {})), parties)
    assert problems(ck) == ["spec.yaml:2:3: radar: no radar scores for b; the radar compares both partners"]


def test_milestones_in_time_order_and_not_after_the_report():
    ck, _ = checker("events:\n  - {date: 2020-05}\n  - {date: 2020-01}\n  - {date: 2023-01}\n  - {date: 2021-01}\n")
    events = tuple(rs.Event(d, NL_ES) for d in (dt.date(2020, 5, 1), dt.date(2020, 1, 1), dt.date(2023, 1, 1)))
    rs._check_event_dates(ck, (*events, rs.Event(dt.date(2021, 1, 1), NL_ES)), dt.date(2022, 12, 15))
    assert problems(ck) == [
        "spec.yaml:3:12: events[1].date: milestones are out of order; list them in time order",
        "spec.yaml:4:12: events[2].date: 2023-01-01 is after the report's date (2022-12-15)",
        "spec.yaml:5:12: events[3].date: milestones are out of order; list them in time order",
    ]


def test_council_meeting_before_the_report_is_a_warning():
    ck, _ = checker("council:\n  meeting: 2022-12-01\n")
    rs._check_council_meeting(ck, rs.Council(NL_ES, dt.date(2022, 12, 15)), dt.date(2022, 12, 15))
    assert ck.problems == []
    rs._check_council_meeting(ck, rs.Council(NL_ES, dt.date(2022, 12, 1)), dt.date(2022, 12, 15))
    assert problems(ck) == [
        "spec.yaml:2:12: warning: council.meeting: the council meets on 2022-12-01, before the report's date "
        "(2022-12-15)"
    ]


# --------------------------------------------------------------------- radar
def test_radar_scores_unknown_concept_missing_concepts_and_range():
    ck, data = checker(
        """\
        radar:
          - party: a
            scores: {informing: 4, consultin: 3, advising: 6, co-production: 2, co-decision: 2, ownership: 3}
        """
    )
    concepts = [c.id for c in cl.participation_concepts()]
    rs._check_radar_scores(ck, ("radar", 0, "scores"), data["radar"][0]["scores"], concepts)
    assert problems(ck) == [
        "spec.yaml:3:39: radar[0].scores.consultin: unknown participation concept 'consultin' "
        "(did you mean 'consulting'?); the concepts are " + ", ".join(concepts),
        "spec.yaml:3:52: radar[0].scores.advising: score 6 is out of range: radar scores run from 0 to 5",
        "spec.yaml:3:13: radar[0].scores: no score for consulting, inclusion, feedback; score all eight concepts",
    ]


def test_radar_score_refused_while_loading_is_not_reported_again():
    ck, _ = checker("radar: []\n")
    scores = {c.id: 3 for c in cl.participation_concepts()} | {"informing": INVALID}
    rs._check_radar_scores(ck, ("radar", 0, "scores"), scores, list(scores))
    assert ck.problems == []


def test_radar_party_known_and_once():
    ck, data = checker(
        """\
        radar:
          - {party: a, scores: {}}
          - {party: c}
          - {party: a}
          - not an entry
        """
    )
    rs._check_radar(ck, data["radar"], ["a", "b"])
    assert problems(ck) == [
        "spec.yaml:2:24: radar[0].scores: no score for informing, consulting, advising, co-production, "
        "co-decision, ownership, inclusion, feedback; score all eight concepts",
        "spec.yaml:3:13: radar[1].party: unknown party 'c'; parties are a, b",
        "spec.yaml:4:13: radar[2].party: party 'a' already has radar scores at radar[0]",
    ]


# --------------------------------------------------------------------- checklist answers
def test_lesson_by_id_by_number_or_unknown():
    ck, _ = checker("answers:\n  1: {}\n  first-lessn: {}\n")
    assert rs._answered_lesson(ck, ("answers", "first-lesson"), "first-lesson", LESSONS) is LESSONS.get("first-lesson")
    assert rs._answered_lesson(ck, ("answers", 1), 1, LESSONS) is None
    assert rs._answered_lesson(ck, ("answers", "first-lessn"), "first-lessn", LESSONS) is None
    assert problems(ck) == [
        "spec.yaml:2:3: answers[1]: write lesson 1 by its id: first-lesson",
        "spec.yaml:3:16: answers.first-lessn: unknown lesson 'first-lessn' (did you mean 'first-lesson'?); "
        "'agreement-builder checklists list' shows the lessons and their items",
    ]


def test_item_of_another_lesson_or_of_none():
    ck, _ = checker("answers:\n  first-lesson:\n    gamma: partly\n    alpa: partly\n")
    first = LESSONS.get("first-lesson")
    assert rs._known_item(ck, ("answers", "first-lesson", "alpha"), first, "alpha", LESSONS)
    assert not rs._known_item(ck, ("answers", "first-lesson", "gamma"), first, "gamma", LESSONS)
    assert not rs._known_item(ck, ("answers", "first-lesson", "alpa"), first, "alpa", LESSONS)
    assert problems(ck) == [
        "spec.yaml:3:12: answers.first-lesson.gamma: 'gamma' is an item of lesson 2 (second-lesson), "
        "not of 'first-lesson'; move it under answers.second-lesson",
        "spec.yaml:4:11: answers.first-lesson.alpa: lesson 'first-lesson' has no item 'alpa' "
        "(did you mean 'alpha'?); its items: alpha, beta",
    ]


def test_answer_short_and_long_form():
    ck, data = checker(
        """\
        a: partly
        b: {status: achieved, comment: {nl: Ja, es: Sí}, partners: {x: not-yet, y: {status: partly}}}
        c: [achieved]
        d: {status: done}
        """
    )
    assert rs._check_answer(ck, ("a",), data["a"], ["x", "y"]) == rs.Answer("partly", None, {})
    assert rs._check_answer(ck, ("b",), data["b"], ["x", "y"]) == rs.Answer(
        "achieved", {"nl": "Ja", "es": "Sí"}, {"x": ("not-yet", None), "y": ("partly", None)}
    )
    assert rs._check_answer(ck, ("c",), data["c"], []) is None
    assert rs._check_answer(ck, ("d",), data["d"], []) is None
    assert rs._check_answer(ck, ("e",), INVALID, []) is None
    assert problems(ck) == [
        "spec.yaml:3:4: c: expected a status (achieved, partly, not-yet, not-applicable) or "
        "{status: …, comment: …}, got a list",
        "spec.yaml:4:13: d.status: 'done' is not one of achieved, partly, not-yet, not-applicable",
    ]


def test_partner_answers_come_out_even_when_the_joint_answer_is_wrong():
    ck, data = checker("item: {status: done, partners: {herent: nope, tarija: partly}}\n")
    assert rs._check_answer(ck, ("item",), data["item"], ["herent", "nimlahakok"]) is None
    assert problems(ck) == [
        "spec.yaml:1:16: item.status: 'done' is not one of achieved, partly, not-yet, not-applicable",
        "spec.yaml:1:41: item.partners.herent.status: 'nope' is not one of achieved, partly, not-yet, not-applicable",
        "spec.yaml:1:55: item.partners.tarija: unknown party 'tarija'; parties are herent, nimlahakok",
    ]


def test_partner_answers_skip_values_refused_while_loading():
    ck, _ = checker("item: {}\n")
    got = rs._check_partner_answers(ck, ("item",), {"a": INVALID, "b": "partly"}, ["a", "b"])
    assert got == {"b": ("partly", None)} and ck.problems == []
    assert rs._check_partner_answers(ck, ("item",), ["a"], ["a"]) == {}


def test_every_item_and_every_lesson_answered():
    ck, data = checker("answers:\n  first-lesson:\n    beta: partly\n")
    rs._check_every_item_answered(ck, ("answers", "first-lesson"), LESSONS.get("first-lesson"), {"beta": "partly"})
    rs._check_every_lesson_answered(ck, data["answers"], LESSONS)
    assert problems(ck) == [
        "spec.yaml:3:5: answers.first-lesson: no answer for alpha; answer every item "
        "(status: not-applicable when it does not apply)",
        "spec.yaml:2:3: answers: lesson 2 (second-lesson) is not answered; add answers.second-lesson with its items",
    ]


def test_answers_of_a_whole_spec_in_order():
    ck, data = checker(
        """\
        answers:
          first-lesson:
            alpha: {status: achieved}
            gamma: partly
          2: {gamma: partly}
          third: {}
        """
    )
    got = rs._check_answers(ck, data["answers"], LESSONS, ["a", "b"])
    assert got == {"first-lesson": {"alpha": rs.Answer("achieved", None, {})}}
    assert [p.message for p in ck.problems] == [
        "'gamma' is an item of lesson 2 (second-lesson), not of 'first-lesson'; move it under answers.second-lesson",
        "no answer for beta; answer every item (status: not-applicable when it does not apply)",
        "write lesson 2 by its id: second-lesson",
        "unknown lesson 'third'; 'agreement-builder checklists list' shows the lessons and their items",
        "lesson 2 (second-lesson) is not answered; add answers.second-lesson with its items",
    ]


def test_lesson_answers_that_are_no_mapping():
    ck, data = checker("answers:\n  first-lesson: [alpha]\n  second-lesson:\n")
    assert rs._check_answers(ck, data["answers"], LESSONS, []) == {}
    assert problems(ck) == [
        "spec.yaml:2:17: answers.first-lesson: expected a mapping of item ids to answers, got a list",
        "spec.yaml:3:17: answers.second-lesson: expected a mapping of item ids to answers, got nothing",
    ]
    assert rs._check_answers(ck, ["first-lesson"], LESSONS, []) == {} and len(ck.problems) == 2


# --------------------------------------------------------------------- the whole spec
def test_validate_report_keeps_the_order_of_its_checks():
    """The problems in the order the checks find them (InputError sorts them by line later)."""
    source = load_yaml(FIXTURES / "reports" / "many-problems.yaml")
    spec, found = rs.validate_report(source, load_checklists())
    assert spec is None
    assert [p.key_path for p in found] == [
        "subject",
        "budget[0].planned.currency",
        "phases[1].start",
        "phases[2].end",
        "radar[1].scores.co-production",
        "answers.mental-pictures.limited-mean",
        "answers.mental-pictures",
    ]


def test_validate_report_runs_the_typed_checks_only_on_a_valid_shape(tmp_path):
    text = (FIXTURES / "reports" / "order-and-dates.yaml").read_text(encoding="utf-8")
    spec, found = rs.validate_report(load_yaml_text(text, "a.yaml"), load_checklists())
    assert spec is None and "parties[0].country" in [p.key_path for p in found]
    broken = text.replace("subject: {nl:", "subject: {nll:", 1)
    assert broken != text
    spec, found = rs.validate_report(load_yaml_text(broken, "a.yaml"), load_checklists())
    assert spec is None and "parties[0].country" not in [p.key_path for p in found]


def test_validate_report_of_no_mapping():
    source = load_yaml_text("- a\n", "a.yaml")
    assert [str(p) for p in rs.validate_report(source, load_checklists())[1]] == [
        "a.yaml:1:1: a report spec must be a mapping of keys (kind, date, parties, …), got a list"
    ]


def test_valid_spec_carries_its_warnings():
    text = (FIXTURES / "reports" / "minimal.yaml").read_text(encoding="utf-8").replace("kind: report\n", "")
    spec, found = rs.validate_report(load_yaml_text(text, "a.yaml"), load_checklists())
    # The minimal spec neither argues its proposal nor states its financial consequences: two notes.
    assert spec is not None and spec.warnings == found
    assert [(p.severity, p.key_path) for p in found] == [("warning", ""), ("note", "context"), ("note", "decision")]


# --------------------------------------------------------------------- lesson files
def lesson_source(text: str, name: str = "1-first.yaml") -> tuple[Checker, object]:
    source = load_yaml_text(textwrap.dedent(text), name)
    return Checker(source), source


def test_empty_lesson_file():
    ck, source = lesson_source("")
    assert cl._check_lesson_data(ck, source) is None
    assert problems(ck) == ["1-first.yaml:1:1: the lesson file is empty"]


def test_lesson_data_checked_against_the_schema():
    ck, source = lesson_source("id: first\nnumber: 1\n")
    assert cl._check_lesson_data(ck, source) is None
    assert [p.message for p in ck.problems] == [
        "missing required key 'title'",
        "missing required key 'claim'",
        "missing required key 'items'",
    ]


def test_lesson_file_name_repeats_number_and_id():
    ck, _ = lesson_source("id: first\nnumber: 1\n")
    cl._check_file_name(ck, Path("1-first.yaml"), {"id": "first", "number": 1})
    assert ck.problems == []
    cl._check_file_name(ck, Path("x/01-first.yaml"), {"id": "first", "number": 1})
    assert problems(ck) == [
        "1-first.yaml:1:5: id: the file name must be 1-first.yaml (number and id), not 01-first.yaml"
    ]


def test_item_ids_unique_within_a_lesson():
    ck, source = lesson_source(
        """\
        items:
          - id: one
          - id: two
          - id: one
          - id: [one]
          - id: one
          - no item
        """
    )
    cl._check_item_ids_unique(ck, source.data)
    assert problems(ck) == [
        "1-first.yaml:4:9: items[2].id: item id 'one' is used twice in this lesson",
        "1-first.yaml:6:9: items[4].id: item id 'one' is used twice in this lesson",
    ]
    cl._check_item_ids_unique(ck, ["items"])
    assert len(ck.problems) == 2


@pytest.mark.parametrize("name", ["1-first.yaml", "2-first.yaml"])
def test_load_lesson_builds_the_lesson_only_when_the_file_is_right(tmp_path, name):
    path = tmp_path / name
    path.write_text(
        "id: first\nnumber: 1\ntitle: {nl: T, es: T}\nclaim: {nl: C, es: C}\n"
        "items:\n  - {id: one, text: {nl: Een, es: Uno}}\n",
        encoding="utf-8",
    )
    got, found = cl.load_lesson(path)
    if name == "1-first.yaml":
        assert found == [] and got is not None
        assert (got.id, got.number, got.items, got.opportunities) == (
            "first",
            1,
            [Item("one", {"nl": "Een", "es": "Uno"})],
            [],
        )
    else:
        assert got is None and [p.message for p in found] == [
            "the file name must be 1-first.yaml (number and id), not 2-first.yaml"
        ]


def test_phase_starting_on_the_same_day_as_the_previous_one_overlaps_it():
    """Not out of order: reordering would not help, a date must change."""
    ck, data = checker(PHASES)
    phases = _phases(data)[:2]
    phases[0]["end"] = dt.date(2019, 6, 30)
    phases[1]["start"], phases[1]["end"] = dt.date(2019, 1, 1), dt.date(2019, 3, 31)
    rs._check_phase_follows(ck, 1, phases[1], 0, phases[0])
    assert [p.message for p in ck.problems] == [
        "overlaps phases[0] (Een), which runs until 2019-06-30; phases follow one another"
    ]


def test_party_countries_need_two_parties_to_compare():
    ck, _ = checker("parties:\n  - {id: a, country: GT}\n")
    rs._check_party_countries(ck, (party("a", "GT"),))
    rs._check_party_countries(ck, ())
    assert ck.problems == []  # 'needs at least 2 item(s)' comes from the schema pass

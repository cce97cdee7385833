"""The report spec: what an officer tells the council (and the partner) at the end of a trajectory.

A report spec is a YAML mapping with ``kind: report``. Validation works like the agreement
spec's: the shape first (declarative fields from schema.py), then the cross-references
(party ids, lesson and item ids, radar concepts, phase order, currencies), all into one
problem list so the user fixes everything in one go.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

from agreement_builder.core.errors import InputError, Problem
from agreement_builder.core.schema import (
    MISSING,
    Checker,
    Date,
    Enum,
    Field,
    Int,
    Key,
    LangText,
    ListOf,
    Mapping,
    Str,
    suggest,
    type_name,
)
from agreement_builder.core.values import Money, check_money, check_sdg
from agreement_builder.core.yamlsource import INVALID, KeyPath, Source, load_yaml
from agreement_builder.kinds.agreement.library import ID_PATTERN
from agreement_builder.kinds.agreement.spec import STATUSES, _Country
from agreement_builder.kinds.report.checklists import Checklists, Lesson, load_checklists, participation_concepts

KIND = "report"
REPORT_LAYOUTS = ("sequential", "nl", "es")
STATUS_VALUES = ("achieved", "partly", "not-yet", "not-applicable")
CURRENCIES = ("EUR", "BOB", "GTQ", "PEN", "USD")
SCORE_MAX = 5
DESIGN_TOOLS = ("focus", "context", "ambitions", "stakeholders", "trajectory", "interventions")
# Keys only a report has: a spec without ``kind`` but with these is taken for a report.
REPORT_ONLY_KEYS = ("phases", "answers", "radar", "budget", "decision", "council")

_ID = Str(ID_PATTERN, "use lowercase words joined by dashes")


class Month(_dt.date):
    """A date given only to the month (``2022-05``): printed as 'mei 2022', not as a day."""


class _Month(Field):
    """A date (YYYY-MM-DD) or a month (YYYY-MM): a month starts on its first day, or ends on its last."""

    def __init__(self, end: bool):
        self.end = end

    def check(self, value, path, ck):
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value.strip()):
            year, month = (int(x) for x in value.strip().split("-"))
            if 1 <= month <= 12:
                day = calendar.monthrange(year, month)[1] if self.end else 1
                return Month(year, month, day)
        if isinstance(value, _dt.date | str):
            checked = Date().check(value, path, _Quiet(ck))
            if checked is not MISSING:
                return checked
        ck.error(path, f"expected a month (YYYY-MM) or a date (YYYY-MM-DD), got {value!r}")
        return MISSING


class _Quiet(Checker):
    """A checker that swallows problems, for trying one reading of a value before another."""

    def __init__(self, ck: Checker):
        super().__init__(ck.source)

    def error(self, path: KeyPath, message: str) -> None:
        pass


class _ReportMoney(Field):
    """Money in one of the currencies a city-link report uses."""

    def check(self, value, path, ck):
        if isinstance(value, dict):
            currency = value.get("currency")
            if not isinstance(currency, str) or currency.upper() not in CURRENCIES:
                hint = suggest(str(currency).upper(), CURRENCIES)
                ck.error(
                    (*path, "currency"),
                    f"unknown currency {currency!r}{hint}; reports use {', '.join(CURRENCIES)}",
                )
                return MISSING
        return check_money(value, path, ck)


class _Score(Field):
    def check(self, value, path, ck):
        if isinstance(value, bool) or not isinstance(value, int):
            ck.error(path, f"expected a score from 0 to {SCORE_MAX}, got {type_name(value)}")
            return MISSING
        if not 0 <= value <= SCORE_MAX:
            ck.error(path, f"score {value} is out of range: radar scores run from 0 to {SCORE_MAX}")
            return MISSING
        return value


class _Sdg(Field):
    def check(self, value, path, ck):
        return check_sdg(value, path, ck)


class _Any(Field):
    """Accepted as is here; checked by hand in the cross-reference pass."""

    def __init__(self, expect: type, what: str):
        self.expect, self.what = expect, what

    def check(self, value, path, ck):
        if not isinstance(value, self.expect):
            ck.error(path, f"expected {self.what}, got {type_name(value)}")
            return MISSING
        return value


TEXTS = ListOf(LangText())

PARTY = Mapping(
    {
        "id": Key(_ID, required=True),
        "name": Key(LangText(allow_plain=True), required=True),
        "short_name": Key(LangText(allow_plain=True), required=True),
        "country": Key(_Country(), required=True),
        "representative": Key(Str()),
        "function": Key(LangText(allow_plain=True)),
    }
)

PHASE = Mapping(
    {
        "name": Key(LangText(), required=True),
        "start": Key(_Month(end=False), required=True),
        "end": Key(_Month(end=True), required=True),
        "summary": Key(LangText(), required=True),
    }
)

EVENT = Mapping(
    {
        "date": Key(_Month(end=False), required=True),
        "text": Key(LangText(), required=True),
    }
)

RISK = Mapping(
    {
        "date": Key(_Month(end=False)),
        "risk": Key(LangText(), required=True),
        "response": Key(LangText(), required=True),
    }
)

PROJECT = Mapping(
    {
        "party": Key(_ID, required=True),
        "title": Key(LangText(), required=True),
        **{tool: Key(LangText(), required=True) for tool in DESIGN_TOOLS},
        "results": Key(TEXTS, default=[]),
    }
)

RADAR = Mapping(
    {
        "party": Key(_ID, required=True),
        "scores": Key(_Any(dict, "a mapping of concept ids to scores"), required=True),
    }
)

BUDGET_LINE = Mapping(
    {
        "line": Key(LangText(), required=True),
        "party": Key(_ID),
        "planned": Key(_ReportMoney(), required=True),
        "spent": Key(_ReportMoney(), required=True),
    }
)

PARTNER_ANSWER = Mapping(
    {
        "status": Key(Enum(*STATUS_VALUES), required=True),
        "comment": Key(LangText()),
    }
)

ANSWER = Mapping(
    {
        **PARTNER_ANSWER.keys,
        "partners": Key(_Any(dict, "a mapping of party ids to {status, comment}")),
    }
)

SPEC = Mapping(
    {
        "kind": Key(Enum(KIND)),
        "title": Key(LangText()),
        "date": Key(Date(), required=True),
        "status": Key(Enum(*STATUSES), default="draft"),
        "layout": Key(Enum(*REPORT_LAYOUTS), default="sequential"),
        "checklists": Key(ListOf(Str())),
        "council": Key(
            Mapping(
                {
                    "name": Key(LangText(), required=True),
                    "meeting": Key(Date(), required=True),
                }
            ),
            required=True,
        ),
        "prepared_by": Key(
            Mapping({"name": Key(Str(), required=True), "function": Key(LangText(allow_plain=True), required=True)})
        ),
        "link_since": Key(Int(1900, 2199)),
        "parties": Key(ListOf(PARTY, min_items=2, max_items=2), required=True),
        "subject": Key(LangText(), required=True),
        "legal_basis": Key(ListOf(LangText(), min_items=1), required=True),
        "context": Key(TEXTS, required=True),
        "goals": Key(ListOf(LangText(), min_items=1), required=True),
        "phases": Key(ListOf(PHASE, min_items=1), required=True),
        "events": Key(ListOf(EVENT), default=[]),
        "risks": Key(ListOf(RISK), default=[]),
        "projects": Key(ListOf(PROJECT), default=[]),
        "sdgs": Key(ListOf(_Sdg()), default=[]),
        "radar": Key(ListOf(RADAR), default=[]),
        "answers": Key(_Any(dict, "a mapping of lesson ids to answered items"), required=True),
        "budget": Key(ListOf(BUDGET_LINE), default=[]),
        "conclusions": Key(TEXTS, default=[]),
        "recommendations": Key(TEXTS, default=[]),
        "decision": Key(ListOf(LangText(), min_items=1), required=True),
        "annexes": Key(TEXTS, default=[]),
    }
)


Bilingual: TypeAlias = dict[str, str]
"""A text in both languages: ``{"nl": …, "es": …}``."""


@dataclass(frozen=True)
class ReportParty:
    """One of the two towns: the Flemish municipality first, the partner second."""

    id: str
    name: Bilingual
    short_name: Bilingual
    country: str  # ISO 3166 code, upper case
    representative: str | None = None
    function: Bilingual | None = None


@dataclass(frozen=True)
class Council:
    """The town council that receives the report, and the day it meets."""

    name: Bilingual
    meeting: _dt.date


@dataclass(frozen=True)
class PreparedBy:
    """The officer who wrote the report."""

    name: str
    function: Bilingual


@dataclass(frozen=True)
class Phase:
    """One phase of the trajectory; ``start`` and ``end`` are a Month when given to the month."""

    name: Bilingual
    start: _dt.date
    end: _dt.date
    summary: Bilingual


@dataclass(frozen=True)
class Event:
    """A milestone on the timeline."""

    date: _dt.date
    text: Bilingual


@dataclass(frozen=True)
class Risk:
    """A risk met during the trajectory and how the partners responded."""

    risk: Bilingual
    response: Bilingual
    date: _dt.date | None = None


@dataclass(frozen=True)
class Project:
    """A partner's project, described with the six design tools (DESIGN_TOOLS) and its results."""

    party: str
    title: Bilingual
    focus: Bilingual
    context: Bilingual
    ambitions: Bilingual
    stakeholders: Bilingual
    trajectory: Bilingual
    interventions: Bilingual
    results: tuple[Bilingual, ...] = ()

    def tools(self) -> tuple[tuple[str, Bilingual], ...]:
        """(tool, text) for the six design tools, in the order of DESIGN_TOOLS."""
        return (
            ("focus", self.focus),
            ("context", self.context),
            ("ambitions", self.ambitions),
            ("stakeholders", self.stakeholders),
            ("trajectory", self.trajectory),
            ("interventions", self.interventions),
        )


@dataclass(frozen=True)
class RadarEntry:
    """One partner's score (0 to SCORE_MAX) for every participation concept, by concept id."""

    party: str
    scores: dict[str, int]


@dataclass(frozen=True)
class BudgetLine:
    """A budget line; planned and spent are in the same currency."""

    line: Bilingual
    planned: Money
    spent: Money
    party: str | None = None


@dataclass(frozen=True)
class Answer:
    """How the partners assess one checklist item: a joint status, and optionally each partner's."""

    status: str
    comment: Bilingual | None
    partners: dict[str, tuple[str, Bilingual | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class ReportSpec:
    """A validated report spec with its checklist answers resolved against the lessons.

    One field per key of the spec (see SPEC); optional keys that were left out are None or
    empty. ``answers`` holds the checked answers per lesson id and item id, ``lessons`` the
    lessons in force in reading order.
    """

    path: Path
    kind: str | None  # None when the spec was recognised by its keys
    title: Bilingual | None
    date: _dt.date
    status: str
    layout: str
    checklists: tuple[str, ...]
    council: Council
    prepared_by: PreparedBy | None
    link_since: int | None
    parties: tuple[ReportParty, ...]
    subject: Bilingual
    legal_basis: tuple[Bilingual, ...]
    context: tuple[Bilingual, ...]
    goals: tuple[Bilingual, ...]
    phases: tuple[Phase, ...]
    events: tuple[Event, ...]
    risks: tuple[Risk, ...]
    projects: tuple[Project, ...]
    sdgs: tuple[int, ...]
    radar: tuple[RadarEntry, ...]
    answers: dict[str, dict[str, Answer]]
    budget: tuple[BudgetLine, ...]
    conclusions: tuple[Bilingual, ...]
    recommendations: tuple[Bilingual, ...]
    decision: tuple[Bilingual, ...]
    annexes: tuple[Bilingual, ...]
    lessons: tuple[Lesson, ...]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        """The spec's folder: checklist paths are relative to it, and the PDF may load files from it."""
        return self.path.resolve().parent

    def party(self, party_id: str) -> ReportParty:
        """The party with id ``party_id``."""
        return next(p for p in self.parties if p.id == party_id)

    def budget_totals(self) -> dict[str, tuple[Money, Money]]:
        """Planned and spent per currency, in order of first use; different currencies are never added."""
        sums: dict[str, list[Decimal]] = {}
        for line in self.budget:
            planned, spent = sums.setdefault(line.planned.currency, [Decimal(0), Decimal(0)])
            sums[line.planned.currency] = [planned + line.planned.amount, spent + line.spent.amount]
        return {cur: (Money(p, cur), Money(s, cur)) for cur, (p, s) in sums.items()}


def _party(p: dict[str, Any]) -> ReportParty:
    return ReportParty(p["id"], p["name"], p["short_name"], p["country"], p["representative"], p["function"])


def _phase(p: dict[str, Any]) -> Phase:
    return Phase(p["name"], p["start"], p["end"], p["summary"])


def _project(p: dict[str, Any]) -> Project:
    return Project(
        party=p["party"],
        title=p["title"],
        focus=p["focus"],
        context=p["context"],
        ambitions=p["ambitions"],
        stakeholders=p["stakeholders"],
        trajectory=p["trajectory"],
        interventions=p["interventions"],
        results=tuple(p["results"]),
    )


def _budget_line(b: dict[str, Any]) -> BudgetLine:
    return BudgetLine(b["line"], b["planned"], b["spent"], b["party"])


def build_spec(
    path: Path, data: dict[str, Any], lessons: list[Lesson], answers: dict[str, dict[str, Answer]]
) -> ReportSpec:
    """The typed spec from data that passed SPEC: every key is present (defaults filled in) and
    every value has its checked type, so no look-up here can fail."""
    council, prepared_by = data["council"], data["prepared_by"]
    return ReportSpec(
        path=path,
        kind=data["kind"],
        title=data["title"],
        date=data["date"],
        status=data["status"],
        layout=data["layout"],
        checklists=tuple(data["checklists"] or ()),
        council=Council(council["name"], council["meeting"]),
        prepared_by=PreparedBy(prepared_by["name"], prepared_by["function"]) if prepared_by else None,
        link_since=data["link_since"],
        parties=tuple(_party(p) for p in data["parties"]),
        subject=data["subject"],
        legal_basis=tuple(data["legal_basis"]),
        context=tuple(data["context"]),
        goals=tuple(data["goals"]),
        phases=tuple(_phase(p) for p in data["phases"]),
        events=tuple(Event(e["date"], e["text"]) for e in data["events"]),
        risks=tuple(Risk(r["risk"], r["response"], r["date"]) for r in data["risks"]),
        projects=tuple(_project(p) for p in data["projects"]),
        sdgs=tuple(data["sdgs"]),
        radar=tuple(RadarEntry(r["party"], dict(r["scores"])) for r in data["radar"]),
        answers=answers,
        budget=tuple(_budget_line(b) for b in data["budget"]),
        conclusions=tuple(data["conclusions"]),
        recommendations=tuple(data["recommendations"]),
        decision=tuple(data["decision"]),
        annexes=tuple(data["annexes"]),
        lessons=tuple(lessons),
    )


def is_report(data: Any) -> bool:
    """Whether loaded YAML is a report spec: ``kind: report``, or report keys and no clauses."""
    if not isinstance(data, dict):
        return False
    if "kind" in data:  # agreements have no kind; a misspelt 'report' gets its hint from the report checks
        return data["kind"] != "agreement"
    return "clauses" not in data and any(key in data for key in REPORT_ONLY_KEYS)


def _ids(raw: Any, key: str) -> list[str]:
    items = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return []
    return [p["id"] for p in items if isinstance(p, dict) and isinstance(p.get("id"), str)]


def _check_party_ref(ck: Checker, value: Any, path: KeyPath, party_ids: list[str]) -> None:
    if isinstance(value, str) and party_ids and value not in party_ids:
        ck.error(path, f"unknown party {value!r}{suggest(value, party_ids)}; parties are {', '.join(party_ids)}")


def _check_phases(ck: Checker, phases: list[dict[str, Any]] | Any) -> None:
    if phases is MISSING or phases is None:
        return
    previous: tuple[int, dict[str, Any]] | None = None
    for i, phase in enumerate(phases):
        if phase is MISSING:
            continue
        if phase["end"] < phase["start"]:
            ck.error(
                ("phases", i, "end"),
                f"the period ends ({phase['end'].isoformat()}) before it starts ({phase['start'].isoformat()})",
            )
            continue
        if previous is not None:
            j, prev = previous
            name = prev["name"]["nl"]
            if phase["start"] < prev["start"]:
                ck.error(
                    ("phases", i, "start"),
                    f"phases are out of order: this phase starts before phases[{j}] ({name}); list them in time order",
                )
            elif phase["start"] <= prev["end"]:
                ck.error(
                    ("phases", i, "start"),
                    f"overlaps phases[{j}] ({name}), which runs until {prev['end'].isoformat()}; "
                    "phases follow one another",
                )
        previous = (i, phase)


def _check_parties_and_dates(ck: Checker, data: dict[str, Any]) -> None:
    """What the report's wording takes for granted: who is Flemish, and what came when.

    The council report names the Flemish municipality first and the partner second, and
    its timeline runs from the first phase to the report; a milestone outside it or out of
    order would print a wrong picture without any error.
    """
    countries = [p["country"] for p in data["parties"]]
    if countries[0] != "BE":
        ck.error(
            ("parties", 0, "country"),
            f"the first party must be the Flemish municipality (country BE), got {countries[0]}; "
            "list the Flemish municipality first and the partner second",
        )
    if countries[0] == countries[1]:
        ck.error(("parties", 1, "country"), f"both parties are in {countries[1]}; the partner is the foreign town")
    radar_parties = {entry["party"] for entry in data.get("radar") or []}
    if radar_parties and len(radar_parties) < len(data["parties"]):
        missing = [p["id"] for p in data["parties"] if p["id"] not in radar_parties]
        ck.error(("radar",), f"no radar scores for {', '.join(missing)}; the radar compares both partners")
    previous = None
    for i, event in enumerate(data.get("events") or []):
        when = event["date"]
        if when > data["date"]:
            ck.error(
                ("events", i, "date"), f"{when.isoformat()} is after the report's date ({data['date'].isoformat()})"
            )
        if previous is not None and when < previous:
            ck.error(("events", i, "date"), "milestones are out of order; list them in time order")
        previous = when
    meeting = data["council"]["meeting"]
    if meeting < data["date"]:
        ck.warn(
            ("council", "meeting"),
            f"the council meets on {meeting.isoformat()}, before the report's date ({data['date'].isoformat()})",
        )


def _check_radar(ck: Checker, raw: Any, party_ids: list[str]) -> None:
    if not isinstance(raw, list):
        return
    concepts = [c.id for c in participation_concepts()]
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            continue
        pid = entry.get("party")
        _check_party_ref(ck, pid, ("radar", i, "party"), party_ids)
        if isinstance(pid, str):
            if pid in seen:
                ck.error(("radar", i, "party"), f"party {pid!r} already has radar scores at radar[{seen[pid]}]")
            seen.setdefault(pid, i)
        scores = entry.get("scores")
        if not isinstance(scores, dict):
            continue
        for name, value in scores.items():
            path = ("radar", i, "scores", name)
            if name not in concepts:
                ck.error(
                    path,
                    f"unknown participation concept {name!r}{suggest(str(name), concepts)}; "
                    f"the concepts are {', '.join(concepts)}",
                )
            elif value is not INVALID:
                _Score().check(value, path, ck)
        missing = [c for c in concepts if c not in scores]
        if missing:
            ck.error(("radar", i, "scores"), f"no score for {', '.join(missing)}; score all eight concepts")


def _check_answers(ck: Checker, raw: Any, checklists: Checklists, party_ids: list[str]) -> dict[str, dict[str, Answer]]:
    out: dict[str, dict[str, Answer]] = {}
    if not isinstance(raw, dict):
        return out
    lesson_ids = [lesson.id for lesson in checklists.sorted()]
    for lesson_id, items in raw.items():
        path: KeyPath = ("answers", lesson_id)
        lesson = checklists.get(lesson_id)
        if lesson is None:
            by_number = next((x for x in checklists.sorted() if str(x.number) == str(lesson_id)), None)
            if by_number is not None:
                ck.error(path, f"write lesson {lesson_id} by its id: {by_number.id}")
                continue
            ck.error(
                path,
                f"unknown lesson {lesson_id!r}{suggest(str(lesson_id), lesson_ids)}; "
                "'agreement-builder checklists list' shows the lessons and their items",
            )
            continue
        if not isinstance(items, dict):
            if items is not INVALID:
                ck.error(path, f"expected a mapping of item ids to answers, got {type_name(items)}")
            continue
        item_ids = [item.id for item in lesson.items]
        answers: dict[str, Answer] = {}
        for item_id, answer in items.items():
            ipath = (*path, item_id)
            if lesson.item(item_id) is None:
                elsewhere = next((x for x in checklists.sorted() if x.item(item_id) is not None), None)
                if elsewhere is not None:
                    ck.error(
                        ipath,
                        f"{item_id!r} is an item of lesson {elsewhere.number} ({elsewhere.id}), "
                        f"not of {lesson_id!r}; move it under answers.{elsewhere.id}",
                    )
                    continue
                ck.error(
                    ipath,
                    f"lesson {lesson_id!r} has no item {item_id!r}{suggest(str(item_id), item_ids)}; "
                    f"its items: {', '.join(item_ids)}",
                )
                continue
            if answer is INVALID:
                continue
            if isinstance(answer, str):  # the short form: `limited-means: achieved`
                answer = {"status": answer}
            if not isinstance(answer, dict):
                ck.error(
                    ipath,
                    f"expected a status ({', '.join(STATUS_VALUES)}) or {{status: …, comment: …}}, "
                    f"got {type_name(answer)}",
                )
                continue
            checked = ANSWER.check(answer, ipath, ck)
            partners_raw = answer.get("partners") if isinstance(answer, dict) else None
            partners: dict[str, tuple[str, dict[str, str] | None]] = {}
            for pid, sub in partners_raw.items() if isinstance(partners_raw, dict) else ():
                ppath = (*ipath, "partners", pid)
                if pid not in party_ids:
                    _check_party_ref(ck, pid, ppath, party_ids)
                    continue
                sub = {"status": sub} if isinstance(sub, str) else sub
                got = PARTNER_ANSWER.check(sub, ppath, ck) if sub is not INVALID else MISSING
                if got is not MISSING:
                    partners[pid] = (got["status"], got["comment"])
            if checked is not MISSING:
                answers[item_id] = Answer(checked["status"], checked["comment"], partners)
        missing = [i for i in item_ids if i not in items]
        if missing:
            ck.error(
                path,
                f"no answer for {', '.join(missing)}; answer every item "
                "(status: not-applicable when it does not apply)",
            )
        out[lesson_id] = answers
    for lesson in checklists.sorted():
        if lesson.id not in raw:
            ck.error(
                ("answers",),
                f"lesson {lesson.number} ({lesson.id}) is not answered; add answers.{lesson.id} with its items",
            )
    return out


def validate_report(source: Source, checklists: Checklists) -> tuple[ReportSpec | None, list[Problem]]:
    """Check a loaded report spec against the schema, the lessons and itself; collect every problem."""
    ck = Checker(source)
    raw = source.data
    if not isinstance(raw, dict):
        ck.error((), f"a report spec must be a mapping of keys (kind, date, parties, …), got {type_name(raw)}")
        return None, ck.problems
    data = SPEC.check(raw, (), ck)
    if "kind" not in raw:
        ck.warn((), "read as a report spec because it has report keys and no clauses; add 'kind: report' to say so")
    party_ids = _ids(raw, "parties")
    for i, pid in enumerate(party_ids):
        if pid in party_ids[:i]:
            ck.error(("parties", i, "id"), f"party id {pid!r} is used twice")
    for key in ("projects", "budget"):
        for i, entry in enumerate(raw.get(key) or [] if isinstance(raw.get(key), list) else []):
            if isinstance(entry, dict):
                _check_party_ref(ck, entry.get("party"), (key, i, "party"), party_ids)
    if isinstance(raw.get("budget"), list):
        for i, line in enumerate(raw["budget"]):
            if not isinstance(line, dict):
                continue
            cur = [
                line.get(k, {}).get("currency") if isinstance(line.get(k), dict) else None for k in ("planned", "spent")
            ]
            if all(isinstance(c, str) and c.upper() in CURRENCIES for c in cur) and cur[0].upper() != cur[1].upper():
                ck.error(
                    ("budget", i, "spent", "currency"),
                    f"spent is given in {cur[1].upper()} but planned in {cur[0].upper()}; "
                    "give both in the same currency",
                )
    if isinstance(raw.get("sdgs"), list):
        for j, n in enumerate(raw["sdgs"]):
            if n in raw["sdgs"][:j]:
                ck.error(("sdgs", j), f"SDG {n} is listed twice")
    if data is not MISSING or isinstance(raw.get("phases"), list):
        phases = data["phases"] if data is not MISSING else _phases_alone(raw, source)
        _check_phases(ck, phases)
    _check_radar(ck, raw.get("radar"), party_ids)
    answers = _check_answers(ck, raw.get("answers"), checklists, party_ids)
    if data is not MISSING:
        _check_parties_and_dates(ck, data)

    if data is MISSING or any(p.severity == "error" for p in ck.problems):
        return None, ck.problems
    spec = replace(
        build_spec(source.path, data, checklists.sorted(), answers),
        warnings=[p for p in ck.problems if p.severity == "warning"],
    )
    return spec, ck.problems


def _phases_alone(raw: dict[str, Any], source: Source) -> list[Any]:
    """The phases checked on their own, so their order is reported even when other keys are wrong."""
    quiet = Checker(source)
    phases = raw.get("phases")
    return [PHASE.check(p, ("phases", i), quiet) if isinstance(p, dict) else MISSING for i, p in enumerate(phases)]


def checklist_folders(source: Source) -> tuple[list[Path], list[Problem]]:
    """The ``checklists:`` folders of a spec, relative to the spec's folder; a missing one is
    reported at its line in the spec."""
    raw = source.data.get("checklists") if isinstance(source.data, dict) else None
    if not isinstance(raw, list):
        return [], []
    base = Path(source.path).resolve().parent
    folders, problems = [], []
    for i, p in enumerate(raw):
        if not isinstance(p, str) or not p.strip():
            continue
        if (base / p).is_dir():
            folders.append(base / p)
        else:
            problems.append(
                source.problem(("checklists", i), f"checklist folder {p!r} not found (paths are relative to the spec)")
            )
    return folders, problems


def load_report(path: Path, checklists: list[Path] | None = None, source: Source | None = None) -> ReportSpec:
    """Load and validate a report spec; raise InputError with every problem (checklist files' too)."""
    if source is None:
        source = load_yaml(Path(path))
    own, missing = checklist_folders(source)
    lessons = load_checklists(list(checklists or []) + own)
    problems = list(lessons.problems) + list(source.problems) + missing
    spec, spec_problems = validate_report(source, lessons)
    problems.extend(spec_problems)
    if spec is None or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return replace(spec, warnings=[p for p in problems if p.severity == "warning"])

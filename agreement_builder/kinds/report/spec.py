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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, TypeAlias

from agreement_builder.core.errors import InputError, Problem
from agreement_builder.core.housestyle import StyleFolder
from agreement_builder.core.institutions import DEFAULT_KIND, INSTITUTIONS_FILE, Institutions, load_institutions
from agreement_builder.core.resources import clauses_dir
from agreement_builder.core.schema import (
    ID_PATTERN,
    MISSING,
    STATUSES,
    Bool,
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
from agreement_builder.core.schema import Country as _Country
from agreement_builder.core.values import Money, check_money, check_sdg, known_currencies
from agreement_builder.core.yamlsource import INVALID, KeyPath, Source, load_yaml
from agreement_builder.kinds.report.checklists import Checklists, Lesson, load_checklists, participation_concepts
from agreement_builder.kinds.report.layouts import REPORT_LAYOUTS
from agreement_builder.kinds.report.recognise import KIND

STATUS_VALUES = ("achieved", "partly", "not-yet", "not-applicable")
SCORE_MAX = 5
DESIGN_TOOLS = ("focus", "context", "ambitions", "stakeholders", "trajectory", "interventions")
_ID = Str(ID_PATTERN, "use lowercase words joined by dashes")


class Month(_dt.date):
    """A date given only to the month (``2022-05``): printed as 'mei 2022', not as a day."""


class _Month(Field):
    """A date (YYYY-MM-DD) or a month (YYYY-MM): a month starts on its first day, or ends on its last."""

    def __init__(self, end: bool):
        self.end = end

    def expected(self) -> str:
        return "a month (YYYY-MM) or a date (YYYY-MM-DD)"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
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
    """Money in any ISO 4217 currency in use, checked as clause values are (core/values.py)."""

    def expected(self) -> str:
        return "money as {amount: 5000, currency: EUR}"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        return check_money(value, path, ck)


class _Score(Field):
    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            ck.error(path, f"expected a score from 0 to {SCORE_MAX}, got {type_name(value)}")
            return MISSING
        if not 0 <= value <= SCORE_MAX:
            ck.error(path, f"score {value} is out of range: radar scores run from 0 to {SCORE_MAX}")
            return MISSING
        return value


class _Sdg(Field):
    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        return check_sdg(value, path, ck)


class _Any(Field):
    """Accepted as is here; checked by hand in the cross-reference pass."""

    def __init__(self, expect: type, what: str):
        self.expect, self.what = expect, what

    def expected(self) -> str:
        return self.what

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
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

FINANCIAL_CONSEQUENCES = Mapping(
    {
        "none": Key(Bool()),
        "amount": Key(_ReportMoney()),
        "budget_key": Key(Str()),
        "text": Key(LangText()),
    }
)

OFFICER = Mapping({"name": Key(Str(), required=True), "function": Key(LangText(allow_plain=True), required=True)})

INFORME = Mapping(
    {
        "number": Key(Str(), required=True),
        "from": Key(OFFICER),
        "to": Key(
            Mapping({"name": Key(Str()), "function": Key(LangText(allow_plain=True), required=True)}), required=True
        ),
        "legal_basis": Key(ListOf(LangText(), min_items=1)),
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
        "style": Key(
            StyleFolder(), doc="A house style folder (logo, colours, fonts, letterhead), relative to the spec."
        ),
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
        "arguments": Key(TEXTS, default=[]),
        "goals": Key(ListOf(LangText(), min_items=1), required=True),
        "phases": Key(ListOf(PHASE, min_items=1), required=True),
        "events": Key(ListOf(EVENT), default=[]),
        "risks": Key(ListOf(RISK), default=[]),
        "projects": Key(ListOf(PROJECT), default=[]),
        "sdgs": Key(ListOf(_Sdg()), default=[]),
        "radar": Key(ListOf(RADAR), default=[]),
        "answers": Key(_Any(dict, "a mapping of lesson ids to answered items"), required=True),
        "budget": Key(ListOf(BUDGET_LINE), default=[]),
        "financial_consequences": Key(FINANCIAL_CONSEQUENCES),
        "reflections": Key(_Any(dict, "a mapping of lesson ids to reflections {nl: …, es: …}"), default={}),
        "informe": Key(INFORME),
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
class FinancialConsequences:
    """What the decision itself costs: nothing (``none``), or an amount on a budget key of the
    meerjarenplan. The trajectory's past spending (``budget``) is only context for it."""

    none: bool
    amount: Money | None = None
    budget_key: str | None = None
    text: Bilingual | None = None


@dataclass(frozen=True)
class Officer:
    """Who sends or receives the informe final: a name (optional for an addressee such as the
    Concejo) and a function in both languages."""

    name: str | None
    function: Bilingual


@dataclass(frozen=True)
class Informe:
    """The partner's filing of the informe final: its number, sender and addressee, and the
    partner's own legal basis, which replaces the Flemish one in the Spanish form.

    ``legal_source`` says where ``legal_basis`` came from: "spec", or the institution data
    (clauses/institutions.yaml) when the spec gave none; empty when neither has any.
    """

    number: str
    sender: Officer
    to: Officer
    legal_basis: tuple[Bilingual, ...]
    legal_source: str = "spec"


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
    arguments: tuple[Bilingual, ...] = ()
    financial_consequences: FinancialConsequences | None = None
    reflections: dict[str, Bilingual] = field(default_factory=dict)  # by lesson id
    informe: Informe | None = None
    warnings: list[Problem] = field(default_factory=list)
    style: Path | None = None  # the house style folder the spec names, if any

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
    path: Path,
    data: dict[str, Any],
    lessons: list[Lesson],
    answers: dict[str, dict[str, Answer]],
    reflections: dict[str, Bilingual] | None = None,
) -> ReportSpec:
    """The typed spec from data that passed SPEC: every key is present (defaults filled in) and
    every value has its checked type, so no look-up here can fail."""
    council, prepared_by = data["council"], data["prepared_by"]
    reflections = reflections or {}
    return ReportSpec(
        path=path,
        kind=data["kind"],
        title=data["title"],
        date=data["date"],
        status=data["status"],
        layout=data["layout"],
        checklists=tuple(data["checklists"] or ()),
        style=data["style"],
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
        arguments=tuple(data["arguments"]),
        financial_consequences=_financial(data["financial_consequences"]),
        reflections=reflections,
        informe=_informe(data["informe"], data["parties"][1] if len(data["parties"]) > 1 else {}),
    )


def _financial(f: dict[str, Any] | None) -> FinancialConsequences | None:
    if f is None:
        return None
    return FinancialConsequences(bool(f["none"]), f["amount"], f["budget_key"], f["text"])


def _informe(i: dict[str, Any] | None, partner: dict[str, Any]) -> Informe | None:
    """The informe's filing; its sender defaults to the partner's representative (a sender
    missing from both is reported by _check_informe, and the spec is then not used)."""
    if i is None:
        return None
    blank = {"nl": "", "es": ""}
    sender = i["from"] or {"name": partner.get("representative"), "function": partner.get("function") or blank}
    to = i["to"]
    laws = tuple(i["legal_basis"] or ())
    return Informe(
        number=i["number"].strip(),
        sender=Officer(sender["name"], sender["function"]),
        to=Officer(to["name"], to["function"]),
        legal_basis=laws,
        legal_source="spec" if laws else "",
    )


def _ids(raw: Any, key: str) -> list[str]:
    """The text ids of the entries under ``key``, read from the raw data so that cross-references
    can be checked even when the schema pass rejected something else."""
    items = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(items, list):
        return []
    return [p["id"] for p in items if isinstance(p, dict) and isinstance(p.get("id"), str)]


def _check_party_ref(ck: Checker, value: Any, path: KeyPath, party_ids: list[str]) -> None:
    """A party named by id must be one of the spec's parties; without known parties there is
    nothing to compare with, and the missing parties are reported already."""
    if isinstance(value, str) and party_ids and value not in party_ids:
        ck.error(path, f"unknown party {value!r}{suggest(value, party_ids)}; parties are {', '.join(party_ids)}")


# --------------------------------------------------------------------- parties, budget, SDGs
def _check_party_ids_unique(ck: Checker, party_ids: list[str]) -> None:
    """Answers, projects and budget lines name parties by id, so an id may be used only once."""
    for i, pid in enumerate(party_ids):
        if pid in party_ids[:i]:
            ck.error(("parties", i, "id"), f"party id {pid!r} is used twice")


def _check_party_refs(ck: Checker, raw: dict[str, Any], party_ids: list[str]) -> None:
    """Projects and budget lines are printed under a party's name, so they must name a known party."""
    for key in ("projects", "budget"):
        entries = raw.get(key)
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, dict):
                _check_party_ref(ck, entry.get("party"), (key, i, "party"), party_ids)


def _currency(money: Any) -> str | None:
    """The currency of a raw money mapping, upper-cased, when it is one in use; else None
    (an unknown currency is reported by the schema pass, not again here)."""
    currency = money.get("currency") if isinstance(money, dict) else None
    if isinstance(currency, str) and currency.upper() in known_currencies():
        return currency.upper()
    return None


def _check_budget_currencies(ck: Checker, budget: Any) -> None:
    """Planned and spent of one line must be in one currency: the balance subtracts them, and
    amounts in different currencies cannot be subtracted."""
    if not isinstance(budget, list):
        return
    for i, line in enumerate(budget):
        if not isinstance(line, dict):
            continue
        planned, spent = _currency(line.get("planned")), _currency(line.get("spent"))
        if planned and spent and planned != spent:
            ck.error(
                ("budget", i, "spent", "currency"),
                f"spent is given in {spent} but planned in {planned}; give both in the same currency",
            )


def _check_sdgs_unique(ck: Checker, sdgs: Any) -> None:
    """Each SDG gets one badge; a repeated number is a copy-paste slip, not a second goal."""
    if not isinstance(sdgs, list):
        return
    for j, n in enumerate(sdgs):
        if n in sdgs[:j]:
            ck.error(("sdgs", j), f"SDG {n} is listed twice")


# --------------------------------------------------------------------- phases
def _check_phases(ck: Checker, phases: list[dict[str, Any]] | Any) -> None:
    """Phases follow one another without overlap: the timeline draws them as consecutive bars
    and the report's period runs from the first phase's start to the last one's end."""
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
            _check_phase_follows(ck, i, phase, *previous)
        previous = (i, phase)


def _check_phase_follows(ck: Checker, i: int, phase: dict[str, Any], j: int, prev: dict[str, Any]) -> None:
    """Phase ``i`` starts after phase ``j`` has ended; out of order and overlapping are told apart
    because they are fixed differently (reorder the list, or correct a date)."""
    name = prev["name"]["nl"]
    if phase["start"] < prev["start"]:
        ck.error(
            ("phases", i, "start"),
            f"phases are out of order: this phase starts before phases[{j}] ({name}); list them in time order",
        )
    elif phase["start"] <= prev["end"]:
        ck.error(
            ("phases", i, "start"),
            f"overlaps phases[{j}] ({name}), which runs until {prev['end'].isoformat()}; phases follow one another",
        )


def _check_phase_order(ck: Checker, raw: dict[str, Any], data: dict[str, Any] | Any, source: Source) -> None:
    """The phases' order is checked even when another key of the spec is wrong, so that a user
    fixing the spec sees every problem in one go."""
    if data is not MISSING:
        _check_phases(ck, data["phases"])
    elif isinstance(raw.get("phases"), list):
        _check_phases(ck, _phases_alone(raw, source))


def _phases_alone(raw: dict[str, Any], source: Source) -> list[Any]:
    """The phases checked on their own, so their order is reported even when other keys are wrong."""
    quiet = Checker(source)
    phases = raw.get("phases")
    assert isinstance(phases, list)
    return [PHASE.check(p, ("phases", i), quiet) if isinstance(p, dict) else MISSING for i, p in enumerate(phases)]


# --------------------------------------------------------------------- parties and dates (typed)
def _check_party_countries(ck: Checker, parties: Sequence[ReportParty]) -> None:
    """The council report names the Flemish municipality first and the foreign partner second."""
    if len(parties) < 2:  # the schema pass has reported the missing party
        return
    first, second = parties[0].country, parties[1].country
    if first != "BE":
        ck.error(
            ("parties", 0, "country"),
            f"the first party must be the Flemish municipality (country BE), got {first}; "
            "list the Flemish municipality first and the partner second",
        )
    if first == second:
        ck.error(("parties", 1, "country"), f"both parties are in {second}; the partner is the foreign town")


def _check_radar_covers_parties(ck: Checker, radar: Sequence[RadarEntry], parties: Sequence[ReportParty]) -> None:
    """The radar compares the partners: once it is given, it needs a line for every party."""
    radar_parties = {entry.party for entry in radar}
    if radar_parties and len(radar_parties) < len(parties):
        missing = [p.id for p in parties if p.id not in radar_parties]
        ck.error(("radar",), f"no radar scores for {', '.join(missing)}; the radar compares both partners")


def _check_event_dates(ck: Checker, events: Sequence[Event], report_date: _dt.date) -> None:
    """Milestones are numbered in list order on the timeline, and a report cannot tell of a
    milestone after its own date."""
    previous: _dt.date | None = None
    for i, event in enumerate(events):
        when = event.date
        if when > report_date:
            ck.error(
                ("events", i, "date"), f"{when.isoformat()} is after the report's date ({report_date.isoformat()})"
            )
        if previous is not None and when < previous:
            ck.error(("events", i, "date"), "milestones are out of order; list them in time order")
        previous = when


def _written(value: _dt.date) -> str:
    """A date as the spec gives it: '2018-05' for a month, '2018-05-14' for a day."""
    return f"{value.year}-{value.month:02d}" if isinstance(value, Month) else value.isoformat()


def _check_events_in_phases(ck: Checker, events: Sequence[Event], phases: Sequence[Phase]) -> None:
    """A milestone before the first phase or after the last one is drawn beyond the phases, at the
    timeline's edge; often its date is a slip, or a phase is missing. Only a warning: a first
    contact before the trajectory can be a milestone worth telling."""
    if not phases:
        return
    first, last = phases[0], phases[-1]
    for i, event in enumerate(events):
        if event.date < first.start:
            where = f"before the first phase ({first.name['nl']}, from {_written(first.start)})"
        elif event.date > last.end:
            where = f"after the last phase ({last.name['nl']}, until {_written(last.end)})"
        else:
            continue
        ck.warn(
            ("events", i, "date"),
            f"milestone {_written(event.date)} lies {where}; the timeline is widened to show it at its edge. "
            "Check the date, or add the phase it belongs to",
        )


def _check_council_meeting(ck: Checker, council: Council, report_date: _dt.date) -> None:
    """A council that meets before the report is dated probably has the wrong date; only a
    warning, as a report may be dated on the day it is sent round."""
    if council.meeting < report_date:
        ck.warn(
            ("council", "meeting"),
            f"the council meets on {council.meeting.isoformat()}, before the report's date ({report_date.isoformat()})",
        )


def _check_parties_and_dates(ck: Checker, spec: ReportSpec) -> None:
    """What the report's wording takes for granted: who is Flemish, and what came when.

    The council report names the Flemish municipality first and the partner second, and
    its timeline runs from the first phase to the report; a milestone outside it or out of
    order would print a wrong picture without any error.
    """
    _check_party_countries(ck, spec.parties)
    _check_radar_covers_parties(ck, spec.radar, spec.parties)
    _check_event_dates(ck, spec.events, spec.date)
    _check_events_in_phases(ck, spec.events, spec.phases)
    _check_council_meeting(ck, spec.council, spec.date)


# --------------------------------------------------------------------- radar
def _check_radar(ck: Checker, raw: Any, party_ids: list[str]) -> None:
    """Each radar line belongs to a known party, once, and scores every participation concept:
    a line with a gap would be drawn as a score of zero."""
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
        if isinstance(scores, dict):
            _check_radar_scores(ck, ("radar", i, "scores"), scores, concepts)


def _check_radar_scores(ck: Checker, path: KeyPath, scores: dict[Any, Any], concepts: list[str]) -> None:
    """Scores are checked by hand rather than by a Mapping so that a misspelt concept gets a
    suggestion from the concept list and a missing one is named."""
    for name, value in scores.items():
        if name not in concepts:
            ck.error(
                (*path, name),
                f"unknown participation concept {name!r}{suggest(str(name), concepts)}; "
                f"the concepts are {', '.join(concepts)}",
            )
        elif value is not INVALID:
            _Score().check(value, (*path, name), ck)
    missing = [c for c in concepts if c not in scores]
    if missing:
        ck.error(path, f"no score for {', '.join(missing)}; score all eight concepts")


# --------------------------------------------------------------------- checklist answers
def _check_answers(ck: Checker, raw: Any, checklists: Checklists, party_ids: list[str]) -> dict[str, dict[str, Answer]]:
    """Every lesson in force answered, item by item: the report prints a table per lesson, and
    an unknown lesson or item would silently drop out of it. Returns the answers that passed,
    per lesson id and item id."""
    out: dict[str, dict[str, Answer]] = {}
    if not isinstance(raw, dict):
        return out
    for lesson_id, items in raw.items():
        path: KeyPath = ("answers", lesson_id)
        lesson = _answered_lesson(ck, path, lesson_id, checklists)
        if lesson is None:
            continue
        if not isinstance(items, dict):
            if items is not INVALID:
                ck.error(path, f"expected a mapping of item ids to answers, got {type_name(items)}")
            continue
        out[lesson_id] = _check_lesson_answers(ck, path, lesson, items, checklists, party_ids)
    _check_every_lesson_answered(ck, raw, checklists)
    return out


def _answered_lesson(ck: Checker, path: KeyPath, lesson_id: Any, checklists: Checklists) -> Lesson | None:
    """The lesson an ``answers`` key names. Lessons are known by id; a number is what people
    remember from the printed report, so it gets the id to write instead of a bare 'unknown'."""
    lesson = checklists.get(lesson_id)
    if lesson is not None:
        return lesson
    by_number = next((x for x in checklists.sorted() if str(x.number) == str(lesson_id)), None)
    if by_number is not None:
        ck.error(path, f"write lesson {lesson_id} by its id: {by_number.id}")
        return None
    lesson_ids = [x.id for x in checklists.sorted()]
    ck.error(
        path,
        f"unknown lesson {lesson_id!r}{suggest(str(lesson_id), lesson_ids)}; "
        "'agreement-builder checklists list' shows the lessons and their items",
    )
    return None


def _check_lesson_answers(
    ck: Checker, path: KeyPath, lesson: Lesson, items: dict[Any, Any], checklists: Checklists, party_ids: list[str]
) -> dict[str, Answer]:
    """One lesson's answers: each under a known item of this lesson, and no item left out."""
    answers: dict[str, Answer] = {}
    for item_id, raw_answer in items.items():
        ipath = (*path, item_id)
        if not _known_item(ck, ipath, lesson, item_id, checklists):
            continue
        answer = _check_answer(ck, ipath, raw_answer, party_ids)
        if answer is not None:
            answers[item_id] = answer
    _check_every_item_answered(ck, path, lesson, items)
    return answers


def _known_item(ck: Checker, path: KeyPath, lesson: Lesson, item_id: Any, checklists: Checklists) -> bool:
    """Whether ``item_id`` is an item of ``lesson``. An item of another lesson is a common slip
    when answers are copied between lessons, so the message says where it belongs."""
    if lesson.item(item_id) is not None:
        return True
    elsewhere = next((x for x in checklists.sorted() if x.item(item_id) is not None), None)
    if elsewhere is not None:
        ck.error(
            path,
            f"{item_id!r} is an item of lesson {elsewhere.number} ({elsewhere.id}), "
            f"not of {lesson.id!r}; move it under answers.{elsewhere.id}",
        )
        return False
    item_ids = [item.id for item in lesson.items]
    ck.error(
        path,
        f"lesson {lesson.id!r} has no item {item_id!r}{suggest(str(item_id), item_ids)}; "
        f"its items: {', '.join(item_ids)}",
    )
    return False


def _check_answer(ck: Checker, path: KeyPath, raw: Any, party_ids: list[str]) -> Answer | None:
    """One item's answer, in the short form (``limited-means: achieved``) or the long one
    (``{status, comment, partners}``); None when it does not pass."""
    if raw is INVALID:
        return None
    if isinstance(raw, str):  # the short form: `limited-means: achieved`
        raw = {"status": raw}
    if not isinstance(raw, dict):
        ck.error(
            path,
            f"expected a status ({', '.join(STATUS_VALUES)}) or {{status: …, comment: …}}, got {type_name(raw)}",
        )
        return None
    checked = ANSWER.check(raw, path, ck)
    partners = _check_partner_answers(ck, path, raw.get("partners"), party_ids)
    if checked is MISSING:
        return None
    return Answer(checked["status"], checked["comment"], partners)


def _check_partner_answers(
    ck: Checker, path: KeyPath, raw: Any, party_ids: list[str]
) -> dict[str, tuple[str, Bilingual | None]]:
    """Each partner's own view of an item, by party id: printed under the joint answer, so it
    must name a known party and have a valid status. A non-mapping is reported by ANSWER."""
    partners: dict[str, tuple[str, Bilingual | None]] = {}
    if not isinstance(raw, dict):
        return partners
    for pid, sub in raw.items():
        ppath = (*path, "partners", pid)
        if pid not in party_ids:
            _check_party_ref(ck, pid, ppath, party_ids)
            continue
        if sub is INVALID:  # refused while loading; already reported
            continue
        got = PARTNER_ANSWER.check({"status": sub} if isinstance(sub, str) else sub, ppath, ck)
        if got is not MISSING:
            partners[pid] = (got["status"], got["comment"])
    return partners


def _check_every_item_answered(ck: Checker, path: KeyPath, lesson: Lesson, items: dict[Any, Any]) -> None:
    """An item left out would look achieved by omission; not-applicable says so explicitly."""
    missing = [item.id for item in lesson.items if item.id not in items]
    if missing:
        ck.error(
            path,
            f"no answer for {', '.join(missing)}; answer every item (status: not-applicable when it does not apply)",
        )


def _check_every_lesson_answered(ck: Checker, raw: dict[Any, Any], checklists: Checklists) -> None:
    """The evaluation covers every lesson in force, the layered ones included."""
    for lesson in checklists.sorted():
        if lesson.id not in raw:
            ck.error(
                ("answers",),
                f"lesson {lesson.number} ({lesson.id}) is not answered; add answers.{lesson.id} with its items",
            )


# --------------------------------------------------------------------- the council's forms
def _check_reflections(ck: Checker, raw: Any, checklists: Checklists) -> dict[str, Bilingual]:
    """A reflection is printed beside its lesson's counts: it must name a lesson in force (a
    misspelt id would silently drop it), and be written in both languages."""
    out: dict[str, Bilingual] = {}
    if not isinstance(raw, dict):
        return out
    for lesson_id, text in raw.items():
        path: KeyPath = ("reflections", lesson_id)
        if _answered_lesson(ck, path, lesson_id, checklists) is None or text is INVALID:
            continue
        checked = LangText().check(text, path, ck)
        if checked is not MISSING:
            out[lesson_id] = checked
    return out


def _check_financial_consequences(ck: Checker, raw: Any) -> None:
    """The decision costs nothing (``none: true``) or an amount on a budget key, never both:
    the Financiële gevolgen would state two contradicting things."""
    if not isinstance(raw, dict):
        return
    path: KeyPath = ("financial_consequences",)
    none, amount, key = raw.get("none") is True, raw.get("amount"), raw.get("budget_key")
    if none and amount is not None:
        ck.error(
            (*path, "amount"),
            "give either 'none: true' (the decision costs nothing) or an amount with its budget_key, not both",
        )
    elif none and key is not None:
        ck.error((*path, "budget_key"), "'none: true' says the decision costs nothing; leave out the budget_key")
    elif not none and amount is None:
        ck.error(
            path,
            "give 'none: true' when the decision costs nothing, or the amount and the budget_key "
            "of the meerjarenplan it is charged to",
        )
    elif amount is not None and key is None:
        ck.error(
            path,
            "an amount needs its budget_key: the meerjarenplan's budget key or action (e.g. 'GBB-CBS 0160-00/6490000')",
        )


def _check_informe(ck: Checker, raw: dict[str, Any]) -> None:
    """The informe final is signed by the partner's officer: ``informe.from``, or else the
    partner's representative and function under ``parties``."""
    informe = raw.get("informe")
    if not isinstance(informe, dict) or "from" in informe:
        return
    parties = raw.get("parties")
    partner = parties[1] if isinstance(parties, list) and len(parties) > 1 else None
    if isinstance(partner, dict) and partner.get("representative") and partner.get("function"):
        return
    ck.error(
        ("informe",),
        "no sender for the informe final: give informe.from {name, function}, "
        "or the partner's representative and function under parties",
    )


def _notes_on_the_council_form(ck: Checker, spec: ReportSpec) -> None:
    """What a council report usually has and this one lacks: notes, not warnings, as the
    report builds without them."""
    if not spec.arguments:
        ck.problems.append(
            ck.source.problem(
                ("context",),
                "no arguments: a council report usually argues its proposal (Argumentatie); "
                "add arguments: [{nl: …, es: …}]",
                "note",
            )
        )
    if spec.financial_consequences is None:
        ck.problems.append(
            ck.source.problem(
                ("decision",),
                "the decision's own financial consequences are not given; add financial_consequences: "
                "{none: true} or {amount: …, budget_key: …} (Financiële gevolgen)",
                "note",
            )
        )


def _partner_laws(ck: Checker, spec: ReportSpec) -> ReportSpec:
    """An informe without its own legal basis cites the laws the institution data gives for a
    municipality in the partner's country, and says so in a note; without any, the Spanish
    form keeps the Flemish legal basis."""
    informe = spec.informe
    if informe is None or informe.legal_basis:
        return spec
    country = spec.parties[1].country
    entry = _institutions().find(country, DEFAULT_KIND)
    if entry is None or entry.generic or not entry.laws:
        ck.problems.append(
            ck.source.problem(
                ("informe",),
                f"no informe.legal_basis, and the institution data has no laws for {country}: "
                "the informe final cites the Flemish legal basis; add informe.legal_basis",
                "note",
            )
        )
        return spec
    laws = tuple(entry.laws)
    ck.problems.append(
        ck.source.problem(
            ("informe",),
            f"no informe.legal_basis: the informe final cites the laws the institution data gives for a "
            f"municipality in {country} ({'; '.join(law['es'] for law in laws)}); "
            "add informe.legal_basis to cite the partner's own",
            "note",
        )
    )
    return replace(spec, informe=replace(informe, legal_basis=laws, legal_source=entry.source))


@cache
def _institutions() -> Institutions:
    """The bundled institution data (reports have no clause libraries to layer on it)."""
    entries, _ = load_institutions(clauses_dir() / INSTITUTIONS_FILE)
    found = Institutions()
    for entry in entries:
        found.add(entry)
    return found


# --------------------------------------------------------------------- the whole spec
def validate_report(source: Source, checklists: Checklists) -> tuple[ReportSpec | None, list[Problem]]:
    """Check a loaded report spec against the schema, the lessons and itself; collect every problem.

    The cross-reference checks read the raw data, so they run even when the schema pass
    rejected some other key; the checks that need the whole spec run on the typed spec.
    """
    ck = Checker(source)
    raw = source.data
    if not isinstance(raw, dict):
        ck.error((), f"a report spec must be a mapping of keys (kind, date, parties, …), got {type_name(raw)}")
        return None, ck.problems
    data = SPEC.check(raw, (), ck)
    if "kind" not in raw:
        ck.warn((), "read as a report spec because it has report keys and no clauses; add 'kind: report' to say so")
    party_ids = _ids(raw, "parties")
    _check_party_ids_unique(ck, party_ids)
    _check_party_refs(ck, raw, party_ids)
    _check_budget_currencies(ck, raw.get("budget"))
    _check_sdgs_unique(ck, raw.get("sdgs"))
    _check_phase_order(ck, raw, data, source)
    _check_radar(ck, raw.get("radar"), party_ids)
    answers = _check_answers(ck, raw.get("answers"), checklists, party_ids)
    reflections = _check_reflections(ck, raw.get("reflections"), checklists)
    _check_financial_consequences(ck, raw.get("financial_consequences"))
    _check_informe(ck, raw)
    if data is MISSING:
        return None, ck.problems
    spec = build_spec(source.path, data, checklists.sorted(), answers, reflections)
    _check_parties_and_dates(ck, spec)
    if any(p.severity == "error" for p in ck.problems):
        return None, ck.problems
    _notes_on_the_council_form(ck, spec)
    spec = _partner_laws(ck, spec)
    return replace(spec, warnings=[p for p in ck.problems if p.severity != "error"]), ck.problems


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
        # Notes on what a report usually has would only distract from what must be fixed.
        raise InputError([p for p in problems if p.severity != "note"])
    return replace(spec, warnings=[p for p in problems if p.severity != "error"])

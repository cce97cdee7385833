"""The decision spec: which agreement the council approves, and the decision's own facts.

A decision restates nothing the agreement says. It names the agreement spec (``agreement:``)
and adds what only the decision knows: the council meeting and agenda item, the budget key in
the meerjarenplan, the officer, and optional sentences of its own. Validation collects every
problem at once, the agreement's own (at their lines in the agreement's files) with the
decision's.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import InputError, Problem
from agreement_builder.core.housestyle import StyleFolder
from agreement_builder.core.schema import (
    MISSING,
    STATUSES,
    Checker,
    Date,
    Enum,
    Int,
    Key,
    LangText,
    ListOf,
    Mapping,
    Str,
    type_name,
)
from agreement_builder.core.yamlsource import Source, load_yaml
from agreement_builder.kinds.decision.layouts import DECISION_LAYOUTS
from agreement_builder.kinds.facts import AgreementFacts, Bilingual
from agreement_builder.kinds.facts import load as load_facts

KIND = "decision"
TEXTS = ListOf(LangText())

SPEC = Mapping(
    {
        "kind": Key(Enum(KIND), required=True),
        "agreement": Key(Str(), required=True, doc="The agreement spec the council approves, relative to this file."),
        "date": Key(Date(), required=True, doc="The date of the (draft) decision."),
        "status": Key(Enum(*STATUSES), default="draft"),
        "layout": Key(Enum(*DECISION_LAYOUTS), default="sequential"),
        "style": Key(StyleFolder(), doc="A house style folder, relative to the spec."),
        "council": Key(
            Mapping(
                {
                    "meeting": Key(Date(), required=True, doc="The day the gemeenteraad meets."),
                    "agenda_item": Key(Str(allow_numbers=True), doc="The item's number on the agenda."),
                    "chair": Key(Str(), doc="The voorzitter van de gemeenteraad, who signs."),
                    "vote": Key(
                        Mapping(
                            {
                                "for": Key(Int(0, 999), required=True),
                                "against": Key(Int(0, 999), required=True),
                                "abstain": Key(Int(0, 999), required=True),
                            }
                        ),
                        doc="How the council voted, once it has: the decision records it.",
                    ),
                }
            ),
            required=True,
        ),
        "officer": Key(
            Mapping({"name": Key(Str(), required=True), "function": Key(LangText(allow_plain=True), required=True)}),
            doc="The dossierbehandelaar, who prepared the decision.",
        ),
        "budget_key": Key(Str(allow_numbers=True), doc="The budget key (budgetsleutel) in the meerjarenplan."),
        "partner": Key(
            Mapping({"number": Key(Str(allow_numbers=True), doc="The number of the partner's act, once known.")}),
        ),
        "legal_basis": Key(TEXTS, default=[], doc="Further legal grounds, after the Decreet over het lokaal bestuur."),
        "context": Key(TEXTS, default=[], doc="Paragraphs on the occasion and context, after the agreement's."),
        "arguments": Key(TEXTS, default=[], doc="Arguments of the decision's own, after those the agreement gives."),
        "financial": Key(TEXTS, default=[], doc="Sentences on the financial consequences, after the budget's."),
        "articles": Key(
            TEXTS, default=[], doc="Articles of the decision's own, before the one charging its execution."
        ),
        "annexes": Key(TEXTS, default=[], doc="Annexes after the agreement itself."),
    }
)


@dataclass(frozen=True)
class Council:
    """The gemeenteraad's meeting that decides."""

    meeting: _dt.date
    agenda_item: str | None = None
    chair: str | None = None
    vote: tuple[int, int, int] | None = None  # for, against, abstentions


@dataclass(frozen=True)
class Officer:
    """The officer who prepared the decision."""

    name: str
    function: Bilingual


@dataclass(frozen=True)
class DecisionSpec:
    """A validated decision spec with the facts of the agreement it approves."""

    path: Path
    agreement: AgreementFacts
    date: _dt.date
    status: str
    layout: str
    council: Council
    officer: Officer | None
    budget_key: str | None
    partner_number: str | None
    legal_basis: tuple[Bilingual, ...]
    context: tuple[Bilingual, ...]
    arguments: tuple[Bilingual, ...]
    financial: tuple[Bilingual, ...]
    articles: tuple[Bilingual, ...]
    annexes: tuple[Bilingual, ...]
    style: Path | None = None
    warnings: list[Problem] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        """The spec's folder: the agreement path is relative to it, and the PDF may load files from it."""
        return self.path.resolve().parent


def load_decision(path: Path, libraries: tuple[Path, ...] = ()) -> DecisionSpec:
    """Load and validate a decision spec and the agreement it names; raise InputError with every problem."""
    source = load_yaml(Path(path))
    ck = Checker(source)
    raw = source.data
    if not isinstance(raw, dict):
        ck.error((), f"a decision spec must be a mapping of keys (kind, agreement, date, …), got {type_name(raw)}")
        raise InputError(source.problems + ck.problems)
    data = SPEC.check(raw, (), ck)
    agreement = _agreement(source, raw.get("agreement"), libraries, ck)
    if agreement is not None:
        _check_final(ck, raw, agreement)
    problems = [*source.problems, *ck.problems]
    if data is MISSING or agreement is None or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    spec = _build(source.path, data, agreement)
    checks = Checker(source)
    _check_dates(checks, spec)
    _check_parties(checks, spec)
    problems.extend(checks.problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    spec.warnings.extend(p for p in problems if p.severity != "error")
    return spec


def _agreement(source: Source, value: Any, libraries: tuple[Path, ...], ck: Checker) -> AgreementFacts | None:
    """The facts of the agreement spec named at ``agreement:``; its problems join the decision's."""
    if not isinstance(value, str) or not value.strip():
        return None  # the schema pass reported it
    path = Path(source.path).resolve().parent / value
    if path.is_dir():
        ck.error(("agreement",), f"{value!r} is a folder; name the agreement spec's YAML file in it")
        return None
    if not path.is_file():
        ck.error(("agreement",), f"agreement spec {value!r} not found (the path is relative to this file)")
        return None
    if _kind_of(path) not in (None, "agreement"):
        ck.error(("agreement",), f"{value!r} is a {_kind_of(path)} spec; 'agreement:' names the agreement spec")
        return None
    try:
        facts = load_facts("agreement", path, libraries)
    except InputError as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        ck.error(("agreement",), f"the agreement {value!r} has {len(errors)} error(s), listed with their lines")
        ck.problems.extend(exc.problems)
        return None
    if len(facts.parties) != 2:
        ck.error(
            ("agreement",), f"a decision approves an agreement between two parties; {value!r} has {len(facts.parties)}"
        )
        return None
    return facts


def _kind_of(path: Path) -> str | None:
    """The ``kind:`` a YAML file declares, if it reads as a mapping that declares one."""
    try:
        data = load_yaml(path).data
    except InputError:
        return None  # the agreement's loader reports it
    kind = data.get("kind") if isinstance(data, dict) else None
    return kind if isinstance(kind, str) else None


def _build(path: Path, data: dict[str, Any], agreement: AgreementFacts) -> DecisionSpec:
    council, officer, partner = data["council"], data["officer"], data["partner"] or {}
    return DecisionSpec(
        path=Path(path),
        agreement=agreement,
        date=data["date"],
        status=data["status"],
        layout=data["layout"],
        council=Council(council["meeting"], council["agenda_item"], council["chair"], _vote(council["vote"])),
        officer=Officer(officer["name"], officer["function"]) if officer else None,
        budget_key=data["budget_key"],
        partner_number=partner.get("number"),
        legal_basis=tuple(data["legal_basis"]),
        context=tuple(data["context"]),
        arguments=tuple(data["arguments"]),
        financial=tuple(data["financial"]),
        articles=tuple(data["articles"]),
        annexes=tuple(data["annexes"]),
        style=data["style"],
    )


def _vote(vote: dict[str, int] | None) -> tuple[int, int, int] | None:
    return (vote["for"], vote["against"], vote["abstain"]) if vote else None


def _check_dates(ck: Checker, spec: DecisionSpec) -> None:
    """The council decides on a version that exists, at a meeting on or after the decision's draft,
    and on the day and by the act the agreement itself cites (its parties' ``approval:``)."""
    meeting, agreement = spec.council.meeting, spec.agreement
    name = agreement.path.name
    if meeting < agreement.date:
        report = ck.error if spec.status == "final" else ck.warn
        report(
            ("council", "meeting"),
            f"the council meets on {meeting.isoformat()}, before the agreement's version of "
            f"{agreement.date.isoformat()}; approve a version that exists on the day, or correct a date",
        )
    first, partner = agreement.parties
    if first.approval_date and first.approval_date != meeting:
        ck.error(
            ("council", "meeting"),
            f"the council meets on {meeting.isoformat()}, but the agreement ({name}) says it approves on "
            f"{first.approval_date.isoformat()} (parties[0].approval.date); make the two dates agree",
        )
    if spec.partner_number and partner.approval_number and spec.partner_number != partner.approval_number:
        ck.error(
            ("partner", "number"),
            f"the partner's act is number {spec.partner_number} here but {partner.approval_number} in the "
            f"agreement ({name}, parties[1].approval.number); give it in one place (the agreement's is used "
            "when this one is left out)",
        )
    if meeting < spec.date:
        ck.warn(
            ("council", "meeting"),
            f"the council meets on {meeting.isoformat()}, before the decision's date {spec.date.isoformat()}",
        )


def _check_parties(ck: Checker, spec: DecisionSpec) -> None:
    """The Dutch form is a Flemish gemeenteraadsbesluit: the agreement's first party must be Belgian."""
    first = spec.agreement.parties[0]
    if first.country != "BE":
        ck.warn(
            ("agreement",),
            f"the agreement's first party ({first.short_name['nl']}) is in {first.country}, not Belgium: "
            "the Dutch form is a Flemish gemeenteraadsbesluit; check its legal ground",
        )
    partner = spec.agreement.parties[1]
    if partner.institution is None or not partner.institution.known:
        ck.warn(
            ("agreement",),
            f"no institution entry for a {partner.kind} in {partner.country}: the partner's draft act "
            "takes the generic form; add an entry to the library's institutions.yaml (README, 'Parties in law')",
        )


def _misspelt(mapping: dict[str, Any], key: str) -> bool:
    """Whether ``mapping`` holds a misspelling of ``key`` ('agenda_itme'): the schema pass reports it
    with a suggestion, and a second message asking for the key would only confuse."""
    import difflib

    others = [k for k in mapping if isinstance(k, str) and k != key]
    return bool(difflib.get_close_matches(key, others, n=1, cutoff=0.75))


def _check_final(ck: Checker, raw: dict[str, Any], agreement: AgreementFacts) -> None:
    """A final decision leaves nothing to fill in: the budget key of a budget it commits, the agenda item.

    Read from the raw data, so that these come with every other problem of the spec.
    """
    if raw.get("status") != "final":
        return
    first = agreement.parties[0]
    if first.id in agreement.budgets and not raw.get("budget_key") and not _misspelt(raw, "budget_key"):
        ck.error(
            ("budget_key",) if "budget_key" in raw else ("status",),
            "a final decision that commits an operating budget names its budget key: add budget_key "
            "(the budgetsleutel in the meerjarenplan)",
        )
    council = raw.get("council")
    if not isinstance(council, dict):
        return
    if not council.get("agenda_item") and not _misspelt(council, "agenda_item"):
        ck.error(("council",), "a final decision names its agenda item: add council.agenda_item")
    if not council.get("vote") and not _misspelt(council, "vote"):
        ck.warn(("council",), "a final decision records the vote: add council.vote {for, against, abstain}")
    if not council.get("chair") and not _misspelt(council, "chair"):
        ck.warn(("council",), "a final decision names the voorzitter who signs it: add council.chair")
    if agreement.status != "final":
        ck.warn(("agreement",), "a final decision approves a draft agreement; the council approves the final text")

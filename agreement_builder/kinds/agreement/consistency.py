"""Checking a spec against its clauses' consistency rules (declared in rules.py's format).

Each rule of an included clause is evaluated with the values of this agreement: the
variables of every included clause (the rule's own clause first), the agreement's date and
the parties' signing dates. A rule that reads a value this spec does not have (a clause
left out, an optional value not given) does not apply. A broken rule is an error that
names every value it read with the place it came from (the spec, or the default in the
clause file), so the user sees at once which lines contradict each other.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import TemplateError

from agreement_builder.core.errors import Location, Problem
from agreement_builder.core.schema import Checker
from agreement_builder.core.values import Money
from agreement_builder.core.yamlsource import KeyPath, format_path
from agreement_builder.kinds.agreement import clausetext
from agreement_builder.kinds.agreement.rules import HELPERS, Rule
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse


@dataclass(frozen=True)
class RuleParty:
    """A party as rules see it: raw values, no texts."""

    id: str
    country_code: str
    signing_date: _dt.date | None


@dataclass(frozen=True)
class RuleAgreement:
    """The agreement as rules see it: its date, as a date."""

    date: _dt.date


@dataclass(frozen=True)
class Fact:
    """One value a rule read: the value, where it was set, and its key path in the spec (if there)."""

    name: str
    value: Any
    location: Location
    spec_path: KeyPath | None  # None when the value is a clause's default


_PARTY_CHAIN = re.compile(r"(?:parties\[(\d+)\]|(partner))\.(\w+)")


def check_rules(spec: AgreementSpec, ck: Checker) -> None:
    """Evaluate every rule of every included clause; report each broken one (all of them)."""
    variables = _variable_facts(spec)
    base = _spec_context(spec)
    for use in spec.clauses:
        if not use.clause.rules:
            continue
        facts = {**variables, **_use_facts(spec, use)}  # the rule's own clause first, where two clauses share a name
        context = {**base, **{name: fact.value for name, fact in facts.items()}}
        for rule in use.clause.rules:
            check_rule(rule, use, facts, context, spec, ck)


def check_rule(
    rule: Rule, use: ClauseUse, facts: dict[str, Fact], context: dict[str, Any], spec: AgreementSpec, ck: Checker
) -> None:
    """One rule: skipped when a value it reads is missing, else evaluated; a failure is reported."""
    read = _read_facts(rule, facts, spec)
    if read is None:
        return
    try:
        if rule.when is not None and not clausetext.evaluate_condition(rule.when, context):
            return
        holds = clausetext.evaluate_condition(rule.require, context)
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        ck.problems.append(
            Problem(
                _rule_location(use, rule),
                f"rule {rule.require!r} of clause {use.clause.id!r} cannot be evaluated: {exc}; "
                "correct the rule in the clause file",
                format_path(rule.path),
            )
        )
        return
    if not holds:
        ck.problems.append(_broken(rule, use, read))


def _broken(rule: Rule, use: ClauseUse, read: list[Fact]) -> Problem:
    """The error for a broken rule, at the spec value the user most likely has to change.

    That is a value of the rule's own clause given in the spec, else any value given in the
    spec, else the clause's entry; every value read is listed with its own place.
    """
    in_spec = [f for f in read if f.spec_path is not None]
    own = [f for f in in_spec if f.spec_path and f.spec_path[: len(use.path)] == use.path]
    at = next(iter(own or in_spec), None)
    location, path = (at.location, at.spec_path or ()) if at else (use.location, use.path)
    listed = "; ".join(
        f"{f.name} = {_show(f.value)}{'' if f.spec_path is not None else ' (default)'} at {f.location}" for f in read
    )
    where = f"rule of clause {use.clause.id!r} at {_rule_location(use, rule)}"
    return Problem(location, f"{rule.message} ({listed}; {where})", format_path(path))


def _rule_location(use: ClauseUse, rule: Rule) -> Location:
    source = use.clause.source
    return source.loc((*rule.path, "require")) if source else use.clause.location


def _show(value: Any) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Money):
        return f"{value.amount} {value.currency}"
    if isinstance(value, dict):  # a text value, {nl: …, es: …}
        return repr(value.get("nl", ""))
    return str(value)


def _read_facts(rule: Rule, facts: dict[str, Fact], spec: AgreementSpec) -> list[Fact] | None:
    """The values a rule reads, in the order it names them; None if one of them is absent here.

    Clause variables must belong to an included clause and have a value; of the spec data,
    a party's signing date is optional. The agreement's date is always there.
    """
    text = rule.require + (" " + rule.when if rule.when else "")
    read: list[Fact] = []
    for chain in sorted(clausetext.expressions("{{ " + text + " }}"), key=lambda c: (_position(text, c), c)):
        head = re.split(r"[.\[]", chain, maxsplit=1)[0]
        if head in HELPERS:
            continue
        if head in _SPEC_NAMES:
            fact = _spec_fact(chain, spec)
            if fact is None:
                continue  # spec data read in a way that names no single value, e.g. parties[i]
        else:
            fact = facts.get(head)
            if fact is None:
                return None  # a variable of a clause this agreement does not include
        if fact.value is None:
            return None
        if fact not in read:
            read.append(fact)
    return read


_SPEC_NAMES = ("parties", "partner", "agreement")


def _position(text: str, chain: str) -> int:
    """Where a rule first names ``chain`` (as written, else its first name), to list values in reading order."""
    if (at := text.find(chain)) >= 0:
        return at
    found = re.search(r"(?<![\w.])" + re.escape(re.split(r"[.\[]", chain, maxsplit=1)[0]) + r"(?!\w)", text)
    return found.start() if found else len(text)


def _spec_fact(chain: str, spec: AgreementSpec) -> Fact | None:
    """``agreement.date`` or ``parties[1].signing_date`` / ``partner.signing_date``, with its place."""
    source = spec.source
    if chain.startswith("agreement.date"):
        path: KeyPath = ("date",)
        value: Any = spec.date
        name = "agreement.date"
    elif match := _PARTY_CHAIN.match(chain):
        index = 1 if match.group(2) else int(match.group(1))
        if index >= len(spec.parties):
            return None
        party = spec.parties[index]
        attribute = match.group(3)
        value = getattr(_party(party), attribute, None)
        path = ("parties", index, attribute)
        name = f"parties[{index}].{attribute}"
    else:
        return None
    location = source.loc(path) if source else Location(str(spec.path))
    return Fact(name, value, location, path)


def _party(party: Any) -> RuleParty:
    return RuleParty(party.id, party.country, party.signing_date)


def _spec_context(spec: AgreementSpec) -> dict[str, Any]:
    parties = [_party(p) for p in spec.parties]
    return {
        "parties": parties,
        "partner": parties[1] if len(parties) > 1 else None,
        "agreement": RuleAgreement(spec.date),
        **HELPERS,
    }


def _variable_facts(spec: AgreementSpec) -> dict[str, Fact]:
    """Every included clause's variables by name; where two clauses share a name, the first wins."""
    facts: dict[str, Fact] = {}
    for use in spec.clauses:
        for name, fact in _use_facts(spec, use).items():
            facts.setdefault(name, fact)
    return facts


def _use_facts(spec: AgreementSpec, use: ClauseUse) -> dict[str, Fact]:
    """One clause's values, each with where it was set: the spec's value, or the clause's default."""
    raw = spec.source.data if spec.source else {}
    entry = raw["clauses"][use.path[1]] if use.path and isinstance(raw, dict) else None
    given = entry.get("values") if isinstance(entry, dict) else None
    given = given if isinstance(given, dict) else {}
    facts = {}
    for i, var in enumerate(use.clause.variables):
        value = use.values.get(var.name)
        if var.name in given and given[var.name] is not None:
            path: KeyPath = (*use.path, "values", var.name)
            location = spec.source.loc(path) if spec.source else use.location
            facts[var.name] = Fact(var.name, value, location, path)
        else:
            source = use.clause.source
            where = ("variables", i, "default")
            location = source.loc(where) if source else use.clause.location
            facts[var.name] = Fact(var.name, value, location, None)
    return facts

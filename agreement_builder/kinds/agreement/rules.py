"""Consistency rules that a clause file declares: what its values must satisfy together.

A one-year agreement with a 24-month notice period is valid clause by clause and wrong as a
whole. The clause that knows the relation says so in its own file::

    rules:
      - require: "notice_months < duration_years * 12"
        message: the notice period must be shorter than the agreement's term; …

This module reads and lints those declarations (it knows nothing of a spec);
consistency.py evaluates them against a validated spec. Expressions are sandboxed Jinja
expressions like ``when:`` conditions (clausetext.py), so a shared library's rules are as
harmless as its texts; the only functions they may call are the helpers below.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass
from typing import Any

from agreement_builder.core.errors import Problem
from agreement_builder.core.schema import MISSING, Checker, Field, Key, Mapping, Str, suggest
from agreement_builder.core.yamlsource import KeyPath, Source
from agreement_builder.kinds.agreement import clausetext

# What rules may read of the spec besides clause variables. Parties carry their signing
# dates here (clause texts never print them; the signature block does).
RULE_PARTY_ATTRIBUTES = ("id", "country_code", "signing_date")
RULE_AGREEMENT_ATTRIBUTES = ("date",)
RULE_ATTRIBUTES = {
    "parties": RULE_PARTY_ATTRIBUTES,
    "partner": RULE_PARTY_ATTRIBUTES,
    "agreement": RULE_AGREEMENT_ATTRIBUTES,
}
# Date arithmetic stays within what an agreement can need: a term of a century at most.
MAX_YEARS = 100


@dataclass(frozen=True)
class Rule:
    """One ``rules:`` entry: a condition the values must meet, and what to tell the user if not."""

    require: str
    message: str
    when: str | None = None
    path: KeyPath = ()  # ("rules", i) in the clause file, for file:line in messages

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for ``clauses show --json`` and the clause's content hash."""
        return {"require": self.require, "when": self.when, "message": self.message}


def _check_date(value: Any, helper: str) -> _dt.date:
    if not isinstance(value, _dt.date):
        raise ValueError(f"{helper}() takes a date first, got {value!r}")
    return value


def _check_count(value: Any, helper: str, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > limit:
        raise ValueError(f"{helper}() takes a whole number between -{limit} and {limit} second, got {value!r}")
    return value


def add_months(date: Any, months: Any) -> _dt.date:
    """The same day ``months`` later (or earlier); the 31st becomes the month's last day.

    That is how a term in months is counted: six months from 31 August end on 28 (or
    29) February.
    """
    day = _check_date(date, "add_months")
    n = _check_count(months, "add_months", MAX_YEARS * 12)
    index = day.year * 12 + day.month - 1 + n
    year, month = divmod(index, 12)
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise ValueError("add_months() went past the calendar")
    return _dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(date: Any, years: Any) -> _dt.date:
    """The same day ``years`` later (or earlier); 29 February becomes 28 February."""
    return add_months(date, _check_count(years, "add_years", MAX_YEARS) * 12)


HELPERS = {
    "add_years": clausetext.Helper("add_years", add_years),
    "add_months": clausetext.Helper("add_months", add_months),
}


class _Expression(Field):
    """A rule's ``require:`` or ``when:``: a sandboxed expression, compiled now to catch typos."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            ck.error(path, 'expected an expression such as "notice_months < duration_years * 12"')
            return MISSING
        if err := clausetext.condition_error(value):
            ck.error(path, f"cannot read this expression: {err}")
            return MISSING
        return value.strip()


RULE_SCHEMA = Mapping(
    {
        "require": Key(_Expression(), required=True, doc="What must hold, e.g. notice_months < duration_years * 12."),
        "when": Key(_Expression(), doc="Check the rule only when this holds too."),
        "message": Key(Str(), required=True, doc="What is wrong and what to do, shown when the rule is broken."),
    }
)


def parse_rules(raw: Any) -> list[Rule]:
    """The rules of a ``rules:`` list that RULE_SCHEMA has checked; lint_rules checks what they read."""
    items = raw if isinstance(raw, list) else []
    return [Rule(item["require"], item["message"], item["when"], ("rules", i)) for i, item in enumerate(items)]


def rule_names(rule: Rule) -> set[str]:
    """The top-level names a rule reads, in its ``require:`` and its ``when:``."""
    names = clausetext.condition_names(rule.require)
    return names | clausetext.condition_names(rule.when) if rule.when else names


def lint_rules(rules: list[Rule], source: Source | None, variables: set[str]) -> list[Problem]:
    """What each rule reads must exist: clause variables of the library, spec data, helpers.

    Checked when the library is loaded, when every clause's variables are known (so
    ``clauses validate`` reports it), at the rule's file and line: a misspelt name would
    otherwise make the rule silently never apply, and a misspelt attribute fail at build time.
    """
    if source is None:
        return []
    ck = Checker(source)
    known = variables | set(RULE_ATTRIBUTES) | set(HELPERS)
    for rule in rules:
        for key, expression in (("require", rule.require), ("when", rule.when)):
            if expression is not None:
                _lint_expression(expression, (*rule.path, key), known, ck)
    return ck.problems


def _lint_expression(expression: str, path: KeyPath, known: set[str], ck: Checker) -> None:
    for name in sorted(clausetext.condition_names(expression) - known):
        ck.error(
            path,
            f"the rule reads {name!r}, which no clause in the library declares as a variable"
            f"{suggest(name, sorted(known))}; rules may read clause variables and {', '.join(RULE_ATTRIBUTES)}, "
            f"and call {' and '.join(h + '()' for h in HELPERS)}",
        )
    for chain in clausetext.unknown_attributes(expression, condition=True, attributes=RULE_ATTRIBUTES):
        base = chain.split("[", 1)[0].split(".", 1)[0]
        attribute = chain.rsplit(".", 1)[-1]
        readable = RULE_ATTRIBUTES[base]
        ck.error(
            path,
            f"the rule reads {chain!r}, which rules cannot read{suggest(attribute, readable)}; "
            f"{base} has {', '.join(readable)} in rules",
        )

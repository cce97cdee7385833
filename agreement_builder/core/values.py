"""Typed clause variables: checking spec values and printing them per language.

Checking happens once, at validation, and yields a clean value; printing happens per
language at resolve time, through Babel, so "27 november 2026" and "27 de noviembre de 2026"
come from CLDR data rather than hand-written month names.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from agreement_builder.core.schema import (
    LANGUAGES,
    MISSING,
    Bool,
    Checker,
    Date,
    Int,
    LangText,
    ListOf,
    suggest,
    type_name,
)
from agreement_builder.core.yamlsource import KeyPath


@dataclass(frozen=True)
class Money:
    """An amount in a named currency, kept exact."""

    amount: Decimal
    currency: str


# Named when a currency is refused, as examples of what is meant: the euro, the dollar many
# programmes budget in, and the partner countries' own.
CURRENCY_EXAMPLES = ("EUR", "USD", "BOB", "GTQ", "PEN", "NIO")


@cache
def known_currencies() -> frozenset[str]:
    """Every ISO 4217 currency in use today, as CLDR (through Babel) knows them.

    "In use" is legal tender in some country with no end date: that leaves out withdrawn
    codes (BEF, HRK, SVC), and fund codes, precious metals and test codes (BOV, XAU, XTS),
    which no budget is kept in. The decimals of each come from the same data.
    """
    return frozenset(code for code, _, _ in _tender_history() if code not in _withdrawn_only())


@cache
def _tender_history() -> tuple[tuple[str, str, Any], ...]:
    """(currency, country, end date or None) for every currency that was legal tender somewhere."""
    from babel.core import get_global

    return tuple(
        (code, territory, end)
        for territory, entries in get_global("territory_currencies").items()
        for code, _start, end, tender in entries
        if tender
    )


@cache
def _withdrawn_only() -> frozenset[str]:
    """Currencies that were legal tender but have an end date in every country that used them."""
    ended = {code for code, _, end in _tender_history() if end is not None}
    current = {code for code, _, end in _tender_history() if end is None}
    return frozenset(ended - current)


def currency_problem(value: Any) -> str | None:
    """Why ``value`` is not a currency an amount can be given in, or None when it is one.

    A withdrawn code names what replaced it where it was last used; a near miss gets a
    suggestion.
    """
    code = value.upper() if isinstance(value, str) else None
    if code in known_currencies():
        return None
    examples = ", ".join(CURRENCY_EXAMPLES)
    from babel.numbers import get_currency_name, list_currencies

    if code is None or code not in list_currencies():
        hint = suggest(str(value).upper(), sorted(known_currencies()))
        return f"unknown currency {value!r}{hint}; use an ISO 4217 code such as {examples}"
    name = get_currency_name(code, locale="en")
    if code in _withdrawn_only():
        last = max((end, territory) for c, territory, end in _tender_history() if c == code)[1]
        now = sorted(c for c, territory, end in _tender_history() if territory == last and end is None)
        return f"{value!r} ({name}) is no longer in use; {_country(last)} uses {' or '.join(now)} today"
    return f"{value!r} ({name}) is not legal tender anywhere; use an ISO 4217 currency such as {examples}"


def _country(code: str) -> str:
    from babel import Locale

    return str(Locale.parse("en").territories.get(code, code))


class FormattedInt(int):
    """An integer that compares as a number but prints as the locale writes it.

    Clause texts both branch on numbers (``{% if months == 1 %}``) and print them
    (``{{ budget_years }}``); one value serves both.
    """

    text: str

    def __new__(cls, value: int, text: str) -> FormattedInt:
        obj = super().__new__(cls, value)
        obj.text = text
        return obj

    def __str__(self) -> str:
        return self.text


class FormattedDate(_dt.date):
    """A date that compares as a date but prints in the locale's long form."""

    text: str

    def __new__(cls, value: _dt.date, text: str) -> FormattedDate:
        obj = super().__new__(cls, value.year, value.month, value.day)
        obj.text = text
        return obj

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Choice:
    """A value of an ``enum`` variable: compares equal to its id, prints as its label.

    Clause texts can branch with ``{% if level == 'co-produce' %}`` and print
    ``{{ level }}`` as "coproduceren" or "coproducir" from the same value.
    """

    id: str
    label: str

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Choice):
            return self.id == other.id
        return self.id == other

    def __hash__(self) -> int:
        return hash(self.id)

    def __str__(self) -> str:
        return self.label


class _TextOrLang(LangText):
    """A text value: the same words in both languages, or {nl: …, es: …}."""

    def __init__(self) -> None:
        super().__init__(allow_plain=True)


MAX_INTEGER = 10**9
MAX_AMOUNT = Decimal(10) ** 12


def check_value(
    vtype: str,
    value: Any,
    path: KeyPath,
    ck: Checker,
    party_ids: list[str] | None,
    minimum: int | None = None,
    maximum: int | None = None,
    choices: dict[str, dict[str, str]] | None = None,
) -> Any:
    """Validate ``value`` for a variable of type ``vtype``; report problems on ``ck``.

    The types that depend on the variable (its bounds, its choices) or on the spec (its
    parties) have their own checks; the others need only the value.
    """
    if vtype == "integer":
        return check_integer(value, path, ck, minimum, maximum)
    if vtype == "party":
        return check_party(value, path, ck, party_ids)
    if vtype == "enum":
        return check_choice(value, path, ck, choices)
    check = _VALUE_CHECKS.get(vtype)
    if check is None:
        raise AssertionError(vtype)
    return check(value, path, ck)


def check_integer(value: Any, path: KeyPath, ck: Checker, minimum: int | None, maximum: int | None) -> Any:
    """A whole number, by default 0 … 10^9.

    Counts, months and years in an agreement are never negative, and a clause can narrow
    the range with ``minimum``/``maximum``.
    """
    low = 0 if minimum is None else minimum
    high = MAX_INTEGER if maximum is None else maximum
    return Int(low, high).check(value, path, ck)


def check_party(value: Any, path: KeyPath, ck: Checker, party_ids: list[str] | None) -> Any:
    """A party id; checked against the spec's parties when they are known (not for a library default)."""
    if not isinstance(value, str):
        ck.error(path, f"expected a party id, got {type_name(value)}")
        return MISSING
    if party_ids is not None and value not in party_ids:
        ck.error(
            path,
            f"unknown party {value!r}{suggest(value, party_ids)}; parties are {', '.join(party_ids)}",
        )
        return MISSING
    return value


def check_choice(value: Any, path: KeyPath, ck: Checker, choices: dict[str, dict[str, str]] | None) -> Any:
    """One of an enum variable's choice ids; a near miss gets a suggestion."""
    ids = sorted(choices or {})
    if not isinstance(value, str) or value not in (choices or {}):
        shown = value if isinstance(value, str) else type_name(value)
        ck.error(path, f"{shown!r} is not one of the choices{suggest(str(value), ids)}; choose from {', '.join(ids)}")
        return MISSING
    return value


def check_sdg(value: Any, path: KeyPath, ck: Checker) -> Any:
    """An SDG number, 1 to 17."""
    if isinstance(value, bool) or not isinstance(value, int):
        ck.error(path, f"expected an SDG number from 1 to 17, got {type_name(value)}")
        return MISSING
    if not 1 <= value <= 17:
        ck.error(path, f"unknown SDG number {value}: the SDGs are numbered 1 to 17")
        return MISSING
    return value


def check_money(value: Any, path: KeyPath, ck: Checker) -> Any:
    """``{amount, currency}`` in an ISO 4217 currency in use, with no more decimals than it has."""
    if not isinstance(value, dict) or set(value) != {"amount", "currency"}:
        ck.error(path, "expected money as {amount: 5000, currency: EUR}")
        return MISSING
    ok = True
    currency = value["currency"]
    if (problem := currency_problem(currency)) is not None:
        ck.error((*path, "currency"), problem)
        ok = False
    raw = value["amount"]
    try:
        if isinstance(raw, bool):
            raise InvalidOperation
        amount = Decimal(str(raw))
        if not amount.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        ck.error((*path, "amount"), f"expected an amount such as 5000 or 1250.50, got {raw!r}")
        return MISSING
    if amount < 0 or amount >= MAX_AMOUNT:
        ck.error((*path, "amount"), f"{raw!r} is out of range: amounts run from 0 to 999 999 999 999")
        return MISSING
    if ok:
        from babel.numbers import get_currency_precision

        digits = get_currency_precision(currency.upper())
        if amount != amount.quantize(Decimal(1).scaleb(-digits)):
            ck.error((*path, "amount"), f"{raw!r} has more decimals than {currency.upper()} uses ({digits})")
            return MISSING
    return Money(amount, currency.upper()) if ok else MISSING


# The variable types whose check needs nothing but the value.
_VALUE_CHECKS: dict[str, Callable[[Any, KeyPath, Checker], Any]] = {
    "text": _TextOrLang().check,
    "boolean": Bool().check,
    "date": Date().check,
    "list": ListOf(_TextOrLang(), min_items=1).check,
    "sdg": check_sdg,
    "money": check_money,
}


def format_date(value: _dt.date, locale: str) -> str:
    """A date in the locale's long form: '27 november 2026', '27 de noviembre de 2026'."""
    from babel.dates import format_date as _fd

    return _fd(value, format="long", locale=locale)


def format_money(value: Money, locale: str) -> str:
    """Amount with currency per locale; a symbol or code never touches the digits."""
    import re

    from babel.numbers import format_currency

    text = format_currency(value.amount, value.currency, locale=locale)
    # CLDR's es_BO pattern glues the symbol to the number ("Bs35.000,00", "EUR5.000,00").
    text = re.sub(r"^([^\d\s\-]+)(?=\d)", "\\1\u00a0", text)
    return re.sub(r"(?<=\d)([^\d\s,.]+)$", "\u00a0\\1", text)


def format_integer(value: int, locale: str) -> str:
    """Digits per locale; four-digit numbers (years above all) are never grouped."""
    from babel.numbers import format_decimal

    if abs(value) < 10000:
        return str(value)
    return format_decimal(value, locale=locale)


def lang_of(value: dict[str, str], lang: str) -> str:
    """The text of a bilingual value in ``lang``."""
    assert lang in LANGUAGES
    return value[lang]

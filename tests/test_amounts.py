"""Typed amounts read as a Flemish or Bolivian writer means them, with English readings flagged."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agreement_builder.core.amounts import Reading, readings


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("6.000", "6000"),
        ("6.000,50", "6000.50"),
        ("6000", "6000"),
        ("6 000", "6000"),
        ("6\u202f000,5", "6000.5"),  # a narrow no-break space, as word processors put it
        ("€ 6.000", "6000"),
        ("6.000 €", "6000"),
        ("€6.000", "6000"),
        ("EUR 6000", "6000"),
        ("eur 1.250.000", "1250000"),
        ("6,5", "6.5"),
        ("0,50", "0.50"),
        ("0", "0"),
    ],
)
def test_belgian_amounts_have_one_reading(typed, amount):
    assert readings(typed, "EUR", 2) == [Reading(Decimal(amount))]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("6.5", "6.5"), ("6.50", "6.50"), ("6,000", "6000"), ("1,250,000", "1250000"), ("6,000.50", "6000.50")],
)
def test_english_only_readings_are_flagged(typed, amount):
    assert readings(typed, "EUR", 2) == [Reading(Decimal(amount), english=True)]


def test_the_currency_decides_what_fits():
    # Three decimals: '6,000' is six dinars the Belgian way, or six thousand the English way.
    assert readings("6,000", "KWD", 3) == [Reading(Decimal("6.000")), Reading(Decimal("6000"), english=True)]
    # No decimals: a point can only group thousands.
    assert readings("1.250", "PYG", 0) == [Reading(Decimal("1250"))]
    # The partner's own symbols, from its locale.
    assert readings("Bs. 35.000", "BOB", 2, ["es_BO"]) == [Reading(Decimal("35000"))]
    assert readings("S/ 12 500", "PEN", 2, ["es_PE"]) == [Reading(Decimal("12500"))]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("abc", "'abc' is not an amount"),
        ("-5", "unexpected '-'"),
        ("USD 5", "not an amount in EUR: unexpected .USD."),
        ("5 dollar", "unexpected .dollar."),
        ("6,", "unexpected ','"),
        ("6.000,505", r"cannot be read as an amount in EUR \(2 decimals\)"),
        ("1.2.3", "cannot be read"),
        ("12.34.567", "cannot be read"),
        ("6,000,5", "cannot be read"),
    ],
)
def test_what_is_no_amount_says_why(typed, message):
    with pytest.raises(ValueError, match=message):
        readings(typed, "EUR", 2)

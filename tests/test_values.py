import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from agreement_builder.core.values import Money, format_date, format_integer, format_money


def test_dates_follow_the_locale():
    day = dt.date(2026, 11, 27)
    assert format_date(day, "nl_BE") == "27 november 2026"
    assert format_date(day, "es_BO") == "27 de noviembre de 2026"


def test_money_is_grouped_per_locale_and_never_glued_to_its_symbol():
    assert format_money(Money(Decimal(5000), "EUR"), "nl_BE") == "€\u00a05.000,00"
    assert format_money(Money(Decimal(35000), "BOB"), "es_BO") == "Bs\u00a035.000,00"
    assert format_money(Money(Decimal(1250), "GTQ"), "es_GT").startswith("Q")


def test_years_are_not_grouped_but_large_numbers_are():
    assert format_integer(2004, "nl_BE") == "2004"
    assert format_integer(25000, "nl_BE") == "25.000"


def test_any_currency_in_use_is_known_with_its_own_decimals():
    from agreement_builder.core.values import known_currencies

    currencies = known_currencies()
    assert {"EUR", "USD", "BOB", "GTQ", "PEN", "NIO", "COP", "CLP", "HNL", "CRC", "JPY"} <= currencies
    # Withdrawn codes, fund codes, metals and test codes are no currency to budget in.
    assert not {"BEF", "HRK", "SVC", "CUC", "BOV", "CLF", "XAU", "XDR", "XTS", "XXX"} & currencies


@pytest.mark.parametrize(
    ("money", "locale", "printed"),
    [
        (Money(Decimal("35000.50"), "NIO"), "es_NI", "C$\u00a035,000.50"),  # the córdoba has cents
        (Money(Decimal("35000.50"), "NIO"), "nl_BE", "NIO\u00a035.000,50"),
        (Money(Decimal(6000), "CLP"), "es_CL", "$\u00a06.000"),  # the Chilean peso has none
        (Money(Decimal(6000), "CLP"), "nl_BE", "CLP\u00a06.000"),
        (Money(Decimal(6000), "COP"), "es_CO", "$\u00a06.000"),
        (Money(Decimal("1250.75"), "HNL"), "es_HN", "L\u00a01,250.75"),
        (Money(Decimal(5000), "USD"), "es_BO", "USD\u00a05.000,00"),
        (Money(Decimal(5000), "USD"), "nl_BE", "US$\u00a05.000,00"),
        (Money(Decimal(5000), "EUR"), "es_PE", "EUR\u00a05,000.00"),
        (Money(Decimal(5000), "GTQ"), "es_GT", "Q\u00a05,000.00"),
    ],
)
def test_each_currency_prints_with_its_decimals_as_the_locale_writes_it(money, locale, printed):
    assert format_money(money, locale) == printed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            {"amount": 10, "currency": "EURO"},
            "unknown currency 'EURO' (did you mean 'EUR'?); use an ISO 4217 code such as EUR, USD, BOB, GTQ, PEN, NIO",
        ),
        ({"amount": 10, "currency": "BEF"}, "'BEF' (Belgian Franc) is no longer in use; Belgium uses EUR today"),
        ({"amount": 10, "currency": "SVC"}, "'SVC' (Salvadoran Colón) is no longer in use; El Salvador uses USD today"),
        (
            {"amount": 10, "currency": "XAU"},
            "'XAU' (Gold) is not legal tender anywhere; use an ISO 4217 currency such as EUR, USD, BOB, GTQ, PEN, NIO",
        ),
        (
            {"amount": 10, "currency": 978},
            "unknown currency 978; use an ISO 4217 code such as EUR, USD, BOB, GTQ, PEN, NIO",
        ),
        ({"amount": "6000.5", "currency": "CLP"}, "'6000.5' has more decimals than CLP uses (0)"),
        ({"amount": "10.125", "currency": "NIO"}, "'10.125' has more decimals than NIO uses (2)"),
    ],
)
def test_a_refused_currency_or_amount_says_why(value, message):
    from agreement_builder.core.schema import MISSING, Checker
    from agreement_builder.core.values import check_money
    from agreement_builder.core.yamlsource import Source

    ck = Checker(Source(Path("x.yaml"), None))
    assert check_money(value, ("m",), ck) is MISSING
    assert [p.message for p in ck.problems] == [message]


def test_a_currency_is_taken_in_any_case_and_kept_exact():
    from agreement_builder.core.schema import Checker
    from agreement_builder.core.values import check_money
    from agreement_builder.core.yamlsource import Source

    ck = Checker(Source(Path("x.yaml"), None))
    assert check_money({"amount": "35000.50", "currency": "nio"}, ("m",), ck) == Money(Decimal("35000.50"), "NIO")
    assert ck.problems == []

import datetime as dt
from decimal import Decimal

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

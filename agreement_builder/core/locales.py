"""Countries and locales: which Babel locale writes each language, and what a country is called.

Every document kind prints Dutch as written in Belgium and Spanish as written in the partner's
country, so the choice lives here, below the kinds, and takes plain country codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

DUTCH_LOCALE = "nl_BE"
# Latin-American Spanish: the fallback when CLDR has no Spanish for the partner's country.
SPANISH_FALLBACK = "es_419"


@cache
def territories() -> dict[str, str]:
    """ISO 3166 country code -> English name, as CLDR knows them (the codes a spec may use)."""
    from babel import Locale

    return dict(Locale.parse("en").territories)


@cache
def spanish_locales() -> frozenset[str]:
    """Every country variant of Spanish that CLDR has (es_BO, es_GT, es_PE …)."""
    from babel.localedata import locale_identifiers

    return frozenset(i for i in locale_identifiers() if i.startswith("es_"))


def spanish_locale(countries: Iterable[str]) -> str:
    """The Spanish of the first country CLDR has a variant for, else Latin-American Spanish."""
    return next((f"es_{c}" for c in countries if f"es_{c}" in spanish_locales()), SPANISH_FALLBACK)


def locales_for_countries(countries: Iterable[str]) -> dict[str, str]:
    """Babel locale per language: Belgian Dutch, and the Spanish of the parties' countries."""
    return {"nl": DUTCH_LOCALE, "es": spanish_locale(countries)}


def country_name(code: str, locale: str) -> str:
    """A country's name in the document's language (CLDR via Babel); the code if CLDR has none."""
    from babel import Locale

    name: str = Locale.parse(locale).territories.get(code, code)
    return name

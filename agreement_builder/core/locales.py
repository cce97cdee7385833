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
def territories() -> frozenset[str]:
    """The ISO 3166 country codes CLDR names (the codes a spec may use).

    Read from the Dutch locale data, which every document loads anyway to write its dates,
    rather than from a locale loaded for this alone.
    """
    from babel import Locale

    return frozenset(Locale.parse("nl").territories)


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

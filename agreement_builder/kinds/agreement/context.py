"""What clause texts and conditions see of a spec: views of its parties, priorities and values.

A clause text is a sandboxed template; it never sees the spec's dataclasses, only these
read-only views in one language, with numbers, dates and money already formatted for that
language's locale. Validation uses the same views to evaluate ``when:`` conditions, and the
resolver to fill the texts, so both see exactly the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Template, TemplateError
from jinja2.exceptions import SecurityError, UndefinedError

from agreement_builder.core.errors import RenderError
from agreement_builder.core.locales import country_name, locales_for_countries
from agreement_builder.core.resources import labels as load_labels
from agreement_builder.core.resources import sdgs
from agreement_builder.core.values import (
    Choice,
    FormattedDate,
    FormattedInt,
    Money,
    format_date,
    format_integer,
    format_money,
)
from agreement_builder.kinds.agreement import clausetext
from agreement_builder.kinds.agreement.clause import Variable
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse, Party


def locales_for(spec: AgreementSpec) -> dict[str, str]:
    """Babel locale per language: Belgian Dutch, and the Spanish of the partner's country."""
    return locales_for_countries(p.country for p in spec.parties)


def languages_for(layout: str) -> list[str]:
    """Languages a layout shows, in reading order."""
    return ["nl", "es"] if layout in ("side-by-side", "sequential") else [layout]


@dataclass(frozen=True)
class SdgView:
    """An SDG as clause texts see it; prints as 'SDG 6 Schoon water en sanitair'."""

    number: int
    title: str
    label: str

    def __str__(self) -> str:
        return f"{self.label} {self.number} {self.title}"


@dataclass(frozen=True)
class PartyView:
    """A party as clause texts see it, in one language."""

    id: str
    name: str
    short_name: str
    country: str
    country_code: str
    representative: str
    function: str
    signing_place: str
    expectations: list[str]
    contributions: list[str]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class PriorityView:
    """A shared priority as clause texts see it, in one language."""

    id: str
    title: str
    description: str
    sdgs: list[SdgView]

    def __str__(self) -> str:
        return self.title


@dataclass(frozen=True)
class AgreementView:
    """Agreement-wide values for clause texts (formatted date, title)."""

    date: FormattedDate  # prints "27 november 2026"; compares and has .year like a date
    title: str

    def __str__(self) -> str:
        return self.title


def _sdg(number: int, lang: str) -> SdgView:
    return SdgView(number, sdgs()[number][lang], load_labels(lang)["sdg"])


def _party_view(party: Party, lang: str, locale: str) -> PartyView:
    return PartyView(
        id=party.id,
        name=party.name[lang],
        short_name=party.short_name[lang],
        country=country_name(party.country, locale),
        country_code=party.country,
        representative=party.representative,
        function=party.function[lang],
        signing_place=party.signing_place,
        expectations=[e[lang] for e in party.expectations],
        contributions=[c[lang] for c in party.contributions],
    )


def _format(var: Variable, value: Any, lang: str, locale: str, parties: dict[str, PartyView]) -> Any:
    vtype = var.type
    if value is None:
        return None
    if vtype == "enum":
        return Choice(value, (var.choices or {})[value][lang])
    if vtype == "text":
        return value[lang]
    if vtype == "boolean":
        return value
    if vtype == "list":
        return [item[lang] for item in value]
    if vtype == "integer":
        return FormattedInt(value, format_integer(value, locale))
    if vtype == "date":
        return FormattedDate(value, format_date(value, locale))
    if vtype == "money":
        assert isinstance(value, Money)
        return format_money(value, locale)
    if vtype == "party":
        return parties[value]
    if vtype == "sdg":
        return _sdg(value, lang)
    raise AssertionError(vtype)


def spec_context(
    spec: AgreementSpec, lang: str, locale: str, views: dict[str, PartyView], title: str
) -> dict[str, Any]:
    """What every clause text and condition sees of the spec, in one language."""
    parties = list(views.values())
    return {
        "parties": parties,
        "partner": parties[1] if len(parties) > 1 else None,
        "priorities": [
            PriorityView(
                p.id,
                p.title[lang],
                p.description[lang] if p.description else "",
                [_sdg(n, lang) for n in p.sdgs],
            )
            for p in spec.priorities
        ],
        "agreement": AgreementView(FormattedDate(spec.date, format_date(spec.date, locale)), title),
        clausetext.LOCALE_KEY: locale,  # the language `| in_words` writes in
    }


def condition_context(spec: AgreementSpec, use: ClauseUse) -> dict[str, Any]:
    """The context of a ``when:`` condition: the Dutch view of the spec plus raw values.

    Values stay unformatted (numbers as numbers, enums as their id) so conditions compare
    them directly; the language only matters for names, which conditions rarely test.
    """
    locale = locales_for(spec)["nl"]
    views = {p.id: _party_view(p, "nl", locale) for p in spec.parties}
    ctx = spec_context(spec, "nl", locale, views, spec.title["nl"] if spec.title else "")
    ctx["article"] = clausetext.ArticleReference({}, "artikel")
    for var in use.clause.variables:
        value = use.values.get(var.name)
        ctx[var.name] = views.get(value, value) if var.type == "party" and isinstance(value, str) else value
    return ctx


@cache
def _template(text: str) -> Template:
    return clausetext.environment().from_string(text)


def render_clause_text(use: ClauseUse, lang: str, context: dict[str, Any]) -> str:
    """Fill a clause text in the sandbox; template errors become RenderErrors with file:line."""
    clause = use.clause
    try:
        return _template(clause.text[lang]).render(context)
    except SecurityError as exc:
        raise RenderError(
            f"{clause.text_location(lang)}: clause {clause.id!r} ({lang}) tried something the "
            f"sandbox forbids ({exc}); clause texts may only print variables and loop over lists"
        ) from None
    except UndefinedError as exc:
        raise RenderError(
            f"{clause.text_location(lang)}: clause {clause.id!r} ({lang}) uses an undefined value: {exc.message}"
        ) from None
    except TemplateError as exc:
        line = getattr(exc, "lineno", 0) or 0
        raise RenderError(f"{clause.text_location(lang, line)}: clause {clause.id!r} ({lang}) failed: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise RenderError(f"{clause.text_location(lang)}: clause {clause.id!r} ({lang}) failed: {exc}") from None

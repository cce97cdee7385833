"""What clause texts and conditions see of a spec: views of its parties, priorities and values.

A clause text is a sandboxed template; it never sees the spec's dataclasses, only these
read-only views in one language, with numbers, dates and money already formatted for that
language's locale. Validation uses the same views to evaluate ``when:`` conditions, and the
resolver to fill the texts, so both see exactly the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
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
from agreement_builder.kinds.agreement.institutions import Institution, Institutions, laws_text
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse, Party


def locales_for(spec: AgreementSpec) -> dict[str, str]:
    """Babel locale per language: Belgian Dutch, and the Spanish of the partner's country."""
    return locales_for_countries(p.country for p in spec.parties)


def languages_for(layout: str) -> list[str]:
    """Languages a layout shows, in reading order."""
    return ["nl", "es"] if layout in ("side-by-side", "sequential") else [layout]


@dataclass(frozen=True)
class SdgView:
    """An SDG as clause texts see it; prints as 'SDG 6 (Schoon water en sanitair)'.

    The title in brackets, so that "hun gedeelde doelstelling, SDG 13 (Klimaatactie), …" and
    "el ODS 13 (Acción por el clima)" read as one name in running text, not as two.
    """

    number: int
    title: str
    label: str

    def __str__(self) -> str:
        return f"{self.label} {self.number} ({self.title})"


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
    # Who the party is in law (institutions.py); a value the law requires but the spec does
    # not give yet prints as a placeholder, which check reports.
    kind: str = "municipality"
    kind_label: str = ""
    institution_known: bool = False  # False: the generic wording for a country without an entry
    approving_body: str = ""
    approving_act: str = ""
    laws: str = ""
    approval: str = ""
    co_signatory: str = ""
    co_function: str = ""
    id_document: str = ""
    id_number: str = ""
    address: str = ""
    credential: str = ""

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


PLACEHOLDER = {"nl": "(in te vullen)", "es": "(por completar)"}


def _party_view(party: Party, lang: str, locale: str, institutions: Institutions | None = None) -> PartyView:
    entry = institutions.find(party.country, party.kind) if institutions else None
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
        kind=party.kind,
        **(_legal_identity(party, entry, lang, locale) if entry else {}),
    )


def _legal_identity(party: Party, entry: Institution, lang: str, locale: str) -> dict[str, Any]:
    """The PartyView fields that come from the party's institution entry and its identification.

    A field the entry does not ask for stays empty, so a clause prints it only where the
    party's law has it (``{% if party.credential %}``); one it asks for and the spec lacks
    is the placeholder.
    """
    missing = PLACEHOLDER[lang]
    ident = party.identification or {}
    approval = party.approval or {}
    co = party.co_signatory or {}
    date = format_date(approval["date"], locale) if approval.get("date") else missing
    document = (ident.get("document") or entry.document or {}).get(lang, "")
    signs_too = bool(entry.co_signatory or co)
    return {
        "kind_label": entry.label[lang],
        "institution_known": not entry.generic,
        "approving_body": entry.body[lang],
        "approving_act": entry.act[lang],
        "laws": laws_text(entry, lang, locale),
        "approval": entry.approval[lang].format(number=approval.get("number") or missing, date=date),
        "co_signatory": co.get("name", missing) if signs_too else "",
        "co_function": (co.get("function") or entry.co_signatory or {}).get(lang, "") if signs_too else "",
        "id_document": document,
        "id_number": ident.get("number") or (missing if document else ""),
        "address": ident.get("address") or (missing if entry.document else ""),
        "credential": (ident.get("credential") or {}).get(lang) or (missing if entry.credential else ""),
    }


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
    institutions = spec.library.institutions if spec.library else None
    views = {p.id: _party_view(p, "nl", locale, institutions) for p in spec.parties}
    ctx = spec_context(spec, "nl", locale, views, spec.title["nl"] if spec.title else "")
    ctx["article"] = clausetext.ArticleReference({}, "artikel")
    for var in use.clause.variables:
        value = use.values.get(var.name)
        ctx[var.name] = views.get(value, value) if var.type == "party" and isinstance(value, str) else value
    return ctx


@cache
@lru_cache(maxsize=1024)
def _template(text: str) -> Template:
    """The compiled template of a clause text, once per text: check fills each text several times."""
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

"""The wording of a decision: the Dutch labels, the Spanish ones, and the partner's act forms.

The partner's approving act differs by country: a Bolivian ley municipal has an exposición de
motivos and articles with headings, a Peruvian acuerdo de concejo a VISTO and ordinal
articles in capitals, a Guatemalan punto de acta its CONSIDERANDOS and roman numerals. These
forms are data (templates/es/decision-forms.yaml), chosen by the partner's institution entry;
an unknown form name falls back to the generic form, which ``check`` reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from agreement_builder.core.resources import templates_dir

GENERIC = "generic"
ORDINALS = (
    "Primero",
    "Segundo",
    "Tercero",
    "Cuarto",
    "Quinto",
    "Sexto",
    "Séptimo",
    "Octavo",
    "Noveno",
    "Décimo",
    "Undécimo",
    "Duodécimo",
)
MOODS = ("impersonal", "infinitivo", "infinitivo-mayúsculas")


@dataclass(frozen=True)
class ActForm:
    """How one kind of approving act reads (see decision-forms.yaml for each field)."""

    name: str
    title: str
    number: str
    recitals_heading: str
    recital: str
    enacting: str
    article: str
    mood: str
    closing: tuple[str, ...]
    signatures: tuple[str, ...]
    seen: str = ""
    executive: str = ""
    copy: str = "certificada"  # the copy sent to the Flemish partner: "copia certificada" / "legalizada"
    first_recitals: tuple[str, ...] = ()  # recitals the form always opens with (a constitution's article)

    def article_label(self, n: int, heading: str) -> str:
        """The label of article ``n``: "Artículo 1. (Aprobación)", "Artículo Primero.-", "I."."""
        ordinal = ORDINALS[n - 1] if n <= len(ORDINALS) else str(n)
        return self.article.format(n=n, ordinal=ordinal, roman=roman(n), heading=heading)

    def verb(self, articles: dict[str, str]) -> str:
        """The article text in this form's mood; an upper-case mood capitalises the verb."""
        if self.mood == "impersonal":
            return articles["impersonal"]
        text = articles["infinitive"]
        if self.mood == "infinitivo-mayúsculas":
            verb, _, rest = text.partition(" ")
            return f"{verb.upper()} {rest}"
        return text


def roman(n: int) -> str:
    """``n`` in roman numerals (the articles of a Guatemalan punto de acta)."""
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + letters, n - value
    return out


@cache
def _data() -> dict[str, Any]:
    from agreement_builder.core.yamlsource import load_yaml

    return dict(load_yaml(templates_dir() / "es" / "decision-forms.yaml").data)


def form_names() -> tuple[str, ...]:
    """The names of the bundled forms."""
    return tuple(_data()["forms"])


def act_form(name: str | None) -> ActForm:
    """The form called ``name``; the generic one for None or an unknown name."""
    forms = _data()["forms"]
    key = name if name is not None and name in forms else GENERIC
    raw = forms[key]
    return ActForm(
        name=key,
        title=raw["title"],
        number=raw["number"],
        recitals_heading=raw.get("recitals_heading") or "",
        recital=raw["recital"],
        enacting=raw["enacting"],
        article=raw["article"],
        mood=raw["mood"],
        closing=tuple(raw.get("closing") or ()),
        signatures=tuple(raw.get("signatures") or ()),
        seen=raw.get("seen") or "",
        executive=raw.get("executive") or "",
        copy=raw.get("copy") or "certificada",
        first_recitals=tuple(raw.get("first_recitals") or ()),
    )


def act_articles() -> dict[str, dict[str, str]]:
    """The texts of the articles every form holds, per mood."""
    return dict(_data()["articles"])


@cache
def decision_labels(lang: str) -> dict[str, str]:
    """The fixed wording of the decision in ``lang``, over the agreement's labels (page, draft mark)."""
    from agreement_builder.core.resources import labels
    from agreement_builder.core.yamlsource import load_yaml

    own = load_yaml(templates_dir() / lang / "decision-labels.yaml").data
    return {**labels(lang), **own}

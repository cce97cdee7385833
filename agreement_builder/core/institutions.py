"""Who approves and who signs for a party, by country and kind of partner: institutions as data.

A Bolivian municipality is a *Gobierno Autónomo Municipal* whose *Concejo Municipal*
approves a convenio by *ley municipal* (Ley N° 482); a Peruvian one approves by *Acuerdo de
Concejo* (Ley N° 27972); an association of Q'eqchi' communities has no council at all, and
its general assembly approves under its statutes. Clause texts must say this as each
country says it, so the facts live in ``institutions.yaml`` files, one per library, each
entry naming its legal source; a municipality's library adds or overrides entries as it
does clauses. An entry without a country is the wording for that kind of partner anywhere
the data has nothing more precise, and ``check`` says so, naming the country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.schema import (
    ID_PATTERN,
    LANGUAGES,
    MISSING,
    Checker,
    Country,
    Key,
    LangText,
    ListOf,
    Mapping,
    Str,
)
from agreement_builder.core.yamlsource import load_yaml

INSTITUTIONS_FILE = "institutions.yaml"
DEFAULT_KIND = "municipality"

ENTRY = Mapping(
    {
        "country": Key(Country()),
        "kind": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), required=True),
        "label": Key(LangText(), required=True),
        "name": Key(LangText()),
        "body": Key(LangText(), required=True),
        "act": Key(LangText(), required=True),
        "approval": Key(LangText(), required=True),
        "laws": Key(ListOf(LangText()), default=[]),
        "representative": Key(LangText()),
        "co_signatory": Key(LangText()),
        "document": Key(LangText()),
        "credential": Key(LangText()),
        # The form of the act by which the body approves, which `kind: decision` drafts for it.
        "form": Key(Str(ID_PATTERN, "use lowercase words joined by dashes")),
        "source": Key(Str(), required=True),
    }
)
SCHEMA = Mapping({"institutions": Key(ListOf(ENTRY, min_items=1), required=True)})


@dataclass(frozen=True)
class Institution:
    """How one kind of partner in one country (or anywhere, without ``country``) is governed.

    Texts are per language: ``body`` approves the agreement ("el Concejo Municipal"), by
    ``act`` ("ley municipal"), under ``laws``; ``approval`` cites that act with the
    ``{number}`` and ``{date}`` of the spec's ``approval:``; ``representative`` is the usual function of
    who signs, ``co_signatory`` the function of a second signatory the law requires,
    ``document`` and ``credential`` what identifies and accredits the representative.
    """

    kind: str
    country: str | None
    label: dict[str, str]
    body: dict[str, str]
    act: dict[str, str]
    approval: dict[str, str]
    laws: list[dict[str, str]]
    source: str
    location: Location
    representative: dict[str, str] | None = None
    co_signatory: dict[str, str] | None = None
    document: dict[str, str] | None = None
    credential: dict[str, str] | None = None
    name: dict[str, str] | None = None  # the official name, "{name}" standing for the place
    form: str | None = None  # the approving act's form for a decision ('ley', 'acuerdo', …); None: generic

    @property
    def generic(self) -> bool:
        """True for the wording used where no entry names the party's country."""
        return self.country is None


@dataclass
class Institutions:
    """The entries of every library, later libraries overriding earlier ones per country and kind."""

    entries: dict[tuple[str | None, str], Institution] = field(default_factory=dict)

    def add(self, entry: Institution) -> None:
        self.entries[(entry.country, entry.kind)] = entry

    def kinds(self) -> list[str]:
        """Every kind of partner some entry describes."""
        return sorted({kind for _, kind in self.entries})

    def find(self, country: str, kind: str) -> Institution | None:
        """The entry for ``kind`` in ``country``, else the generic one for ``kind``, else None."""
        return self.entries.get((country, kind)) or self.entries.get((None, kind))


def load_institutions(path: Path) -> tuple[list[Institution], list[Problem]]:
    """Read one library's ``institutions.yaml``; every problem at once, with file and line."""
    try:
        source = load_yaml(path)
    except InputError as exc:
        return [], list(exc.problems)
    ck = Checker(source)
    data = SCHEMA.check(source.data, (), ck)
    _check_unique(source.data, ck)
    if data is MISSING or any(p.severity == "error" for p in ck.problems):
        return [], source.problems + ck.problems
    # The schema's keys are the entry's fields, so each checked mapping builds an entry as is.
    rows = enumerate(data["institutions"])
    entries = [Institution(**raw, location=source.loc(("institutions", i))) for i, raw in rows]
    return entries, source.problems + ck.problems


def _check_unique(data: object, ck: Checker) -> None:
    """One entry per country and kind in a file: which of two would win is not the author's choice.

    Read from the raw YAML, so a duplicate is reported together with every other problem.
    """
    raw = data.get("institutions") if isinstance(data, dict) else None
    seen: dict[tuple[object, object], int] = {}
    for i, entry in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(entry, dict):
            continue
        country = entry.get("country")
        country = country.upper() if isinstance(country, str) else country
        key = (country, entry.get("kind"))
        if key in seen:
            where = f"{country}, " if country else ""
            ck.error(("institutions", i), f"({where}{entry.get('kind')}) is also described by entry {seen[key] + 1}")
        else:
            seen[key] = i


def laws_text(institution: Institution, lang: str, locale: str) -> str:
    """The laws an entry cites, as one phrase in ``lang`` ("A, B en C" / "A, B y C")."""
    from babel.lists import format_list

    assert lang in LANGUAGES
    return format_list([law[lang] for law in institution.laws], locale=locale) if institution.laws else ""

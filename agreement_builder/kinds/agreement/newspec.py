"""Start a new agreement spec from questions: ``agreement-builder new agreement``.

A coordinator who has never seen the YAML format answers a few questions (the two towns, the
shared priorities and their SDGs, what each partner expects and brings, which optional articles
to include) and gets a spec that already passes ``check`` and builds, with comments that explain
every section. Every question has a default, so pressing Enter throughout still gives a good
draft; ``--defaults`` asks nothing and gives that same draft.

The questions go through a ``Prompter``: the plain one answers every question with its default
(``--defaults``), ``ClickPrompter`` asks in the terminal. Both run the same code, so what the
tests prove for one path holds for the other.

The YAML is written as text, not dumped, because a new user needs comments beside the values;
every scalar still goes through the YAML dumper (or JSON, which YAML reads) so no answer can
change the structure. The result is validated with the project's own loader before it is
written, and written atomically.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypedDict

import yaml

from agreement_builder.core.amounts import Reading, readings
from agreement_builder.core.errors import AgreementBuilderError, InputError, Location, OutputError, Problem
from agreement_builder.core.locales import spanish_locale
from agreement_builder.core.resources import sdgs
from agreement_builder.core.schema import MISSING, STATUSES, Checker
from agreement_builder.core.values import MAX_INTEGER
from agreement_builder.core.yamlsource import KeyPath, Source, load_yaml_text
from agreement_builder.kinds.agreement.clause import Clause, Variable
from agreement_builder.kinds.agreement.layouts import LAYOUTS
from agreement_builder.kinds.agreement.library import Library
from agreement_builder.kinds.agreement.validate import validate_spec

# Always included, in this order (ids the library lacks are skipped).
CORE_CLAUSES = (
    "parties",
    "preamble",
    "purpose-principles",
    "shared-priorities",
    "mutual-expectations",
    "contributions-roles",
    "core-group",
    "participation",
    "exchange-balance",
    "languages-interpreting",
    "legal-framework",
    "operating-budget",
    "joint-evaluation",
    "expectations-review",
    "duration",
    "renewal",
    "amendment",
    "exit-edegem",
    "disputes",
    "legal-nature",
    "entry-into-force",
    "language-versions",
    "signatures",
)
# These close the agreement: optional articles go before them.
CLOSING_CLAUSES = ("language-versions", "signatures")
# Topics an agreement settles with one clause only: the library's alternatives are one choice.
EXCLUSIVE_TOPICS = {"exit": "exit clause"}
MAX_PRIORITIES = 10

REPLACE = "← replace"
EXAMPLE = "← example: write your own"
CHECK = "← check"


class Prompter:
    """Answers every question with its default: the ``--defaults`` path, and the base for asking."""

    interactive = False

    def say(self, text: str = "") -> None:
        """Show information (nothing when not asking)."""

    def ask(self, label: str, default: str | None, convert: Callable[[str], Any]) -> Any:
        """One answer, converted; ``convert`` raises ValueError with a message to re-ask."""
        if default is None:
            raise InputError(
                [Problem(Location("new agreement"), f"no default answer for {label!r}; run it without --defaults")]
            )
        return convert(default)

    def choose(self, label: str, choices: Sequence[str], default: str | None) -> str:
        """One of ``choices``; without a default the user must pick one."""
        if default is None:
            raise InputError([Problem(Location("new agreement"), f"no default answer for {label!r}")])
        return default

    def confirm(self, label: str, default: bool | None = False) -> bool:
        """Yes or no; without a default the user must say which."""
        if default is None:
            raise InputError([Problem(Location("new agreement"), f"no default answer for {label!r}")])
        return default


class ClickPrompter(Prompter):
    """Asks in the terminal; a bad answer prints why and asks again."""

    interactive = True

    def say(self, text: str = "") -> None:
        import click

        click.echo(text)

    def ask(self, label: str, default: str | None, convert: Callable[[str], Any]) -> Any:
        import click

        def proc(text: str) -> Any:
            try:
                return convert(text)
            except ValueError as exc:
                raise click.BadParameter(str(exc)) from None

        return click.prompt(label, default=default, show_default=bool(default), value_proc=proc)

    def choose(self, label: str, choices: Sequence[str], default: str | None) -> str:
        import click

        return click.prompt(label, type=click.Choice(list(choices)), default=default, show_default=default is not None)

    def confirm(self, label: str, default: bool | None = False) -> bool:
        import click

        return click.confirm(label, default=default)


@dataclass
class Draft:
    """Everything the questions collected, ready to be written as commented YAML."""

    title: dict[str, str]
    date: _dt.date
    status: str
    layout: str
    parties: list[dict[str, Any]]
    priorities: list[dict[str, Any]]
    clauses: list[tuple[Clause, dict[str, Any]]]
    not_included: list[Clause]
    marks: dict[KeyPath, str] = field(default_factory=dict)  # key path -> "← replace" etc.


# ---------------------------------------------------------------------------------------------
# Answer checks: each turns typed text into a value or raises ValueError saying what is wrong.


def _problems_of(run: Callable[[Checker], Any]) -> Any:
    ck = Checker(Source(Path("answer"), None))
    value = run(ck)
    if value is MISSING or ck.problems:
        raise ValueError("; ".join(p.message for p in ck.problems) or "not a valid answer")
    return value


def _invisible_free(text: str) -> str:
    """Refuse characters the spec loader refuses (invisible or bidirectional ones)."""
    source = load_yaml_text(json.dumps(text), "answer")
    if source.problems:
        raise ValueError(source.problems[0].message)
    return text


def text_answer(required: bool = True) -> Callable[[str], str]:
    """Non-empty single-line text; when not ``required``, '' or '-' mean "none" and give ''."""

    def convert(text: str) -> str:
        text = text.strip()
        if not required and text == "-":
            return ""
        if not text:
            if required:
                raise ValueError("please type an answer")
            return ""
        return _invisible_free(text)

    return convert


def int_answer(minimum: int | None, maximum: int | None) -> Callable[[str], int]:
    """A whole number within the variable's bounds."""

    def convert(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError(f"{text.strip()!r} is not a whole number") from None
        if minimum is not None and value < minimum:
            raise ValueError(f"{value} is below the minimum {minimum}")
        if maximum is not None and value > maximum:
            raise ValueError(f"{value} is above the maximum {maximum}")
        return value

    return convert


def _optional(text: str) -> str:
    """A text that may be left empty (not known yet)."""
    return text_answer()(text) if text.strip() else ""


def _optional_date(text: str) -> _dt.date | str:
    """A date that may be left empty (not known yet)."""
    return date_answer(text) if text.strip() else ""


def date_answer(text: str) -> _dt.date:
    """A date written as YYYY-MM-DD."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date; write it as YYYY-MM-DD, e.g. 2029-11-30") from None


def sdg_list_answer(text: str) -> list[int]:
    """SDG numbers separated by spaces or commas, each 1–17, none twice."""
    numbers: list[int] = []
    for word in [w for w in re.split(r"[\s,;]+", text.strip()) if w]:
        if not word.isdigit():
            raise ValueError(f"{word!r} is not an SDG number; type numbers from 1 to 17, e.g. 6 13")
        n = int(word)
        if not 1 <= n <= 17:
            raise ValueError(f"there is no SDG {n}: the SDGs are numbered 1 to 17")
        if n in numbers:
            raise ValueError(f"SDG {n} is listed twice")
        numbers.append(n)
    if not numbers:
        raise ValueError("give at least one SDG number, e.g. 6 13")
    return numbers


def country_answer(text: str) -> str:
    """An ISO 3166 country code the spec accepts."""
    from agreement_builder.core.schema import Country

    code = text.strip()
    return _problems_of(lambda ck: Country().check(code, (), ck))


def currency_answer(text: str) -> str:
    """An ISO 4217 code the spec accepts (any case)."""
    from agreement_builder.core.schema import suggest
    from agreement_builder.core.values import known_currencies

    code = text.strip().upper()
    known = sorted(known_currencies())
    if code not in known:
        listed = ", ".join(known) if len(known) <= 12 else f"{len(known)} ISO 4217 codes such as EUR, USD"
        raise ValueError(f"{text.strip()!r} is not a currency this version knows{suggest(code, known)}; use {listed}")
    return code


def amount_answer(currency: str, locales: Sequence[str] = ()) -> Callable[[str], list[Reading]]:
    """Every sensible reading of a typed amount in ``currency`` (see core/amounts.py), within range.

    ``locales`` add the currency symbols their writers use ("S/ 12.500" in Peru).
    """
    from babel.numbers import get_currency_precision

    from agreement_builder.core.values import check_money

    def convert(text: str) -> list[Reading]:
        found = readings(text, currency, get_currency_precision(currency), locales)
        for reading in found:
            money = {"amount": str(reading.amount), "currency": currency}
            _problems_of(lambda ck: check_money(money, (), ck))  # noqa: B023 - called at once, in the loop
        return found

    return convert


def plain_amount(amount: Decimal) -> int | Decimal:
    """6000 rather than 6000.00 in the spec, 1250.50 as typed: what a person would write."""
    return int(amount) if amount == amount.to_integral_value() else amount


def currency_of(country: str, today: _dt.date) -> str | None:
    """The currency in use in ``country`` today (CLDR, through Babel): BO → BOB, NI → NIO, BE → EUR."""
    from babel.numbers import get_territory_currencies

    found = get_territory_currencies(country, start_date=today, tender=True)
    return found[0] if found else None


def slug(text: str, fallback: str) -> str:
    """A lowercase, dash-joined id from a name (``Nimlaha'kok`` -> ``nimlahakok``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.replace("'", "").lower())
    return "-".join(words) or fallback


def _unique(base: str, taken: set[str]) -> str:
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


# ---------------------------------------------------------------------------------------------
# The questions.

FLEMISH = {
    "short": "Voorbeeld",
    "name_nl": "Gemeente {short}",
    "name_es": "Municipio de {short}",
    "representative": "Voornaam Naam",
    "function_nl": "burgemeester",
    "function_es": "alcalde",
    "country": "BE",
}
PARTNER = {
    "short": "Ejemplo",
    "name_nl": "Gemeente {short}",
    "name_es": "Municipio de {short}",
    "representative": "Nombre Apellido",
    "function_nl": "burgemeester",
    "function_es": "alcalde",
    "country": "BO",
}


class _ExamplePriority(TypedDict):
    """A priority 'new agreement' offers as an example: texts per language, SDGs as typed."""

    title: dict[str, str]
    description: dict[str, str]
    sdgs: str


EXAMPLE_PRIORITIES: tuple[_ExamplePriority, ...] = (
    {
        "title": {"nl": "Water", "es": "Agua"},
        "description": {
            "nl": "Bescherming van lokale waterbronnen en participatief waterbeheer in beide gemeenten.",
            "es": "Protección de las fuentes locales de agua y gestión participativa del agua en ambos municipios.",
        },
        "sdgs": "6 13",
    },
    {
        "title": {"nl": "Kinderrechten", "es": "Derechos de la niñez"},
        "description": {
            "nl": "Groene, kindvriendelijke leefomgevingen en inspraak van kinderen in de beslissingen die "
            "hen aanbelangen.",
            "es": "Entornos verdes y adecuados para la niñez, y participación de niñas y niños en las "
            "decisiones que les conciernen.",
        },
        "sdgs": "4 11 16",
    },
)
# {other} is the other party's short name.
EXAMPLE_ITEMS = {
    (0, "expectations"): {
        "nl": "Leren hoe {other} inwoners en organisaties betrekt bij het lokale beleid.",
        "es": "Aprender cómo {other} involucra a la población y a las organizaciones en la política local.",
    },
    (0, "contributions"): {
        "nl": "Kennisdeling over burgerparticipatie en duurzaam lokaal beleid, en coördinatie van de eigen kerngroep.",
        "es": "Intercambio de conocimientos sobre participación ciudadana y política local sostenible, y "
        "coordinación de su propio grupo núcleo.",
    },
    (1, "expectations"): {
        "nl": "Erkenning als evenwaardige partner die zelf de eigen projecten kiest.",
        "es": "Reconocimiento como socio en igualdad de condiciones, que elige sus propios proyectos.",
    },
    (1, "contributions"): {
        "nl": "Kennisdeling over de eigen ervaring met participatieve projecten, en coördinatie van de eigen "
        "kerngroep.",
        "es": "Intercambio de conocimientos sobre su propia experiencia con proyectos participativos, y "
        "coordinación de su propio grupo núcleo.",
    },
}
ITEM_WORDS = {"expectations": "Expectation", "contributions": "Contribution"}
# The default of a text only the user can write: clearly unfinished, and refused in a final spec.
TO_FILL_IN = {"nl": "(in te vullen)", "es": "(por completar)"}


class _Asker:
    """Runs the questions through a Prompter and remembers which answers are placeholders."""

    def __init__(self, prompter: Prompter, library: Library, today: _dt.date, lang: str = "nl"):
        self.p = prompter
        self.library = library
        self.today = today
        self.lang = lang  # of the article questions: the clause descriptions exist in nl and es
        self.marks: dict[KeyPath, str] = {}

    def ask(
        self, path: KeyPath, label: str, default: str | None, convert: Callable[[str], Any], mark: str | None = None
    ) -> Any:
        value = self.p.ask(label, default, convert)
        if mark and default is not None and value == convert(default):
            self.marks[path] = mark
        return value

    def bilingual(self, path: KeyPath, what: str, defaults: dict[str, str] | None, mark: str | None) -> dict[str, str]:
        """Dutch, then Spanish; marked (once, on the key) when a default was kept."""
        out = {}
        for lang, name in (("nl", "Dutch"), ("es", "Spanish")):
            default = defaults[lang] if defaults else None
            out[lang] = self.ask((*path, lang), f"{what} ({name})", default, text_answer())
            if mark and out[lang] == default:
                self.marks[path] = mark
        return out

    # -- parties ------------------------------------------------------------------------------
    def party(self, i: int, known: dict[str, Any] | None) -> dict[str, Any]:
        d = FLEMISH if i == 0 else PARTNER
        who = "Flemish municipality" if i == 0 else "Partner town"
        path: KeyPath = ("parties", i)
        self.p.say(f"\n{who}")

        def short_answer(text: str) -> str:
            value = text_answer()(text)
            if known and value == known["short_name"]:
                raise ValueError(f"{value!r} is already the Flemish municipality's short name")
            return value

        short = self.ask((*path, "short_name"), f"{who}: short name, as used in the text", d["short"], short_answer)
        placeholder = short == d["short"]
        if placeholder:
            self.marks[(*path, "short_name")] = REPLACE
        mark = REPLACE if placeholder else None
        if i == 0:
            country = "BE"
        else:
            self.p.say("Country as an ISO 3166 code, e.g. BO (Bolivia), GT (Guatemala), PE (Peru).")
            country = self.ask((*path, "country"), "Country code", d["country"], country_answer)
        # The official name and function as the partner's country writes them (institutions.yaml).
        entry = self.library.institutions.find(country, "municipality")
        pattern = (
            entry.name
            if entry and entry.name
            else {k: d[f"name_{k}"].replace("{short}", "{name}") for k in ("nl", "es")}
        )
        names = {k: pattern[k].replace("{name}", short) for k in ("nl", "es")}
        name = self.bilingual((*path, "name"), "Official name", names, mark)
        functions = {"nl": d["function_nl"], "es": d["function_es"]}
        if i and entry and entry.representative and not entry.generic:
            functions = dict(entry.representative)
        representative = self.ask(
            (*path, "representative"),
            "Representative who signs (full name)",
            d["representative"],
            text_answer(),
            REPLACE,
        )
        function = self.bilingual((*path, "function"), "Function of the representative", functions, CHECK)
        place = self.ask((*path, "signing_place"), "Place of signing", short, text_answer(), mark)
        return {
            "id": slug(short, f"party-{i + 1}"),
            "name": name,
            "short_name": short,
            "country": country,
            "representative": representative,
            "function": function,
            "signing_place": place,
            **self.in_law(country),
        }

    def in_law(self, country: str) -> dict[str, Any]:
        """What the party's law asks for (institutions.yaml): co-signatory, identification, approving act.

        Each may be left empty while it is not known yet: the agreement then shows a
        placeholder, which ``check`` notes in a draft and refuses in a final version.
        """
        entry = self.library.institutions.find(country, "municipality")
        if entry is None:
            return {}
        lang = self.lang
        out: dict[str, Any] = {}
        if entry.co_signatory:
            name = self.p.ask(
                f"Co-signatory ({entry.co_signatory[lang]}): full name, or Enter if not known yet", "", _optional
            )
            if name:
                out["co_signatory"] = {"name": name}
        if entry.document or entry.credential:
            ident = {}
            if entry.document:
                ident["number"] = self.p.ask(f"Number of the representative's {entry.document[lang]}", "", _optional)
                ident["address"] = self.p.ask("Legal address of the party", "", _optional)
            if entry.credential:
                ident["credential"] = self.p.ask(
                    f"Credential of the representative ({entry.credential[lang]})", "", _optional
                )
            if any(ident.values()):
                out["identification"] = {k: v for k, v in ident.items() if v}
        approval: dict[str, Any] = {}
        if "{number}" in entry.approval["nl"]:
            approval["number"] = self.p.ask(f"Number of the approving act ({entry.act[lang]})", "", _optional)
        approval["date"] = self.p.ask(f"Date of the approving act ({entry.act[lang]}), YYYY-MM-DD", "", _optional_date)
        if any(approval.values()):
            out["approval"] = {k: v for k, v in approval.items() if v}
        return out

    def items(self, parties: list[dict[str, Any]], i: int, key: str) -> list[dict[str, str]]:
        party, other = parties[i], parties[1 - i]
        word = ITEM_WORDS[key]
        example = {lang: t.format(other=other["short_name"]) for lang, t in EXAMPLE_ITEMS[(i, key)].items()}
        out: list[dict[str, str]] = []
        while len(out) < 20:
            n = len(out) + 1
            path: KeyPath = ("parties", i, key, len(out))
            if out:
                nl = self.ask(
                    (*path, "nl"), f"{word} {n} of {party['short_name']} (Dutch; Enter to stop)", "", text_answer(False)
                )
                if not nl:
                    break
            else:
                nl = self.ask(
                    (*path, "nl"), f"{word} {n} of {party['short_name']} (Dutch)", example["nl"], text_answer()
                )
            es_default = example["es"] if nl == example["nl"] else None
            es = self.ask((*path, "es"), f"{word} {n} of {party['short_name']} (Spanish)", es_default, text_answer())
            if nl == example["nl"] and es == example["es"]:
                self.marks[path] = EXAMPLE
            out.append({"nl": nl, "es": es})
        return out

    # -- priorities ---------------------------------------------------------------------------
    def priorities(self) -> list[dict[str, Any]]:
        """How many shared priorities, then each one; the SDG list is shown first to choose from."""
        self.p.say("\nShared priorities: themes both towns work on, each tied to one or more SDGs.")
        self.p.say("The 17 Sustainable Development Goals (SDG's / ODS):")
        for number, names in sorted(sdgs().items()):
            self.p.say(f"  {number:>2}  {names['nl']} / {names['es']}")
        count = self.p.ask(
            f"How many shared priorities (1–{MAX_PRIORITIES})",
            str(len(EXAMPLE_PRIORITIES)),
            int_answer(1, MAX_PRIORITIES),
        )
        taken: set[str] = set()
        return [self.priority(i, taken) for i in range(count)]

    def priority(self, i: int, taken: set[str]) -> dict[str, Any]:
        """Priority ``i``: title, optional description and SDGs.

        The first priorities offer an example; its description and SDGs are offered only
        while the user keeps the example's title, so a new title never gets a stale text.
        ``taken`` holds the ids given so far, to keep ids unique.
        """
        example = EXAMPLE_PRIORITIES[i] if i < len(EXAMPLE_PRIORITIES) else None
        path: KeyPath = ("priorities", i)
        self.p.say(f"\nPriority {i + 1}")
        title = self.bilingual((*path, "title"), "Title", example["title"] if example else None, EXAMPLE)
        kept = example if example is not None and title == example["title"] else None
        description = self.description(path, kept)
        numbers = self.ask(
            (*path, "sdgs"),
            "SDG numbers, separated by spaces (e.g. 6 13)",
            kept["sdgs"] if kept else None,
            sdg_list_answer,
        )
        return {
            "id": _unique(slug(title["nl"], f"priority-{i + 1}"), taken),
            "title": title,
            "description": description,
            "sdgs": numbers,
        }

    def description(self, path: KeyPath, kept: _ExamplePriority | None) -> dict[str, str] | None:
        """A priority's optional description: Dutch first ('-' or Enter leaves it out), then Spanish."""
        nl_default = kept["description"]["nl"] if kept else ""
        desc_nl = self.ask(
            (*path, "description"),
            "Description (Dutch; - to leave out)" if nl_default else "Description (Dutch; Enter to leave out)",
            nl_default,
            text_answer(False),
            EXAMPLE if nl_default else None,
        )
        if not desc_nl:
            return None
        es_default = kept["description"]["es"] if kept and desc_nl == nl_default else None
        desc_es = self.ask((*path, "description", "es"), "Description (Spanish)", es_default, text_answer())
        return {"nl": desc_nl, "es": desc_es}

    # -- clauses ------------------------------------------------------------------------------
    def clauses(self) -> tuple[list[Clause], list[Clause]]:
        """The core articles, one exit clause, and the optional articles the user says yes to.

        Clauses that settle the same exclusive topic (the exit) are alternatives, not
        additions: two ways out contradict each other and fail ``check --strict``. So they
        are offered as one choice, in the core article's place.
        """
        core = [self.library.clauses[c] for c in CORE_CLAUSES if c in self.library.clauses]
        alternatives = {topic: [c for c in self.library.sorted() if topic in c.covers] for topic in EXCLUSIVE_TOPICS}
        for topic, offered in alternatives.items():
            if len(offered) > 1:
                chosen_one = self.alternative(topic, offered, core)
                core = [chosen_one if topic in c.covers else c for c in core]
                if chosen_one not in core:
                    core = place_clauses(core, [chosen_one])
        taken = {c.id for group in alternatives.values() for c in group}
        others = [c for c in self.library.sorted() if c.id not in CORE_CLAUSES and c.id not in taken]
        chosen: list[Clause] = []
        if others:
            self.p.say("\nArticles. Always included: " + ", ".join(c.id for c in core) + ".")
            self.p.say("Optional articles (y to include):")
            for clause in others:
                if self.p.confirm(f"  {clause.id} – {clause.title['nl']} / {clause.title['es']}", default=False):
                    chosen.append(clause)
        left = [c for c in self.library.sorted() if c not in core and c not in chosen and c.id not in CORE_CLAUSES]
        return place_clauses(core, chosen), left

    def alternative(self, topic: str, offered: list[Clause], core: list[Clause]) -> Clause:
        """One of the clauses that settle ``topic``; the core list's own is the default."""
        default = next((c for c in core if topic in c.covers), offered[0])
        self.p.say(f"\nThe {EXCLUSIVE_TOPICS[topic]}: the library has {len(offered)}; an agreement takes one of them.")
        for clause in offered:
            self.p.say(f"  {clause.id} – {clause.title['nl']} / {clause.title['es']}")
        chosen = self.p.choose(f"Which {EXCLUSIVE_TOPICS[topic]}", [c.id for c in offered], default.id)
        return next(c for c in offered if c.id == chosen)

    def values(self, clause: Clause, index: int, parties: list[dict], priorities: list[dict]) -> dict[str, Any]:
        """The clause's variables: asked when only the user can know them, else its defaults."""
        out: dict[str, Any] = {}
        asked = [v for v in clause.variables if v.required and v.default is None]
        if asked:
            self.p.say(f"\nArticle '{clause.title[self.lang]}' ({clause.id})")
        for var in clause.variables:
            if var in asked:
                path: KeyPath = ("clauses", index, "values", var.name)
                out[var.name] = self.variable(path, var, parties, priorities)
            else:
                out[var.name] = var.default
        return out

    def variable(self, path: KeyPath, var: Variable, parties: list[dict], priorities: list[dict]) -> Any:
        """A value for a required variable without a default, asked in the way its type needs.

        The question is the variable's description, in words, never its name. Values only
        the user can know (an amount, a text) are marked to replace; values with a sensible
        default (a year, a number of months) are marked to check.
        """
        words = _words(var, self.lang)
        if var.choices:
            return self.choice(path, var, var.choices)
        if var.type == "integer":
            return self.integer(path, var)
        if var.type == "date":
            return self.ask(path, f"{words} (YYYY-MM-DD)", default_date(self.today).isoformat(), date_answer, CHECK)
        if var.type == "boolean":
            return self.p.confirm(words, default=False)
        if var.type == "money":
            return self.money(path, var, parties)
        if var.type == "text":
            return self.text_value(path, words, TO_FILL_IN, REPLACE)
        if var.type == "list":
            return self.text_list(path, var)
        if var.type == "party":
            ids = [p["id"] for p in parties]
            for p in parties:
                self.p.say(f"  {p['id']}: {p['short_name']}")
            return self.p.choose(f"{words} (party)", ids, ids[0])
        if var.type == "sdg":
            first = str(priorities[0]["sdgs"][0]) if priorities else "17"
            return self.ask(path, f"{words} (SDG number 1–17)", first, int_answer(1, 17), CHECK)
        # A type this version does not know yet: take the text as YAML; the final check judges it.
        return self.ask(path, f"{words} ({var.type})", None, lambda t: yaml.safe_load(text_answer()(t)))

    def text_value(self, path: KeyPath, words: str, defaults: dict[str, str], mark: str | None) -> str | dict[str, str]:
        """A text, in Dutch then Spanish; asked once when it has no words in it.

        A term of office ("2024–2028"), a number or a code reads the same in both languages:
        asking for it twice is a chore and invites two different answers. The spec then holds
        the plain text, which the clause prints in both languages.
        """
        nl = self.ask((*path, "nl"), f"{words} (Dutch)", defaults["nl"], text_answer())
        if not any(ch.isalpha() for ch in nl):
            self.p.say("  (no words in it: the same in Spanish)")
            return nl
        es = self.ask(
            (*path, "es"), f"{words} (Spanish)", defaults["es"] if nl == defaults["nl"] else None, text_answer()
        )
        if mark and nl == defaults["nl"] and es == defaults["es"]:
            self.marks[path] = mark
        return {"nl": nl, "es": es}

    def choice(self, path: KeyPath, var: Variable, choices: dict[str, dict[str, str]]) -> str:
        """One of an enum's choices, listed with their labels; the first is the default, to check."""
        for key, names in choices.items():
            labels = " / ".join(str(names[lang]) for lang in ("nl", "es") if lang in names)
            self.p.say(f"  {key}: {labels}" if labels else f"  {key}")
        value = self.p.choose(_words(var, self.lang), [str(c) for c in choices], str(next(iter(choices))))
        self.marks[path] = CHECK
        return value

    def integer(self, path: KeyPath, var: Variable) -> int:
        """A whole number within the variable's bounds (0 … 10^9 when it has none)."""
        low = 0 if var.minimum is None else var.minimum
        high = MAX_INTEGER if var.maximum is None else var.maximum
        value: int = self.ask(
            path,
            f"{_words(var, self.lang)} (whole number{_range(var)})",
            str(default_integer(var, self.today)),
            int_answer(low, high),
            CHECK,
        )
        return value

    def money(self, path: KeyPath, var: Variable, parties: list[dict]) -> dict[str, Any]:
        """A currency, defaulting to that of the party the amount belongs to, then an amount in it.

        The amount is read as a Belgian or Bolivian writer means it ("6.000" is six thousand),
        asked back when only an English reading fits ("6.5") or two readings do, and always
        echoed, formatted, for confirmation. The default amount is a placeholder to replace.
        """
        words = _words(var, self.lang)
        party = parties[_owner(var, len(parties))]
        currency = self.ask((*path, "currency"), f"{words}: currency", self.currency_for(party), currency_answer)
        default = "1000"
        read = amount_answer(currency, [spanish_locale([p["country"] for p in parties])])
        while True:
            text = self.p.ask(f"{words}: amount in {currency}", default, _keep_text(read))
            amount = self.pick_reading(text, read(text), currency)
            if amount is not None:
                break
        if text == default:
            self.marks[path] = REPLACE
        return {"amount": plain_amount(amount), "currency": currency}

    def currency_for(self, party: dict[str, Any]) -> str:
        """The currency of the party's country when this version knows it, else the US dollar.

        The dollar is what many cooperation programmes budget in when the local currency
        cannot be used; the user can still type another code.
        """
        from agreement_builder.core.locales import country_name
        from agreement_builder.core.values import known_currencies

        code = currency_of(party["country"], self.today)
        if code in known_currencies():
            return code
        fallback = "USD" if "USD" in known_currencies() else "EUR"
        if code:
            country = country_name(party["country"], "en")
            self.p.say(f"  ({code}, the currency of {country}, is not one this version knows; {fallback} offered)")
        return fallback

    def pick_reading(self, text: str, found: list[Reading], currency: str) -> Decimal | None:
        """The amount the user meant, confirmed; None to ask for the amount again."""
        show = self.show_money
        if len(found) > 1:
            self.p.say(f"  {text.strip()!r} can be read in {len(found)} ways:")
            for n, reading in enumerate(found, 1):
                self.p.say(f"    {n} = {show(reading.amount, currency)}")
            self.p.say("    0 = neither: type the amount again")
            which = self.p.choose("  Which one", [str(n) for n in range(len(found) + 1)], None)
            return found[int(which) - 1].amount if which != "0" else None
        reading = found[0]
        if reading.english:
            self.p.say(
                f"  {text.strip()!r} reads as {show(reading.amount, currency)} only the English way; in Belgium and "
                "Bolivia a comma marks the decimals and a point the thousands (6.000,50)."
            )
            return (
                reading.amount
                if self.p.confirm(f"  {show(reading.amount, currency)}: is that what you mean?", None)
                else None
            )
        return reading.amount if self.p.confirm(f"  {show(reading.amount, currency)} — correct?", True) else None

    def show_money(self, amount: Decimal, currency: str) -> str:
        """An amount as the agreement will print it, in the language of the questions."""
        from agreement_builder.core.values import Money, format_money

        return format_money(Money(amount, currency), "nl_BE" if self.lang == "nl" else "es").replace("\u00a0", " ")

    def text_list(self, path: KeyPath, var: Variable) -> list[Any]:
        """At least one item (a placeholder by default), then more until Enter."""
        words = _words(var, self.lang)
        items = [self.text_value((*path, 0), f"{words}, item 1", TO_FILL_IN, REPLACE)]
        while len(items) < 20:
            n = len(items)
            nl = self.ask((*path, n, "nl"), f"{words}, item {n + 1} (Dutch; Enter to stop)", "", text_answer(False))
            if not nl:
                break
            if not any(ch.isalpha() for ch in nl):
                items.append(nl)
                continue
            es = self.ask((*path, n, "es"), f"{words}, item {n + 1} (Spanish)", None, text_answer())
            items.append({"nl": nl, "es": es})
        return items


def _words(var: Variable, lang: str) -> str:
    """The question for a variable: its description in ``lang``, without the closing full stop."""
    text = var.description.get(lang) or var.description.get("nl") or var.name
    return text.strip().removesuffix(".")


def _owner(var: Variable, parties: int) -> int:
    """Which party an amount belongs to, from the variable's name: ``budget_second`` is the partner's."""
    words = set(var.name.lower().split("_"))
    return 1 if parties > 1 and words & {"second", "partner", "2"} else 0


def _keep_text(check: Callable[[str], Any]) -> Callable[[str], str]:
    """Check the typed text with ``check`` but keep the text, to read it (and ask back) afterwards."""

    def convert(text: str) -> str:
        check(text)
        return text

    return convert


def _range(var: Variable) -> str:
    if var.minimum is not None and var.maximum is not None:
        return f" {var.minimum}–{var.maximum}"
    if var.minimum is not None:
        return f", at least {var.minimum}"
    if var.maximum is not None:
        return f", at most {var.maximum}"
    return ""


def default_integer(var: Variable, today: _dt.date) -> int:
    """A sensible start value: this year for a year, else the minimum (at least 1)."""
    low = 0 if var.minimum is None else var.minimum
    high = var.maximum
    if "year" in var.name.split("_") and low <= today.year and (high is None or today.year <= high):
        return today.year
    value = max(low, 1)
    return value if high is None else min(value, high)


def default_date(today: _dt.date) -> _dt.date:
    """About three years ahead: a mid-term review of a six-year agreement, say."""
    try:
        return today.replace(year=today.year + 3)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 3, day=28)


def place_clauses(core: list[Clause], chosen: list[Clause]) -> list[Clause]:
    """Core order, with each optional article after the last one of its category.

    Optional articles of a category the core list does not have go before the final
    provisions; nothing goes after the language versions and the signatures.
    """
    body = [c for c in core if c.id not in CLOSING_CLAUSES]
    closing = [c for c in core if c.id in CLOSING_CLAUSES]
    for clause in chosen:
        same = [i for i, c in enumerate(body) if c.category == clause.category]
        if same:
            body.insert(same[-1] + 1, clause)
            continue
        final = [i for i, c in enumerate(body) if c.category == "final"]
        body.insert(final[0] if final else len(body), clause)
    return body + closing


def ask_draft(library: Library, prompter: Prompter, today: _dt.date, lang: str = "nl") -> Draft:
    """Ask every question (or take every default) and collect the answers."""
    a = _Asker(prompter, library, today, lang)
    prompter.say("A new cooperation agreement. Press Enter to take the answer in [brackets].")
    first = a.party(0, None)
    second = a.party(1, {"short_name": first["short_name"]})
    if second["id"] == first["id"]:
        second["id"] = f"{second['id']}-2"
    parties = [first, second]
    prompter.say("\nThe agreement")
    date = a.ask(("date",), "Date of the agreement (YYYY-MM-DD)", today.isoformat(), date_answer)
    status = prompter.choose("Status (draft prints CONCEPT / BORRADOR on every page)", STATUSES, "draft")
    layout = prompter.choose("Layout", LAYOUTS, "side-by-side")
    priorities = a.priorities()
    for key, what in (("expectations", "expects from the link"), ("contributions", "brings to the link")):
        prompter.say(f"\nWhat each partner {what}: one item at a time, first in Dutch, then in Spanish.")
        for i in range(2):
            parties[i][key] = a.items(parties, i, key)
    clauses, not_included = a.clauses()
    used = [(c, a.values(c, i, parties, priorities)) for i, c in enumerate(clauses)]
    short = [p["short_name"] for p in parties]
    title = {
        "nl": f"Samenwerkingsovereenkomst voor de stedenband {short[0]} – {short[1]}",
        "es": f"Convenio de cooperación para el hermanamiento {short[0]} – {short[1]}",
    }
    return Draft(title, date, status, layout, parties, priorities, used, not_included, a.marks)


# ---------------------------------------------------------------------------------------------
# Writing the commented YAML.


def scalar(value: Any) -> str:
    """One value as a YAML scalar that reads back as exactly that value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"not a scalar: {value!r}")
    text = yaml.safe_dump(value, allow_unicode=True, width=2**30, default_flow_style=True)
    text = text.removesuffix("\n").removesuffix("\n...")
    if "\n" in text or yaml.safe_load(text) != value:
        text = json.dumps(value, ensure_ascii=False)
    return text


def flow(value: Any) -> str:
    """A value on one line: ``{amount: 5000, currency: EUR}``, ``[6, 13]``."""
    from agreement_builder.core.values import Money

    if isinstance(value, Money):
        value = {"amount": value.amount, "currency": value.currency}
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


class _Writer:
    def __init__(self, marks: dict[KeyPath, str]):
        self.lines: list[str] = []
        self.marks = marks

    def comment(self, text: str, indent: int = 0, wrap: bool = True) -> None:
        import textwrap

        for line in (textwrap.wrap(text, width=100 - indent) if wrap else [text]) or [""]:
            self.lines.append(" " * indent + ("# " + line).rstrip())

    def blank(self) -> None:
        self.lines.append("")

    def line(self, indent: int, text: str, path: KeyPath | None = None) -> None:
        mark = self.marks.get(path) if path is not None else None
        self.lines.append(" " * indent + text + (f"  # {mark}" if mark else ""))

    def key(self, indent: int, name: str, value: Any, path: KeyPath, lead: str = "") -> None:
        """``name: value``, bilingual texts as nested nl/es lines."""
        prefix = " " * indent + lead
        inner = indent + len(lead)
        if isinstance(value, dict) and set(value) == {"nl", "es"}:
            self.lines.append(f"{prefix}{name}:" + (f"  # {self.marks[path]}" if path in self.marks else ""))
            for lang in ("nl", "es"):
                self.line(inner + 2, f"{lang}: {scalar(value[lang])}", (*path, lang))
        elif isinstance(value, list) and value and all(isinstance(v, dict) and set(v) == {"nl", "es"} for v in value):
            self.lines.append(f"{prefix}{name}:")
            for j, item in enumerate(value):
                self.text_item(inner + 2, item, (*path, j))
        else:
            self.lines.append(
                f"{prefix}{name}: {flow(value)}" + (f"  # {self.marks[path]}" if path in self.marks else "")
            )

    def text_item(self, indent: int, item: dict[str, str], path: KeyPath) -> None:
        mark = self.marks.get(path) or self.marks.get((*path, "nl"))
        if mark:
            self.comment(mark, indent)
        self.lines.append(" " * indent + f"- nl: {scalar(item['nl'])}")
        self.lines.append(" " * indent + f"  es: {scalar(item['es'])}")


def render(draft: Draft, spec_path: Path, libraries: Sequence[Path] = ()) -> str:
    """The commented YAML text of a new spec.

    Each section of the spec is written by its own function, in the order the keys appear
    in the file; every section starts with the comments a first-time user needs.
    """
    w = _Writer(draft.marks)
    _write_header(w, draft, spec_path)
    if libraries:
        _write_libraries(w, spec_path, libraries)
    _write_agreement_keys(w, draft)
    _write_parties(w, draft)
    _write_priorities(w, draft)
    _write_clauses(w, draft)
    if draft.not_included:
        _write_not_included(w, draft)
    return "\n".join(w.lines) + "\n"


def _write_header(w: _Writer, draft: Draft, spec_path: Path) -> None:
    """The schema modeline and the next steps: what to replace, how to check and build."""
    from agreement_builder.kinds.agreement.json_schema import AGREEMENT_FILE, modeline

    name = scalar(str(spec_path))
    w.lines.append(modeline(f"schemas/{AGREEMENT_FILE}"))
    short = [p["short_name"] for p in draft.parties]
    w.comment(f"Cooperation agreement {short[0]} – {short[1]}, started with 'agreement-builder new agreement'.")
    w.comment("")
    w.comment("Next steps:")
    w.comment(f"1. Replace every value marked '{REPLACE}', rewrite the texts marked '{EXAMPLE}' and", wrap=False)
    w.comment(f"   look at the values marked '{CHECK}'.", wrap=False)
    w.comment(f"2. Check the spec:  agreement-builder check {name}", wrap=False)
    w.comment(f"3. Build it:        agreement-builder build {name} -o out/", wrap=False)
    w.comment("   This writes a PDF (to sign) and a Word file (DOCX, to negotiate) into out/.", wrap=False)
    w.comment("Every text that appears in the agreement is given in Dutch (nl) and Spanish (es).")
    w.comment("Editor support: run 'agreement-builder schema' in this folder once; editors with the YAML")
    w.comment("extension (VS Code and others) then complete and check the keys, thanks to the first line.")
    w.blank()


def _write_libraries(w: _Writer, spec_path: Path, libraries: Sequence[Path]) -> None:
    """The user's own libraries, relative to the spec so the folder can be moved as a whole."""
    import os

    folders = [os.path.relpath(Path(p).resolve(), Path(spec_path).resolve().parent) for p in libraries]
    w.comment("Your own clause libraries, layered over the bundled one (paths relative to this file).")
    w.lines.append("libraries: [" + ", ".join(scalar(Path(f).as_posix()) for f in folders) + "]")
    w.blank()


def _write_agreement_keys(w: _Writer, draft: Draft) -> None:
    """Title, date, status and layout, each with what its values mean."""
    w.comment("Title on the first page of the agreement.")
    w.key(0, "title", draft.title, ("title",))
    w.comment("Date of the agreement, YYYY-MM-DD; printed as '27 november 2026' / '27 de noviembre de 2026'.")
    w.key(0, "date", draft.date, ("date",))
    w.comment("draft prints CONCEPT / BORRADOR on every page; change it to final for the version to sign.")
    w.key(0, "status", draft.status, ("status",))
    w.comment("side-by-side (Dutch left, Spanish right), sequential (all Dutch, then all Spanish), nl or es.")
    w.key(0, "layout", draft.layout, ("layout",))
    w.blank()


def _write_parties(w: _Writer, draft: Draft) -> None:
    """Both parties, with their expectations and contributions said out loud (lesson 4)."""
    w.comment("The two parties: the Flemish municipality first, then the partner town.")
    w.comment("id is how clause values refer to a party; short_name is the name used in the running text.")
    w.lines.append("parties:")
    for i, party in enumerate(draft.parties):
        path: KeyPath = ("parties", i)
        w.key(2, "id", party["id"], (*path, "id"), lead="- ")
        for key in ("name", "short_name", "country", "representative", "function", "signing_place"):
            if key == "country":
                w.comment("ISO 3166 country code; the partner's code picks the Spanish locale (es-BO, es-GT…).", 4)
            w.key(4, key, party[key], (*path, key))
        if any(key in party for key in ("co_signatory", "identification", "approval")):
            w.comment("Who else signs, the representative's identification and the approving act (README).", 4)
        for key in ("co_signatory", "identification", "approval"):
            if key in party:
                w.key(4, key, party[key], (*path, key))
        w.comment(f"What {party['short_name']} expects from the link, said out loud: one item per expectation.", 4)
        w.key(4, "expectations", party["expectations"], (*path, "expectations"))
        w.comment(f"What {party['short_name']} brings: knowledge, people, network, budget…", 4)
        w.key(4, "contributions", party["contributions"], (*path, "contributions"))
    w.blank()


def _write_priorities(w: _Writer, draft: Draft) -> None:
    """The shared priorities, after a legend of the SDG numbers they use."""
    w.comment("Shared priorities: the themes of the link, each tied to SDG numbers (1–17):")
    numbers = sorted({n for p in draft.priorities for n in p["sdgs"]})
    for n in numbers:
        w.comment(f"  {n:>2} = {sdgs()[n]['nl']} / {sdgs()[n]['es']}")
    w.lines.append("priorities:")
    for i, priority in enumerate(draft.priorities):
        path: KeyPath = ("priorities", i)
        w.key(2, "id", priority["id"], (*path, "id"), lead="- ")
        w.key(4, "title", priority["title"], (*path, "title"))
        if priority["description"]:
            w.key(4, "description", priority["description"], (*path, "description"))
        w.key(4, "sdgs", priority["sdgs"], (*path, "sdgs"))
    w.blank()


def _write_clauses(w: _Writer, draft: Draft) -> None:
    """The articles in order, each with its titles as a comment so the ids read as a table of contents."""
    w.comment("The articles, in this order; they are numbered automatically. Add or remove ids to change")
    w.comment("the agreement. 'agreement-builder clauses show ID' shows an article's text and values.")
    w.lines.append("clauses:")
    for index, (clause, values) in enumerate(draft.clauses):
        _write_clause(w, index, clause, values)


def _write_clause(w: _Writer, index: int, clause: Clause, values: dict[str, Any]) -> None:
    """One article: a bare id when it needs no values, else its values with what each means.

    Optional variables left unset are listed as comments, so the user sees what else the
    article can say.
    """
    titles = f"{clause.title['nl']} / {clause.title['es']}"
    unset = [var for var in clause.variables if values.get(var.name) is None]
    values = {name: value for name, value in values.items() if value is not None}
    if not values and unset:
        w.lines.append(f"  - id: {scalar(clause.id)}  # {titles}")
        for var in unset:
            w.comment(f"optional, {var.name}: {var.description['nl']} / {var.description['es']}", 4)
        return
    if not values:
        w.lines.append(f"  - {scalar(clause.id)}  # {titles}")
        return
    w.lines.append(f"  - id: {scalar(clause.id)}  # {titles}")
    w.lines.append("    values:")
    for var in clause.variables:
        path: KeyPath = ("clauses", index, "values", var.name)
        if var.name not in values:
            w.comment(f"optional, {var.name}: {var.description['nl']} / {var.description['es']}", 6)
            continue
        for lang in ("nl", "es"):
            w.comment(var.description[lang], 6)
        w.comment(_describe_type(var), 6)
        w.key(6, scalar(var.name), values[var.name], path)


def _write_not_included(w: _Writer, draft: Draft) -> None:
    """The library's other articles, as comments: adding one is then a matter of copying its id."""
    w.blank()
    w.comment("Other articles in the library; add an id above to include one:")
    for clause in draft.not_included:
        instead = [
            c.id
            for c, _ in draft.clauses
            if any(topic in c.covers for topic in EXCLUSIVE_TOPICS if topic in clause.covers)
        ]
        note = f" (instead of {', '.join(instead)}, not beside it)" if instead else ""
        w.comment(f"  {clause.id} – {clause.title['nl']} / {clause.title['es']}{note}", wrap=False)


def _describe_type(var: Variable) -> str:
    if var.required:
        default = "required"
    elif var.default is None:
        default = "optional"
    else:
        default = f"the article's default: {flow(var.default)}"
    kinds = {
        "integer": f"whole number{_range(var)}",
        "date": "date, YYYY-MM-DD",
        "boolean": "true or false",
        "money": "{amount, currency}, e.g. {amount: 5000, currency: EUR}",
        "text": "text, {nl: …, es: …}",
        "list": "list of texts, each {nl: …, es: …}",
        "party": "party id",
        "sdg": "SDG number 1–17",
    }
    choices = getattr(var, "choices", None)
    kind = "one of " + ", ".join(choices) if choices else kinds.get(var.type, var.type)
    return f"({kind}; {default})"


# ---------------------------------------------------------------------------------------------
# Checking and writing.


def validate_text(text: str, spec_path: Path, library: Library) -> None:
    """Load the text as ``check`` would and fill every clause once; raise InputError/RenderError."""
    from agreement_builder.kinds.agreement.resolve import resolve

    source = load_yaml_text(text, str(spec_path))
    source.path = Path(spec_path)
    spec, problems = validate_spec(source, library)
    problems = source.problems + problems
    if spec is None or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    resolve(spec, spec.layout)


class Stopped(AgreementBuilderError):
    """The user did not confirm the summary: nothing is written."""


def summary(draft: Draft, lang: str = "nl") -> list[str]:
    """What the spec will say, in a few lines, for the user to confirm before it is written.

    The parties, the dates and the articles, and every value the user typed for an article,
    in words and formatted as the agreement prints it (an amount as "€ 6.000,00").
    """
    from agreement_builder.core.values import Money, format_money

    locale = "nl_BE" if lang == "nl" else "es"
    lines = ["", "Summary"]
    for party in draft.parties:
        name = party["name"]
        lines.append(f"  {party['short_name']} ({party['country']}): {name['nl']} / {name['es']}")
        function = party["function"]
        lines.append(
            f"    signs: {party['representative']}, {function['nl']} / {function['es']}, in {party['signing_place']}"
        )
    lines.append(f"  Date {draft.date.isoformat()}, status {draft.status}, layout {draft.layout}")
    for priority in draft.priorities:
        numbers = ", ".join(str(n) for n in priority["sdgs"])
        lines.append(f"  Priority: {priority['title']['nl']} / {priority['title']['es']} (SDG {numbers})")
    lines.append(f"  {len(draft.clauses)} articles: " + ", ".join(c.id for c, _ in draft.clauses))
    for clause, values in draft.clauses:
        for var in clause.variables:
            if not (var.required and var.default is None):
                continue
            value = values[var.name]
            if isinstance(value, dict) and set(value) == {"amount", "currency"}:
                shown = format_money(Money(Decimal(str(value["amount"])), value["currency"]), locale)
                shown = shown.replace("\u00a0", " ")
            elif isinstance(value, dict) and set(value) == {"nl", "es"}:
                shown = f"{value['nl']} / {value['es']}"
            elif isinstance(value, list):
                shown = "; ".join(v if isinstance(v, str) else f"{v['nl']} / {v['es']}" for v in value)
            else:
                shown = flow(value)
            lines.append(f"  {clause.title[lang]}: {_words(var, lang)}: {shown}")
    return lines


def refuse_overwrite(path: Path, force: bool) -> None:
    """An existing file is kept unless the user said --force."""
    if Path(path).is_dir():
        raise OutputError(f"{path} is a folder; give a file name with -o")
    if Path(path).exists() and not force:
        raise OutputError(f"{path} already exists; use --force to overwrite it or -o to choose another file")


def new_agreement(
    path: Path,
    library: Library,
    prompter: Prompter,
    force: bool = False,
    today: _dt.date | None = None,
    libraries: Sequence[Path] = (),
    lang: str = "nl",
) -> Draft:
    """Ask, write a checked and commented spec to ``path`` atomically, and return what was asked.

    Nothing is written when the file exists (without ``force``), the result fails the check,
    or the user does not confirm the summary (``Stopped``).
    """
    from agreement_builder.core.output import write_all_atomic

    errors = [p for p in library.problems if p.severity == "error"]
    if errors:
        raise InputError(library.problems)
    refuse_overwrite(path, force)
    draft = ask_draft(library, prompter, today or _dt.date.today(), lang)
    text = render(draft, path, libraries)
    validate_text(text, path, library)
    for line in summary(draft, lang):
        prompter.say(line)
    if not prompter.confirm(f"Write {path}?", default=True):
        raise Stopped("not confirmed")
    refuse_overwrite(path, force)
    write_all_atomic([(Path(path), text.encode("utf-8"))])
    return draft

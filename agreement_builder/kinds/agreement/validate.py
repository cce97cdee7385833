"""Validating an agreement spec: what one city link wants in its agreement.

Validation runs in two passes over the same problem list: the shape of the YAML (keys,
types, both languages present), then the cross-references that need the clause library
(clause ids, variable names and types, required values). Both passes always run so the user
sees every problem at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import InputError, Problem
from agreement_builder.core.housestyle import StyleFolder
from agreement_builder.core.locales import territories
from agreement_builder.core.schema import (
    ID_PATTERN,
    MISSING,
    STATUSES,
    Bool,
    Checker,
    Country,
    Date,
    Enum,
    Field,
    Key,
    LangText,
    ListOf,
    Mapping,
    Str,
    suggest,
    type_name,
)
from agreement_builder.core.values import check_sdg, check_value
from agreement_builder.core.yamlsource import INVALID, KeyPath, Source, load_yaml
from agreement_builder.kinds.agreement import clausetext
from agreement_builder.kinds.agreement.clause import Clause
from agreement_builder.kinds.agreement.consistency import check_rules
from agreement_builder.kinds.agreement.context import condition_context
from agreement_builder.kinds.agreement.institutions import Institution
from agreement_builder.kinds.agreement.layouts import LAYOUTS
from agreement_builder.kinds.agreement.library import Library, bundled_library
from agreement_builder.kinds.agreement.lock import lock_findings
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse, Party, Priority


class _Sdg(Field):
    """An SDG number, 1 to 17."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        return check_sdg(value, path, ck)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1, "maximum": 17, "description": "SDG number, 1 to 17."}


VERSION_PATTERN = r"\d+(?:\.\d+){0,2}"


def split_ref(ref: str) -> tuple[str, str | None]:
    """``exit-edegem@1.1.0`` → ("exit-edegem", "1.1.0"); a bare id has no pinned version."""
    cid, sep, version = ref.partition("@")
    return cid.strip(), (version.strip() if sep else None)


def same_version(a: str, b: str) -> bool:
    """1.1 and 1.1.0 name the same version."""

    def parts(v: str) -> list[int]:
        nums = [int(x) for x in v.split(".")]
        return nums + [0] * (3 - len(nums))

    return parts(a) == parts(b)


class _ClauseRef(Field):
    """A clause entry: ``id`` or ``id@version``, or {id, version, when, values}."""

    def _full(self) -> Mapping:
        return Mapping(
            {
                "id": Key(Str(), required=True),
                "version": Key(Str(VERSION_PATTERN, "use a version like 1.0.0", allow_numbers=True)),
                "when": Key(Str()),
                "values": Key(_AnyMapping(), default={}),
            }
        )

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if isinstance(value, str):
            value = {"id": value}
        elif not isinstance(value, dict):
            ck.error(path, f"expected a clause id or {{id: …, values: …}}, got {type_name(value)}")
            return MISSING
        return self._full().check(value, path, ck)

    def json_schema(self) -> dict[str, Any]:
        full = self._full().json_schema()
        return {"anyOf": [full["properties"]["id"], full]}


def _holds_a_clause(folder: Path) -> bool:
    """Whether a clause file lies under ``folder``; stops at the first, so a huge folder costs little."""
    clause_files = (f for _, _, files in os.walk(folder) for f in files)
    return any(f.endswith(".yaml") and f != "glossary.yaml" for f in clause_files)


class _Folder(Field):
    """A library folder named in the spec, relative to the spec's own folder."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            ck.error(path, f"expected a folder path, got {type_name(value)}")
            return MISSING
        here = ck.source.path.parent.resolve()
        folder = (here / value).resolve()
        if not folder.is_dir():
            ck.error(path, f"library folder {value!r} not found (looked in {folder}); paths are relative to the spec")
            return MISSING
        if not _holds_a_clause(folder):
            ck.error(path, f"library folder {value!r} ({folder}) holds no clause file (<category>/<id>.yaml)")
            return MISSING
        if not folder.is_relative_to(here):
            # A note, not a warning: a library beside the specs' folder is a sound layout, and
            # `check --strict` must pass it; the reader still learns what the spec depends on.
            ck.problems.append(
                ck.source.problem(
                    path,
                    f"library folder {value!r} is outside the spec's folder ({folder}); whoever receives the "
                    "spec needs that folder too",
                    "note",
                )
            )
        return folder

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "description": "A clause library folder, relative to the spec."}


class _AnyMapping(Field):
    """A clause's ``values:``; each value is checked later, against its variable in the library."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, dict):
            ck.error(path, f"expected a mapping of variable names to values, got {type_name(value)}")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "object"}


PARTY = Mapping(
    {
        "id": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), required=True),
        "name": Key(LangText(allow_plain=True), required=True),
        "short_name": Key(LangText(allow_plain=True), required=True),
        "country": Key(Country(), required=True),
        "representative": Key(Str(), required=True),
        "function": Key(LangText(allow_plain=True), required=True),
        "signing_place": Key(Str(), required=True),
        # Each party signs on its own day; without this the signature block leaves a line.
        "signing_date": Key(Date()),
        "expectations": Key(ListOf(LangText()), default=[]),
        "contributions": Key(ListOf(LangText()), default=[]),
        # The kinds are those of the libraries' institutions.yaml; checked with them.
        "kind": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), default="municipality"),
        "co_signatory": Key(Mapping({"name": Key(Str(), required=True), "function": Key(LangText(allow_plain=True))})),
        "identification": Key(
            Mapping(
                {
                    "document": Key(LangText(allow_plain=True)),
                    "number": Key(Str()),
                    "address": Key(Str()),
                    "credential": Key(LangText(allow_plain=True)),
                }
            )
        ),
        "approval": Key(Mapping({"number": Key(Str()), "date": Key(Date())})),
    }
)

PRIORITY = Mapping(
    {
        "id": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), required=True),
        "title": Key(LangText(), required=True),
        "description": Key(LangText()),
        "sdgs": Key(ListOf(_Sdg(), min_items=1), required=True),
    }
)

SPEC = Mapping(
    {
        # Optional: a spec without ``kind`` is an agreement (see kinds/__init__.py).
        "kind": Key(Enum("agreement")),
        "title": Key(LangText()),
        "libraries": Key(ListOf(_Folder()), default=[]),
        "style": Key(
            StyleFolder(), doc="A house style folder (logo, colours, fonts, letterhead), relative to the spec."
        ),
        "date": Key(Date(), required=True),  # 1900-2199, see Date
        "status": Key(Enum(*STATUSES), default="draft"),
        "layout": Key(Enum(*LAYOUTS), default="side-by-side"),
        # Absent: a table of contents from TOC_MIN_ARTICLES articles on (see spec.py).
        "toc": Key(Bool()),
        "parties": Key(ListOf(PARTY, min_items=2, max_items=2), required=True),
        "priorities": Key(ListOf(PRIORITY), default=[]),
        "clauses": Key(ListOf(_ClauseRef(), min_items=1), required=True),
    }
)


MAX_NAME = 200  # a name, a function or a place; the longest official name is under 100
# The party keys that hold a name, a function or a place, whose length MAX_NAME limits.
NAME_KEYS = ("name", "short_name", "representative", "function", "signing_place")

# What 'new agreement' writes where only the user can know the answer. A final agreement
# must not go out with them; a draft may, with a warning.
PLACEHOLDERS = ("Voornaam Naam", "Nombre Apellido", "Voorbeeld", "Ejemplo", "(in te vullen)", "(por completar)")
_PLACEHOLDER = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in PLACEHOLDERS))


def validate_spec(source: Source, library: Library) -> tuple[AgreementSpec | None, list[Problem]]:
    """Check a loaded spec against the schema and the library; collect every problem.

    The checks below run one after the other on the raw YAML, each for one part of the
    spec, so that a broken part never hides the problems of another; the order of the
    calls is the order in which the user reads the problems.
    """
    ck = Checker(source)
    if not isinstance(source.data, dict):
        ck.error(
            (),
            f"an agreement spec must be a mapping of keys (title, date, parties, …), got {type_name(source.data)}",
        )
        return None, ck.problems
    data = SPEC.check(source.data, (), ck)
    raw: dict[Any, Any] = source.data
    parties = raw_list(raw, "parties")
    party_ids = check_party_ids(parties, ck)
    check_short_names(parties, ck)
    check_first_party_country(parties, ck)
    check_priorities(raw_list(raw, "priorities"), ck)
    check_name_lengths(parties, ck)
    check_spec_placeholders(raw, ck)
    check_partner_country(parties, ck)
    facts = SpecFacts(library, party_ids, parties, bool(raw.get("priorities")))
    uses = check_clause_entries(source, facts, ck)
    if data is MISSING or _has_errors(ck.problems):
        return None, ck.problems
    spec = _build_spec(source, library, data, uses)
    check_institutions(spec, ck)
    _apply_conditions(spec, ck)
    _check_article_refs(spec, ck)
    check_rules(spec, ck)
    if _has_errors(ck.problems):
        return None, ck.problems
    spec.warnings = [p for p in ck.problems if p.severity != "error"]
    return spec, ck.problems


def _has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def raw_list(raw: dict[Any, Any], key: str) -> list[Any]:
    """The raw list under ``key``, or [] when it is missing or not a list.

    The cross-checks read the raw YAML, not the checked data, so that they still run when
    another key is wrong; a part that is not even a list has had its error from SPEC.
    """
    value = raw.get(key)
    return value if isinstance(value, list) else []


def _build_spec(source: Source, library: Library, data: dict[str, Any], uses: list[ClauseUse]) -> AgreementSpec:
    """The typed spec, once the checked data is known to be complete."""
    return AgreementSpec(
        path=source.path,
        title=data["title"],
        date=data["date"],
        status=data["status"],
        layout=data["layout"],
        toc=data["toc"],
        parties=[Party(**p) for p in data["parties"]],
        priorities=[Priority(**p) for p in data["priorities"]],
        clauses=uses,
        library=library,
        source=source,
        style=data["style"],
    )


# ---------------------------------------------------------------------------------------------
# The parties


def check_institutions(spec: AgreementSpec, ck: Checker) -> None:
    """Each party's kind is described for its country, and what its law asks of the spec is there.

    An unknown kind is an error. A country the institution data does not name gets the
    generic wording, and a warning naming the country. A value the party's law requires
    (the co-signatory, the representative's identity document, the approving act) prints
    as a placeholder while it is missing: a note in a draft, an error in a final version.
    """
    from agreement_builder.core.locales import country_name

    table = spec.library.institutions if spec.library else None
    if table is None or not table.entries:
        return
    final = spec.status == "final"
    for i, party in enumerate(spec.parties):
        entry = table.find(party.country, party.kind)
        if entry is None:
            kinds = table.kinds()
            ck.error(
                ("parties", i, "kind"),
                f"unknown kind of partner {party.kind!r}{suggest(party.kind, kinds)}; "
                f"the institution data knows {', '.join(kinds)} (institutions.yaml in a library adds more)",
            )
            continue
        if entry.generic:
            ck.warn(
                ("parties", i, "country"),
                f"the institution data has no entry for a {party.kind} in {country_name(party.country, 'en')} "
                f"({party.country}): its legal framework, approving body and act use generic wording; add an "
                f"entry for ({party.country}, {party.kind}) to your library's institutions.yaml",
            )
        for path, what in missing_identification(party, entry):
            where: KeyPath = ("parties", i, *path)
            if final:
                ck.error(where, f"{what} is missing; give it before the final version")
            else:
                ck.problems.append(
                    ck.source.problem(where, f"{what} is not given yet; the agreement shows a placeholder", "note")
                )


def missing_identification(party: Party, entry: Institution) -> list[tuple[tuple[str, ...], str]]:
    """What the party's law asks of the spec and the spec does not give: (key path, what it is)."""
    ident = party.identification or {}
    approval = party.approval or {}
    # Each institution as its own country names it: Flemish terms for a Belgian party.
    lang = "nl" if party.country == "BE" else "es"
    missing: list[tuple[tuple[str, ...], str]] = []
    if entry.co_signatory and not party.co_signatory:
        missing.append((("co_signatory",), f"the co-signatory ({entry.co_signatory[lang]})"))
    if entry.document:
        if not ident.get("number"):
            missing.append((("identification", "number"), f"the number of the representative's {entry.document[lang]}"))
        if not ident.get("address"):
            missing.append((("identification", "address"), "the legal address"))
    if entry.credential and not ident.get("credential"):
        missing.append(
            (("identification", "credential"), f"the representative's credential ({entry.credential[lang]})")
        )
    if "{number}" in entry.approval["nl"] and not approval.get("number"):
        missing.append((("approval", "number"), f"the number of the approving act ({entry.act[lang]})"))
    if not approval.get("date"):
        missing.append((("approval", "date"), f"the date of the approving act ({entry.act[lang]})"))
    return missing


def check_party_ids(parties: list[Any], ck: Checker) -> list[str]:
    """Report a party id used twice; return every id as written, for the checks of party values.

    Clause values of type party name a party by its id, so two parties with one id would
    make such a value ambiguous.
    """
    party_ids: list[str] = []
    for i, party in enumerate(parties):
        pid = party.get("id") if isinstance(party, dict) else None
        if isinstance(pid, str):
            if pid in party_ids:
                ck.error(("parties", i, "id"), f"party id {pid!r} is used twice")
            party_ids.append(pid)
    return party_ids


def check_short_names(parties: list[Any], ck: Checker) -> None:
    """Report a short name that another party already uses, in either language.

    The running text names the parties by their short names; two equal ones would leave a
    reader unable to tell who commits to what.
    """
    shorts: dict[str, int] = {}
    for i, party in enumerate(parties):
        short = party.get("short_name") if isinstance(party, dict) else None
        for text in short.values() if isinstance(short, dict) else [short]:
            if isinstance(text, str) and shorts.setdefault(text, i) != i:
                ck.error(("parties", i, "short_name"), f"short name {text!r} is also used by parties[{shorts[text]}]")


def check_first_party_country(parties: list[Any], ck: Checker) -> None:
    """Warn when the first party is not Belgian: the bundled clause texts assume it is."""
    first = parties[0] if parties else None
    country = first.get("country") if isinstance(first, dict) else None
    if isinstance(country, str) and country.upper() in territories() and country.upper() != "BE":
        ck.warn(
            ("parties", 0, "country"),
            "the first party is usually the Flemish municipality (country BE); clause texts such as the "
            "preamble and the budget article assume that order",
        )


def check_name_lengths(parties: list[Any], ck: Checker) -> None:
    """Report names, functions and places longer than MAX_NAME, in any language.

    Such a text is a paste gone wrong, and it would break the title page and the
    signature table.
    """
    for i, party in enumerate(parties):
        if not isinstance(party, dict):
            continue
        for key in NAME_KEYS:
            value = party.get(key)
            for text in value.values() if isinstance(value, dict) else [value]:
                if isinstance(text, str) and len(text) > MAX_NAME:
                    ck.error(("parties", i, key), f"is {len(text)} characters long; names stay under {MAX_NAME}")


def check_partner_country(parties: list[Any], ck: Checker) -> None:
    """Warn when the partner town is Belgian too: a city link is between two countries."""
    if len(parties) != 2:
        return
    partner = parties[1]
    if isinstance(partner, dict) and partner.get("country") == "BE":
        ck.warn(("parties", 1, "country"), "the partner town is in Belgium too; is the country code right?")


# ---------------------------------------------------------------------------------------------
# The priorities


def check_priorities(priorities: list[Any], ck: Checker) -> None:
    """Report a priority id used twice and an SDG listed twice within one priority.

    Ids must be unique because the printed priority list and its SDG icons follow them;
    a repeated SDG would print its icon twice.
    """
    seen: set[str] = set()
    for i, priority in enumerate(priorities):
        if not isinstance(priority, dict):
            continue
        pid = priority.get("id")
        if isinstance(pid, str):
            if pid in seen:
                ck.error(("priorities", i, "id"), f"priority id {pid!r} is used twice")
            seen.add(pid)
        check_sdgs_once(priority.get("sdgs"), ("priorities", i), ck)


def check_sdgs_once(numbers: Any, path: KeyPath, ck: Checker) -> None:
    """Report each SDG number that a priority's ``sdgs:`` lists a second time."""
    if not isinstance(numbers, list):
        return
    for j, n in enumerate(numbers):
        if n in numbers[:j]:
            ck.error((*path, "sdgs", j), f"SDG {n} is listed twice for this priority")


# ---------------------------------------------------------------------------------------------
# Placeholders from 'new agreement'


def check_spec_placeholders(raw: dict[Any, Any], ck: Checker) -> None:
    """Find the placeholders 'new agreement' wrote in every part that is printed.

    A final agreement must not go out with "Voornaam Naam" in it: that is an error; a
    draft only gets a warning, since it is still being filled in.
    """
    final = raw.get("status") == "final"
    for key in ("title", "parties", "priorities", "clauses"):
        if key in raw:
            _check_placeholders(raw[key], (key,), ck, final)


def _check_placeholders(data: Any, path: KeyPath, ck: Checker, final: bool) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            _check_placeholders(value, (*path, key), ck, final)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _check_placeholders(value, (*path, i), ck, final)
    elif isinstance(data, str) and (match := _PLACEHOLDER.search(data)):
        message = f"{match.group()!r} is a placeholder from 'new agreement'; replace it"
        if final:
            ck.error(path, message + " before the final version")
        else:
            ck.warn(path, message)


# ---------------------------------------------------------------------------------------------
# The clause entries


@dataclass(frozen=True)
class SpecFacts:
    """What the clause entries are checked against: the library and the rest of the spec."""

    library: Library
    party_ids: list[str]  # as written, for clause values of type party
    parties: list[Any]  # the raw party entries, for the data a clause requires of each party
    has_priorities: bool  # whether the spec gives priorities, for clauses that list them


def check_clause_entries(source: Source, facts: SpecFacts, ck: Checker) -> list[ClauseUse]:
    """Check every entry of ``clauses:`` against the library; return the usable ones in order.

    A clause id may appear only once: article numbers and ``article('id')`` references
    need one article per clause.
    """
    uses: list[ClauseUse] = []
    seen_ids: dict[str, int] = {}
    raw = source.data if isinstance(source.data, dict) else {}
    for i, entry in enumerate(raw_list(raw, "clauses")):
        use = check_clause_entry(entry, i, seen_ids, facts, source, ck)
        if use is not None:
            uses.append(use)
    return uses


def check_clause_entry(
    entry: Any, index: int, seen_ids: dict[str, int], facts: SpecFacts, source: Source, ck: Checker
) -> ClauseUse | None:
    """Entry ``index`` of ``clauses:``: its id, pinned version, condition and values; None if unusable.

    ``seen_ids`` maps each clause id met so far to its index, so that a second use of a
    clause is reported with the place of the first.
    """
    path: KeyPath = ("clauses", index)
    ref = entry if isinstance(entry, str) else entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(ref, str):
        return None  # SPEC has reported the entry's shape
    cid, pinned = split_ref(ref)
    id_path = path if isinstance(entry, str) else (*path, "id")
    pinned = check_pinned_version(entry, cid, pinned, path, id_path, ck)
    when = check_entry_condition(entry, path, ck)
    if cid in seen_ids:
        ck.error(path, f"clause {cid!r} is already used at clauses[{seen_ids[cid]}]; use each clause once")
        return None
    seen_ids[cid] = index
    clause = find_clause(cid, id_path, facts.library, ck)
    if clause is None:
        return None
    check_pin(clause, pinned, id_path, ck)
    given = (entry.get("values") if isinstance(entry, dict) else None) or {}
    if not isinstance(given, dict):
        return None  # SPEC has reported that values: is not a mapping
    values = check_clause_values(clause, given, path, facts.party_ids, ck)
    fill_defaults(clause, given, values, path, facts.party_ids, ck)
    check_requirements(clause, path, facts, ck)
    return ClauseUse(clause, values, when, source.loc(path), path)


def check_pinned_version(
    entry: Any, cid: str, pinned: str | None, path: KeyPath, id_path: KeyPath, ck: Checker
) -> str | None:
    """The version an entry pins (``id@1.0.0`` or ``version: 1.0.0``), or None if none or unreadable."""
    if isinstance(entry, dict) and entry.get("version") is not None:
        if pinned is not None:
            ck.error(path, "the version is given twice (id@version and version:); keep one")
        pinned = str(entry["version"])
    if pinned is not None and not re.fullmatch(VERSION_PATTERN, pinned):
        ck.error(id_path, f"{pinned!r} is not a version; pin like {cid}@1.0.0")
        pinned = None
    return pinned


def check_entry_condition(entry: Any, path: KeyPath, ck: Checker) -> str | None:
    """The entry's own ``when:`` condition if it compiles; a typo is reported now, not at build time."""
    when = entry.get("when") if isinstance(entry, dict) else None
    if not isinstance(when, str):
        return None
    if err := clausetext.condition_error(when):
        ck.error((*path, "when"), f"cannot read this condition: {err}")
        return None
    return when


def find_clause(cid: str, id_path: KeyPath, library: Library, ck: Checker) -> Clause | None:
    """The library's clause ``cid``; an unknown id is reported with the closest known ones."""
    clause = library.get(cid)
    if clause is None and cid in library.broken:
        return None  # its own file's errors are reported; "unknown clause" would mislead
    if clause is None:
        ck.error(
            id_path,
            f"unknown clause {cid!r}{suggest(cid, sorted(library.clauses))}; "
            "'agreement-builder clauses list' shows the available clauses",
        )
    return clause


def check_pin(clause: Clause, pinned: str | None, id_path: KeyPath, ck: Checker) -> None:
    """Report a pinned version the library no longer has: the parties agreed to another text."""
    if pinned is not None and not same_version(pinned, clause.version):
        ck.error(
            id_path,
            f"the spec pins {clause.id}@{pinned}, but the library has version {clause.version} "
            f"in {clause.location.file}; read that text and, if the parties agree to it, update the pin "
            f"(or keep version {pinned} in your own library)",
        )


def check_clause_values(
    clause: Clause, given: dict[Any, Any], path: KeyPath, party_ids: list[str], ck: Checker
) -> dict[str, Any]:
    """Check each value under ``values:`` against the clause's variable of that name.

    Returns the clean values; a name the clause does not declare is reported with the
    clause's variables, and a value already refused while loading is skipped.
    """
    values: dict[str, Any] = {}
    for name, value in given.items():
        var = clause.variable(name)
        if var is None:
            names = [v.name for v in clause.variables]
            known = ", ".join(names) if names else "none"
            ck.error(
                (*path, "values", name),
                f"clause {clause.id!r} has no variable {name!r}{suggest(name, names)}; its variables: {known}",
            )
            continue
        if value is None or value is INVALID:
            continue
        checked = check_value(
            var.type, value, (*path, "values", name), ck, party_ids, var.minimum, var.maximum, var.choices
        )
        if checked is not MISSING:
            values[name] = checked
    return values


def fill_defaults(
    clause: Clause, given: dict[Any, Any], values: dict[str, Any], path: KeyPath, party_ids: list[str], ck: Checker
) -> None:
    """Add the defaults of the variables the spec leaves out; report required ones left out.

    A default party must be one of this spec's parties: the library cannot know their ids.
    """
    for var in clause.variables:
        if var.name in given and given[var.name] is not None:
            continue
        if var.required:
            ck.error(
                path,
                f"clause {clause.id!r} needs a value for its required variable {var.name!r} "
                f"({var.type}: {var.description['nl']}); set it under 'values:'",
            )
        else:
            values[var.name] = var.default
        if var.type == "party" and var.default is not None and var.default not in party_ids:
            ck.error(path, f"clause {clause.id!r}: default party {var.default!r} of {var.name!r} is not in this spec")


def check_requirements(clause: Clause, path: KeyPath, facts: SpecFacts, ck: Checker) -> None:
    """Report spec data a clause lists but the spec lacks (priorities, a party's expectations…).

    Without it the article would print an empty list.
    """
    for need in clause.requires:
        if need == "priorities":
            if not facts.has_priorities:
                ck.error(
                    path, f"clause {clause.id!r} lists the shared priorities, but the spec has none; add priorities:"
                )
            continue
        for j, party in enumerate(facts.parties):
            if isinstance(party, dict) and not party.get(need):
                ck.error(
                    ("parties", j),
                    f"clause {clause.id!r} lists each party's {need}, but this party has none; add {need}: "
                    "(or remove the clause)",
                )


def _apply_conditions(spec: AgreementSpec, ck: Checker) -> None:
    """Drop the clauses whose ``when:`` (in the clause or in the spec) is false.

    Conditions see the spec as the Dutch text would (party views, priorities) plus the
    clause's own values unformatted, so ``since_year > 2000`` compares numbers.
    """
    from jinja2.exceptions import TemplateError

    kept: list[ClauseUse] = []
    for use in spec.clauses:
        keep = True
        for where, condition in (("clause", use.clause.when), ("spec", use.when)):
            if condition is None:
                continue
            try:
                ok = clausetext.evaluate_condition(condition, condition_context(spec, use))
            except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
                loc = use.clause.source.loc(("when",)) if where == "clause" and use.clause.source else use.location
                reason = str(exc).replace("agreement_builder.resolve.", "").replace(" object", "")
                ck.problems.append(
                    Problem(
                        loc, f"the condition {condition!r} of clause {use.clause.id!r} cannot be evaluated: {reason}"
                    )
                )
                keep = False
                continue
            if not ok:
                keep = False
                ck.problems.append(
                    Problem(
                        use.location,
                        f"clause {use.clause.id!r} is left out: its {where} condition {condition!r} is false",
                        severity="note",
                    )
                )
        (kept if keep else spec.skipped).append(use)
    spec.clauses = kept


def _check_article_refs(spec: AgreementSpec, ck: Checker) -> None:
    """Every ``article('id')`` must name a clause this agreement includes."""
    included = {use.clause.id for use in spec.clauses}
    skipped = {use.clause.id for use in spec.skipped}
    for use in spec.clauses:
        refs = {ref for _, ref, _ in use.clause.references()}
        for ref in sorted(refs - included):
            if ref in skipped:
                fix = f"its condition leaves {ref!r} out; change the condition or leave out {use.clause.id!r}"
            elif spec.library is not None and spec.library.get(ref) is None:
                fix = f"there is no clause {ref!r} in the library; correct the reference in {use.clause.location.file}"
            else:
                fix = f"add {ref!r} to clauses: or leave out {use.clause.id!r}"
            ck.error(
                use.path,
                f"clause {use.clause.id!r} refers to article({ref!r}), which this agreement does not include; {fix}",
            )


def spec_libraries(source: Source) -> list[Path]:
    """The usable ``libraries:`` folders of a spec, read before the library is loaded.

    Bad entries are skipped here; validate_spec reports them with the spec's other problems.
    """
    raw = source.data.get("libraries") if isinstance(source.data, dict) else None
    if not isinstance(raw, list):
        return []
    ck = Checker(source)
    return [f for f in (_Folder().check(v, ("libraries", i), ck) for i, v in enumerate(raw)) if f is not MISSING]


def load_spec(path: Path, libraries: list[Path] | None = None) -> AgreementSpec:
    """Load and validate a spec; raise InputError with all problems (library ones too).

    The library is the bundled one, then the spec's own ``libraries:``, then the folders
    given on the command line: the later a folder, the more specific its clauses.
    """
    try:
        source = load_yaml(path)
    except InputError as exc:
        raise InputError(exc.problems) from None
    library = bundled_library([*spec_libraries(source), *(libraries or [])])
    problems = [*library.problems, *source.problems]
    spec, spec_problems = validate_spec(source, library)
    problems.extend(spec_problems)
    if spec is None or any(p.severity == "error" for p in problems):
        raise InputError(problems)
    problems.extend(library.notes())
    problems.extend(lock_findings(spec))
    if any(p.severity == "error" for p in problems):  # a malformed lock file
        raise InputError(problems)
    spec.warnings = [p for p in problems if p.severity != "error"]
    return spec

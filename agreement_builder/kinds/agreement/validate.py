"""Validating an agreement spec: what one city link wants in its agreement.

Validation runs in two passes over the same problem list: the shape of the YAML (keys,
types, both languages present), then the cross-references that need the clause library
(clause ids, variable names and types, required values). Both passes always run so the user
sees every problem at once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import InputError, Problem
from agreement_builder.core.locales import territories
from agreement_builder.core.schema import (
    ID_PATTERN,
    LANGUAGES,
    MISSING,
    STATUSES,
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
from agreement_builder.core.yamlsource import INVALID, Source, load_yaml
from agreement_builder.kinds.agreement import clausetext
from agreement_builder.kinds.agreement.context import condition_context
from agreement_builder.kinds.agreement.library import Library, bundled_library
from agreement_builder.kinds.agreement.lock import lock_findings
from agreement_builder.kinds.agreement.spectypes import LAYOUTS, AgreementSpec, ClauseUse, Party, Priority


class _Sdg(Field):
    def check(self, value, path, ck):
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

    def check(self, value, path, ck):
        if isinstance(value, str):
            value = {"id": value}
        elif not isinstance(value, dict):
            ck.error(path, f"expected a clause id or {{id: …, values: …}}, got {type_name(value)}")
            return MISSING
        return self._full().check(value, path, ck)

    def json_schema(self) -> dict[str, Any]:
        full = self._full().json_schema()
        return {"anyOf": [full["properties"]["id"], full]}


class _Folder(Field):
    """A library folder named in the spec, relative to the spec's own folder."""

    def check(self, value, path, ck):
        if not isinstance(value, str) or not value.strip():
            ck.error(path, f"expected a folder path, got {type_name(value)}")
            return MISSING
        folder = (ck.source.path.parent / value).resolve()
        if not folder.is_dir():
            ck.error(path, f"library folder {value!r} not found (looked in {folder}); paths are relative to the spec")
            return MISSING
        return folder

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "description": "A clause library folder, relative to the spec."}


class _AnyMapping(Field):
    def check(self, value, path, ck):
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
        "title": Key(LangText()),
        "libraries": Key(ListOf(_Folder()), default=[]),
        "date": Key(Date(), required=True),  # 1900-2199, see Date
        "status": Key(Enum(*STATUSES), default="draft"),
        "layout": Key(Enum(*LAYOUTS), default="side-by-side"),
        "parties": Key(ListOf(PARTY, min_items=2, max_items=2), required=True),
        "priorities": Key(ListOf(PRIORITY), default=[]),
        "clauses": Key(ListOf(_ClauseRef(), min_items=1), required=True),
    }
)


MAX_NAME = 200  # a name, a function or a place; the longest official name is under 100

# What 'new agreement' writes where only the user can know the answer. A final agreement
# must not go out with them; a draft may, with a warning.
PLACEHOLDERS = ("Voornaam Naam", "Nombre Apellido", "Voorbeeld", "Ejemplo", "(in te vullen)", "(por completar)")
_PLACEHOLDER = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in PLACEHOLDERS))


def _check_placeholders(data: Any, path: tuple, ck: Checker, final: bool) -> None:
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


def validate_spec(source: Source, library: Library) -> tuple[AgreementSpec | None, list[Problem]]:
    """Check a loaded spec against the schema and the library; collect every problem."""
    ck = Checker(source)
    if not isinstance(source.data, dict):
        ck.error(
            (),
            f"an agreement spec must be a mapping of keys (title, date, parties, …), got {type_name(source.data)}",
        )
        return None, ck.problems
    data = SPEC.check(source.data, (), ck)
    raw = source.data

    party_ids: list[str] = []
    if isinstance(raw.get("parties"), list):
        for i, p in enumerate(raw["parties"]):
            pid = p.get("id") if isinstance(p, dict) else None
            if isinstance(pid, str):
                if pid in party_ids:
                    ck.error(("parties", i, "id"), f"party id {pid!r} is used twice")
                party_ids.append(pid)
    if isinstance(raw.get("parties"), list):
        shorts: dict[str, int] = {}
        for i, p in enumerate(raw["parties"]):
            short = p.get("short_name") if isinstance(p, dict) else None
            for text in short.values() if isinstance(short, dict) else [short]:
                if isinstance(text, str) and shorts.setdefault(text, i) != i:
                    ck.error(
                        ("parties", i, "short_name"), f"short name {text!r} is also used by parties[{shorts[text]}]"
                    )
        first = raw["parties"][0] if raw["parties"] else None
        country = first.get("country") if isinstance(first, dict) else None
        if isinstance(country, str) and country.upper() in territories() and country.upper() != "BE":
            ck.warn(
                ("parties", 0, "country"),
                "the first party is usually the Flemish municipality (country BE); clause texts such as the "
                "preamble and the budget article assume that order",
            )
    if isinstance(raw.get("priorities"), list):
        seen = set()
        for i, p in enumerate(raw["priorities"]):
            pid = p.get("id") if isinstance(p, dict) else None
            if isinstance(pid, str) and pid in seen:
                ck.error(("priorities", i, "id"), f"priority id {pid!r} is used twice")
            seen.add(pid)
            numbers = p.get("sdgs") if isinstance(p, dict) else None
            if isinstance(numbers, list):
                for j, n in enumerate(numbers):
                    if n in numbers[:j]:
                        ck.error(("priorities", i, "sdgs", j), f"SDG {n} is listed twice for this priority")

    for i, party in enumerate(raw.get("parties") if isinstance(raw.get("parties"), list) else []):
        for key in ("name", "short_name", "representative", "function", "signing_place"):
            value = party.get(key) if isinstance(party, dict) else None
            for text in value.values() if isinstance(value, dict) else [value]:
                if isinstance(text, str) and len(text) > MAX_NAME:
                    ck.error(("parties", i, key), f"is {len(text)} characters long; names stay under {MAX_NAME}")
    for key in ("title", "parties", "priorities", "clauses"):
        if key in raw:
            _check_placeholders(raw[key], (key,), ck, raw.get("status") == "final")
    if isinstance(raw.get("parties"), list) and len(raw["parties"]) == 2:
        partner = raw["parties"][1]
        if isinstance(partner, dict) and partner.get("country") == "BE":
            ck.warn(("parties", 1, "country"), "the partner town is in Belgium too; is the country code right?")

    uses: list[ClauseUse] = []
    raw_clauses = raw.get("clauses") if isinstance(raw.get("clauses"), list) else []
    seen_ids: dict[str, int] = {}
    for i, entry in enumerate(raw_clauses):
        path = ("clauses", i)
        ref = entry if isinstance(entry, str) else entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ref, str):
            continue
        cid, pinned = split_ref(ref)
        id_path = path if isinstance(entry, str) else (*path, "id")
        if isinstance(entry, dict) and entry.get("version") is not None:
            if pinned is not None:
                ck.error(path, "the version is given twice (id@version and version:); keep one")
            pinned = str(entry["version"])
        if pinned is not None and not re.fullmatch(VERSION_PATTERN, pinned):
            ck.error(id_path, f"{pinned!r} is not a version; pin like {cid}@1.0.0")
            pinned = None
        when = entry.get("when") if isinstance(entry, dict) else None
        if isinstance(when, str) and (err := clausetext.condition_error(when)):
            ck.error((*path, "when"), f"cannot read this condition: {err}")
            when = None
        if cid in seen_ids:
            ck.error((*path,), f"clause {cid!r} is already used at clauses[{seen_ids[cid]}]; use each clause once")
            continue
        seen_ids[cid] = i
        clause = library.get(cid)
        if clause is None and cid in library.broken:
            continue  # its own file's errors are reported; "unknown clause" would mislead
        if clause is None:
            ck.error(
                id_path,
                f"unknown clause {cid!r}{suggest(cid, sorted(library.clauses))}; "
                "'agreement-builder clauses list' shows the available clauses",
            )
            continue
        if pinned is not None and not same_version(pinned, clause.version):
            ck.error(
                id_path,
                f"the spec pins {cid}@{pinned}, but the library has version {clause.version} "
                f"in {clause.location.file}; read that text and, if the parties agree to it, update the pin "
                f"(or keep version {pinned} in your own library)",
            )
        given = (entry.get("values") if isinstance(entry, dict) else None) or {}
        if not isinstance(given, dict):
            continue
        values: dict[str, Any] = {}
        for name, value in given.items():
            var = clause.variable(name)
            if var is None:
                names = [v.name for v in clause.variables]
                known = ", ".join(names) if names else "none"
                ck.error(
                    (*path, "values", name),
                    f"clause {cid!r} has no variable {name!r}{suggest(name, names)}; its variables: {known}",
                )
                continue
            if value is None or value is INVALID:
                continue
            checked = check_value(
                var.type, value, (*path, "values", name), ck, party_ids, var.minimum, var.maximum, var.choices
            )
            if checked is not MISSING:
                values[name] = checked
        for var in clause.variables:
            if var.name in given and given[var.name] is not None:
                continue
            if var.required:
                ck.error(
                    path,
                    f"clause {cid!r} needs a value for its required variable {var.name!r} "
                    f"({var.type}: {var.description['nl']}); set it under 'values:'",
                )
            else:
                values[var.name] = var.default
            if var.type == "party" and var.default is not None and var.default not in party_ids:
                ck.error(path, f"clause {cid!r}: default party {var.default!r} of {var.name!r} is not in this spec")
        for need in clause.requires:
            if need == "priorities":
                if not raw.get("priorities"):
                    ck.error(
                        path, f"clause {cid!r} lists the shared priorities, but the spec has none; add priorities:"
                    )
                continue
            for j, party in enumerate(raw.get("parties") or []):
                if isinstance(party, dict) and not party.get(need):
                    ck.error(
                        ("parties", j),
                        f"clause {cid!r} lists each party's {need}, but this party has none; add {need}: "
                        "(or remove the clause)",
                    )
        uses.append(ClauseUse(clause, values, when if isinstance(when, str) else None, source.loc(path), path))

    if data is MISSING or any(p.severity == "error" for p in ck.problems):
        return None, ck.problems
    spec = AgreementSpec(
        path=source.path,
        title=data["title"],
        date=data["date"],
        status=data["status"],
        layout=data["layout"],
        parties=[Party(**p) for p in data["parties"]],
        priorities=[Priority(**p) for p in data["priorities"]],
        clauses=uses,
        library=library,
        source=source,
    )
    _apply_conditions(spec, ck)
    _check_article_refs(spec, ck)
    if any(p.severity == "error" for p in ck.problems):
        return None, ck.problems
    spec.warnings = [p for p in ck.problems if p.severity != "error"]
    return spec, ck.problems


def _apply_conditions(spec: AgreementSpec, ck: Checker) -> None:
    """Drop the clauses whose ``when:`` (in the clause or in the spec) is false.

    Conditions see the spec as the Dutch text would (party views, priorities) plus the
    clause's own values unformatted, so ``since_year > 2000`` compares numbers.
    """
    from jinja2.exceptions import TemplateError

    kept = []
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
        refs = {ref for lang in LANGUAGES for ref, _ in clausetext.article_refs(use.clause.text[lang]) if ref}
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

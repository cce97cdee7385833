"""One clause of a library: a bilingual article in its own YAML file, with typed variables.

parse_clause checks one file on its own (keys, variables, both texts, placeholders, the
condition); the library (library.py) loads many of them and lints them together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import Location, Problem
from agreement_builder.core.schema import (
    ID_PATTERN,
    LANGUAGES,
    MISSING,
    Bool,
    Checker,
    Enum,
    Field,
    Int,
    Key,
    LangText,
    ListOf,
    Mapping,
    Str,
    suggest,
)
from agreement_builder.core.values import check_value
from agreement_builder.core.yamlsource import KeyPath, Source
from agreement_builder.kinds.agreement import clausetext
from agreement_builder.kinds.agreement.rules import HELPERS, RULE_SCHEMA, Rule, parse_rules

VARIABLE_TYPES = ("text", "integer", "boolean", "date", "money", "list", "party", "sdg", "enum")
# Topics the lessons review looks for (see review.py); a clause says which it settles.
TOPICS = ("exit", "joint-evaluation", "expectations-review", "participation", "exchange-balance", "operating-budget")
INSERTS = ("priorities", "signatures")
# Spec data a clause text is about; a spec that uses the clause must provide it.
REQUIREMENTS = ("priorities", "expectations", "contributions")


@dataclass(frozen=True)
class Variable:
    """A typed hole in a clause text that the spec fills (or the default does)."""

    name: str
    type: str
    required: bool
    default: Any
    description: dict[str, str]
    minimum: int | None = None
    maximum: int | None = None
    choices: dict[str, dict[str, str]] | None = None


@dataclass
class Clause:
    """One bilingual article of the library, as written in its YAML file."""

    id: str
    category: str
    version: str
    title: dict[str, str]
    text: dict[str, str]
    variables: list[Variable] = field(default_factory=list)
    insert: str | None = None
    requires: list[str] = field(default_factory=list)
    when: str | None = None
    covers: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # consistency rules, checked by consistency.py
    source: Source | None = None
    library: Path | None = None  # the library folder this clause came from
    # (language, clause id, line) of each article('id') in the texts; see references()
    refs: list[tuple[str, str, int]] | None = field(default=None, repr=False, compare=False)

    def references(self) -> list[tuple[str, str, int]]:
        """Every ``article('id')`` of the texts as (language, id, line), found once and kept.

        Finding them parses the texts with Jinja; the library's cache keeps the result with
        the clause, so a spec's check does not parse them again.
        """
        if self.refs is None:
            self.refs = [
                (lang, ref, line)
                for lang in LANGUAGES
                for ref, line in clausetext.article_refs(self.text[lang])
                if ref is not None
            ]
        return self.refs

    @property
    def content_hash(self) -> str:
        """SHA-256 of what the clause says (not of its file), so comments and key order don't count.

        The lock and the provenance annex record it: a changed word in a title, a text, a
        variable or a condition changes the hash; reformatting the YAML does not.
        """
        import hashlib
        import json

        data = self.to_dict()
        data.pop("file")
        data.pop("library")
        if not data["rules"]:
            data.pop("rules")  # so clauses without rules keep the hash they had before rules existed
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def location(self) -> Location:
        """Where the clause's file starts, for messages."""
        return self.source.loc(()) if self.source else Location("<memory>")

    def variable(self, name: str) -> Variable | None:
        """The declared variable called ``name``, or None."""
        return next((v for v in self.variables if v.name == name), None)

    def text_location(self, lang: str, line_in_text: int = 0) -> Location:
        """Location of a line inside the clause's text, for template errors."""
        if not self.source:
            return Location("<memory>")
        base = self.source.loc(("text", lang))
        return Location(base.file, base.line + line_in_text, 0)

    def to_dict(self) -> dict[str, Any]:
        """Everything about the clause, JSON-ready, with texts under 'nl' and 'es'."""
        return {
            "id": self.id,
            "category": self.category,
            "version": self.version,
            "insert": self.insert,
            "requires": self.requires,
            "when": self.when,
            "covers": self.covers,
            "file": str(self.source.path) if self.source else None,
            "library": str(self.library) if self.library else None,
            "variables": [
                {
                    "name": v.name,
                    "type": v.type,
                    "required": v.required,
                    "default": v.default if not hasattr(v.default, "isoformat") else v.default.isoformat(),
                    "minimum": v.minimum,
                    "maximum": v.maximum,
                    "choices": v.choices,
                    "description": v.description,
                }
                for v in self.variables
            ],
            **{lang: {"title": self.title[lang], "text": self.text[lang]} for lang in LANGUAGES},
            "rules": [r.to_dict() for r in self.rules],
        }


class _Default(Field):
    """Defaults are checked against the declared type after the mapping is read."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        return value


class _Choices(Field):
    """``choices:`` of an enum variable: ids mapped to their label per language.

    A bare list of ids is accepted too; the id then doubles as its label in both languages.
    """

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if isinstance(value, list):
            ids = ListOf(Str(ID_PATTERN, "use lowercase words joined by dashes"), min_items=2).check(value, path, ck)
            return MISSING if ids is MISSING else {i: {lang: i for lang in LANGUAGES} for i in ids}
        if not isinstance(value, dict) or len(value) < 2:
            ck.error(path, "expected at least two choices, as {id: {nl: label, es: label}, …} or a list of ids")
            return MISSING
        out = {}
        for key, label in value.items():
            Str(ID_PATTERN, "use lowercase words joined by dashes").check(key, (*path, key), ck)
            checked = LangText().check(label, (*path, key), ck)
            if checked is not MISSING:
                out[str(key)] = checked
        return out


class _Condition(Field):
    """A ``when:`` condition: a sandboxed Jinja expression, compiled once to catch typos early."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str) or not value.strip():
            ck.error(path, "expected a condition such as \"partner.country_code == 'GT'\"")
            return MISSING
        err = clausetext.condition_error(value)
        if err:
            ck.error(path, f"cannot read this condition: {err}")
            return MISSING
        return value.strip()


VARIABLE_SCHEMA = Mapping(
    {
        "name": Key(Str(r"[a-z][a-z0-9_]*", "use lowercase_snake_case"), required=True),
        "type": Key(Enum(*VARIABLE_TYPES), required=True),
        "required": Key(Bool(), default=False),
        "default": Key(_Default()),
        "description": Key(LangText(), required=True),
        "minimum": Key(Int()),
        "maximum": Key(Int()),
        "choices": Key(_Choices()),
    }
)

CLAUSE_SCHEMA = Mapping(
    {
        "id": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), required=True),
        "category": Key(Str(ID_PATTERN, "use lowercase words joined by dashes"), required=True),
        "version": Key(Str(r"\d+(?:\.\d+){0,2}", "use a version like 1.0.0", allow_numbers=True), required=True),
        "title": Key(LangText(), required=True),
        "variables": Key(ListOf(VARIABLE_SCHEMA), default=[]),
        "insert": Key(Enum(*INSERTS)),
        "requires": Key(ListOf(Enum(*REQUIREMENTS)), default=[]),
        "when": Key(_Condition()),
        "covers": Key(ListOf(Enum(*TOPICS)), default=[]),
        "text": Key(LangText(), required=True),
        "rules": Key(ListOf(RULE_SCHEMA), default=[]),
    }
)


def _attribute_hint(chain: str) -> str:
    base = chain.split("[", 1)[0].split(".", 1)[0]
    attribute = chain.rsplit(".", 1)[-1]
    known = clausetext.AGREEMENT_ATTRIBUTES if base == "agreement" else clausetext.PARTY_ATTRIBUTES
    return f"{suggest(attribute, known)}; {base} has {', '.join(known)}"


def parse_clause(source: Source) -> tuple[Clause | None, list[Problem]]:
    """Validate one clause file; return the clause (if usable) and every problem found.

    The shape comes first (CLAUSE_SCHEMA); then the variables, the texts, the condition and
    the agreement between the two languages are checked one after the other, each by its
    own function, and always all of them, so the author sees every problem in one run.
    """
    ck = Checker(source)
    data = CLAUSE_SCHEMA.check(source.data, (), ck)
    if data is MISSING:
        parts = readable_parts(source)
    else:
        parts = ClauseParts(data["variables"], set(), data["text"], data["when"])
        if data["id"] != source.path.stem:
            ck.error(("id",), f"id {data['id']!r} differs from the file name {source.path.name!r}; make them equal")
    variables = parse_variables(parts.variables, ck)
    declared = {v.name for v in variables} | parts.named | clausetext.GLOBALS
    used = check_texts(parts.texts, declared, source, ck)
    check_filters(parts.texts, used, variables, source, ck)
    if parts.when is not None:
        check_condition(parts.when, declared, ck)
    if len(used) == len(LANGUAGES):
        check_same_expressions(parts.texts, ck)
        check_article_calls(parts.texts, source, ck)
        warn_unused_variables(variables, used, ck)
    if data is MISSING:
        return None, ck.problems
    clause = Clause(
        id=data["id"],
        category=data["category"],
        version=str(data["version"]),
        title=data["title"],
        text=data["text"],
        variables=variables,
        insert=data["insert"],
        requires=data["requires"],
        when=data["when"],
        covers=data["covers"],
        rules=parse_rules(data["rules"]),
        source=source,
    )
    return clause, ck.problems


@dataclass
class ClauseParts:
    """The parts of a clause file the checks after the schema read, as far as they are usable."""

    variables: list[Any]  # checked variable mappings, MISSING for a broken one
    named: set[str]  # names of variables too broken to use, which the texts may still read
    texts: Any  # {nl: …, es: …}, or MISSING
    when: str | None  # a condition that compiles, or None


def readable_parts(source: Source) -> ClauseParts:
    """What can still be checked in a clause file whose shape is wrong.

    The good variables, the texts and the condition are read again with a ``quiet``
    checker, whose problems are dropped: CLAUSE_SCHEMA has reported them already.
    """
    quiet = Checker(source)
    top = source.data if isinstance(source.data, dict) else {}
    items = top.get("variables")
    items = items if isinstance(items, list) else []
    variables = [VARIABLE_SCHEMA.check(v, ("variables", i), quiet) for i, v in enumerate(items)]
    named = {v["name"] for v in items if isinstance(v, dict) and isinstance(v.get("name"), str)}
    texts = LangText().check(top.get("text"), ("text",), quiet)
    when = top.get("when") if isinstance(top.get("when"), str) else None
    when = when if when and clausetext.condition_error(when) is None else None
    return ClauseParts(variables, named, texts, when)


def parse_variables(raw_variables: list[Any], ck: Checker) -> list[Variable]:
    """The usable variables, in order; each is checked on its own and a broken one is left out."""
    variables = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_variables):
        if raw is MISSING:
            continue
        variable = parse_variable(raw, ("variables", i), seen, ck)
        if variable is not None:
            variables.append(variable)
    return variables


def parse_variable(raw: dict[str, Any], path: KeyPath, seen: set[str], ck: Checker) -> Variable | None:
    """One variable whose keys passed VARIABLE_SCHEMA: check how its keys fit together.

    ``seen`` holds the names declared before it, so a name declared twice is reported. A
    variable whose minimum exceeds its maximum is left out: no value could satisfy it.
    """
    minimum, maximum = raw["minimum"], raw["maximum"]
    if minimum is not None and maximum is not None and minimum > maximum:
        ck.error(path, f"minimum {minimum} is larger than maximum {maximum}; swap them")
        return None
    check_variable_name(raw["name"], path, seen, ck)
    if raw["default"] is not None and raw["required"]:
        ck.error(path, "a variable is either required or has a default, not both")
    check_variable_choices(raw, path, ck)
    default = variable_default(raw, path, ck)
    if (minimum is not None or maximum is not None) and raw["type"] != "integer":
        ck.error(path, "minimum and maximum apply to integer variables only")
    return Variable(
        raw["name"], raw["type"], raw["required"], default, raw["description"], minimum, maximum, raw["choices"]
    )


def check_variable_name(name: str, path: KeyPath, seen: set[str], ck: Checker) -> None:
    """Report a name declared twice, or one that the spec data already uses (parties, …)."""
    if name in seen:
        ck.error((*path, "name"), f"variable {name!r} is declared twice")
    seen.add(name)
    if name in clausetext.GLOBALS:
        ck.error((*path, "name"), f"{name!r} is reserved for spec data; choose another name")
    elif name in HELPERS:
        ck.error((*path, "name"), f"{name!r} is the name of a helper that rules call; choose another name")


def check_variable_choices(raw: dict[str, Any], path: KeyPath, ck: Checker) -> None:
    """An enum variable needs ``choices:``; no other type may have them."""
    if raw["type"] == "enum" and raw["choices"] is None:
        ck.error(path, f"enum variable {raw['name']!r} needs 'choices:'")
    elif raw["type"] != "enum" and raw["choices"] is not None:
        ck.error(path, "choices apply to enum variables only")


def variable_default(raw: dict[str, Any], path: KeyPath, ck: Checker) -> Any:
    """The variable's default, checked against its own type, bounds and choices.

    An optional boolean defaults to false. Any other optional variable without a default is
    simply absent: it prints as nothing and is false in {% if %}, which is how a text
    offers an optional phrase.
    """
    default = raw["default"]
    if raw["type"] == "boolean" and default is None and not raw["required"]:
        default = False
    if default is None:
        return None
    return check_value(
        raw["type"], default, (*path, "default"), ck, None, raw["minimum"], raw["maximum"], raw["choices"]
    )


def check_texts(texts: Any, declared: set[str], source: Source, ck: Checker) -> dict[str, set[str]]:
    """Check the text of each language; return the names each readable text uses."""
    used: dict[str, set[str]] = {}
    for lang in LANGUAGES if texts is not MISSING else ():
        names = check_text(lang, texts[lang], declared, source, ck)
        if names is not None:
            used[lang] = names
    return used


def check_text(lang: str, text: str, declared: set[str], source: Source, ck: Checker) -> set[str] | None:
    """One language's text: template syntax, undeclared names, unknown attributes, markup.

    Returns the names the text reads, or None when it cannot even be parsed. Syntax errors
    point at the line inside the text, not at the ``text:`` key.
    """
    err = clausetext.syntax_error(text)
    if err is not None:
        line = err.lineno or 0
        lines = text.splitlines()
        here = lines[line - 1] if 0 < line <= len(lines) else ""
        hint = ""
        if "{{" in here or "{%" in here or "}}" in here:
            hint = "; to print a brace itself, write {{ '{{' }} (or put the passage between {% raw %} and {% endraw %})"
        ck.problems.append(
            Problem(
                _line_in_text(source, lang, line, text, _first_brace(here)),
                f"template error in the {lang} text: {err.message}{hint}",
                f"text.{lang}",
            )
        )
        return None
    if unknown_filters(lang, text, source, ck):
        return None  # the text cannot be compiled, so its names cannot be read either
    used = clausetext.placeholders(text)
    for name in sorted(used - declared):
        ck.problems.append(
            Problem(
                _found_in_text(source, lang, text, name),
                f"placeholder {{{{ {name} }}}} is not a declared variable"
                f"{suggest(name, sorted(declared))}; declare it under 'variables'",
                f"text.{lang}",
            )
        )
    for chain in clausetext.unknown_attributes(text):
        ck.problems.append(
            Problem(
                _found_in_text(source, lang, text, chain),
                f"{{{{ {chain} }}}} does not exist{_attribute_hint(chain)}",
                f"text.{lang}",
            )
        )
    from agreement_builder.kinds.agreement.markup import unsupported_markup  # Markdown only when checking texts

    for what in unsupported_markup(text):
        ck.error(("text", lang), f"contains {what}; clause texts may use paragraphs, lists and emphasis only")
    return used


def unknown_filters(lang: str, text: str, source: Source, ck: Checker) -> bool:
    """Report every filter the text names that does not exist; True if there was one.

    Jinja only finds an unknown filter when it compiles the text, that is while a spec is
    being built (and its own name lookup stops at the first); a library author should hear
    of each one from ``clauses validate``, at its line, with the filters there are.
    """
    known = clausetext.environment().filters
    bad = [call for call in clausetext.filter_calls(text) if call.name not in known]
    for call in bad:
        message = (
            f"unknown filter {call.name!r}{suggest(call.name, sorted(known))}; "
            f"clause texts may use {', '.join(sorted(known))}"
        )
        ck.problems.append(Problem(_filter_location(source, lang, text, call), message, f"text.{lang}"))
    return bool(bad)


def check_filters(
    texts: Any, readable: dict[str, set[str]], variables: list[Variable], source: Source, ck: Checker
) -> None:
    """``in_words`` needs a gender it knows and a whole number to write, checked before anything renders."""
    types = {v.name: v.type for v in variables}
    for lang in readable:
        text = texts[lang]
        for call in clausetext.filter_calls(text):
            if call.name != "in_words":
                continue
            message = clausetext.in_words_problem(call) or _in_words_type(call.target, types)
            if message:
                ck.problems.append(Problem(_filter_location(source, lang, text, call), message, f"text.{lang}"))


def _filter_location(source: Source, lang: str, text: str, call: clausetext.FilterCall) -> Location:
    """The filter's name on its line of the text, as the file numbers lines and columns."""
    lines = text.splitlines()
    here = lines[call.line - 1] if 0 < call.line <= len(lines) else ""
    return _line_in_text(source, lang, call.line, text, max(here.find(call.name), 0))


def _in_words_type(target: str | None, types: dict[str, str]) -> str | None:
    """A variable of another type than integer cannot be written in words (amounts stay in figures)."""
    vtype = types.get(target or "")
    if vtype is None or vtype == "integer":
        return None
    hint = "; amounts of money stay in figures" if vtype == "money" else ""
    return f"in_words writes whole numbers in words, but {target!r} is a {vtype} variable{hint}"


def _line_in_text(source: Source, lang: str, line: int, text: str = "", column: int = 0) -> Location:
    """Where line ``line`` (from 1) of a block text stands in the file, at ``column`` of that line.

    The column is counted in the file, so it adds the block's indentation, found by looking
    the text's line up in the file's line.
    """
    base = source.loc(("text", lang))
    if line <= 0:
        return base
    at = base.line + line
    lines = text.splitlines()
    wanted = lines[line - 1] if line <= len(lines) else ""
    try:
        raw = Path(base.file).read_text(encoding="utf-8").splitlines()[at - 1]
    except (OSError, IndexError, UnicodeDecodeError):
        return Location(base.file, at, 0)  # the text came from memory: the line is still right
    indent = raw.find(wanted) if wanted else -1
    return Location(base.file, at, indent + column + 1 if indent >= 0 else 0)


def _first_brace(line: str) -> int:
    """The column (from 0) of the first template tag on a line, where a syntax error starts."""
    found = [i for i in (line.find("{{"), line.find("{%"), line.find("}}")) if i >= 0]
    return min(found) if found else 0


def _found_in_text(source: Source, lang: str, text: str, name: str) -> Location:
    """The first line of a block text where ``name`` is read, at its column, or the text's key."""
    tag = re.compile(r"\{[{%][^}]*?(?<![\w.])" + re.escape(name) + r"(?![\w])")
    for n, line in enumerate(text.splitlines(), start=1):
        if found := tag.search(line):
            return _line_in_text(source, lang, n, text, found.start())
    return source.loc(("text", lang))


def check_condition(when: str, declared: set[str], ck: Checker) -> None:
    """The clause's ``when:`` may read only spec data and the clause's own variables."""
    for chain in clausetext.unknown_attributes(when, condition=True):
        ck.error(("when",), f"the condition reads {chain!r}, which does not exist{_attribute_hint(chain)}")
    for name in sorted(clausetext.condition_names(when) - declared):
        ck.error(("when",), f"the condition reads {name!r}, which is neither spec data nor a variable")


def check_same_expressions(texts: dict[str, str], ck: Checker) -> None:
    """Both languages must read the same values: both versions of an agreement are authentic."""
    read = {lang: clausetext.expressions(texts[lang]) for lang in LANGUAGES}
    if read["nl"] == read["es"]:
        return
    parts = []
    if only_nl := sorted(read["nl"] - read["es"]):
        parts.append(f"only the Dutch text uses {', '.join(only_nl)}")
    if only_es := sorted(read["es"] - read["nl"]):
        parts.append(f"only the Spanish text uses {', '.join(only_es)}")
    ck.error(("text",), "placeholders differ between the languages: " + "; ".join(parts))


def check_article_calls(texts: dict[str, str], source: Source, ck: Checker) -> None:
    """``article(...)`` must name one clause id in quotes, so references can be checked before rendering."""
    for lang in LANGUAGES:
        for ref, line in clausetext.article_refs(texts[lang]):
            if ref is None:
                ck.problems.append(
                    Problem(
                        _line_in_text(source, lang, line),
                        "article(...) takes one clause id in quotes, e.g. article('exit-edegem')",
                        f"text.{lang}",
                    )
                )


def warn_unused_variables(variables: list[Variable], used: dict[str, set[str]], ck: Checker) -> None:
    """A variable no text prints is likely a leftover or a typo in the text."""
    for v in variables:
        if v.name not in used["nl"] | used["es"]:
            ck.warn(("variables",), f"variable {v.name!r} is declared but never used in the text")

"""A small declarative validator in the spirit of mkdocs' config options.

Each field knows how to check one value and say exactly what is wrong, with the key path and
the line it came from. Validation never stops at the first problem: every field appends to a
shared list so the user can fix everything in one go.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from agreement_builder.core.errors import Problem
from agreement_builder.core.locales import territories
from agreement_builder.core.yamlsource import INVALID, KeyPath, Source

LANGUAGES = ("nl", "es")
MISSING = object()
# Ids of parties, priorities, clauses, lessons…: lowercase words joined by dashes.
ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# Every document kind is a draft (marked as such on every page) until it is final.
STATUSES = ("draft", "final")


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' (did you mean …?)' hint, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def type_name(value: Any) -> str:
    """Name a YAML value's type in the user's terms."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, _dt.date):
        return "a date"
    return type(value).__name__


class Checker:
    """Carries the source and the problem list through one validation pass."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def error(self, path: KeyPath, message: str) -> None:
        """Record an error at the node ``path``."""
        self.problems.append(self.source.problem(path, message))

    def warn(self, path: KeyPath, message: str) -> None:
        """Record a warning at the node ``path``."""
        self.problems.append(self.source.problem(path, message, "warning"))


class Field:
    """Base class: ``check`` returns the cleaned value or MISSING after reporting."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """This field as JSON Schema, for editors; a field that says nothing allows anything."""
        return {}

    def expected(self) -> str:
        """What a value of this field is, in words, for a key given without one (``answers:``)."""
        return "a value"


class Str(Field):
    """Non-empty text, optionally matching a pattern."""

    def __init__(self, pattern: str | None = None, hint: str = "", allow_numbers: bool = False) -> None:
        self.pattern = re.compile(pattern) if pattern else None
        self.hint = hint
        self.allow_numbers = allow_numbers

    def expected(self) -> str:
        return "a text"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if self.allow_numbers and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            ck.error(path, f"expected text, got {type_name(value)}")
            return MISSING
        if not value.strip():
            ck.error(path, "must not be empty")
            return MISSING
        if self.pattern and not self.pattern.fullmatch(value):
            ck.error(path, f"{value!r} is not valid{': ' + self.hint if self.hint else ''}")
            return MISSING
        return value.strip() if "\n" not in value else value

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": ["string", "number"] if self.allow_numbers else "string"}
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern.pattern})$"
        else:
            out["minLength"] = 1
            out["pattern"] = r"\S"
        if self.hint:
            out["description"] = self.hint[0].upper() + self.hint[1:] + "."
        return out


class Int(Field):
    """A whole number within optional bounds (YAML booleans are not numbers)."""

    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def expected(self) -> str:
        return "a whole number"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            ck.error(path, f"expected a whole number, got {type_name(value)}")
            return MISSING
        if self.minimum is not None and value < self.minimum:
            ck.error(path, f"{value} is below the minimum {self.minimum}")
            return MISSING
        if self.maximum is not None and value > self.maximum:
            ck.error(path, f"{value} is above the maximum {self.maximum}")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "integer"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.maximum is not None:
            out["maximum"] = self.maximum
        return out


class Date(Field):
    """A date written as YYYY-MM-DD."""

    def expected(self) -> str:
        return "a date (YYYY-MM-DD)"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                return _dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        ck.error(path, f"expected a date written as YYYY-MM-DD, got {value!r}")
        return MISSING

    def json_schema(self) -> dict[str, Any]:
        # Editors read YAML 1.2, where 2026-11-27 is a string.
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"}


class Bool(Field):
    """true or false."""

    def expected(self) -> str:
        return "true or false"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, bool):
            ck.error(path, f"expected true or false, got {type_name(value)}")
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Enum(Field):
    """One of a fixed set of words; a near miss gets a suggestion."""

    def __init__(self, *choices: str) -> None:
        self.choices = choices

    def expected(self) -> str:
        return f"one of {', '.join(self.choices)}"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if value not in self.choices:
            ck.error(
                path,
                f"{value!r} is not one of {', '.join(self.choices)}{suggest(str(value), self.choices)}",
            )
            return MISSING
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.choices)}


class LangText(Field):
    """Text in both languages: ``{nl: …, es: …}``; a plain string only where names allow it."""

    def __init__(self, allow_plain: bool = False) -> None:
        self.allow_plain = allow_plain

    def expected(self) -> str:
        return "a text in Dutch and Spanish ({nl: …, es: …})"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if self.allow_plain and isinstance(value, str):
            return self._plain(value, path, ck)
        if not isinstance(value, dict):
            plain = " or plain text" if self.allow_plain else ""
            ck.error(path, f"expected a mapping with 'nl' and 'es' texts{plain}, got {type_name(value)}")
            return MISSING
        self._unknown_languages(value, path, ck)
        out = self._texts(value, path, ck)
        return out if len(out) == len(LANGUAGES) else MISSING

    @staticmethod
    def _plain(value: str, path: KeyPath, ck: Checker) -> Any:
        """A name written once stands for both languages (place names rarely differ)."""
        if not value.strip():
            ck.error(path, "must not be empty")
            return MISSING
        return {lang: value.strip() for lang in LANGUAGES}

    @staticmethod
    def _unknown_languages(value: dict[Any, Any], path: KeyPath, ck: Checker) -> None:
        """Keys other than nl and es: usually a typo, or an unquoted comma that split the text."""
        for key in value:
            if key not in LANGUAGES:
                # {nl: a, b, es: c} reads as keys 'nl', 'b', 'es': a comma inside {…} splits the text.
                comma = "; a comma inside {nl: …, es: …} splits a text, so put such a text in quotes"
                hint = suggest(str(key), LANGUAGES) or (comma if value.get(key) is None else "")
                ck.error((*path, key), f"unknown language {key!r}; use nl and es{hint}")

    @staticmethod
    def _texts(value: dict[Any, Any], path: KeyPath, ck: Checker) -> dict[str, str]:
        """The usable text per language; a missing or bad one is reported, never guessed."""
        out = {}
        for lang in LANGUAGES:
            if lang not in value:
                name = "Dutch" if lang == "nl" else "Spanish"
                ck.error(path, f"the {name} text ({lang}) is missing; every text needs nl and es")
                continue
            if value[lang] is INVALID:  # refused while loading; already reported
                continue
            text = Str().check(value[lang], (*path, lang), ck)
            if text is not MISSING:
                out[lang] = text
        return out

    def json_schema(self) -> dict[str, Any]:
        both = {
            "type": "object",
            "properties": {
                "nl": {**Str().json_schema(), "description": "Dutch (formal Flemish) text."},
                "es": {**Str().json_schema(), "description": "Latin-American Spanish text."},
            },
            "required": list(LANGUAGES),
            "additionalProperties": False,
        }
        if self.allow_plain:
            return {"anyOf": [Str().json_schema(), both], "description": "Text for both languages, or {nl: …, es: …}."}
        return {**both, "description": "Text in both languages: {nl: …, es: …}."}


class Country(Field):
    """An ISO 3166 country code, upper-cased; both agreements and reports name the parties' countries."""

    def expected(self) -> str:
        return "a country code (BO, GT, PE …)"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if isinstance(value, bool):
            ck.error(path, "YAML read this country code as yes/no; put it in quotes, e.g. country: 'NO'")
            return MISSING
        if not isinstance(value, str) or value.upper() not in territories() or not value.isalpha():
            ck.error(path, f"{value!r} is not an ISO 3166 country code; use e.g. BE, BO, GT or PE")
            return MISSING
        return value.upper()

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166 code, e.g. BE, BO, GT, PE."}


class ListOf(Field):
    """A list whose items all pass ``item``; every bad item is reported."""

    def __init__(self, item: Field, min_items: int = 0, max_items: int | None = None) -> None:
        self.item, self.min_items, self.max_items = item, min_items, max_items

    def expected(self) -> str:
        return "a list, one '- ' item per line under the key"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, list):
            ck.error(path, f"expected a list, got {type_name(value)}")
            return MISSING
        if len(value) < self.min_items:
            ck.error(path, f"needs at least {self.min_items} item(s), has {len(value)}")
        if self.max_items is not None and len(value) > self.max_items:
            ck.error(path, f"allows at most {self.max_items} item(s), has {len(value)}")
        out = [MISSING if v is INVALID else self.item.check(v, (*path, i), ck) for i, v in enumerate(value)]
        return out if all(v is not MISSING for v in out) else MISSING

    def json_schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        return out


@dataclass
class Key:
    """One key of a Mapping: its field, whether it is required, and its default."""

    field: Field
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass
class Mapping(Field):
    """A mapping with known keys; unknown keys are errors with a suggestion."""

    keys: dict[str, Key] = field(default_factory=dict)

    def expected(self) -> str:
        return "a mapping of keys and values, indented under the key"

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, dict):
            ck.error(path, f"expected a mapping, got {type_name(value)}")
            return MISSING
        out: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in self.keys:
                ck.error(
                    (*path, key),
                    f"unknown key {key!r}{suggest(str(key), list(self.keys))}; allowed keys: {', '.join(self.keys)}",
                )
                ok = False
        for name, spec in self.keys.items():
            if name not in value or value[name] is None:
                if spec.required and name in value:  # `answers:` with nothing under it: its own line
                    ck.error((*path, name), f"is empty; expected {spec.field.expected()}")
                    ok = False
                elif spec.required:
                    ck.error(path, f"missing required key {name!r}")
                    ok = False
                else:
                    out[name] = spec.default
                continue
            if value[name] is INVALID:  # refused while loading; already reported
                ok = False
                continue
            checked = spec.field.check(value[name], (*path, name), ck)
            if checked is MISSING:
                ok = False
            out[name] = checked
        return out if ok else MISSING

    def json_schema(self) -> dict[str, Any]:
        """Unknown keys are errors here, so they are in the schema too (``additionalProperties``)."""
        properties: dict[str, Any] = {}
        for name, spec in self.keys.items():
            prop = spec.field.json_schema()
            if spec.doc:
                prop["description"] = spec.doc
            if spec.default is not None and isinstance(spec.default, str | int | bool):
                prop["default"] = spec.default
            properties[name] = prop
        out: dict[str, Any] = {"type": "object", "properties": properties}
        if required := [name for name, spec in self.keys.items() if spec.required]:
            out["required"] = required
        out["additionalProperties"] = False
        return out

"""Model blocks as plain data (mappings, lists, text, numbers) and back, for files a person reads.

The lock file records the blocks a clause inserts after its text (the priorities, the
signatures) as they were agreed (kinds/agreement/agreed.py). Plain data keeps that record
readable in a git diff: a run of text without emphasis is just its text, and a field at its
default is left out. Reading it back is reading input that may have been edited by hand, or
by someone hostile: only the block types of an allow-list are built, every field is checked
against its declared type, and lists are bounded, so a bad record is refused with the key
path of what is wrong (the caller turns the path into file:line) and never builds an object
the writers do not expect.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from typing import Any

from agreement_builder.model import blocks

# The block types a record may hold at its top, by name; the types inside them follow from
# their fields' declared types.
BLOCKS: dict[str, type] = {"PriorityList": blocks.PriorityList, "Signatures": blocks.Signatures}
_INNER = (blocks.PriorityItem, blocks.SdgRef, blocks.SignatureBlock, blocks.Text)
MAX_ITEMS = 200  # priorities, signature blocks, rows, runs: far more than any agreement has

Path = tuple[str | int, ...]


class SerialError(ValueError):
    """A record that is not a valid block: ``path`` leads to the value, ``message`` says why."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


def to_data(block: Any) -> Any:
    """A block of ``BLOCKS`` as plain data: ``{type: PriorityList, items: [...]}``."""
    name = type(block).__name__
    if BLOCKS.get(name) is not type(block):
        raise TypeError(f"{name} is not a block a record may hold")
    return {"type": name, **_fields(block)}


def _fields(obj: Any) -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.default is not dataclasses.MISSING and value == f.default:
            continue
        out[f.name] = _value(value)
    return out


def _value(value: Any) -> Any:
    if isinstance(value, blocks.Text):
        fields = _fields(value)
        return value.text if list(fields) == ["text"] else fields
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    return value


def from_data(data: Any, path: Path = ()) -> Any:
    """The block ``data`` describes; raises SerialError at the first thing that is not as ``to_data`` writes it."""
    if not isinstance(data, dict) or "type" not in data:
        raise SerialError(path, "expected a block: a mapping with its 'type'")
    cls = BLOCKS.get(str(data["type"]))
    if cls is None:
        raise SerialError(
            (*path, "type"), f"unknown block type {data['type']!r}; a record holds only {', '.join(BLOCKS)}"
        )
    return _build(cls, {k: v for k, v in data.items() if k != "type"}, path)


def _build(cls: type, data: Any, path: Path) -> Any:
    if cls is blocks.Text and isinstance(data, str):
        return blocks.Text(data)
    if not isinstance(data, dict):
        raise SerialError(path, f"expected a mapping for a {cls.__name__}")
    hints = typing.get_type_hints(cls, vars(blocks))
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in data:
        if key not in fields:
            raise SerialError(
                (*path, key), f"unknown field {key!r} of a {cls.__name__}; its fields: {', '.join(fields)}"
            )
    kwargs = {}
    for name, f in fields.items():
        if name in data:
            kwargs[name] = _typed(hints[name], data[name], (*path, name))
        elif f.default is dataclasses.MISSING:
            raise SerialError(path, f"a {cls.__name__} needs its {name!r}")
    if cls is blocks.SdgRef:
        _check_sdg(kwargs, path)
    return cls(**kwargs)


_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def _check_sdg(kwargs: dict[str, Any], path: Path) -> None:
    """An SDG's colour goes into the PDF's style sheet: only a colour, never other CSS."""
    if not _COLOUR.fullmatch(kwargs.get("colour", "")):
        raise SerialError((*path, "colour"), "expected a colour written #RRGGBB")
    if not 1 <= kwargs.get("number", 0) <= 17:
        raise SerialError((*path, "number"), "expected an SDG number from 1 to 17")


def _typed(hint: Any, value: Any, path: Path) -> Any:
    """``value`` as the declared type ``hint``: text, a whole number, yes/no, a tuple, a dataclass."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _typed(inner, value, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise SerialError(path, "expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            if len(value) > MAX_ITEMS:
                raise SerialError(path, f"has {len(value)} items; a record allows at most {MAX_ITEMS}")
            return tuple(_typed(args[0], v, (*path, i)) for i, v in enumerate(value))
        if len(value) != len(args):
            raise SerialError(path, f"expected a list of {len(args)} items")
        return tuple(_typed(a, v, (*path, i)) for i, (a, v) in enumerate(zip(args, value, strict=True)))
    if hint in _INNER:
        return _build(hint, value, path)
    if hint is bool:
        if not isinstance(value, bool):
            raise SerialError(path, "expected true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SerialError(path, "expected a whole number")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise SerialError(path, "expected text")
        return value
    raise SerialError(path, f"a record cannot hold a {hint!r}")

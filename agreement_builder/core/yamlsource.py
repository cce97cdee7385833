"""Safe YAML loading that remembers where every node came from.

Shared clause libraries are untrusted, so aliases (billion-laughs) and duplicate keys (silent
overrides) are errors, and only the safe scalar types are built. Every node's position is kept
in a side table keyed by its path, so validators can say ``file:line`` for any value without
the data itself carrying wrappers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from agreement_builder.core.errors import InputError, Location, Problem

KeyPath = tuple[str | int, ...]


def format_path(path: KeyPath) -> str:
    """Render a key path the way users write it: ``parties[1].name.nl``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Invalid:
    """Marks a node whose value was refused at load time (its problem is already recorded)."""

    def __repr__(self) -> str:
        return "<invalid>"


INVALID = _Invalid()


@dataclass
class Source:
    """A loaded YAML document: plain Python data plus the location of each node."""

    path: Path
    data: Any
    locations: dict[KeyPath, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def loc(self, path: KeyPath) -> Location:
        """Location of the node at ``path`` or, failing that, of its nearest parent."""
        path = tuple(path)
        while path not in self.locations and path:
            path = path[:-1]
        return self.locations.get(path, Location(str(self.path), 1, 1))

    def problem(self, path: KeyPath, message: str, severity: str = "error") -> Problem:
        """A problem pointing at the node at ``path``."""
        return Problem(self.loc(path), message, format_path(path), severity)


MAX_DEPTH = 50


class _Refusals:
    """Composing with our refusals: aliases are refused instead of expanded, nesting stops at MAX_DEPTH.

    Mixed into both loaders below; the composer itself is PyYAML's Python one either way.
    """

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # ``index`` is a list index or, for a mapping value, the key's node.
        if self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise yaml.composer.ComposerError(
                None,
                None,
                "YAML aliases (*name) are not allowed; write the value out in full",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                # Refused where the nesting passes the limit, before Python's own recursion limit.
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"the YAML is nested deeper than {MAX_DEPTH} levels here; no spec or clause needs that many",
                    self.peek_event().start_mark,  # type: ignore[attr-defined]
                )
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._depth -= 1


class _Loader(_Refusals, yaml.SafeLoader):
    """PyYAML's pure-Python loader with our refusals: its messages are the ones we explain (_HINTS)."""


if yaml.__with_libyaml__:
    _CParser: Any = yaml.cyaml.CParser  # type: ignore[attr-defined]  # not exported in the stubs

    class _CLoader(
        _Refusals,
        yaml.composer.Composer,
        _CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml's C scanner and parser, 10–15× faster, under the same Python composer and refusals.

        Only the events come from C: composing them into nodes stays in Python, so aliases,
        depth and positions are handled exactly as by ``_Loader`` (and C recursion never meets
        a deeply nested file). When a file does not parse, it is read again by ``_Loader``,
        whose messages the hints know.
        """

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    LOADERS: tuple[type, ...] = (_CLoader, _Loader)
else:  # pragma: no cover - PyYAML built without libyaml
    LOADERS = (_Loader,)


# The parser's words for the common mistakes, and what to do, in plain words.
_HINTS = (
    ("found character '\\t'", "a tab character: indent with spaces, not tabs"),
    ("mapping values are not allowed here", 'a colon inside a value: put the value in quotes, e.g. title: "A: B"'),
    ("while scanning a quoted scalar", "a quote that is not closed: close it at the end of the value"),
    ("while parsing a flow sequence", "a [ that is not closed: close the list with ]"),
    ("while parsing a flow mapping", "a { that is not closed: close it with }"),
    ("expected <block end>, but found", "the indentation is off: line this key up with the keys around it"),
    ("did not find expected key", "the indentation is off: line this key up with the keys around it"),
    ("found undefined alias", "a * starts an alias: put the value in quotes"),
    ("found character '@'", "a value starting with @ or `: put the value in quotes"),
    ("found character '`'", "a value starting with @ or `: put the value in quotes"),
)


def _hint(message: str) -> str:
    for needle, hint in _HINTS:
        if needle in message:
            return f"{hint} ({message})"
    return message


# The longest clause text is about 2,500 characters. A value many times that is a paste
# gone wrong, and line-breaking it would keep the PDF renderer busy for minutes.
MAX_TEXT = 20_000
# The longest Dutch or Spanish word runs to some 40 letters, a long web address to 150 or so.
# A longer run without a space is a paste gone wrong, and the PDF renderer needs time that
# grows with its square to break it over lines (16,000 characters: half a minute).
MAX_WORD = 200
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")

# Control characters, bidirectional overrides and zero-width characters: invisible in an
# editor, but they can reorder or hide text in the rendered agreement.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _invisible(text: str) -> str:
    match = _INVISIBLE.search(text)
    return f"U+{ord(match.group()):04X}" if match else ""


def _unprintable(text: str) -> str:
    """A symbol or emoji the document fonts (Caladea, Carlito) cannot print, as 'U+1F30D'."""
    import unicodedata

    for ch in text:
        if ord(ch) >= 0x2600 and unicodedata.category(ch) in ("So", "Cn", "Co", "Cs"):
            return f"{ch} (U+{ord(ch):04X})"
    return ""


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


def _mark_location(name: str, mark: Any) -> Location:
    return Location(name, mark.line + 1, mark.column + 1)


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    """PyYAML's error as our problem: at the place to look, in words where PyYAML's are cryptic."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context and exc.context_mark and ("quoted" in exc.context or "flow" in exc.context):
        mark = exc.context_mark  # where the unclosed quote or bracket opened, not where the file ended
    msg = exc.problem or str(exc)
    if exc.context and exc.problem:
        msg = f"{exc.problem} ({exc.context})"
    loc = _mark_location(name, mark) if mark else Location(name)
    duplicate = re.match(r"found duplicate anchor '(.*)'", exc.context or "")
    if isinstance(exc, yaml.composer.ComposerError) and duplicate:
        first = exc.context_mark.line + 1 if exc.context_mark else "?"
        message = (
            f"the anchor '&{duplicate.group(1)}' is set a second time (first on line {first}); "
            "specs and libraries use no anchors or aliases: write each value out"
        )
        return Problem(loc, message)
    if isinstance(exc, yaml.composer.ComposerError) and exc.problem and not exc.context:
        return Problem(loc, exc.problem)  # our own refusals, already in words
    return Problem(loc, f"YAML syntax error: {_hint(msg)}")


def load_yaml_text(text: str, name: str) -> Source:
    """Parse YAML text; raise InputError listing every structural problem found."""
    loader, node = None, None
    if len(LOADERS) > 1:
        fast = LOADERS[0](text)
        try:
            loader, node = fast, fast.get_single_node()
        except (yaml.YAMLError, RecursionError):
            fast.dispose()
            loader = None  # read it again below, for the message our hints explain
    try:
        if loader is None:
            loader = _Loader(text)  # reading starts here: a character YAML refuses fails at once
            node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"contains the control character U+{code:04X}, which YAML does not allow; remove it"
        raise InputError([Problem(Location(name, line, column), message)]) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(exc, name)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(Location(name), f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(Location(name), "the YAML is nested too deeply")]) from None
    source = Source(Path(name), None)
    problems: list[Problem] = []
    try:
        if node is not None:
            source.data = _Converter(loader, source, problems, name).convert(node, ())
    except RecursionError:
        raise InputError([Problem(Location(name), "the YAML is nested too deeply")]) from None
    finally:
        loader.dispose()
    # Value-level problems (a bad date, an invisible character) do not stop loading: the
    # node becomes INVALID, validators skip it, and the caller reports these problems
    # together with everything else it finds.
    source.problems = problems
    return source


def load_yaml(path: Path) -> Source:
    """Read and parse a YAML file; unreadable files become InputErrors, not tracebacks."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(Location(str(path)), "file not found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(Location(str(path)), "is a folder, expected a YAML file")]) from None
    except OSError as exc:
        raise InputError([Problem(Location(str(path)), f"cannot read: {exc.strerror}")]) from None
    return load_yaml_bytes(raw, path)


def load_yaml_bytes(raw: bytes, path: Path) -> Source:
    """Parse a YAML file's bytes, already read (e.g. to hash exactly what is parsed)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(Location(str(path)), _not_utf8(raw, exc))]) from None
    source = load_yaml_text(text, str(path))
    source.path = Path(path)
    return source


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    """Name the encoding a file is in when it can be told, and say how to fix it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > len(raw[:200]) // 4:
        return "this file is UTF-16 (as Notepad's 'Unicode' saves it); save it as UTF-8"
    line = raw[: exc.start].count(b"\n") + 1
    try:
        guess = raw[exc.start : exc.start + 1].decode("cp1252")
    except UnicodeDecodeError:
        guess = ""
    found = f" ({guess!r} in Windows-1252 / Latin-1)" if guess.isprintable() and guess else ""
    return f"not UTF-8 text: line {line} has a byte that UTF-8 does not allow{found}; save the file as UTF-8"


class _Converter:
    """Turns composed YAML nodes into plain data, noting each node's location and refusing unsafe values.

    A refused value becomes INVALID and its problem is recorded; loading goes on, so the
    user sees every such problem at once, together with the validators' findings.
    """

    def __init__(self, loader: Any, source: Source, problems: list[Problem], name: str) -> None:
        self.loader, self.source, self.problems, self.name = loader, source, problems, name

    def convert(self, node: yaml.Node, path: KeyPath) -> Any:
        """The plain value of ``node`` at ``path``: a dict, a list, a scalar, or INVALID."""
        self.source.locations[path] = _mark_location(self.name, node.start_mark)
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            self._refuse(node, path, f"tag {node.tag!r} is not allowed")
            return INVALID
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[Any, Any]:
        """Keys must be plain text and unique: merge keys and duplicates would silently override values."""
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key_loc = _mark_location(self.name, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(key_loc, "mapping keys must be plain text"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(key_loc, "merge keys (<<) are not allowed"))
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                first = self.source.locations.get(child)
                self.problems.append(
                    Problem(
                        key_loc,
                        f"duplicate key {key!r} (first defined on line {first.line if first else '?'}); keep only one",
                        format_path(child),
                    )
                )
                continue
            result[key] = self.convert(value_node, child)
        return result

    def _scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        """Only the safe scalar types are built; a value the loader cannot build is refused."""
        if len(path) > MAX_DEPTH:
            self._refuse(node, path, f"nested deeper than {MAX_DEPTH} levels")
            return INVALID
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self._refuse(node, path, str(exc.problem))
            return INVALID
        except (ValueError, OverflowError):
            # PyYAML recognises 2026-13-45 as a timestamp, then datetime rejects it.
            self._problem(node, path, f"{node.value!r} is not a valid date; write a real calendar date as YYYY-MM-DD")
            return INVALID
        return self._text(node, path, value) if isinstance(value, str) else value

    def _text(self, node: yaml.Node, path: KeyPath, value: str) -> Any:
        """Text that could hide or reorder words, or swamp the renderer, is refused.

        A character the document fonts lack is only a warning: it prints as an empty box.
        """
        if bad := _invisible(value):
            self._problem(
                node,
                path,
                f"contains the invisible character {bad}; such characters can hide or reorder text "
                "in a signed document, remove it",
            )
            return INVALID
        if len(value) > MAX_TEXT:
            self._problem(node, path, f"is {len(value):,} characters long; a single text may have at most {MAX_TEXT:,}")
            return INVALID
        if word := _LONG_WORD.search(value):
            self._problem(
                node,
                path,
                f"has a word of {len(word.group()):,} characters without a space ({word.group()[:20]}…); a word may "
                f"have at most {MAX_WORD}: put in the spaces it lacks, or shorten the web address",
            )
            return INVALID
        if symbol := _unprintable(value):
            self._problem(
                node,
                path,
                f"contains {symbol}, which the document fonts cannot print (it shows as an empty box); "
                "remove it or write it out in words",
                "warning",
            )
        return value

    def _problem(self, node: yaml.Node, path: KeyPath, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(_mark_location(self.name, node.start_mark), message, format_path(path), severity))

    def _refuse(self, node: yaml.Node, path: KeyPath, why: str) -> None:
        self._problem(node, path, f"unsupported YAML value: {why}")

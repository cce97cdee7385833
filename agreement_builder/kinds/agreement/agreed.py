"""The agreed text: what ``lock`` records beside the hashes, and OLD rebuilt from it.

A council approves a version; months later the partners propose changes. By then the
libraries have moved on (a clause improved, a new VVSG version), so the approved spec no
longer builds the approved text. The lock therefore records, after the versions and hashes
that ``check`` compares (lock.py), each article's text as it was agreed: its title, its
Markdown after Jinja per language (exactly what the article was parsed from), the printed
forms of its values (what compare.py recognises a changed value by) and the block it inserts
(the priorities, the signatures). ``diff agreement.lock.yaml agreement.yaml`` then compares
the approved version, laid out again by resolve.py's own ``lay_out``, with the new spec.

The texts are the point of the record (the agreed legal text, reviewable in a git diff), so
they are written as literal blocks, like a clause file, in the spec's order, with no YAML
aliases. ``lock_text`` itself stays versions and hashes only: it is what every PDF embeds and
what the decision's fingerprint hashes, and those must not grow or change.

A lock is input like any other, possibly edited by hand or made to harm: it is read with the
same loader as specs (no aliases, bounded texts and nesting), checked field by field, and
every problem is reported at its file:line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from agreement_builder.core.errors import InputError, Location, Problem
from agreement_builder.core.resources import labels as load_labels
from agreement_builder.core.schema import ID_PATTERN, MISSING, Checker, Field, Key, LangText, Mapping, Str, type_name
from agreement_builder.core.yamlsource import INVALID, KeyPath, load_yaml_bytes
from agreement_builder.kinds.agreement.clause import Clause
from agreement_builder.kinds.agreement.clausetext import REF_END, REF_SEP, REF_START
from agreement_builder.kinds.agreement.compare import FACTS, LANGUAGES, Printed, Version, document_facts, printed_forms
from agreement_builder.kinds.agreement.context import locales_for
from agreement_builder.kinds.agreement.lock import ENTRY as LOCKED_VERSION
from agreement_builder.kinds.agreement.lock import HEADER, lock_path, lock_text
from agreement_builder.kinds.agreement.resolve import FilledClause, filled_clauses, lay_out
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse
from agreement_builder.model.blocks import Block
from agreement_builder.model.serial import SerialError, from_data, to_data

RESOLVED_HEADER = """\

# The agreed version as it prints: the document's title, date and status, then each article's
# title, text (Markdown after the values are filled in), the printed forms of its values and the
# block it inserts. Compare a later version with it: 'agreement-builder diff {lock} {spec}'.
"""

# A lock is read whole: bounded like the other inputs (one text: core/yamlsource.MAX_TEXT).
MAX_LOCK_BYTES = 4_000_000
MAX_ARTICLES = 300
MAX_VALUES = 100  # variables of one clause
MAX_FORMS = 10  # printed forms of one value (plain, and written out in words per gender)

# A reference to another article, as the lock writes it: readable, and the link syntax that
# clause texts may not use themselves.
_REF_WRITTEN = re.compile(rf"(?<!\\)\[([^\[\]\n{REF_START}{REF_SEP}{REF_END}]*)\]\(#(art-(?:nl|es)-{ID_PATTERN})\)")
_REF_MARKED = re.compile(f"{REF_START}([^{REF_SEP}{REF_END}]*){REF_SEP}([^{REF_START}{REF_END}]*){REF_END}")
_VARIABLE = r"[A-Za-z_][A-Za-z0-9_]*"


_LOCK_MARK = HEADER.splitlines()[0].split(":")[0].encode("utf-8")  # "# agreement-builder lock file"


def is_lock(path: Path) -> bool:
    """A lock file: named ``<spec>.lock.yaml`` as ``lock`` writes it, or renamed but still opening
    with the header ``lock`` writes (``approved-2026.yaml`` kept beside the council's decision)."""
    path = Path(path)
    if path.name.endswith(".lock.yaml"):
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_LOCK_MARK)) == _LOCK_MARK
    except OSError:
        return False


# ---------------------------------------------------------------------------------- writing


def resolved_data(spec: AgreementSpec) -> dict[str, Any]:
    """Each article's agreed text, in both languages, as plain data in the spec's order."""
    languages = list(LANGUAGES)
    labels = {lang: load_labels(lang) for lang in languages}
    out: dict[str, Any] = {}
    for filled in filled_clauses(spec, languages, locales_for(spec), labels):
        entry: dict[str, Any] = {
            "title": _Flow(filled.title),
            "text": {lang: _written(filled.markdown[lang]) for lang in languages},
        }
        values = printed_forms(filled.use, spec)
        names = [var.name for var in filled.use.clause.variables if all(var.name in values[lang] for lang in languages)]
        if names:
            entry["values"] = {
                name: _Flow({lang: _FlowList(values[lang][name]) for lang in languages}) for name in names
            }
        if filled.insert:
            entry["insert"] = {lang: _leaves_inline(to_data(block)) for lang, block in filled.insert.items()}
        out[filled.use.clause.id] = entry
    return out


def agreed_lock_text(spec: AgreementSpec) -> str:
    """The lock file ``lock`` writes: ``lock_text`` (versions and hashes), then the agreed texts."""
    header = RESOLVED_HEADER.format(lock=lock_path(spec.path).name, spec=Path(spec.path).name)
    data = {"document": _Flow(document_facts(spec)), "resolved": resolved_data(spec)}
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096)
    return lock_text(spec) + header + body


def write_agreed_lock(spec: AgreementSpec) -> Path:
    """Write the lock with the agreed texts beside the spec, atomically; return its path."""
    from agreement_builder.core.output import write_all_atomic

    path = lock_path(spec.path)
    write_all_atomic([(path, agreed_lock_text(spec).encode("utf-8"))])
    return path


def _leaves_inline(data: Any) -> Any:
    """Each mapping of plain values (a run of text, an SDG) on one line, so a signature row reads as one."""
    if isinstance(data, list):
        return [_leaves_inline(v) for v in data]
    if isinstance(data, dict):
        if all(not isinstance(v, dict | list) for v in data.values()) and "type" not in data:
            return _Flow(data)
        return {k: _leaves_inline(v) for k, v in data.items()}
    return data


def _written(markdown: str) -> str:
    """References to articles as ``[artikel 14](#art-nl-exit)`` instead of the renderer's private marks."""
    return _REF_MARKED.sub(lambda m: f"[{m.group(2)}](#{m.group(1)})", markdown)


def _marked(written: str) -> str:
    return _REF_WRITTEN.sub(lambda m: f"{REF_START}{m.group(2)}{REF_SEP}{m.group(1)}{REF_END}", written)


class _Flow(dict[str, Any]):
    """A small mapping written on one line: ``{nl: …, es: …}``."""


class _FlowList(list[str]):
    """A short list written on one line: ``["2004"]``."""


class _Dumper(yaml.SafeDumper):
    """Python's own emitter (the same bytes with or without libyaml), no aliases, texts as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _flow(dumper: yaml.SafeDumper, data: Any) -> yaml.Node:
    if isinstance(data, list):
        return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Flow, _flow)
_Dumper.add_representer(_FlowList, _flow)


# ---------------------------------------------------------------------------------- reading


class _Exact(Field):
    """Text kept exactly as written (it is what was parsed), possibly empty."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, str):
            ck.error(path, f"expected text, got {type_name(value)}")
            return MISSING
        if any(mark in value for mark in (REF_START, REF_SEP, REF_END)):
            ck.error(
                path, "contains a private-use character the renderer reserves; write references as [text](#anchor)"
            )
            return MISSING
        return value


class _Forms(Field):
    """A value's printed forms: a list of texts, the plain form first."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, list) or not 1 <= len(value) <= MAX_FORMS:
            ck.error(path, f"expected a list of 1 to {MAX_FORMS} printed forms, got {type_name(value)}")
            return MISSING
        forms = [_Exact().check(v, (*path, i), ck) for i, v in enumerate(value)]
        return forms if all(f is not MISSING for f in forms) else MISSING


class _Named(Field):
    """A mapping from names (clause ids, variable names) to ``item``s, at most ``limit`` of them."""

    def __init__(self, item: Field, pattern: str, what: str, limit: int) -> None:
        self.item, self.pattern, self.what, self.limit = item, re.compile(pattern), what, limit

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        if not isinstance(value, dict):
            ck.error(path, f"expected a mapping of {self.what}s, got {type_name(value)}")
            return MISSING
        if len(value) > self.limit:
            ck.error(path, f"has {len(value)} {self.what}s; a lock holds at most {self.limit}")
            return MISSING
        out, ok = {}, True
        for name, item in value.items():
            if not isinstance(name, str) or not self.pattern.fullmatch(name):
                ck.error((*path, name), f"{name!r} is not a {self.what}")
                ok = False
                continue
            checked = MISSING if item is INVALID else self.item.check(item, (*path, name), ck)
            ok = ok and checked is not MISSING
            out[name] = checked
        return out if ok else MISSING


class _Insert(Field):
    """A block the clause inserts, as model/serial.py writes it; anything else is refused where it stands."""

    def check(self, value: Any, path: KeyPath, ck: Checker) -> Any:
        try:
            return from_data(value)
        except SerialError as exc:
            ck.error((*path, *exc.path), exc.message)
            return MISSING


def _both(field: Field) -> Mapping:
    return Mapping({lang: Key(field, required=True) for lang in LANGUAGES})


_ENTRY = Mapping(
    {
        "title": Key(LangText(), required=True),
        "text": Key(_both(_Exact()), required=True),
        "values": Key(_Named(_both(_Forms()), _VARIABLE, "variable", MAX_VALUES)),
        "insert": Key(Mapping({lang: Key(_Insert()) for lang in LANGUAGES})),
    }
)
_RESOLVED = _Named(_ENTRY, ID_PATTERN, "clause id", MAX_ARTICLES)
# The whole lock, so that a misspelt key ('resolvd', 'sha265') is named as such, as check names it.
_LOCK = Mapping(
    {
        "clauses": Key(_Named(LOCKED_VERSION, ID_PATTERN, "clause id", MAX_ARTICLES), required=True),
        "resolved": Key(_RESOLVED),
        # The title per language, date and status as this version printed them (compare.FACTS).
        "document": Key(Mapping({fact: Key(Str(allow_numbers=True)) for fact in FACTS})),
    }
)

_BEFORE_TEXTS = (
    "this lock was written before locks stored the agreed texts: run 'agreement-builder lock' on the "
    "approved version, or compare against the approved spec"
)


def load_agreed(path: Path) -> Version:
    """The version a lock records, to compare a spec with; raises InputError with every problem at file:line."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_LOCK_BYTES:
        message = f"is {size:,} bytes; a lock file has at most {MAX_LOCK_BYTES:,}"
        raise InputError([Problem(Location(str(path)), message)])
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(Location(str(path)), "file not found")]) from None
    except OSError as exc:
        raise InputError([Problem(Location(str(path)), f"cannot read: {exc.strerror}")]) from None
    source = load_yaml_bytes(raw, path)
    data = source.data if isinstance(source.data, dict) else {}
    if "clauses" not in data and "resolved" not in data:
        raise InputError([source.problem((), "not a lock file: 'agreement-builder lock SPEC' writes one")])
    ck = Checker(source)
    checked = _LOCK.check(data, (), ck)
    errors = [p for p in source.problems + ck.problems if p.severity == "error"]
    if errors or checked is MISSING:
        raise InputError(errors or [source.problem((), "not a lock file: 'agreement-builder lock SPEC' writes one")])
    resolved = checked.get("resolved", MISSING)
    if resolved is MISSING or resolved is None:
        raise InputError([source.problem(("clauses",), _BEFORE_TEXTS)])
    facts = checked.get("document")
    known = (
        {k: str(v) for k, v in facts.items() if v is not None and v is not MISSING} if isinstance(facts, dict) else {}
    )
    return _locked_version(resolved, checked["clauses"], known)


def _locked_version(resolved: dict[str, Any], versions: dict[str, Any], facts: dict[str, str]) -> Version:
    """The lock's articles as a side of a comparison: stand-in clauses with the locked texts."""
    filled: list[FilledClause] = []
    printed: dict[str, Printed] = {}
    for cid, entry in resolved.items():
        locked = versions.get(cid)
        version = str(locked.get("version", "")) if isinstance(locked, dict) else ""
        markdown = {lang: _marked(entry["text"][lang]) for lang in LANGUAGES}
        clause = Clause(cid, "", version, entry["title"], markdown)
        insert: dict[str, Block] = {k: v for k, v in (entry.get("insert") or {}).items() if v is not None}
        filled.append(FilledClause(ClauseUse(clause, {}), entry["title"], markdown, insert))
        values = entry.get("values") or {}
        printed[cid] = {lang: {name: forms[lang] for name, forms in values.items()} for lang in LANGUAGES}

    def articles(languages: list[str], labels: dict[str, dict[str, str]]) -> list[Any]:
        return lay_out(filled, languages, labels)

    return Version(articles, lambda use: printed.get(use.clause.id, {}), facts)

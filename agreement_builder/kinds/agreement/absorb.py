"""Edits made in Word come back: what an edited DOCX changed, as spec values and clause overrides.

The DOCX writer marks each article's own text per language; the caller (api.absorb) reads
the edited file and a fresh rendering of the spec with the same reader (writers/docxread.py)
and hands both here as paragraphs per (language, clause id). Each article is compared word
by word with compare.py's walk (the spec's printed values kept whole), and then:

- a change whose every edit replaces a printed value of one of the clause's variables (an
  amount, a number of months) by another value of that type is a *value change*: it goes back
  into the spec's ``values:``, so the clause text keeps its placeholders and conditions;
- any other change rewrites the edited language's text as an *override* of the clause: the
  edited words in the clause markup, with the spec's printed values turned back into the
  placeholders that printed them, checked like any clause file and rendered again to prove
  that building the spec reproduces the edited words exactly. A language whose text did not
  change keeps its original template;
- what cannot be mapped is an error, with article and paragraph: a marker gone, text outside
  the articles changed, template syntax typed into the document (a text from Word never
  becomes template code), a text too long to be a clause. A change in one language only is a
  warning: the other version may be stale.

Nothing here reads or writes files; the plan says what api.absorb writes.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from agreement_builder.core.amounts import readings
from agreement_builder.core.errors import Location, Problem
from agreement_builder.core.values import Money
from agreement_builder.core.yamlsource import load_yaml_text
from agreement_builder.kinds.agreement.clause import Clause, parse_clause
from agreement_builder.kinds.agreement.compare import _Found, _printed_values, diff_blocks
from agreement_builder.kinds.agreement.context import _format, locales_for, render_clause_text
from agreement_builder.kinds.agreement.markup import parse_blocks
from agreement_builder.kinds.agreement.resolve import text_contexts
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse
from agreement_builder.model.blocks import Block, ListBlock, Paragraph, Text

LANGUAGES = ("nl", "es")
LANGUAGE_NAMES = {"nl": "Dutch", "es": "Spanish"}

# More than this many characters in one language of one article is not a clause edit: refused.
MAX_ARTICLE_CHARS = 20_000

# Template syntax a clause text from Word must never carry, nor the marks of a reference.
_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}|[\ue000-\ue002]")

_VALUE_TYPES = ("integer", "money")

# Paragraphs outside the articles reported one by one; the rest are counted.
MAX_REPORTED = 10


class ReadParagraph(Protocol):
    """A paragraph as writers/docxread.py reads it."""

    kind: str  # 'p', 'ol', 'ul', 'cont'
    level: int
    runs: tuple[Text, ...]

    @property
    def text(self) -> str:
        """The paragraph's words."""
        ...


Bodies = dict[tuple[str, str], Sequence[ReadParagraph]]  # (lang, clause id) -> paragraphs


@dataclass(frozen=True)
class ValueEdit:
    """A variable whose new value the edited document printed: it goes into the spec's ``values:``."""

    use: ClauseUse
    variable: str
    value: Any  # int or Money
    printed: dict[str, str]  # lang -> what the edited document says


@dataclass
class Override:
    """A clause whose wording changed: its new texts, as an override in the municipality's library."""

    use: ClauseUse
    number: int
    texts: dict[str, str]  # every language: the edited one rewritten, the other as it was
    changed: list[str]  # the languages whose text changed
    version: str
    yaml: str = ""  # the clause file to write, filled by clause_file()


@dataclass
class Plan:
    """What absorbing an edited DOCX would do, and what it found that it cannot do."""

    values: list[ValueEdit] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: int = 0

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop absorb from writing anything."""
        return [p for p in self.problems if p.severity == "error"]


def plan(
    spec: AgreementSpec,
    fresh: Bodies,
    edited: Bodies,
    outside: tuple[list[tuple[str, str]], list[tuple[str, str]]],
    document: str,
) -> Plan:
    """Compare each article of ``edited`` with the spec's own rendering ``fresh`` and plan the changes.

    ``outside`` holds, for the fresh and the edited file, the paragraphs outside any article's
    text as (where, text); ``document`` names the edited file in messages.
    """
    result = Plan()
    where = Location(document)
    _outside(outside, where, result)
    languages = [lang for lang in LANGUAGES if any(key[0] == lang for key in fresh)]
    contexts, views = text_contexts(spec, languages, locales_for(spec), {lang: _labels(lang) for lang in languages})
    for lang in languages:
        contexts[lang]["\0views"] = views[lang]
    for number, use in enumerate(spec.clauses, start=1):
        _article(spec, number, use, languages, fresh, edited, contexts, where, result)
    return result


def _labels(lang: str) -> dict[str, str]:
    from agreement_builder.core.resources import labels

    return labels(lang)


def _outside(outside: tuple[list[tuple[str, str]], list[tuple[str, str]]], where: Location, result: Plan) -> None:
    """Text added or changed outside every article's own text: it has no clause to go to."""
    old, new = outside
    matcher = difflib.SequenceMatcher(None, [t for _, t in old], [t for _, t in new], autojunk=False)
    added = [p for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("insert", "replace") for p in new[j1:j2]]
    for after, text in added[:MAX_REPORTED]:
        result.problems.append(
            Problem(
                where,
                f"{after}: text outside any article's text cannot be mapped to a clause: "
                f'"{_short(text)}"; an article\'s title, the title page and the text between '
                "articles come from the spec and the library: undo it in the document, or change "
                "the spec or the clause by hand",
            )
        )
    if len(added) > MAX_REPORTED:
        result.problems.append(
            Problem(where, f"{len(added) - MAX_REPORTED} more paragraphs outside the articles' text changed")
        )


def _article(
    spec: AgreementSpec,
    number: int,
    use: ClauseUse,
    languages: list[str],
    fresh: Bodies,
    edited: Bodies,
    contexts: dict[str, dict[str, Any]],
    where: Location,
    result: Plan,
) -> None:
    cid = use.clause.id
    name = f"article {number} ({cid})"
    marked = [lang for lang in languages if (lang, cid) in fresh]
    if not marked:
        return  # an article without text of its own (only what it inserts)
    refusals = _refusals(name, cid, marked, edited, where)
    if refusals:
        result.problems += refusals
        return
    forms = {lang: _printed_values(use, spec, lang) for lang in marked}
    edits = _edits(cid, marked, fresh, edited, forms)
    if not edits:
        result.unchanged += 1
        return
    changed = sorted(edits, key=LANGUAGES.index)
    values = _value_edits(spec, use, edits, forms)
    if len(marked) == 2 and len(changed) == 1:
        one, other = LANGUAGE_NAMES[changed[0]], LANGUAGE_NAMES[next(lang for lang in marked if lang not in changed)]
        why = (
            f"only the {one} text shows the new value; the {other} text will print it too once built"
            if values
            else f"only the {one} text changed; the {other} text may be stale: both versions are authentic, "
            "bring it in line"
        )
        result.problems.append(Problem(where, f"{name}: {why}", severity="warning"))
    if values is not None:
        result.values += values
        return
    _override(spec, number, use, marked, changed, edited, contexts, where, result)


def _refusals(name: str, cid: str, marked: list[str], edited: Bodies, where: Location) -> list[Problem]:
    """What makes an article's edited text unusable: its marker gone, its size, template syntax in it."""
    gone = [lang for lang in marked if (lang, cid) not in edited]
    if gone:
        return [
            Problem(
                where,
                f"{name}, {LANGUAGE_NAMES[lang]}: its marker (bookmark body_{lang}_…) is gone: the article's "
                "text was deleted or retyped over its first paragraph; undo that, or remove the clause from "
                "the spec by hand",
            )
            for lang in gone
        ]
    problems = []
    for lang in marked:
        paragraphs = edited[(lang, cid)]
        size = sum(len(p.text) for p in paragraphs)
        if size > MAX_ARTICLE_CHARS:
            problems.append(
                Problem(
                    where,
                    f"{name}, {LANGUAGE_NAMES[lang]}: {size} characters, more than the {MAX_ARTICLE_CHARS} "
                    "an article may hold; a text this long belongs in an annex",
                )
            )
            continue
        problems += [
            Problem(
                where,
                f"{name}, {LANGUAGE_NAMES[lang]} paragraph {n}: template syntax typed into the "
                f'document ("{_short(p.text)}"); a text from Word never becomes template code: '
                "write placeholders in the clause file itself",
            )
            for n, p in enumerate(paragraphs, start=1)
            if _TEMPLATE.search(p.text)
        ]
    return problems


def _edits(
    cid: str, marked: list[str], fresh: Bodies, edited: Bodies, forms: dict[str, dict[str, list[str]]]
) -> dict[str, list[Any]]:
    """Per language that changed, its word edits (printed values kept whole); None stands for a changed layout."""
    edits: dict[str, list[Any]] = {}
    for lang in marked:
        atoms = {f for fs in forms[lang].values() for f in fs}
        found = _Found((atoms, atoms))
        diff_blocks(_blocks(fresh[(lang, cid)]), _blocks(edited[(lang, cid)]), found)
        shape = [(p.kind, p.level) for p in fresh[(lang, cid)]] != [(p.kind, p.level) for p in edited[(lang, cid)]]
        if found.edits or shape:
            edits[lang] = found.edits if not shape else [*found.edits, None]
    return edits


def _blocks(paragraphs: Sequence[ReadParagraph]) -> list[Block]:
    return [Paragraph(tuple(p.runs)) for p in paragraphs]


# ---------------------------------------------------------------------------------- values


def _value_edits(
    spec: AgreementSpec, use: ClauseUse, edits: dict[str, list[Any]], forms: dict[str, dict[str, list[str]]]
) -> list[ValueEdit] | None:
    """The value changes that explain every edit of the article, or None when some edit is wording."""
    found: dict[str, Any] = {}
    printed: dict[str, dict[str, str]] = {}
    for lang, lang_edits in edits.items():
        for e in lang_edits:
            if e is None:
                return None
            var = next((v for v, fs in forms[lang].items() if e.deleted in fs), None)
            variable = use.clause.variable(var) if var else None
            if variable is None or variable.type not in _VALUE_TYPES:
                return None
            value = _read_value(variable.type, e.inserted, use.values.get(variable.name), spec, lang)
            if value is None or found.get(variable.name, value) != value:
                return None
            found[variable.name] = value
            printed.setdefault(variable.name, {})[lang] = e.inserted
    # The new value must print exactly what the document says ("negen (9)", not "negen (6)"),
    # or building the spec would not reproduce it: otherwise the change is wording.
    new_use = replace(use, values={**use.values, **found})
    for lang, lang_edits in edits.items():
        new_forms = {f for fs in _printed_values(new_use, spec, lang).values() for f in fs}
        if any(e.inserted not in new_forms for e in lang_edits):
            return None
    return [ValueEdit(use, name, value, printed[name]) for name, value in found.items()]


def _read_value(vtype: str, text: str, old: Any, spec: AgreementSpec, lang: str) -> Any:
    """The value ``text`` prints, as the spec would write it: an integer, or an amount in the old currency."""
    text = text.strip()
    if vtype == "integer":
        match = re.fullmatch(r"(?:\w+ )*\(?(\d{1,9})\)?", text)
        return int(match.group(1)) if match else None
    assert isinstance(old, Money)
    try:
        found = readings(text, old.currency, 2, [locales_for(spec)[lang]])
    except ValueError:
        return None
    return Money(found[0].amount, old.currency)


def value_text(value: Any) -> str:
    """A value as the spec's YAML writes it: 12, or an amount's digits (6000, 6000.5)."""
    if isinstance(value, Money):
        amount = value.amount.normalize()
        return f"{amount:f}" if amount != amount.to_integral() else str(int(amount))
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


# ---------------------------------------------------------------------------------- wording


def _override(
    spec: AgreementSpec,
    number: int,
    use: ClauseUse,
    marked: list[str],
    changed: list[str],
    edited: Bodies,
    contexts: dict[str, dict[str, Any]],
    where: Location,
    result: Plan,
) -> None:
    """The clause rewritten in the edited languages, checked, and proven to print the edited words."""
    name = f"article {number} ({use.clause.id})"
    texts = dict(use.clause.text)
    for lang in changed:
        ctx = _context(spec, use, lang, contexts)
        texts[lang] = markup(edited[(lang, use.clause.id)], _printed_placeholders(use, lang, ctx))
    override = Override(use, number, texts, changed, raise_minor(use.clause.version))
    problems = check_override(override, where, name)
    if problems and changed != marked:
        # The edited language lost a loop or a condition the other still has: both languages
        # are written out as printed, so that they read the same values again.
        for lang in marked:
            ctx = _context(spec, use, lang, contexts)
            texts[lang] = markup(edited[(lang, use.clause.id)], _printed_placeholders(use, lang, ctx))
        override = Override(use, number, texts, list(marked), raise_minor(use.clause.version))
        problems = check_override(override, where, name)
    if problems:
        result.problems += problems
        return
    for lang in override.changed:
        ctx = _context(spec, use, lang, contexts)
        new_use = replace(use, clause=replace(use.clause, text=texts))
        printed = _flatten(parse_blocks(render_clause_text(new_use, lang, ctx)))
        wanted = [(p.kind, p.level, _key(p.runs)) for p in edited[(lang, use.clause.id)]]
        if printed != wanted:
            at = next((i for i, (a, b) in enumerate(zip(printed, wanted, strict=False)) if a != b), len(printed))
            result.problems.append(
                Problem(
                    where,
                    f"{name}, {LANGUAGE_NAMES[lang]} paragraph {at + 1}: the edited text cannot be written as "
                    "clause markup that prints it exactly; simplify the paragraph's layout or change the clause "
                    "by hand",
                )
            )
            return
    flattened = [lang for lang in override.changed if "{%" in use.clause.text[lang]]
    if flattened:
        result.problems.append(
            Problem(
                where,
                f"{name}: the {' and '.join(LANGUAGE_NAMES[lang] for lang in flattened)} text's conditions and "
                "loops ({% … %}) are written out as they printed for this spec: the override fits this "
                "agreement only; review it",
                severity="warning",
            )
        )
    result.overrides.append(override)


def _context(spec: AgreementSpec, use: ClauseUse, lang: str, contexts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ctx = dict(contexts[lang])
    locale = locales_for(spec)[lang]
    views = ctx.pop("\0views")
    for var in use.clause.variables:
        ctx[var.name] = _format(var, use.values.get(var.name), lang, locale, views)
    return ctx


_EXPRESSION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)


def _printed_placeholders(use: ClauseUse, lang: str, ctx: dict[str, Any]) -> list[tuple[str, str]]:
    """(printed words, placeholder) for each ``{{ … }}`` of the original text that prints on its own.

    An expression that needs a loop's variable, or prints nothing, or prints a reference
    (``article()``, read back from the document's own REF fields), is left out.
    """
    from agreement_builder.kinds.agreement.context import _template

    out: dict[str, str] = {}
    for expr in dict.fromkeys(_EXPRESSION.findall(use.clause.text[lang])):
        if "article(" in expr:
            continue
        try:
            rendered = _template("{{ " + expr + " }}").render(ctx)
        except Exception:  # noqa: BLE001 - an expression that needs its loop prints only inside it
            continue
        blocks = parse_blocks(rendered)
        words = blocks[0].plain if len(blocks) == 1 and isinstance(blocks[0], Paragraph) else ""
        if words.strip() and words not in out:
            out[words] = "{{ " + expr + " }}"
    return sorted(out.items(), key=lambda kv: len(kv[0]), reverse=True)


def markup(paragraphs: Sequence[ReadParagraph], placeholders: list[tuple[str, str]]) -> str:
    """The paragraphs as clause markup: paragraphs, numbered and bulleted lists, emphasis, placeholders.

    Items are numbered per list and level, from 1, as Word numbers a list that a paragraph
    interrupts; a list item's next paragraph ('cont') is indented under it.
    """
    lines: list[str] = []
    numbers: dict[int, int] = {}  # level -> the last number given in the current list
    in_list = False
    for p in paragraphs:
        text = "".join(_run_markup(r, placeholders) for r in p.runs).strip()
        if p.kind in ("ol", "ul"):
            if not in_list:
                lines.append("")
                numbers = {}
            numbers = {lvl: n for lvl, n in numbers.items() if lvl <= p.level}
            numbers[p.level] = numbers.get(p.level, 0) + 1
            bullet = f"{numbers[p.level]}." if p.kind == "ol" else "-"
            lines.append(f"{'   ' * p.level}{bullet} {text}")
            in_list = True
        elif p.kind == "cont" and in_list:
            lines += ["", f"   {text}"]
        else:
            lines += ["", text]
            in_list = False
    return "\n".join(lines).strip("\n") + "\n"


def _run_markup(run: Text, placeholders: list[tuple[str, str]]) -> str:
    if run.ref:
        return "{{ article('" + run.ref.split("-", 2)[2] + "') }}"
    text = run.text
    if not text.strip():
        return text
    pieces: list[str] = []
    if placeholders:
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w, _ in placeholders))
        lookup = dict(placeholders)
        pos = 0
        for m in pattern.finditer(text):
            pieces += [_escape(text[pos : m.start()]), lookup[m.group()]]
            pos = m.end()
        pieces.append(_escape(text[pos:]))
    else:
        pieces.append(_escape(text))
    body = "".join(pieces)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    core = body.strip()
    mark = "**" if run.bold else ""
    mark += "*" if run.italic else ""
    return f"{lead}{mark}{core}{mark[::-1]}{trail}" if mark else body


_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _escape(text: str) -> str:
    """Literal text that the markup parser gives back unchanged."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    return re.sub(r"^(\s*)(\d+)([.)])(\s)", r"\1\2\\\3\4", re.sub(r"^(\s*)([-+#])(\s)", r"\1\\\2\3", text))


def _key(runs: Sequence[Text]) -> str:
    """What a paragraph says, a reference counted by the article it points at (its printed number may be stale)."""
    return "".join(f"\0ref:{r.ref}\0" if r.ref else r.text for r in runs).strip()


def _flatten(blocks: list[Block], level: int = 0) -> list[tuple[str, int, str]]:
    out: list[tuple[str, int, str]] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(("p", level, _key(block.inlines)))
        elif isinstance(block, ListBlock):
            for item in block.items:
                first = True
                for sub in item:
                    if isinstance(sub, Paragraph):
                        kind = ("ol" if block.ordered else "ul") if first else "cont"
                        out.append((kind, level, _key(sub.inlines)))
                        first = False
                    else:
                        out += _flatten([sub], level + 1)
    return out


def raise_minor(version: str) -> str:
    """1.2.3 → 1.3.0: absorbed wording may change what the clause says, so more than the last number."""
    parts = [int(x) for x in version.split(".")] + [0, 0]
    return f"{parts[0]}.{parts[1] + 1}.0"


# ---------------------------------------------------------------------------------- files


def clause_file(override: Override, document: str, today: _dt.date) -> str:
    """The override's clause file: the original file with its version and edited texts replaced.

    Comments, variables and rules stay as written; a comment at the top records where the
    wording came from.
    """
    clause = override.use.clause
    assert clause.source is not None
    lines = Path(clause.source.path).read_text(encoding="utf-8").splitlines(keepends=True)
    lines = _replace_version(lines, clause.version, override.version)
    source = clause.source
    for lang in sorted(override.changed, key=lambda lang: -source.loc(("text", lang)).line):
        lines = _replace_text(lines, clause, lang, override.texts[lang])
    lines = [ln for ln in lines if not ln.startswith("# yaml-language-server:")]
    languages = " and ".join(LANGUAGE_NAMES[lang] for lang in override.changed)
    note = (
        f"# Absorbed from {document}, {today.isoformat()}: the {languages} wording as edited in that "
        f"document (was {clause.id} {clause.version}).\n"
    )
    return note + "".join(lines)


def _replace_version(lines: list[str], old: str, new: str) -> list[str]:
    out = list(lines)
    for i, line in enumerate(out):
        if re.match(r"version:\s", line):
            out[i] = f"version: {new}\n"
            break
    return out


def _replace_text(lines: list[str], clause: Clause, lang: str, text: str) -> list[str]:
    """The block of ``text.<lang>`` replaced by ``text`` as a literal block scalar."""
    assert clause.source is not None
    key_line = clause.source.loc(("text", lang)).line - 1
    indent = len(lines[key_line]) - len(lines[key_line].lstrip())
    end = key_line + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    while end > key_line + 1 and not lines[end - 1].strip():
        end -= 1
    pad = " " * (indent + 2)
    block = [f"{' ' * indent}{lang}: |\n"] + [f"{pad}{ln}\n" if ln else "\n" for ln in text.rstrip("\n").split("\n")]
    return lines[:key_line] + block + lines[end:]


def check_override(override: Override, where: Location, name: str) -> list[Problem]:
    """The override as the library will read it: every error of its clause file, said of the article."""
    clause = override.use.clause
    assert clause.source is not None
    text = clause_file(override, "check", _dt.date(2000, 1, 1))
    path = Path(clause.source.path)
    source = load_yaml_text(text, str(path))
    source.path = path
    _, problems = parse_clause(source)
    return [
        Problem(where, f"{name}: the edited text does not make a valid clause: {p.message}")
        for p in problems
        if p.severity == "error"
    ]


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------- the spec


def edit_spec(text: str, spec: AgreementSpec, result: Plan, library: str | None) -> str:
    """The spec's text with the plan's values set, pins raised and ``library`` added to ``libraries:``.

    Each change is a targeted edit of the lines that hold it, found by the positions the
    YAML loader recorded, so comments, order and layout stay as the author wrote them.
    Edits are made from the bottom of the file up, so earlier positions stay valid.
    """
    assert spec.source is not None
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, Any]] = []  # (line, column, how to edit), applied bottom-up
    for v in result.values:
        edits.append((*_value_position(spec, v), v))
    for o in result.overrides:
        loc = spec.source.loc(o.use.path)
        edits.append((loc.line, loc.column, o))
    for line, column, what in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if isinstance(what, ValueEdit):
            lines = _set_value(lines, spec, what, line, column)
        else:
            lines = _raise_pin(lines, line, what)
    if library is not None:
        lines = _add_library(lines, spec, library)
    return "".join(lines)


def _value_position(spec: AgreementSpec, v: ValueEdit) -> tuple[int, int]:
    assert spec.source is not None
    path = (*v.use.path, "values", v.variable)
    loc = spec.source.locations.get(path) or spec.source.loc(v.use.path)
    return loc.line, loc.column


def _set_value(lines: list[str], spec: AgreementSpec, v: ValueEdit, line: int, column: int) -> list[str]:
    """The value written where the spec has it, or added under the clause's entry."""
    assert spec.source is not None
    path = (*v.use.path, "values", v.variable)
    new = value_text(v.value)
    amount = spec.source.locations.get((*path, "amount"))
    at = amount or spec.source.locations.get(path)
    if at is not None and not (isinstance(v.value, Money) and amount is None):
        i, col = at.line - 1, at.column - 1
        old = re.match(r"[^\s,}\]#]+", lines[i][col:])
        end = col + (old.end() if old else 0)
        lines[i] = lines[i][:col] + new + lines[i][end:]
        return lines
    if isinstance(v.value, Money):
        new = f"{{amount: {new}, currency: {v.value.currency}}}"
    if at is not None:  # a money value written in one piece: replaced whole
        i, col = at.line - 1, at.column - 1
        lines[i] = lines[i][:col] + new + ("\n" if lines[i].endswith("\n") else "")
        return lines
    return _add_value(lines, spec, v, new)


def _add_value(lines: list[str], spec: AgreementSpec, v: ValueEdit, new: str) -> list[str]:
    """A value the spec left at the clause's default, added to the clause's entry."""
    assert spec.source is not None
    entry = spec.source.loc(v.use.path)
    i = entry.line - 1
    values = spec.source.locations.get((*v.use.path, "values"))
    if isinstance(spec.source.data["clauses"][v.use.path[1]], str):  # "- exit-edegem": becomes a mapping
        dash = lines[i][: entry.column - 1]
        indent = " " * len(dash)
        ref = lines[i][entry.column - 1 :].rstrip("\n").split("#")[0].strip()
        lines[i] = f"{dash}id: {ref}\n"
        return lines[: i + 1] + [f"{indent}values:\n", f"{indent}  {v.variable}: {new}\n"] + lines[i + 1 :]
    indent = " " * (entry.column - 1)
    if values is not None and spec.source.data["clauses"][v.use.path[1]].get("values"):
        j = values.line - 1
        child = lines[j][: len(lines[j]) - len(lines[j].lstrip())]
        return lines[:j] + [f"{child}{v.variable}: {new}\n"] + lines[j:]
    return lines[: i + 1] + [f"{indent}values:\n", f"{indent}  {v.variable}: {new}\n"] + lines[i + 1 :]


def _raise_pin(lines: list[str], line: int, o: Override) -> list[str]:
    """A clause pinned to the old version (``id@1.0.0``) now names the override's version."""
    i = line - 1
    pinned = re.sub(rf"({re.escape(o.use.clause.id)}\s*@\s*)[\d.]+", rf"\g<1>{o.version}", lines[i], count=1)
    lines[i] = pinned
    for j in range(i + 1, min(i + 6, len(lines))):  # or a `version:` key of the entry
        if re.match(r"\s+version:\s", lines[j]) and not lines[j].lstrip().startswith("-"):
            lines[j] = re.sub(r"(version:\s*)\S+", rf"\g<1>{o.version}", lines[j], count=1)
            break
        if lines[j].lstrip().startswith("-"):
            break
    return lines


def _add_library(lines: list[str], spec: AgreementSpec, library: str) -> list[str]:
    """``library`` added to the spec's ``libraries:``, or the key added above the first key."""
    assert spec.source is not None
    data = spec.source.data
    if "libraries" in data and data["libraries"]:
        for i, line in enumerate(lines):
            flow = re.match(r"libraries:\s*\[(.*)\](.*)$", line.rstrip("\n"))
            if flow:
                lines[i] = f"libraries: [{flow.group(1).rstrip()}, {library}]{flow.group(2)}\n"
                return lines
            if re.match(r"libraries:\s*(#.*)?$", line):
                j = i + 1
                while j < len(lines) and re.match(r"\s+-", lines[j]):
                    j += 1
                item = re.match(r"(\s+-\s*)", lines[i + 1]) if i + 1 < len(lines) else None
                return lines[:j] + [f"{item.group(1) if item else '  - '}{library}\n"] + lines[j:]
    first = next(
        (i for i, ln in enumerate(lines) if ln.strip() and not ln.startswith("#") and not ln.startswith("libraries:")),
        0,
    )
    if "libraries" in data:  # `libraries: []`
        return [re.sub(r"^libraries:.*$", f"libraries: [{library}]", ln) for ln in lines]
    return lines[:first] + [f"libraries: [{library}]\n"] + lines[first:]

"""Two versions of an agreement, article by article: the redline and its summary.

Council-approved versions, drafts negotiated in Word and amendments years later are all
specs. Comparing their *resolved* texts (each version with its own libraries and values)
shows what a reader of the agreement sees change, whatever caused it: a clause override, a
new library version, a value. Articles are matched by clause id, not by position, so an
article that moved is a move and not a deletion plus an addition; a number that changed only
because articles were added, removed or moved before it is a renumbering, not a change.

Inside an article, each language is compared block by block (paragraphs, list items) and then
word by word (difflib on word tokens, whitespace and punctuation kept as tokens, a number
such as 5.000 one token). A change whose words are exactly the printed old and new value of a
variable the spec changed is one *value change* named after the variable ("€ 5.000" →
"€ 6.000"), not loose words. A reference to another article is compared by the article it
points to, so "artikel 14" becoming "artikel 15" after a renumbering is no change.

The same walk builds the redline: NEW's articles with every inserted word marked "ins" and
every deleted word marked "del" on its Text run (model/blocks.py), removed articles kept at
their old place with all their text deleted. The writers turn those marks into Word's own
tracked changes (DOCX) and underline/strike-through with a change bar (PDF). The article and
paragraph walk is kept apart from the redline so that reading an edited DOCX back can reuse
it (issue 11, "absorb").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from agreement_builder.core.numwords import GENDERS, MAX_IN_WORDS, in_words
from agreement_builder.core.resources import labels as load_labels
from agreement_builder.kinds.agreement.context import _format, locales_for
from agreement_builder.kinds.agreement.resolve import _Article, resolve, spec_articles
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse
from agreement_builder.model.blocks import (
    Block,
    Heading,
    ListBlock,
    Paragraph,
    PriorityList,
    Signatures,
    Text,
    plain,
)
from agreement_builder.model.document import Document

LANGUAGES = ("nl", "es")
LANGUAGE_NAMES = {"nl": "Dutch", "es": "Spanish"}

# A word, a number written with thousands or decimal separators (5.000, 6.000,50) as one
# token, a stretch of whitespace, or one other character (punctuation, €).
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|\s+|[^\w\s]")

# Variable types whose printed value is a piece of text a change can be recognised by.
_PRINTED_TYPES = ("text", "integer", "date", "money", "enum")

# A changed value printed in at most this many characters is one change; a longer text value
# (a sentence) is compared word by word like the text around it, so the redline shows which words.
VALUE_CHARS = 60

# Below this similarity two paragraphs are a deletion and an insertion, not one edited paragraph.
PAIR_RATIO = 0.4


@dataclass(frozen=True)
class Edit:
    """One stretch of changed words in one language: what was deleted and what was inserted."""

    deleted: str
    inserted: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready: {"deleted": …, "inserted": …}."""
        return {"deleted": self.deleted, "inserted": self.inserted}


@dataclass(frozen=True)
class ValueChange:
    """A variable of the spec whose value changed, as each language prints it before and after."""

    variable: str
    old: dict[str, str]
    new: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: {"variable", "old": {lang: text}, "new": {lang: text}}."""
        return {"variable": self.variable, "old": dict(self.old), "new": dict(self.new)}


@dataclass
class ArticleChange:
    """What happened to one article between the two versions.

    ``status`` lists what applies, in this order: 'added', 'removed', 'moved' (its place among
    the other articles changed), 'renumbered' (only its number changed, because of articles
    before it), 'changed' (its text or a value changed); empty when the article is the same.
    ``stale`` names a language whose text did not change while the other's did.
    """

    clause: str
    old_number: int | None
    new_number: int | None
    title: dict[str, str]
    status: list[str] = field(default_factory=list)
    edits: dict[str, list[Edit]] = field(default_factory=dict)  # lang -> word changes (values apart)
    values: list[ValueChange] = field(default_factory=list)
    stale: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with stable keys (README, "Comparing two versions")."""
        return {
            "clause": self.clause,
            "old_number": self.old_number,
            "new_number": self.new_number,
            "title": dict(self.title),
            "status": list(self.status),
            "changes": {lang: [e.as_dict() for e in self.edits.get(lang, [])] for lang in LANGUAGES},
            "values": [v.as_dict() for v in self.values],
            "stale": self.stale,
        }


@dataclass
class Comparison:
    """Every article of both versions, in the redline's order: NEW's, a removed one at its old place,
    and the document's own facts that changed (title per language, date, status)."""

    articles: list[ArticleChange]
    document: dict[str, tuple[str, str]] = field(default_factory=dict)  # fact -> (old, new)

    @property
    def changed(self) -> list[ArticleChange]:
        """The articles that differ in any way."""
        return [a for a in self.articles if a.status]

    def counts(self) -> dict[str, int]:
        """How many articles have each status; 'unchanged' counts the others."""
        counts = {s: 0 for s in ("added", "removed", "moved", "renumbered", "changed")}
        for a in self.articles:
            for s in a.status:
                counts[s] += 1
        counts["unchanged"] = sum(1 for a in self.articles if not a.status)
        return counts

    def as_dict(self) -> dict[str, Any]:
        """The summary as ``diff --json`` prints it: counts, then each article that differs."""
        return {
            "counts": self.counts(),
            "document": [{"fact": k, "old": o, "new": n} for k, (o, n) in self.document.items()],
            "articles": [a.as_dict() for a in self.changed],
        }


# ---------------------------------------------------------------------------------- words


@dataclass(frozen=True)
class _Token:
    text: str
    run: Text  # the run it came from: its emphasis, language and reference
    key: str  # what is compared: the text, or for a reference the article it points to


def _tokens(runs: Iterable[Text], atoms: Iterable[str] = ()) -> list[_Token]:
    """The runs as tokens; each of ``atoms`` (a printed value) is one token wherever it stands as words."""
    atoms = sorted({a for a in atoms if a.strip()}, key=len, reverse=True)
    atom = re.compile("|".join(rf"(?<!\w){re.escape(a)}(?!\w)" for a in atoms)) if atoms else None
    out: list[_Token] = []
    for run in runs:
        if run.ref:  # "artikel 14": one token, the same as long as it points at the same article
            out.append(_Token(run.text, run, "\0ref:" + run.ref))
            continue
        pos = 0
        for m in atom.finditer(run.text) if atom else ():
            out += [_Token(t, run, t) for t in _TOKEN.findall(run.text[pos : m.start()])]
            out.append(_Token(m.group(), run, m.group()))
            pos = m.end()
        out += [_Token(t, run, t) for t in _TOKEN.findall(run.text[pos:])]
    return out


def _runs(tokens: list[tuple[_Token, str]]) -> tuple[Text, ...]:
    """Tokens (each with its change mark) joined back into as few runs as keep their look."""
    out: list[Text] = []
    for tok, change in tokens:
        run = replace(tok.run, text=tok.text, change=change)
        last = out[-1] if out else None
        if last is not None and not run.ref and not last.ref and replace(last, text="") == replace(run, text=""):
            out[-1] = replace(last, text=last.text + run.text)
        else:
            out.append(run)
    return tuple(out)


def _opcodes(old: list[_Token], new: list[_Token]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with changes separated only by whitespace joined into one ("the quick" → "a slow")."""
    matcher = difflib.SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    merged: list[tuple[str, int, int, int, int]] = []
    for op in matcher.get_opcodes():
        tag, i1, i2, j1, j2 = op
        if merged and tag != "equal" and len(merged) >= 2 and merged[-2][0] != "equal":
            gap = merged[-1]
            if gap[0] == "equal" and all(not t.text.strip() for t in old[gap[1] : gap[2]]):
                first = merged[-2]
                merged[-2:] = [("replace", first[1], i2, first[3], j2)]
                continue
        merged.append(op)
    return merged


def word_diff(
    old: tuple[Text, ...], new: tuple[Text, ...], atoms: tuple[set[str], set[str]] = (set(), set())
) -> tuple[tuple[Text, ...], list[Edit]]:
    """NEW's runs with OLD's deleted words put back, marked, and the edits between them.

    ``atoms`` are the printed old and new values of changed variables, kept whole so that a
    value change is one edit.
    """
    a, b = _tokens(old, atoms[0]), _tokens(new, atoms[1])
    marked: list[tuple[_Token, str]] = []
    edits = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            marked += [(t, "") for t in b[j1:j2]]
            continue
        marked += [(t, "del") for t in a[i1:i2]] + [(t, "ins") for t in b[j1:j2]]
        deleted = "".join(t.text for t in a[i1:i2]).strip()
        inserted = "".join(t.text for t in b[j1:j2]).strip()
        if deleted or inserted:
            edits.append(Edit(deleted, inserted))
    return _runs(marked), edits


# ---------------------------------------------------------------------------------- blocks


def block_text(block: Block | None) -> str:
    """A block's words in reading order, to compare and to report."""
    if isinstance(block, Paragraph):
        return block.plain
    if isinstance(block, ListBlock):
        return "\n".join(block_text(b) for item in block.items for b in item)
    if isinstance(block, Heading):
        return plain(block.text)
    if isinstance(block, PriorityList):
        return "\n".join(f"{p.title} – {p.description} {[s.number for s in p.sdgs]}" for p in block.items)
    if isinstance(block, Signatures):
        return "\n".join(
            plain(s.heading) + " " + " ".join(plain(k) + " " + plain(v) for k, v in s.rows) for s in block.blocks
        )
    return ""


def _marked(block: Block, change: str) -> Block | None:
    """The block with every run marked inserted or deleted; None for a block without runs to mark."""
    if isinstance(block, Paragraph):
        return replace(block, inlines=tuple(replace(t, change=change) for t in block.inlines))
    if isinstance(block, ListBlock):
        items = tuple(tuple(m for b in item if (m := _marked(b, change)) is not None) for item in block.items)
        return replace(block, items=items)
    if change == "ins":  # priorities, signatures: shown as they are now
        return block
    return None


@dataclass
class _Found:
    """What comparing one article in one language found."""

    atoms: tuple[set[str], set[str]]
    edits: list[Edit] = field(default_factory=list)


def _pairs(old: list[Any], new: list[Any], key: Any) -> list[tuple[Any | None, Any | None]]:
    """OLD's and NEW's items aligned: (old, new) for a kept or edited item, (old, None), (None, new)."""
    ka, kb = [key(x) for x in old], [key(x) for x in new]
    out: list[tuple[Any | None, Any | None]] = []
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += list(zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        i = i1
        for j in range(j1, j2):  # each new item takes the most similar old one after the last taken
            best, score = None, PAIR_RATIO
            for k in range(i, i2):
                ratio = difflib.SequenceMatcher(None, ka[k], kb[j], autojunk=False).ratio()
                if type(old[k]) is type(new[j]) and ratio >= score:
                    best, score = k, ratio
            if best is None:
                out.append((None, new[j]))
                continue
            out += [(x, None) for x in old[i:best]]
            out.append((old[best], new[j]))
            i = best + 1
        out += [(x, None) for x in old[i:i2]]
    return out


def _item_key(item: tuple[Block, ...]) -> str:
    return "\n".join(block_text(b) for b in item)


def _block_key(block: Block) -> str:
    return f"{type(block).__name__}:{block_text(block)}"


def diff_blocks(old: list[Block], new: list[Block], found: _Found) -> list[Block]:
    """NEW's blocks with OLD's deleted ones put back at their place, every change marked."""
    out: list[Block] = []
    for a, b in _pairs(old, new, _block_key):
        merged = _diff_block(a, b, found)
        if merged is not None:
            out.append(merged)
    return out


def _diff_block(a: Block | None, b: Block | None, found: _Found) -> Block | None:
    if b is None:
        assert a is not None
        found.edits.append(Edit(block_text(a), ""))
        return _marked(a, "del")
    if a is None:
        found.edits.append(Edit("", block_text(b)))
        return _marked(b, "ins")
    if isinstance(a, Paragraph) and isinstance(b, Paragraph):
        runs, edits = word_diff(a.inlines, b.inlines, found.atoms)
        found.edits += edits
        return replace(b, inlines=runs)
    if isinstance(a, ListBlock) and isinstance(b, ListBlock):
        items = []
        for x, y in _pairs(list(a.items), list(b.items), _item_key):
            item = diff_blocks(list(x or ()), list(y or ()), found)
            if item:
                items.append(tuple(item))
        return replace(b, items=tuple(items))
    if block_text(a) != block_text(b):  # priorities or signatures that changed: shown as they are now
        found.edits.append(Edit(block_text(a), block_text(b)))
    return b


# ---------------------------------------------------------------------------------- values


def _printed_values(use: ClauseUse, spec: AgreementSpec, lang: str) -> dict[str, list[str]]:
    """Each variable of the clause as its text may print it in ``lang``: first as it prints plainly,
    then a count written out as ``in_words`` does ("zes (6)", "una (1)")."""
    locale = locales_for(spec)[lang]
    out = {}
    for var in use.clause.variables:
        value = use.values.get(var.name)
        if var.type not in _PRINTED_TYPES or value is None:
            continue
        printed = str(_format(var, value, lang, locale, {}))
        out[var.name] = [printed]
        if var.type == "integer" and 0 <= value < MAX_IN_WORDS:
            out[var.name] += [f"{in_words(value, lang, gender)} ({printed})" for gender in GENDERS]
    return out


# Per language, each variable's printed forms: {lang: {variable: [forms]}}.
Printed = dict[str, dict[str, list[str]]]


def printed_forms(use: ClauseUse, spec: AgreementSpec) -> Printed:
    """Every printed form of the clause's variables in both languages; the lock records the same."""
    return {lang: _printed_values(use, spec, lang) for lang in LANGUAGES}


def _value_changes(new: ClauseUse, before: Printed, after: Printed) -> list[_Value]:
    """The variables of NEW's clause whose printed forms changed, in every form they print in, before and after.

    Both sides are printed forms, not raw values, so OLD can be a spec or its lock (which keeps
    only what was printed): a value changed when what the agreement prints changed.
    """
    changes = []
    for var in new.clause.variables:
        if not all(var.name in before.get(lang, {}) and var.name in after.get(lang, {}) for lang in LANGUAGES):
            continue
        if all(before[lang][var.name] == after[lang][var.name] for lang in LANGUAGES):
            continue
        forms = {lang: list(zip(before[lang][var.name], after[lang][var.name], strict=False)) for lang in LANGUAGES}
        change = ValueChange(
            var.name,
            {lang: forms[lang][0][0] for lang in LANGUAGES},
            {lang: forms[lang][0][1] for lang in LANGUAGES},
        )
        changes.append(_Value(change, forms))
    return changes


@dataclass(frozen=True)
class _Value:
    """A value change and every (old, new) pair of forms it prints as, per language."""

    change: ValueChange
    forms: dict[str, list[tuple[str, str]]]


# ---------------------------------------------------------------------------------- articles


def _moved(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """The articles kept in both versions whose place among the other kept articles changed."""
    common = set(old_ids) & set(new_ids)
    a = [i for i in old_ids if i in common]
    b = [i for i in new_ids if i in common]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    stayed = {x for block in matcher.get_matching_blocks() for x in a[block.a : block.a + block.size]}
    return common - stayed


def _order(old: list[_Article], new: list[_Article]) -> list[tuple[_Article | None, _Article | None]]:
    """Both versions' articles in NEW's order, a removed one right after the article it followed in OLD."""
    new_ids = {a.use.clause.id for a in new}
    old_by_id = {a.use.clause.id: a for a in old}
    removed_after: dict[str | None, list[_Article]] = {}
    previous: str | None = None
    for a in old:
        cid = a.use.clause.id
        if cid in new_ids:
            previous = cid
        else:
            removed_after.setdefault(previous, []).append(a)
    out: list[tuple[_Article | None, _Article | None]] = [(a, None) for a in removed_after.get(None, [])]
    for b in new:
        cid = b.use.clause.id
        out.append((old_by_id.get(cid), b))
        out += [(a, None) for a in removed_after.get(cid, [])]
    return out


@dataclass
class _Compared:
    """The walk's result: the summary, and the articles to print in the redline."""

    comparison: Comparison
    articles: list[_Article]


def _compare(olds: Version, news: Version, old: list[_Article], new: list[_Article], languages: list[str]) -> _Compared:
    moved = _moved([a.use.clause.id for a in old], [a.use.clause.id for a in new])
    changes, shown = [], []
    for a, b in _order(old, new):
        if b is None:
            assert a is not None
            changes.append(_removed(a, languages))
            shown.append(_removed_article(a, languages))
        elif a is None:
            changes.append(ArticleChange(b.use.clause.id, None, b.number, _titles(b), ["added"]))
            shown.append(_added_article(b, languages))
        else:
            change, article = _kept(a, b, olds, news, languages, b.use.clause.id in moved)
            changes.append(change)
            shown.append(article)
    return _Compared(Comparison(changes), shown)


def _runs_of(words: str | tuple[Text, ...]) -> tuple[Text, ...]:
    return (Text(words),) if isinstance(words, str) else words


def _added_article(b: _Article, languages: list[str]) -> _Article:
    """An added article as the redline shows it: NEW's, its title and text all inserted."""
    heading = {
        lang: replace(h, text=tuple(replace(t, change="ins") for t in _runs_of(h.text)))
        for lang, h in b.heading.items()
    }
    body = {lang: [m if (m := _marked(x, "ins")) is not None else x for x in b.body[lang]] for lang in languages}
    return replace(b, heading=heading, body=body)


def _titles(a: _Article) -> dict[str, str]:
    return {lang: plain(h.text) for lang, h in a.heading.items()}


def _removed(a: _Article, languages: list[str]) -> ArticleChange:
    return ArticleChange(a.use.clause.id, a.number, None, _titles(a), ["removed"])


def _removed_article(a: _Article, languages: list[str]) -> _Article:
    """A removed article as the redline shows it: its old number and title and all its text struck through.

    Its heading is a plain heading (not a counted one), so Word's live article numbers
    count only NEW's articles.
    """
    heading = {}
    body = {}
    for lang in languages:
        old = a.heading[lang]
        runs = (Text(f"{old.label}{old.joiner}"), *_runs_of(old.text))
        heading[lang] = Heading(
            old.level, tuple(replace(t, change="del") for t in runs), style=old.style, anchor=old.anchor
        )
        body[lang] = [m for x in a.body[lang] if (m := _marked(x, "del")) is not None]
    return replace(a, heading=heading, body=body)


def _kept(
    a: _Article, b: _Article, olds: Version, news: Version, languages: list[str], moved: bool
) -> tuple[ArticleChange, _Article]:
    """An article in both versions: its summary and its redline text."""
    values = _value_changes(b.use, olds.printed(a.use), news.printed(b.use))
    change = ArticleChange(b.use.clause.id, a.number, b.number, _titles(b), values=[v.change for v in values])
    heading, body = dict(b.heading), {}
    for lang in languages:
        pairs = {pair for v in values for pair in v.forms[lang] if max(map(len, pair)) <= VALUE_CHARS}
        found = _Found(({old for old, _ in pairs}, {new for _, new in pairs}))
        runs, edits = word_diff(_runs_of(a.heading[lang].text), _runs_of(b.heading[lang].text))
        found.edits += edits
        heading[lang] = replace(b.heading[lang], text=runs)
        body[lang] = diff_blocks(a.body[lang], b.body[lang], found)
        change.edits[lang] = [e for e in found.edits if (e.deleted, e.inserted) not in pairs]
        _as_printed(values, lang, {(e.deleted, e.inserted) for e in found.edits})
    if moved:
        change.status.append("moved")
    elif a.number != b.number:
        change.status.append("renumbered")
    if change.values or any(change.edits.values()):
        change.status.append("changed")
    edited = [lang for lang in languages if change.edits.get(lang)]
    if len(languages) == 2 and len(edited) == 1:
        change.stale = next(lang for lang in languages if lang not in edited)
    return change, replace(b, heading=heading, body=body)


def _as_printed(values: list[_Value], lang: str, seen: set[tuple[str, str]]) -> None:
    """Name each value change by the forms the text printed ("zes (6)" → "negen (9)"), when it
    printed one other than the plain number; the plain forms stay where it printed none."""
    for v in values:
        pair = next((pair for pair in v.forms[lang] if pair in seen), None)
        if pair is not None:
            v.change.old[lang], v.change.new[lang] = pair


# ---------------------------------------------------------------------------------- entry points


Labels = dict[str, dict[str, str]]


@dataclass(frozen=True)
class Version:
    """One side of a comparison: its articles as laid out in given languages, and what its values print.

    A spec is one (``spec_version``); so is a lock that stores the agreed texts (agreed.py),
    whose articles are rebuilt from those texts and whose values are the forms it recorded.
    """

    articles: Callable[[list[str], Labels], list[_Article]]
    printed: Callable[[ClauseUse], Printed]
    facts: dict[str, str] = field(default_factory=dict)  # see document_facts; empty when unknown


# The document's own facts a comparison reports, in this order.
FACTS = ("title.nl", "title.es", "date", "status")


def document_facts(spec: AgreementSpec) -> dict[str, str]:
    """The title as each language prints it, the date and the status: what the redline shows as NEW's."""
    facts = {
        f"title.{lang}": spec.title[lang] if spec.title else load_labels(lang)["document_title"] for lang in LANGUAGES
    }
    return facts | {"date": spec.date.isoformat(), "status": spec.status}


def spec_version(spec: AgreementSpec) -> Version:
    """A spec as a side of a comparison: its articles filled from its libraries and values."""
    return Version(
        lambda languages, labels: spec_articles(spec, languages, labels),
        lambda use: printed_forms(use, spec),
        document_facts(spec),
    )


def _document(olds: Version, news: Version) -> dict[str, tuple[str, str]]:
    """The facts both sides know and that differ (a lock written before locks kept them knows none)."""
    return {
        k: (olds.facts[k], news.facts[k])
        for k in FACTS
        if k in olds.facts and k in news.facts and olds.facts[k] != news.facts[k]
    }


def _version(side: AgreementSpec | Version) -> Version:
    return side if isinstance(side, Version) else spec_version(side)


def compare(old: AgreementSpec | Version, new: AgreementSpec | Version) -> Comparison:
    """The summary of what changed from ``old`` to ``new``, in both languages, without laying anything out."""
    olds, news = _version(old), _version(new)
    languages = list(LANGUAGES)
    labels = {lang: load_labels(lang) for lang in languages}
    comparison = _compare(
        olds, news, olds.articles(languages, labels), news.articles(languages, labels), languages
    ).comparison
    comparison.document = _document(olds, news)
    return comparison


def redline(old: AgreementSpec | Version, new: AgreementSpec, layout: str | None = None) -> Document:
    """NEW in ``layout`` (default: NEW's own) with every change from OLD marked, for the writers.

    The DOCX writer dates its tracked changes with the document's date, NEW's date, so the
    same two versions always give the same file.
    """
    olds, news = _version(old), spec_version(new)

    def edit(articles: list[_Article], languages: list[str], labels: Labels) -> list[_Article]:
        return _compare(olds, news, olds.articles(languages, labels), articles, languages).articles

    return resolve(new, layout, edit=edit)


def summary_lines(comparison: Comparison) -> list[str]:
    """The summary for the terminal: one line per article that differs, then its changes indented."""
    lines = [f"document {fact}: {old} → {new}" for fact, (old, new) in comparison.document.items()]
    for a in comparison.changed:
        numbers = _numbers(a)
        lines.append(f"{numbers} {a.clause} ({a.title['nl']} / {a.title['es']}): {', '.join(a.status)}")
        for v in a.values:
            both = [f"{v.old[lang]} → {v.new[lang]}" for lang in LANGUAGES]
            lines.append(f"    value {v.variable}: {' / '.join(dict.fromkeys(both))}")
        for lang in LANGUAGES:
            for e in a.edits.get(lang, []):
                lines.append(f"    {lang}: {_edit_text(e)}")
        if a.stale:
            other = next(lang for lang in LANGUAGES if lang != a.stale)
            lines.append(
                f"    the {LANGUAGE_NAMES[a.stale]} text did not change while the {LANGUAGE_NAMES[other]} did: "
                "it may be stale"
            )
    counts = comparison.counts()
    lines.append(", ".join(f"{n} {status}" for status, n in counts.items()))
    return lines


def _numbers(a: ArticleChange) -> str:
    if a.old_number is None:
        return f"article {a.new_number} (new)"
    if a.new_number is None:
        return f"article {a.old_number} (old)"
    if a.old_number == a.new_number:
        return f"article {a.new_number}"
    return f"article {a.old_number} → {a.new_number}"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _edit_text(e: Edit) -> str:
    if not e.inserted:
        return f'deleted "{_short(e.deleted)}"'
    if not e.deleted:
        return f'inserted "{_short(e.inserted)}"'
    return f'"{_short(e.deleted)}" → "{_short(e.inserted)}"'

"""Spec + library + layout → one Document.

Clause texts are filled here, per language, with the views of context.py (variables
formatted with Babel, texts rendered in the sandbox); their markup is parsed once and the
articles are numbered. Writers receive finished text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import Any

from agreement_builder.core.locales import country_name
from agreement_builder.core.resources import labels as load_labels
from agreement_builder.core.resources import sdgs
from agreement_builder.core.values import format_date
from agreement_builder.kinds.agreement import clausetext
from agreement_builder.kinds.agreement.context import (
    PartyView,
    _format,
    _party_view,
    languages_for,
    locales_for,
    render_clause_text,
    spec_context,
)
from agreement_builder.kinds.agreement.markup import parse_blocks
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse
from agreement_builder.model.blocks import (
    Block,
    Cell,
    Counter,
    Heading,
    ListBlock,
    Paragraph,
    Parallel,
    ParallelGroup,
    ParallelRow,
    PriorityItem,
    PriorityList,
    Row,
    SdgRef,
    SignatureBlock,
    Signatures,
    Table,
    Text,
    TitleBlock,
    phrase,
    plain,
)
from agreement_builder.model.contents import contents
from agreement_builder.model.document import Document, PageStyle, Part

# Rewrites the articles before they are laid out (a redline shows old and new text in them):
# (articles, languages, labels) -> the articles to print.
ArticleEdit = Callable[[list["_Article"], list[str], dict[str, dict[str, str]]], list["_Article"]]


def resolve(
    spec: AgreementSpec, layout: str | None = None, provenance_annex: bool = False, edit: ArticleEdit | None = None
) -> Document:
    """Build the document model for ``spec`` in ``layout`` (default: the spec's own).

    The provenance (each article's clause id, version and content hash) always goes into
    the model's properties; ``provenance_annex`` also prints it as a last annex. ``edit``
    rewrites the articles before the layout places them (compare.py's redline); the
    provenance still records the spec's own articles.
    """
    layout = layout or spec.layout
    languages = languages_for(layout)
    locales = locales_for(spec)
    labels = {lang: load_labels(lang) for lang in languages}
    own = _articles(spec, languages, locales, labels)
    articles = edit(own, languages, labels) if edit else own
    titles = {lang: _title_block(spec, lang, locales[lang], labels[lang]) for lang in languages}
    page = _page_style(spec, languages, locales, labels)
    if layout == "side-by-side":
        parts = [Part(None, _side_by_side(languages, titles, articles, labels, spec.has_contents), page)]
    else:
        parts = [
            Part(lang, _one_language(lang, titles[lang], articles, labels[lang], spec.has_contents), page, "language")
            for lang in languages
        ]
    provenance = _provenance(spec, own)
    record = json.dumps([e.as_dict() for e in provenance], ensure_ascii=False, separators=(",", ":"))
    if provenance_annex:
        parts.append(Part(None, _provenance_annex(provenance, languages, labels), page, role="annex"))
    first = languages[0]
    used_sdgs = sorted({n for p in spec.priorities for n in p.sdgs})
    return Document(
        style="agreement",
        layout=layout,
        languages=languages,
        locales={lang: locales[lang].replace("_", "-") for lang in languages},
        date=spec.date,
        title=" / ".join(titles[lang].title for lang in languages),
        subject=titles[first].subtitle,
        author=" – ".join(p.name[first] for p in spec.parties),
        keywords=[f"{labels[first]['sdg']} {n}" for n in used_sdgs],
        draft=spec.status == "draft",
        draft_label=labels[first]["draft_mark"],
        watermark=" · ".join(labels[lang]["draft_mark"] for lang in languages) if spec.status == "draft" else "",
        parts=parts,
        properties={"Provenance": _provenance_summary(record, len(provenance))},
        data={"provenance": record},
    )


def _provenance_summary(record: str, count: int) -> str:
    """What fits in a Word custom property: the count and a fingerprint of the whole record."""
    digest = hashlib.sha256(record.encode()).hexdigest()[:16]
    return f"{count} clauses; record sha256:{digest} in the file's provenance data"


@dataclass(frozen=True)
class _Article:
    """One article while the document is assembled: its number, clause and blocks per language."""

    number: int
    use: ClauseUse
    heading: dict[str, Heading]
    body: dict[str, list[Block]]

    def blocks(self, lang: str) -> list[Block]:
        """Heading and body in one language, for the layouts that print one language at a time."""
        return [self.heading[lang], *self.body[lang]]


def spec_articles(spec: AgreementSpec, languages: list[str], labels: dict[str, dict[str, str]]) -> list[_Article]:
    """Every article of ``spec`` filled in ``languages``, as ``resolve`` lays them out (compare.py reads OLD so)."""
    return _articles(spec, languages, locales_for(spec), labels)


def text_contexts(
    spec: AgreementSpec, languages: list[str], locales: dict[str, str], labels: dict[str, dict[str, str]]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, PartyView]]]:
    """What clause texts see in each language (parties, agreement, article()), and the party views."""
    numbers = {use.clause.id: n for n, use in enumerate(spec.clauses, start=1)}
    contexts: dict[str, dict[str, Any]] = {}
    party_views: dict[str, dict[str, PartyView]] = {}
    institutions = spec.library.institutions if spec.library else None
    for lang in languages:
        loc = locales[lang]
        views = {p.id: _party_view(p, lang, loc, institutions) for p in spec.parties}
        party_views[lang] = views
        title = spec.title[lang] if spec.title else labels[lang]["document_title"]
        contexts[lang] = spec_context(spec, lang, loc, views, title)
        contexts[lang]["article"] = clausetext.ArticleReference(
            numbers, labels[lang]["article"].lower(), anchor_prefix=f"art-{lang}-"
        )
    return contexts, party_views


@dataclass(frozen=True)
class FilledClause:
    """One clause use's text as this agreement fills it, before it is parsed and numbered.

    ``markdown`` is the clause's Markdown after Jinja, per language: exactly what the article
    is parsed from. ``insert`` is the block a clause with ``insert:`` adds after its text
    (the priorities, the signatures). The lock records both (agreed.py), so an approved
    version can be laid out again, by ``lay_out``, without its spec or libraries.
    """

    use: ClauseUse
    title: dict[str, str]
    markdown: dict[str, str]
    insert: dict[str, Block]


def filled_clauses(
    spec: AgreementSpec, languages: list[str], locales: dict[str, str], labels: dict[str, dict[str, str]]
) -> list[FilledClause]:
    """Every clause text of ``spec`` filled in ``languages``, with its insert block, in the spec's order."""
    contexts, party_views = text_contexts(spec, languages, locales, labels)
    out = []
    for use in spec.clauses:
        markdown: dict[str, str] = {}
        insert: dict[str, Block] = {}
        for lang in languages:
            ctx = dict(contexts[lang])
            for var in use.clause.variables:
                ctx[var.name] = _format(var, use.values.get(var.name), lang, locales[lang], party_views[lang])
            markdown[lang] = render_clause_text(use, lang, ctx)
            if use.clause.insert == "priorities":
                insert[lang] = _priority_list(spec, lang)
            elif use.clause.insert == "signatures":
                insert[lang] = _signatures(spec, lang, locales[lang], labels[lang], party_views[lang])
        out.append(FilledClause(use, {lang: use.clause.title[lang] for lang in languages}, markdown, insert))
    return out


def lay_out(filled: list[FilledClause], languages: list[str], labels: dict[str, dict[str, str]]) -> list[_Article]:
    """Number the filled clauses and parse them into articles: the one way an article is made.

    The build and the lock's approved version (agreed.py) both come through here, so a
    version rebuilt from its lock is laid out exactly as it was built.
    """
    anchors = {f"art-{lang}-{f.use.clause.id}" for lang in languages for f in filled}
    articles = [
        article(number, f.use, f.title, f.markdown, f.insert, anchors, languages, labels)
        for number, f in enumerate(filled, start=1)
    ]
    _keep_signatures_with_text(articles)
    return articles


def article(
    number: int,
    use: ClauseUse,
    title: dict[str, str],
    markdown: dict[str, str],
    insert: dict[str, Block],
    anchors: set[str],
    languages: list[str],
    labels: dict[str, dict[str, str]],
) -> _Article:
    """One article: its counted heading, and its Markdown parsed with the insert block after it.

    A reference is kept only when it points at one of ``anchors`` (the agreement's articles).
    """
    body: dict[str, list[Block]] = {}
    heading = {}
    for lang in languages:
        blocks = [_known_refs(b, anchors) for b in parse_blocks(markdown[lang])]
        if lang in insert:
            blocks.append(insert[lang])
        body[lang] = _keep_lead_ins(blocks)
        counter = Counter("article", f"{labels[lang]['article']} ", number)
        heading[lang] = Heading(
            1, title[lang], counter.label, style="article", anchor=f"art-{lang}-{use.clause.id}", counter=counter
        )
    return _Article(number, use, heading, body)


def _articles(
    spec: AgreementSpec, languages: list[str], locales: dict[str, str], labels: dict[str, dict[str, str]]
) -> list[_Article]:
    """Fill every clause text in every language, number the articles and parse their markup."""
    return lay_out(filled_clauses(spec, languages, locales, labels), languages, labels)


def _known_refs(block: Block, anchors: set[str]) -> Block:
    """The block with every reference kept only if it points at an article of this agreement.

    ``article()`` only marks real articles; this drops marks that a clause text spelled out
    itself, so the DOCX never holds a cross-reference to a heading that is not there.
    """
    if isinstance(block, Paragraph):
        runs = tuple(t if not t.ref or t.ref in anchors else replace(t, ref="") for t in block.inlines)
        return replace(block, inlines=runs)
    if isinstance(block, ListBlock):
        items = tuple(tuple(_known_refs(b, anchors) for b in item) for item in block.items)
        return replace(block, items=items)
    return block


def _keep_lead_ins(blocks: list[Block]) -> list[Block]:
    """A paragraph right before a list introduces it ("Concreet verbinden de partijen zich ertoe:").

    A legal service reads a lead-in at the foot of a page, with its obligations overleaf, as
    a sentence cut in two; the paragraph keeps with its list.
    """
    introduced = ListBlock | PriorityList
    return [
        replace(b, keep_with_next=True) if isinstance(b, Paragraph) and isinstance(after, introduced) else b
        for b, after in zip(blocks, [*blocks[1:], None], strict=True)
    ]


def _keep_signatures_with_text(articles: list[_Article]) -> None:
    """The signatures never stand on a page of their own.

    A signature page that holds no text of the agreement could be put under another text,
    so a council's legal service refuses it. The article that holds the signatures keeps its
    words with them, and the article before it keeps its last paragraph with that article.
    """
    for i, article in enumerate(articles):
        for lang, body in article.body.items():
            at = next((n for n, b in enumerate(body) if isinstance(b, Signatures)), None)
            if at is None:
                continue
            body[:at] = [replace(b, keep_with_next=True) if isinstance(b, Paragraph) else b for b in body[:at]]
            before = articles[i - 1].body[lang] if i else []
            if before and isinstance(before[-1], Paragraph):
                before[-1] = replace(before[-1], keep_with_next=True)


def _title_block(spec: AgreementSpec, lang: str, locale: str, labels: dict[str, str]) -> TitleBlock:
    # Party names stand without preposition or article: Spanish official names need an
    # article that depends on the name ("el Municipio", "la Municipalidad"), so none is added.
    between = "\u00a0– ".join(f"{p.name[lang]} ({country_name(p.country, locale)})" for p in spec.parties)
    return TitleBlock(
        title=spec.title[lang] if spec.title else labels["document_title"],
        subtitle=between,
        draft_note=f"{labels['draft_mark']} – {labels['draft_note']}" if spec.status == "draft" else "",
    )


def _page_style(
    spec: AgreementSpec, languages: list[str], locales: dict[str, str], labels: dict[str, dict[str, str]]
) -> PageStyle:
    """One page style for the whole agreement: the running titles of its languages, and the draft mark."""
    main = languages[0]
    running = {
        lang: f"{labels[lang]['document_title']} " + " – ".join(p.short_name[lang] for p in spec.parties)
        for lang in languages
    }
    single = len(languages) == 1
    draft = {lang: f"{labels[lang]['draft_mark']} – {labels[lang]['draft_note']}" for lang in languages}
    return PageStyle(
        name="agreement",
        lang=main,
        footer=phrase(running, joiner=" · "),
        page_word=f"{labels[main]['page']} " if single else "",
        page_of=f" {labels[main]['page_of']} " if single else " / ",
        draft_header=phrase(draft, joiner="  ·  ") if spec.status == "draft" else (),
        draft_box="center",
    )


def _one_language(
    lang: str, title: TitleBlock, articles: list[_Article], labels: dict[str, str], with_contents: bool
) -> list[Block]:
    """The title, the contents when wanted, then every article in one language.

    In the sequential layout each language's text is complete on its own (both are equally
    authentic), so each gets its own contents, in its own language.
    """
    body = [b for a in articles for b in a.blocks(lang)]
    head: list[Block] = [title, contents(body, labels["contents"], lang=lang)] if with_contents else [title]
    return [*head, *body]


def _side_by_side(
    languages: list[str],
    titles: dict[str, TitleBlock],
    articles: list[_Article],
    labels: dict[str, dict[str, str]],
    with_contents: bool = False,
) -> list[Block]:
    """The title row, the contents when wanted, then every article with paragraph n of each
    language beside paragraph n.

    Rows where every language has its signature blocks become one bilingual row under both
    columns, so each party signs once. A row whose paragraphs keep with what follows (a
    lead-in, the closing words) keeps with the next row; when that row is a list of at most
    KEEP_LIST_CHARS characters a column, it is not split either, so the lead-in is never left
    alone at a page foot in the column whose first item did not fit. The contents list each
    article once, as the first language's column heads it, under a title in every language.
    """
    title_row = Parallel(
        tuple(languages),
        (ParallelGroup((ParallelRow(tuple(titles[lang] for lang in languages)),)),),
        divider=False,
    )
    groups = []
    for a in articles:
        rows = [ParallelRow(tuple(a.heading[lang] for lang in languages), role="heading")]
        for pair in zip_longest(*(a.body[lang] for lang in languages)):
            if all(isinstance(b, Signatures) for b in pair):
                rows.append(ParallelRow(span=merge_signatures(dict(zip(languages, pair, strict=True))), role="keep"))
            elif any(isinstance(b, Paragraph) and b.keep_with_next for b in pair):
                rows.append(ParallelRow(tuple(pair), role="with-next"))
            elif rows[-1].role == "with-next" and all(_short_list(b) for b in pair):
                rows.append(ParallelRow(tuple(pair), role="keep"))
            else:
                rows.append(ParallelRow(tuple(pair)))
        groups.append(ParallelGroup(tuple(rows), anchor=f"art-{a.use.clause.id}"))
    body = Parallel(
        tuple(languages),
        tuple(groups),
        captions=tuple(labels[lang]["version_label"] for lang in languages),
    )
    if not with_contents:
        return [title_row, body]
    title = phrase({lang: labels[lang]["contents"] for lang in languages})
    return [title_row, contents([body], title), body]


# A list after a lead-in, side by side, is kept on one page up to this many characters a
# column: about two thirds of a page, so moving it leaves at most a third of a page blank.
KEEP_LIST_CHARS = 1400


def _short_list(block: Block | None) -> bool:
    if not isinstance(block, ListBlock):
        return False
    return sum(len(b.plain) for item in block.items for b in item if isinstance(b, Paragraph)) <= KEEP_LIST_CHARS


def merge_signatures(tables: dict[str, Any]) -> Signatures:
    """The per-language signature blocks of one article as bilingual blocks ("Naam / Nombre")."""
    langs = list(tables)
    count = len(tables[langs[0]].blocks)
    blocks = []
    for i in range(count):
        per = {lang: tables[lang].blocks[i] for lang in langs}
        rows = tuple(
            (
                _merge({lang: per[lang].rows[j][0] for lang in langs}),
                _merge({lang: per[lang].rows[j][1] for lang in langs}),
            )
            for j in range(len(per[langs[0]].rows))
        )
        blocks.append(
            SignatureBlock(
                heading=_merge({lang: per[lang].heading for lang in langs}),
                caption=_merge({lang: per[lang].caption for lang in langs}),
                rows=rows,
            )
        )
    return Signatures(tuple(blocks))


def _merge(per_lang: dict[str, tuple[Text, ...]]) -> tuple[Text, ...]:
    return phrase({lang: plain(runs) for lang, runs in per_lang.items()})


@dataclass(frozen=True)
class ResolvedArticle:
    """One article of a resolved agreement, per language: what tests, reviews and diffs compare."""

    clause_id: str
    label: dict[str, str]  # lang -> "Artikel 3"
    title: dict[str, str]  # lang -> the article's title
    body: dict[str, list[Block]]  # lang -> blocks; the bilingual signatures stand in every language


def articles(doc: Document) -> list[ResolvedArticle]:
    """The articles of a resolved agreement, in order, whatever its layout.

    Articles are found by their anchors ("art-<clause id>" on a side-by-side group,
    "art-<lang>-<clause id>" on a heading), which the resolver sets for exactly this.
    """
    found: dict[str, ResolvedArticle] = {}
    for part in doc.parts:
        for block in part.blocks:
            if isinstance(block, Parallel):
                _parallel_articles(block, found)
        if part.lang is not None:
            _flow_articles(part.lang, part.blocks, found)
    return list(found.values())


def _article(found: dict[str, ResolvedArticle], clause_id: str) -> ResolvedArticle:
    return found.setdefault(clause_id, ResolvedArticle(clause_id, {}, {}, {}))


def _parallel_articles(block: Parallel, found: dict[str, ResolvedArticle]) -> None:
    for group in block.groups:
        if not group.anchor.startswith("art-"):
            continue
        article = _article(found, group.anchor.removeprefix("art-"))
        heads, *rows = group.rows
        for lang, head in zip(block.languages, heads.cells, strict=True):
            assert isinstance(head, Heading)
            article.label[lang], article.title[lang] = head.label, plain(head.text)
            column = block.languages.index(lang)
            cells = [r.span if r.span is not None else r.cells[column] for r in rows]
            article.body[lang] = [b for b in cells if b is not None]


def _flow_articles(lang: str, blocks: list[Block], found: dict[str, ResolvedArticle]) -> None:
    current: ResolvedArticle | None = None
    prefix = f"art-{lang}-"
    for block in blocks:
        if isinstance(block, Heading) and block.anchor.startswith(prefix):
            current = _article(found, block.anchor.removeprefix(prefix))
            current.label[lang], current.title[lang] = block.label, plain(block.text)
            current.body[lang] = []
        elif current is not None:
            current.body[lang].append(block)


def _provenance(spec: AgreementSpec, articles: list[_Article]) -> list[ProvenanceEntry]:
    from agreement_builder.kinds.agreement.lock import layer_label

    return [
        ProvenanceEntry(
            a.number,
            a.use.clause.id,
            a.use.clause.version,
            a.use.clause.content_hash,
            layer_label(spec, a.use.clause.library),
        )
        for a in articles
    ]


PROVENANCE_COLUMNS = (
    "provenance_article",
    "provenance_clause",
    "provenance_version",
    "provenance_library",
    "provenance_hash",
)
HASH_SHOWN = 16  # hex digits printed in the annex; the metadata carries all 64
PROVENANCE_WIDTHS = (6, 25, 9, 33, 27)  # per cent of the text width


def _provenance_annex(
    entries: list[ProvenanceEntry], languages: list[str], labels: dict[str, dict[str, str]]
) -> list[Block]:
    """The provenance annex: a heading, one intro per language, a table of every article's source.

    Headers are in every language of the document; the cells are language-neutral except
    the bundled library's name, which is given in each language too.
    """
    title = phrase({lang: labels[lang]["provenance_title"] for lang in languages})
    headers = tuple(phrase({lang: labels[lang][key] for lang in languages}) for key in PROVENANCE_COLUMNS)
    bundled = plain(phrase({lang: labels[lang]["provenance_bundled"] for lang in languages}))
    rows = tuple(
        Row(
            (
                Cell(str(e.article)),
                Cell(e.clause_id),
                Cell(e.version),
                Cell(bundled if e.library == "bundled" else e.library),
                Cell(e.sha256[:HASH_SHOWN]),
            )
        )
        for e in entries
    )
    total = sum(PROVENANCE_WIDTHS)
    table = Table(
        header=headers,
        rows=rows,
        widths=tuple(w / total for w in PROVENANCE_WIDTHS),
        monospace=(False, False, False, False, True),
        style="provenance",
    )
    intros = [
        Paragraph((Text(labels[lang]["provenance_intro"]),), role="provenance-intro", lang=lang) for lang in languages
    ]
    return [Heading(1, title), *intros, table]


@dataclass(frozen=True)
class ProvenanceEntry:
    """Where one article's text came from: clause id, version, content hash, library."""

    article: int
    clause_id: str
    version: str
    sha256: str
    library: str  # "bundled" or the municipality library's folder

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, for the metadata of both formats."""
        return {
            "article": self.article,
            "id": self.clause_id,
            "version": self.version,
            "sha256": self.sha256,
            "library": self.library,
        }


def provenance_json(entries: list[ProvenanceEntry]) -> str:
    """The provenance as compact JSON, the same string in the PDF and the DOCX metadata."""
    return json.dumps([e.as_dict() for e in entries], ensure_ascii=False, separators=(",", ":"))


def _priority_list(spec: AgreementSpec, lang: str) -> PriorityList:
    label = load_labels(lang)["sdg"]
    return PriorityList(
        tuple(
            PriorityItem(
                p.title[lang],
                p.description[lang] if p.description else "",
                tuple(SdgRef(n, sdgs()[n][lang], sdgs()[n]["colour"], label) for n in p.sdgs),
            )
            for p in spec.priorities
        )
    )


FILL_IN = "\u2026" * 14  # a dotted line to write on


def _signatures(
    spec: AgreementSpec, lang: str, locale: str, labels: dict[str, str], views: dict[str, PartyView]
) -> Signatures:
    blocks = []
    for party in spec.parties:
        # A line to date by hand unless the spec knows the day: the parties rarely sign together.
        date = format_date(party.signing_date, locale) if party.signing_date else FILL_IN
        rows = (
            (labels["name"], party.representative),
            (labels["function"], party.function[lang]),
            (labels["place"], party.signing_place),
            (labels["date"], date),
        )
        blocks.append(_signature_block(party.name[lang], labels, rows, lang))
        # A second signatory the party's law requires (the Flemish algemeen directeur) signs
        # beside the first, on the same day and at the same place.
        view = views[party.id]
        if view.co_signatory:
            second = ((labels["name"], view.co_signatory), (labels["function"], view.co_function), *rows[2:])
            blocks.append(_signature_block(party.name[lang], labels, second, lang))
    return Signatures(tuple(blocks))


def _signature_block(heading: str, labels: dict[str, str], rows: Any, lang: str) -> SignatureBlock:
    return SignatureBlock(
        heading=(Text(heading, lang=lang),),
        caption=(Text(labels["signature"], lang=lang),),
        rows=tuple(((Text(k, lang=lang),), (Text(v, lang=lang),)) for k, v in rows),
    )

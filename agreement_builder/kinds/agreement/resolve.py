"""Spec + library + layout → one Document.

Clause texts are filled here, per language, with the views of context.py (variables
formatted with Babel, texts rendered in the sandbox); their markup is parsed once and the
articles are numbered. Writers receive finished text.
"""

from __future__ import annotations

from typing import Any

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
from agreement_builder.kinds.agreement.spectypes import AgreementSpec
from agreement_builder.model.blocks import (
    Article,
    Block,
    Document,
    PriorityItem,
    PriorityList,
    ProvenanceEntry,
    SdgRef,
    SignatureBlock,
    SignatureTable,
    TitleBlock,
)


def resolve(spec: AgreementSpec, layout: str | None = None, provenance_annex: bool = False) -> Document:
    """Build the document model for ``spec`` in ``layout`` (default: the spec's own).

    The provenance (each article's clause id, version and content hash) always goes into
    the model; ``provenance_annex`` also prints it as a last annex.
    """
    from agreement_builder.kinds.agreement.lock import layer_label

    layout = layout or spec.layout
    languages = languages_for(layout)
    locales = locales_for(spec)
    labels = {lang: load_labels(lang) for lang in languages}

    numbers = {use.clause.id: n for n, use in enumerate(spec.clauses, start=1)}
    contexts: dict[str, dict[str, Any]] = {}
    party_views: dict[str, dict[str, PartyView]] = {}
    titles: dict[str, TitleBlock] = {}
    for lang in languages:
        loc = locales[lang]
        views = {p.id: _party_view(p, lang, loc) for p in spec.parties}
        party_views[lang] = views
        title = spec.title[lang] if spec.title else labels[lang]["document_title"]
        # Party names stand without preposition or article: Spanish official names need an
        # article that depends on the name ("el Municipio", "la Municipalidad"), so none is added.
        between = "\u00a0– ".join(f"{v.name} ({v.country})" for v in views.values())
        running = f"{labels[lang]['document_title']} " + " – ".join(v.short_name for v in views.values())
        titles[lang] = TitleBlock(title, between, [v.name for v in views.values()], running)
        contexts[lang] = spec_context(spec, lang, loc, views, title)
        contexts[lang]["article"] = clausetext.ArticleReference(numbers, labels[lang]["article"].lower())

    articles = []
    for number, use in enumerate(spec.clauses, start=1):
        body: dict[str, list[Block]] = {}
        for lang in languages:
            loc = locales[lang]
            ctx = dict(contexts[lang])
            for var in use.clause.variables:
                ctx[var.name] = _format(var, use.values.get(var.name), lang, loc, party_views[lang])
            blocks = parse_blocks(render_clause_text(use, lang, ctx))
            if use.clause.insert == "priorities":
                blocks.append(_priority_list(spec, lang))
            elif use.clause.insert == "signatures":
                blocks.append(_signatures(spec, lang, loc, labels[lang]))
            body[lang] = blocks
        articles.append(
            Article(
                number=number,
                clause_id=use.clause.id,
                clause_version=use.clause.version,
                label={lang: f"{labels[lang]['article']} {number}" for lang in languages},
                title={lang: use.clause.title[lang] for lang in languages},
                body=body,
            )
        )

    first = languages[0]
    used_sdgs = sorted({n for p in spec.priorities for n in p.sdgs})
    return Document(
        languages=languages,
        locales={lang: locales[lang].replace("_", "-") for lang in languages},
        layout=layout,
        draft=spec.status == "draft",
        date=spec.date,
        title=titles,
        articles=articles,
        labels=labels,
        author=" – ".join(p.name[first] for p in spec.parties),
        keywords=[f"{labels[first]['sdg']} {n}" for n in used_sdgs],
        provenance=[
            ProvenanceEntry(
                a.number,
                use.clause.id,
                use.clause.version,
                use.clause.content_hash,
                layer_label(spec, use.clause.library),
            )
            for a, use in zip(articles, spec.clauses, strict=True)
        ],
        provenance_annex=provenance_annex,
    )


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


def _signatures(spec: AgreementSpec, lang: str, locale: str, labels: dict[str, str]) -> SignatureTable:
    blocks = []
    for party in spec.parties:
        # A line to date by hand unless the spec knows the day: the parties rarely sign together.
        date = format_date(party.signing_date, locale) if party.signing_date else FILL_IN
        blocks.append(
            SignatureBlock(
                heading=party.name[lang],
                rows=(
                    (labels["name"], party.representative),
                    (labels["function"], party.function[lang]),
                    (labels["place"], party.signing_place),
                    (labels["date"], date),
                ),
                signature_label=labels["signature"],
            )
        )
    return SignatureTable(tuple(blocks))

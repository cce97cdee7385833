"""Decision spec + layout → one Document: the gemeenteraadsbesluit and the partner's draft act.

Both forms are written from the agreement's facts (kinds/facts.py): its title and version,
its parties as the institution data describes them, the articles that set priorities,
expectations, evaluation, exit, term and operating budget. What the decision spec adds (the
meeting, the budget key, sentences of its own) comes after what the agreement says.
"""

from __future__ import annotations

from collections.abc import Sequence

from agreement_builder.core.locales import country_name, locales_for_countries
from agreement_builder.core.numwords import in_words
from agreement_builder.core.values import format_date, format_money
from agreement_builder.kinds.decision.forms import ActForm, act_articles, act_form, decision_labels
from agreement_builder.kinds.decision.layouts import DECISION_LAYOUTS
from agreement_builder.kinds.decision.spec import Bilingual, DecisionSpec
from agreement_builder.kinds.facts import AgreementFacts, ArticleFacts, InstitutionFacts, PartyFacts
from agreement_builder.model.blocks import (
    Block,
    Cell,
    Decision,
    Heading,
    ListBlock,
    Paragraph,
    Row,
    SignatureBlock,
    Signatures,
    Table,
    Text,
    TitleBlock,
)
from agreement_builder.model.document import Document, PageStyle, Part

FILL_IN = "\u2026" * 14  # a dotted line to write on


def _p(text: str, italic: bool = False, bold: bool = False) -> Paragraph:
    return Paragraph((Text(text, italic=italic, bold=bold),))


def _bullets(texts: Sequence[str]) -> ListBlock:
    return ListBlock(False, tuple((_p(t),) for t in texts))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_title(title: str) -> str:
    """'Samenwerkingsovereenkomst voor …' → 'samenwerkingsovereenkomst voor …' inside a sentence;
    a title that starts with a name or an abbreviation ('VVSG-…') keeps its capital."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _contract(text: str) -> str:
    """Spanish contractions the data's articles form with the sentence's: 'a el' → 'al', 'de el' → 'del'."""
    for loose, tight in ((" a el ", " al "), (" de el ", " del "), ("A el ", "Al "), ("De el ", "Del ")):
        text = text.replace(loose, tight)
    return text


_ES_FEMININE = ("dad", "ión", "ía", "a", "ez", "tud")
_NL_NEUTER = {"bestuur", "gemeentebestuur", "college", "agentschap", "comité", "departement", "district", "fonds"}
_ARTICLES = {"el", "la", "los", "las", "de", "het"}


def named(name: str, lang: str) -> str:
    """An institution's name with its article, as a sentence needs it: 'het Gemeentebestuur …',
    'la Municipalidad Distrital de …', 'el Gobierno Autónomo Municipal de …'.

    The article follows the name's head noun: its first word in Spanish (feminine by ending),
    in Dutch 'het' only for the neuter nouns institutions are named by. A name that starts
    with an article keeps it.
    """
    first = name.split(" ", 1)[0]
    if first.lower() in _ARTICLES:
        return name
    if lang == "es":
        return f"{'la' if first.lower().endswith(_ES_FEMININE) else 'el'} {name}"
    words = {w.lower() for w in name.split()[:4]}
    return f"{'het' if words & _NL_NEUTER else 'de'} {name}"


_LEADS = {
    "el",
    "la",
    "los",
    "las",
    "un",
    "una",
    "en",
    "por",
    "con",
    "desde",
    "este",
    "esta",
    "ambos",
    "ambas",
    "cada",
    "según",
    "durante",
    "tras",
    "mediante",
    "dicho",
    "dicha",
}


def _clause(text: str) -> str:
    """A sentence typed in a spec, as a clause inside the form's own punctuation ("Que, la …;").

    Its final stop goes, and so does the capital of a first word that is no name ('La entidad'
    → 'la entidad'; 'Herent y …' keeps its capital).
    """
    text = text.rstrip().rstrip(".;")
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in _LEADS else text


def _list(items: Sequence[str], locale: str) -> str:
    """'A, B en C' / 'A, B y C'; in Spanish, items that hold commas themselves (a law's title and
    date) get a comma before the last 'y' too, so the reader sees where each ends."""
    from babel.lists import format_list

    items = list(items)
    if locale.startswith("es") and len(items) > 1 and any("," in item for item in items):
        return f"{', '.join(items[:-1])}, y {items[-1]}"
    return format_list(items, locale=locale) if items else ""


class _Writer:
    """What both forms share: the spec, the agreement's facts, one language's labels and locale."""

    def __init__(self, spec: DecisionSpec, lang: str, locale: str):
        self.spec, self.lang, self.locale = spec, lang, locale
        self.facts: AgreementFacts = spec.agreement
        self.lab = decision_labels(lang)
        self.first, self.second = self.facts.parties[0], self.facts.parties[1]

    def t(self, value: Bilingual) -> str:
        return value[self.lang]

    def date(self, value: object) -> str:
        return format_date(value, self.locale)  # type: ignore[arg-type]

    def ref(self, article: ArticleFacts | None) -> str:
        return self.lab["article_ref"].format(number=article.number) if article else ""

    def country(self, party: PartyFacts) -> str:
        return country_name(party.country, self.locale)

    def version(self) -> str:
        f = self.facts
        return self.lab["fact_version"].format(
            date=self.date(f.date), status=self.lab[f"version_{f.status}"], fingerprint=f.fingerprint[:16]
        )

    def priorities(self, key: str) -> str:
        """The priorities with their SDGs, as one list: 'Water (SDG 6 en 13), …'."""
        items = [
            self.lab[key].format(title=self.t(p.title), sdgs=_list([str(n) for n in p.sdgs], self.locale))
            for p in self.facts.priorities
        ]
        return _list(items, self.locale)

    def signatories(self, party: PartyFacts) -> str:
        """Who signs, each with a function set off by commas: 'X, burgemeester, en Y, algemeen directeur,'."""
        people = [f"{party.representative}, {self.t(party.function)},"]
        if party.co_signatory and party.co_function:
            people.append(f"{party.co_signatory}, {self.t(party.co_function)},")
        joiner = " en " if self.lang == "nl" else " y a "
        return joiner.join(people)

    def name(self, party: PartyFacts) -> str:
        """The party's full name with its article, for inside a sentence."""
        return named(self.t(party.name), self.lang)

    def facts_table(self, rows: list[tuple[str, str]]) -> Table:
        return Table(
            header=(), rows=tuple(Row((Cell(k), Cell(v))) for k, v in rows), widths=(0.26, 0.74), style="facts"
        )

    def sections(self, sections: list[tuple[str, str, list[Block]]]) -> list[Block]:
        body: list[Block] = []
        for number, (anchor, heading, blocks) in enumerate(sections, start=1):
            body.append(Heading(1, heading, f"{number}.", joiner=" ", style="section", anchor=f"{self.lang}-{anchor}"))
            body.extend(blocks)
        return body

    def signature(self, heading: str, function: str, name: str | None) -> SignatureBlock:
        """A signature block with name and function: the act itself states its date (the meeting's)."""
        lab = self.lab
        rows = ((lab["name"], name or FILL_IN), (lab["function"], function))
        return SignatureBlock(
            heading=(Text(heading, lang=self.lang),),
            caption=(Text(lab["signature"], lang=self.lang),),
            rows=tuple(((Text(k, lang=self.lang),), (Text(v, lang=self.lang),)) for k, v in rows),
        )


# --------------------------------------------------------------------- the Flemish decision
def _council_decision(spec: DecisionSpec, w: _Writer) -> list[Block]:
    lab, facts, first = w.lab, w.facts, w.first
    title = w.t(facts.title)
    subject = lab["subject"].format(title=title)
    draft = spec.status == "draft"
    rows = [(lab["fact_council"], lab["fact_meeting"].format(date=w.date(spec.council.meeting)))]
    if spec.council.agenda_item:
        rows.append((lab["fact_agenda"], spec.council.agenda_item))
    if spec.officer:
        rows.append((lab["fact_officer"], f"{spec.officer.name}, {w.t(spec.officer.function)}"))
    rows.append((lab["fact_agreement"], f"{title}, {w.version()}"))
    if spec.budget_key:
        rows.append((lab["fact_budget_key"], spec.budget_key))
    head: list[Block] = [
        TitleBlock(
            title=subject,
            issuer=w.t(first.name),
            form=lab["form_title_draft" if draft else "form_title"],
            draft_note=lab["draft_note"] if draft else "",
        ),
        w.facts_table(rows),
    ]
    sections: list[tuple[str, str, list[Block]]] = [
        ("subject", lab["section_subject"], [_p(subject)]),
        ("legal", lab["section_legal"], [_bullets([lab["legal_decree"], *(w.t(x) for x in spec.legal_basis)])]),
        ("context", lab["section_context"], _context_nl(spec, w)),
        ("arguments", lab["section_arguments"], _arguments_nl(spec, w)),
        ("finance", lab["section_finance"], _finance_nl(spec, w)),
        ("decision", lab["section_decision"], [*_vote_nl(spec, w), _articles_nl(spec, w)]),
        ("annexes", lab["section_annexes"], [_annexes(spec, w, "annex_agreement")]),
    ]
    director = first.co_signatory if first.co_signatory else None
    signatures = Signatures(
        (
            w.signature(lab["sign_heading"], lab["sign_director"], director),
            w.signature(lab["sign_heading"], lab["sign_chair"], spec.council.chair),
        )
    )
    return [*head, *w.sections(sections), signatures]


def _context_nl(spec: DecisionSpec, w: _Writer) -> list[Block]:
    lab, facts, first, second = w.lab, w.facts, w.first, w.second
    out = [
        lab["context_draft"].format(
            title_lower=_lower_title(w.t(facts.title)),
            first=w.name(first),
            second=w.name(second),
            country=w.country(second),
            date=w.date(facts.date),
            articles=len(facts.articles),
        )
    ]
    inst = second.institution
    if inst is not None and second.approval_number and second.approval_date:
        laws = _list([w.t(law) for law in inst.laws], w.locale)
        out.append(
            lab["context_partner_done" if second.approval_date <= spec.date else "context_partner_planned"].format(
                short=w.t(second.short_name),
                act=w.t(inst.act),
                number=second.approval_number,
                date=w.date(second.approval_date),
                laws=lab["context_partner_laws"].format(laws=laws) if laws else "",
            )
        )
    elif inst is not None:
        laws = _list([w.t(law) for law in inst.laws], w.locale)
        out.append(
            lab["context_partner"].format(
                short=w.t(second.short_name),
                body=w.t(inst.body),
                act=w.t(inst.act),
                laws=lab["context_partner_laws"].format(laws=laws) if laws else "",
            )
        )
    return [_p(t) for t in [*out, *(w.t(x) for x in spec.context)]]


def _arguments_nl(spec: DecisionSpec, w: _Writer) -> list[Block]:
    """The arguments the agreement itself gives, as far as its articles say them, then the spec's own."""
    facts, lab = w.facts, w.lab
    out = []
    if facts.priorities:
        count = in_words(len(facts.priorities), "nl", "f")
        out.append(lab["argument_priorities"].format(count=count, list=w.priorities("argument_priority")))
    review, evaluation = facts.article("expectations-review"), facts.article("joint-evaluation")
    joint = review is not None and review == evaluation  # one article does both: one argument says so
    for article, key in (
        (facts.article("mutual-expectations"), "argument_expectations"),
        (None if joint else review, "argument_review"),
        (evaluation, "argument_evaluation_review" if joint else "argument_evaluation"),
        (facts.article("exit"), "argument_exit"),
    ):
        if article:
            out.append(lab[key].format(article=w.ref(article)))
    if facts.term_years:
        years = in_words(facts.term_years, "nl")
        out.append(lab["argument_term"].format(years=years, article=w.ref(facts.article("duration"))))
    texts = [*out, *(w.t(x) for x in spec.arguments)]
    return [_bullets(texts)] if texts else []


def _finance_nl(spec: DecisionSpec, w: _Writer) -> list[Block]:
    lab, facts = w.lab, w.facts
    own = facts.budgets.get(w.first.id)
    partner = facts.budgets.get(w.second.id)
    paragraphs = []
    if own is None:
        paragraphs.append(lab["finance_none"])
    else:
        article = w.ref(facts.article("operating-budget"))
        key = lab["finance_key"].format(key=spec.budget_key) if spec.budget_key else lab["finance_no_key"]
        paragraphs.append(f"{lab['finance_budget'].format(amount=format_money(own, w.locale), article=article)} {key}")
    if partner is not None:
        short = w.t(w.second.short_name)
        article = w.ref(facts.article("operating-budget"))
        paragraphs.append(
            lab["finance_partner"].format(short=short, amount=format_money(partner, w.locale), article=article)
        )
    paragraphs.extend(w.t(x) for x in spec.financial)
    return [_p(t) for t in paragraphs]


def _vote_nl(spec: DecisionSpec, w: _Writer) -> list[Block]:
    """The vote, once the council has held it: 'Goedgekeurd met 21 stemmen voor, …'."""
    if spec.council.vote is None:
        return []
    votes_for, against, abstain = spec.council.vote
    lab = w.lab
    if not against and not abstain:
        return [_p(lab["vote_unanimous"].format(votes_for=votes_for))]
    counts = [lab["vote_for"].format(n=votes_for)]
    counts += [lab["vote_against"].format(n=against)] if against else []
    counts += [lab["vote_abstain"].format(n=abstain)] if abstain else []
    return [_p(lab["vote"].format(counts=_list(counts, w.locale)))]


def _articles_nl(spec: DecisionSpec, w: _Writer) -> Decision:
    lab, facts, first, second = w.lab, w.facts, w.first, w.second
    label = first.institution.label["nl"] if first.institution else "gemeente"
    texts = [
        lab["decide_approve"].format(
            title_lower=_lower_title(w.t(facts.title)),
            first=w.name(first),
            second=w.name(second),
            country=w.country(second),
        ),
        lab["decide_sign"].format(signatories=w.signatories(first), label=label),
    ]
    if spec.budget_key and first.id in facts.budgets:
        texts.append(lab["decide_budget"].format(key=spec.budget_key))
    texts.extend(w.t(x) for x in spec.articles)
    texts.append(lab["decide_execute"].format(second=w.name(second)))
    return Decision(lab["decision_intro"], tuple((f"{lab['article']} {i}", t) for i, t in enumerate(texts, start=1)))


def _annexes(spec: DecisionSpec, w: _Writer, key: str) -> ListBlock:
    facts = w.facts
    first = w.lab[key].format(title=w.t(facts.title), date=w.date(facts.date), fingerprint=facts.fingerprint[:16])
    return ListBlock(True, tuple((_p(t),) for t in [first, *(w.t(x) for x in spec.annexes)]))


# --------------------------------------------------------------------- the partner's draft act
def _partner_act(spec: DecisionSpec, w: _Writer) -> list[Block]:
    lab, facts, first, second = w.lab, w.facts, w.first, w.second
    inst = second.institution
    known = inst is not None and inst.known
    form = act_form(inst.form if inst else None)
    act = inst.act["es"] if inst else "acto de aprobación"
    body = inst.body["es"] if known and inst else lab["unknown_body"]
    title = w.t(facts.title)
    place = w.t(second.short_name)
    of_body = _contract(f" de {body}").strip()
    number = spec.partner_number or second.approval_number or lab["fill"]
    common = {
        "Act": " ".join(_cap(word) if len(word) > 3 or i == 0 else word for i, word in enumerate(act.split())),
        "act": act,
        "Body": _cap(body),
        "body": body,
        "of_body": of_body,
        "place": place,
        "number": number,
        "year": str(spec.council.meeting.year),
        "laws": _list([law["es"] for law in inst.laws], w.locale) if inst and inst.laws else "",
        "title": title,
        "date": w.date(facts.date),
        "partner": w.name(second),
        "of_partner": _contract(f" de {w.name(second)}").strip(),
        "copy": form.copy,
        "flemish": w.name(first),
        "country": w.country(first),
    }
    subject = lab["fact_subject_value"].format(title=title)
    rows = [
        (lab["fact_subject"], subject),
        (lab["fact_entity"], f"{w.t(second.name)} ({w.country(second)})"),
        (lab["fact_agreement"], f"{title}, {w.version()}"),
    ]
    if spec.officer:
        rows.append((lab["fact_prepared"], f"{spec.officer.name}, {w.t(spec.officer.function)} ({w.t(first.name)})"))
    rows.append((lab["fact_date"], w.date(spec.date)))
    blocks: list[Block] = [
        TitleBlock(
            title=subject,
            subtitle=_contract(form.number.format(**common)),
            issuer=w.t(second.name),
            form=_contract(form.title.format(**common)),
            draft_note=_contract(lab["draft_note"].format(body=body)) if spec.status == "draft" else "",
        ),
        w.facts_table(rows),
        _p(_contract(lab["note"].format(flemish=w.name(first), partner=w.name(second), body=body)), italic=True),
    ]
    if form.seen:  # VISTO comes before the recitals' heading (CONSIDERANDO)
        blocks.append(_p(_contract(form.seen.format(**common))))
    if form.recitals_heading:
        blocks.append(Heading(1, form.recitals_heading, anchor="es-recitals"))
    for text in [*form.first_recitals, *_recitals(spec, w, inst, body, act)]:
        blocks.append(_p(_contract(form.recital.format(text=text, Text=_cap(text)))))
    blocks.append(_p(_contract(form.enacting.format(**common)), bold=True))
    blocks.append(_act_articles(spec, w, form, common))
    blocks.extend(_p(_contract(line.format(**common))) for line in form.closing)
    blocks.append(
        Signatures(tuple(w.signature(w.t(second.name), _contract(s.format(**common)), None) for s in form.signatures))
    )
    return blocks


def _recitals(spec: DecisionSpec, w: _Writer, inst: InstitutionFacts | None, body: str, act: str) -> list[str]:
    lab, facts, first, second = w.lab, w.facts, w.first, w.second
    out = [
        lab["recital_agreed"].format(
            partner=w.name(second),
            flemish=w.name(first),
            country=w.country(first),
            title=w.t(facts.title),
            date=w.date(facts.date),
            articles=len(facts.articles),
        )
    ]
    if facts.priorities:
        count = in_words(len(facts.priorities), "es", "f")
        out.append(lab["recital_priorities"].format(count=count, list=w.priorities("recital_priority")))
    refs = {k: facts.article(k) for k in ("mutual-expectations", "joint-evaluation", "exit")}
    if all(refs.values()):
        out.append(
            lab["recital_follow_up"].format(
                expectations=w.ref(refs["mutual-expectations"]),
                evaluation=w.ref(refs["joint-evaluation"]),
                exit=w.ref(refs["exit"]),
            )
        )
    budget = facts.budgets.get(second.id)
    if budget is not None:
        out.append(
            lab["recital_budget"].format(
                partner=w.name(second),
                amount=format_money(budget, w.locale),
                article=w.ref(facts.article("operating-budget")),
            )
        )
    flemish = first.institution
    if flemish is not None:
        out.append(
            lab["recital_flemish_done" if spec.council.vote and spec.status == "final" else "recital_flemish"].format(
                flemish=w.name(first),
                body=flemish.body["es"],
                act=flemish.act["es"],
                meeting=w.date(spec.council.meeting),
            )
        )
    out.extend(_clause(w.t(x)) for x in [*spec.context, *spec.arguments])
    laws = inst.laws if inst else ()
    if laws:
        out.append(lab["recital_law"].format(laws=_list([law["es"] for law in laws], w.locale), body=body, act=act))
    else:
        out.append(lab["recital_law_unknown"].format(body=body, act=act))
    return out


def _act_articles(spec: DecisionSpec, w: _Writer, form: ActForm, common: dict[str, str]) -> Decision:
    lab, facts, second = w.lab, w.facts, w.second
    texts = act_articles()
    executive = form.executive or f"a quien ejerza la representación legal de {w.name(second)}"
    entries = [
        ("heading_approve", form.verb(texts["approve"]).format(**common)),
        ("heading_authorize", form.verb(texts["authorize"]).format(**common, signatories=w.signatories(second))),
    ]
    budget = facts.budgets.get(second.id)
    if budget is not None:
        entries.append(
            ("heading_budget", form.verb(texts["budget"]).format(**common, amount=format_money(budget, w.locale)))
        )
    entries.extend(("heading_other", w.t(x)) for x in spec.articles)
    entries.append(("heading_execute", form.verb(texts["execute"]).format(**common, executive=executive)))
    articles = tuple(
        (form.article_label(n, lab[key]), _contract(text)) for n, (key, text) in enumerate(entries, start=1)
    )
    return Decision("", articles)


# --------------------------------------------------------------------- the document
def languages_for(layout: str) -> list[str]:
    """The forms of a layout, in reading order."""
    assert layout in DECISION_LAYOUTS
    return ["nl", "es"] if layout == "sequential" else [layout]


def resolve_decision(spec: DecisionSpec, layout: str | None = None) -> Document:
    """The document model of a decision in ``layout`` (nl, es or sequential)."""
    layout = layout or spec.layout
    languages = languages_for(layout)
    facts = spec.agreement
    locales = locales_for_countries(p.country for p in facts.parties)
    parts, titles = [], {}
    shorts = {lang: " – ".join(p.short_name[lang] for p in facts.parties) for lang in languages}
    for lang in languages:
        w = _Writer(spec, lang, locales[lang])
        lab = w.lab
        if lang == "nl":
            blocks = _council_decision(spec, w)
            titles[lang] = lab["subject"].format(title=facts.title["nl"])
        else:
            blocks = _partner_act(spec, w)
            titles[lang] = lab["fact_subject_value"].format(title=facts.title["es"])
        draft = lab["draft_mark"] if spec.status == "draft" else ""
        page = PageStyle(
            name=f"part-{lang}",
            lang=lang,
            footer=(Text(f"{lab['running']} {shorts[lang]}"),),
            page_word=f"{lab['page']} ",
            page_of=f" {lab['page_of']} ",
            draft_header=(Text(draft),) if draft else (),
            draft_box="right",
        )
        parts.append(Part(lang, blocks, page, role="form"))
    first = languages[0]
    sdgs = sorted({n for p in facts.priorities for n in p.sdgs})
    return Document(
        style="report",
        layout=layout,
        languages=languages,
        locales={lang: locales[lang].replace("_", "-") for lang in languages},
        date=spec.date,
        title=" / ".join(titles[lang] for lang in languages),
        subject=titles[first],
        author=spec.officer.name if spec.officer else facts.parties[0].name[first],
        keywords=[f"{decision_labels(first)['sdg']} {n}" for n in sdgs],
        draft=spec.status == "draft",
        draft_label=decision_labels(first)["draft_mark"],
        parts=parts,
    )

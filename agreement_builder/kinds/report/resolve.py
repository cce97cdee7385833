"""Report spec + layout → one ReportDocument.

The council report (nl) and the informe final (es) share their facts but not their form:
each language gets its own sequence of sections, in the order its readers expect. Numbers,
dates and money are formatted here with Babel (nl_BE; the Spanish of the partner's country),
so the writers receive finished text. Charts stay data until a writer draws them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache

from agreement_builder.core.locales import country_name, locales_for_countries
from agreement_builder.core.resources import labels as agreement_labels
from agreement_builder.core.resources import sdgs as sdg_data
from agreement_builder.core.resources import templates_dir
from agreement_builder.core.values import Money, format_date, format_money
from agreement_builder.kinds.report.spec import SCORE_MAX, STATUS_VALUES, Bilingual, Informe, Month, Officer, ReportSpec
from agreement_builder.model.blocks import (
    Block,
    Cell,
    Counter,
    Decision,
    Figure,
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
from agreement_builder.model.charts import (
    BudgetBar,
    BudgetChart,
    BudgetCurrency,
    Chart,
    RadarChart,
    RadarSeries,
    ScoreboardChart,
    ScoreboardLesson,
    SdgBadge,
    SdgChart,
    TimelinePhase,
    timeline_charts,
)
from agreement_builder.model.contents import contents
from agreement_builder.model.document import Document, PageStyle, Part


@cache
def report_labels(lang: str) -> dict[str, str]:
    """The agreement labels (page, draft mark, SDG) overlaid with the report's own wording."""
    from agreement_builder.core.yamlsource import load_yaml

    own = load_yaml(templates_dir() / lang / "report-labels.yaml").data
    return {**agreement_labels(lang), **own}


def languages_for(layout: str) -> list[str]:
    """Languages of a report layout, in reading order."""
    return ["nl", "es"] if layout == "sequential" else [layout]


def locales_for(spec: ReportSpec) -> dict[str, str]:
    """Belgian Dutch, and the Spanish of the partner's country (es_BO, es_GT …) when CLDR has it."""
    return locales_for_countries(p.country for p in spec.parties)


def _month(value: _dt.date, locale: str, short: bool = False) -> str:
    from babel.dates import format_skeleton

    return format_skeleton("yMMM" if short else "yMMMM", value, locale=locale)


def _when(value: _dt.date, locale: str) -> str:
    """A day-precise date in long form; a month-only date as 'mei 2022'."""
    return _month(value, locale) if isinstance(value, Month) else format_date(value, locale)


def period(start: _dt.date, end: _dt.date, locale: str, short: bool = False) -> str:
    """'januari 2019 – juni 2019' / 'enero de 2019 – junio de 2019'."""
    return f"{_month(start, locale, short)} – {_month(end, locale, short)}"


def _p(text: str, italic: bool = False, bold: bool = False) -> Paragraph:
    return Paragraph((Text(text, bold=bold, italic=italic),))


def _bullets(texts: list[str], ordered: bool = False) -> Block:
    """A bulleted (or numbered) list of plain paragraphs.

    Declared as a Block rather than a ListBlock: sections are built by lambdas such as
    ``lambda: [_bullets(…)]``, and only then does their list infer as list[Block].
    """
    return ListBlock(ordered, tuple((_p(t),) for t in texts))


class _Builder:
    """Builds the blocks of one language; both forms draw on the same pieces."""

    def __init__(self, spec: ReportSpec, lang: str, locale: str):
        self.spec, self.lang, self.locale = spec, lang, locale
        self.labels = report_labels(lang)
        self.figures = 0

    def t(self, value: Bilingual) -> str:
        return value[self.lang]

    def money(self, value: Money) -> str:
        """An amount per locale; a negative balance gets a real minus sign before the symbol."""
        if value.amount < 0:
            return "\u2212" + format_money(Money(-value.amount, value.currency), self.locale)
        return format_money(value, self.locale)

    def figure(self, chart: Chart, caption_key: str, width: float = 1.0) -> Figure:
        self.figures += 1
        counter = Counter("figure", f"{self.labels['figure']} ", self.figures)
        return Figure(chart, counter, self.labels[caption_key], width)

    def party_name(self, party_id: str | None, short: bool = True) -> str:
        if not party_id:
            return ""
        party = self.spec.party(party_id)
        return self.t(party.short_name if short else party.name)

    # ----------------------------------------------------------------- header box
    def facts(self) -> Table:
        spec, lab = self.spec, self.labels
        shorts = " – ".join(self.t(p.short_name) for p in spec.parties)
        link = f"{shorts} ({lab['fact_since']} {spec.link_since})" if spec.link_since else shorts
        partners = "; ".join(f"{self.t(p.name)} ({country_name(p.country, self.locale)})" for p in spec.parties)
        phases = spec.phases
        council = spec.council
        rows = [
            (lab["fact_link"], link),
            (lab["fact_partners"], partners),
            (lab["fact_period"], period(phases[0].start, phases[-1].end, self.locale)),
            (
                lab["fact_council"],
                f"{self.t(council.name)}, {lab['fact_meeting']} {format_date(council.meeting, self.locale)}",
            ),
        ]
        if spec.prepared_by:
            rows.append((lab["fact_prepared_by"], f"{spec.prepared_by.name}, {self.t(spec.prepared_by.function)}"))
        rows.append((lab["fact_date"], format_date(spec.date, self.locale)))
        return Table(
            header=(),
            rows=tuple(Row((Cell(k), Cell(v))) for k, v in rows),
            widths=(0.26, 0.74),
            style="facts",
        )

    # ----------------------------------------------------------------- pieces
    def paragraphs(self, texts: Sequence[Bilingual]) -> list[Block]:
        return [_p(self.t(x)) for x in texts]

    def course(self) -> list[Block]:
        """Timeline, phases, milestones, risks: 'Verloop' / 'Actividades realizadas'."""
        spec, lab = self.spec, self.labels
        blocks: list[Block] = self.timelines()
        blocks.append(Heading(2, lab["phases_heading"]))
        blocks.append(
            Table(
                header=(lab["col_phase"], lab["col_period"], lab["col_summary"]),
                rows=tuple(
                    Row(
                        (
                            Cell(f"{i}. {self.t(p.name)}"),
                            Cell(period(p.start, p.end, self.locale)),
                            Cell(self.t(p.summary)),
                        )
                    )
                    for i, p in enumerate(spec.phases, start=1)
                ),
                widths=(0.2, 0.22, 0.58),
            )
        )
        if spec.events:
            blocks.append(Heading(2, lab["milestones"]))
            blocks.append(
                Table(
                    header=("", lab["col_date"], lab["col_milestone"]),
                    rows=tuple(
                        Row((Cell(str(n)), Cell(_when(e.date, self.locale)), Cell(self.t(e.text))))
                        for n, e in enumerate(spec.events, start=1)
                    ),
                    widths=(0.05, 0.22, 0.73),
                    style="numbered",
                )
            )
        if spec.risks:
            blocks.append(Heading(2, lab["risks_heading"]))
            blocks.append(
                Table(
                    header=(lab["col_date"], lab["col_risk"], lab["col_response"]),
                    rows=tuple(
                        Row(
                            (
                                Cell(_when(r.date, self.locale) if r.date else "–"),
                                Cell(self.t(r.risk)),
                                Cell(self.t(r.response)),
                            )
                        )
                        for r in spec.risks
                    ),
                    widths=(0.17, 0.4, 0.43),
                )
            )
        return blocks

    def timelines(self) -> list[Block]:
        """The timeline as one figure, or split into figures that each fit a page ("Tijdlijn (1/2)")."""
        spec = self.spec
        charts = timeline_charts(
            tuple(
                TimelinePhase(self.t(p.name), p.start, p.end, period(p.start, p.end, self.locale, short=True))
                for p in spec.phases
            ),
            tuple(e.date for e in spec.events),
            self.labels["milestones"],
        )
        figures: list[Block] = []
        for n, chart in enumerate(charts, start=1):
            figure = self.figure(chart, "caption_timeline")
            if len(charts) > 1:
                part = f"{figure.caption} ({n}/{len(charts)})"
                span = f"{chart.phases[0].label} – {chart.phases[-1].label}"
                figure = replace(figure, caption=part, alt=f"{part}: {span}")
            figures.append(figure)
        return figures

    def results(self) -> list[Block]:
        """The projects (six design tools), the SDGs and the participation radar."""
        return [*self.projects(), *self.sdg_badges(), *self.radar()]

    def projects(self) -> list[Block]:
        """Each partner's project as a table of the six design tools and its results."""
        spec, lab = self.spec, self.labels
        if not spec.projects:
            return []
        blocks: list[Block] = [Heading(2, lab["projects_heading"]), _p(lab["tools_intro"])]
        for project in spec.projects:
            blocks.append(Heading(2, f"{self.party_name(project.party)}: {self.t(project.title)}"))
            rows = [Row((Cell(lab[f"tool_{tool}"]), Cell(self.t(text)))) for tool, text in project.tools()]
            if project.results:
                rows.append(Row((Cell(lab["results_label"]), Cell("\n".join(self.t(r) for r in project.results)))))
            blocks.append(Table(header=(), rows=tuple(rows), widths=(0.22, 0.78), style="facts"))
        return blocks

    def sdg_badges(self) -> list[Block]:
        """The SDGs the trajectory contributed to, as badges in their official colours."""
        spec, lab = self.spec, self.labels
        if not spec.sdgs:
            return []
        chart = SdgChart(
            label=lab["sdg"],
            sdgs=tuple(SdgBadge(n, sdg_data()[n][self.lang], sdg_data()[n]["colour"]) for n in spec.sdgs),
        )
        share = min(6, len(spec.sdgs)) * 1.1 / 6.7  # badges of 1.1 in on a 6.7 in text width; see charts
        return [Heading(2, lab["sdgs_heading"]), self.figure(chart, "caption_sdgs", width=share)]

    def radar(self) -> list[Block]:
        """The participation radar: one line per partner, and the same scores as a table."""
        from agreement_builder.kinds.report.checklists import participation_concepts

        spec, lab = self.spec, self.labels
        if not spec.radar:
            return []
        concepts = participation_concepts()
        series = tuple(
            RadarSeries(self.party_name(r.party), tuple(r.scores[c.id] for c in concepts)) for r in spec.radar
        )
        chart = RadarChart(concepts=tuple(self.t(c.label) for c in concepts), series=series, max=SCORE_MAX)
        table = Table(
            header=(lab["col_concept"], *(s.label for s in series)),
            rows=tuple(
                Row((Cell(self.t(c.label)), *(Cell(str(s.scores[i])) for s in series))) for i, c in enumerate(concepts)
            ),
            widths=(0.5, *([0.5 / len(series)] * len(series))),
            numeric=(False, *([True] * len(series))),
        )
        return [
            Heading(2, lab["radar_heading"]),
            _p(lab["radar_intro"]),
            self.figure(chart, "caption_radar", width=0.85),
            table,
        ]

    def status(self, status: str) -> str:
        return self.labels[f"status_{status}"]

    def scoreboard(self) -> Figure:
        lab = self.labels
        lessons: list[ScoreboardLesson] = []
        for lesson in self.spec.lessons:
            counts: dict[str, int] = {}
            for answer in self.spec.answers[lesson.id].values():
                counts[answer.status] = counts.get(answer.status, 0) + 1
            lessons.append(ScoreboardLesson(f"{lesson.number}. {self.t(lesson.title)}", counts))
        chart = ScoreboardChart(
            lessons=tuple(lessons),
            statuses=tuple((s, self.status(s)) for s in STATUS_VALUES),
            axis=lab["axis_items"],
        )
        return self.figure(chart, "caption_scoreboard")

    def evaluation(self, reflections: bool = False) -> list[Block]:
        """Per lesson: claim, and a table of its items with status and comments; with
        ``reflections`` (the informe's lessons section), the partners' reflection under it."""
        lab = self.labels
        blocks: list[Block] = [_p(lab["scoreboard_intro"]), self.scoreboard()]
        for lesson in self.spec.lessons:
            blocks.append(Heading(2, f"{lab['lesson']} {lesson.number} – {self.t(lesson.title)}"))
            blocks.append(_p(self.t(lesson.claim), italic=True))
            rows = []
            for item in lesson.items:
                answer = self.spec.answers[lesson.id][item.id]
                comment = self.t(answer.comment) if answer.comment else ""
                rows.append(
                    Row((Cell(self.t(item.text)), Cell(self.status(answer.status), tone=answer.status), Cell(comment)))
                )
                for pid, (status, pcomment) in answer.partners.items():
                    rows.append(
                        Row(
                            (
                                Cell(f"{lab['partner_answer']} {self.party_name(pid)}"),
                                Cell(self.status(status), tone=status),
                                Cell(self.t(pcomment) if pcomment else ""),
                            ),
                            role="sub",
                        )
                    )
            blocks.append(
                Table(
                    header=(lab["col_item"], lab["col_status"], lab["col_comment"]),
                    rows=tuple(rows),
                    widths=(0.5, 0.15, 0.35),
                )
            )
            if reflections:
                blocks.extend(self.reflection(lesson.id))
            if lesson.opportunities:
                blocks.append(_p(lab["opportunities"], bold=True))
                blocks.append(_bullets([self.t(o) for o in lesson.opportunities]))
        return blocks

    def budget(self) -> list[Block]:
        """Budget lines with planned, spent and balance; a total per currency; the chart."""
        spec, lab = self.spec, self.labels
        if not spec.budget:
            return [_p(lab["no_budget"])]
        totals = spec.budget_totals()
        rows: list[Row] = []
        groups: list[BudgetCurrency] = []
        for currency, (planned_total, spent_total) in totals.items():
            lines = [b for b in spec.budget if b.planned.currency == currency]
            chart_lines: list[BudgetBar] = []
            for b in lines:
                balance = Money(b.planned.amount - b.spent.amount, currency)
                rows.append(
                    Row(
                        (
                            Cell(self.t(b.line)),
                            Cell(self.party_name(b.party)),
                            Cell(self.money(b.planned)),
                            Cell(self.money(b.spent)),
                            self.balance_cell(balance),
                        )
                    )
                )
                chart_lines.append(
                    BudgetBar(
                        label=self.t(b.line),
                        planned=b.planned.amount,
                        spent=b.spent.amount,
                        planned_text=self.money(b.planned),
                        spent_text=self.money(b.spent),
                    )
                )
            rows.append(
                Row(
                    (
                        Cell(f"{lab['total']} {currency}"),
                        Cell(""),
                        Cell(self.money(planned_total)),
                        Cell(self.money(spent_total)),
                        Cell(self.money(Money(planned_total.amount - spent_total.amount, currency))),
                    ),
                    role="total",
                )
            )
            groups.append(BudgetCurrency(_currency_name(currency, self.locale), tuple(chart_lines)))
        table = Table(
            header=(lab["col_line"], lab["col_partner"], lab["col_planned"], lab["col_spent"], lab["col_balance"]),
            rows=tuple(rows),
            widths=(0.4, 0.14, 0.155, 0.155, 0.15),
            numeric=(False, False, True, True, True),
        )
        chart = BudgetChart(currencies=tuple(groups), planned=lab["col_planned"], spent=lab["col_spent"])
        # The note explains the table's figures: it never starts the next page on its own.
        note = self.budget_note()
        return [replace(table, keep_with_next=True), note, self.figure(chart, "caption_budget")]

    def named(self, key: str) -> str:
        """A label that names the Flemish municipality's own bodies ("Concejo Municipal de {flemish}").

        A Spanish reader cannot tell from "el concejo municipal" whose council decides, so the
        partner's informe names it; the Dutch council form needs no name and has no placeholder.
        """
        return self.labels[key].replace("{flemish}", self.spec.parties[0].short_name[self.lang])

    def decision(self) -> Decision:
        lab = self.labels
        return Decision(
            self.named("decision_intro"),
            tuple((f"{lab['article']} {i}", self.t(d)) for i, d in enumerate(self.spec.decision, start=1)),
        )

    def list_or(self, texts: Sequence[Bilingual], empty_key: str, ordered: bool = False) -> list[Block]:
        if not texts:
            return [_p(self.labels[empty_key])]
        return [_bullets([self.t(x) for x in texts], ordered)]

    # ----------------------------------------------------------------- the forms as filed
    def balance_cell(self, balance: Money) -> Cell:
        """A balance; an overspent one (below zero) is bold and marked in words, so that a
        black-and-white print shows it as clearly as the screen."""
        if balance.amount >= 0:
            return Cell(self.money(balance))
        mark = self.labels["overspent_mark"].replace(" ", "\u00a0")
        return Cell((Text(f"{self.money(balance)} ", bold=True), Text(mark, bold=True)))

    def overspent(self) -> int:
        """How many budget lines spent more than was planned."""
        return sum(1 for b in self.spec.budget if b.spent.amount > b.planned.amount)

    def budget_note(self) -> Paragraph:
        """The note under the budget table: how totals are made, and how many lines were overspent."""
        lab, n = self.labels, self.overspent()
        text = lab["budget_note"]
        if n:
            text += " " + (lab["overspent_one"] if n == 1 else lab["overspent_many"].replace("{n}", str(n)))
        return _p(text, italic=True)

    def finance(self) -> list[Block]:
        """The decision's own financial consequences first, then the trajectory's budget as context.

        Without ``financial_consequences`` the section is the budget alone, as before.
        """
        spec, lab = self.spec, self.labels
        fc = spec.financial_consequences
        if fc is None:
            return self.budget()
        if fc.none or fc.amount is None:
            blocks: list[Block] = [_p(lab["financial_none"])]
        else:
            sentence = self.named("financial_amount").replace("{amount}", self.money(fc.amount))
            blocks = [_p(sentence.replace("{key}", fc.budget_key or ""))]
        if fc.text:
            blocks.append(_p(self.t(fc.text)))
        if spec.budget:
            blocks.extend([Heading(2, lab["budget_context"]), *self.budget()])
        return blocks

    def reflection(self, lesson_id: str) -> list[Block]:
        """The partners' reflection on a lesson, led by a bold label; nothing when there is none."""
        text = self.spec.reflections.get(lesson_id)
        if text is None:
            return []
        return [Paragraph((Text(f"{self.labels['reflection_lead']} ", bold=True), Text(self.t(text))))]

    def lesson_counts(self) -> list[Block]:
        """Per lesson, the achieved items of its total, each with the partners' reflection under it."""
        spec, lab = self.spec, self.labels
        items: list[tuple[Block, ...]] = []
        for lesson in spec.lessons:
            answers = spec.answers[lesson.id].values()
            done = sum(1 for a in answers if a.status == "achieved")
            title = f"{lab['lesson']} {lesson.number} – {self.t(lesson.title)}"
            line = f"{title}: {done} {lab['achieved_of']} {len(answers)}"
            items.append((_p(line), *self.reflection(lesson.id)))
        return [_p(lab["lessons_summary"]), ListBlock(False, tuple(items))]

    def informe_header(self, informe: Informe) -> list[Block]:
        """'INFORME N° …' and the memo header: Asunto, De, A, Fecha, labels in bold as row headers."""
        lab = self.labels

        def who(officer: Officer) -> str:
            return "\n".join(x for x in (officer.name, self.t(officer.function)) if x)

        rows = [
            (lab["memo_subject"], self.t(self.spec.subject)),
            (lab["memo_from"], who(informe.sender)),
            (lab["memo_to"], who(informe.to)),
            (lab["memo_date"], format_date(self.spec.date, self.locale)),
        ]
        return [
            _p(f"{lab['informe_number']} {informe.number}", bold=True),
            # A label/value box: its labels are row headers (bold), as PDF/UA and screen readers want.
            Table(
                header=(),
                rows=tuple(Row((Cell(f"{k}:"), Cell(v))) for k, v in rows),
                widths=(0.14, 0.86),
                style="facts",
            ),
        ]

    def informe_legal_basis(self) -> list[Block]:
        """The partner's own legal basis when the informe has one; else the Flemish legal basis."""
        informe = self.spec.informe
        if informe is not None and informe.legal_basis:
            return [
                Heading(2, self.labels["partner_legal_heading"]),
                _bullets([self.t(x) for x in informe.legal_basis]),
            ]
        return [Heading(2, self.labels["legal_heading"]), _bullets([self.t(x) for x in self.spec.legal_basis])]

    def informe_signature(self, informe: Informe) -> list[Block]:
        """The closing formula and a signature block for the partner's officer who files the informe."""
        lab = self.labels
        rows = [(lab["name"], informe.sender.name or "")] if informe.sender.name else []
        rows.append((lab["function"], self.t(informe.sender.function)))
        block = SignatureBlock(
            heading=(Text(self.t(self.spec.parties[1].name)),),
            caption=(Text(lab["signature"]),),
            rows=tuple(((Text(k),), (Text(v),)) for k, v in rows),
        )
        closing = replace(_p(lab["informe_closing"]), keep_with_next=True)
        return [closing, Signatures((block,))]


def _currency_name(code: str, locale: str) -> str:
    from babel.numbers import get_currency_name

    name = get_currency_name(code, locale=locale)
    return f"{name[:1].upper()}{name[1:]} ({code})"


def _council_part(b: _Builder) -> list[tuple[str, str, Callable[[], list[Block]]]]:
    spec, lab = b.spec, b.labels

    def learned() -> list[Block]:
        return [
            *b.lesson_counts(),
            Heading(2, lab["recommendations"]),
            *b.list_or(spec.recommendations, "no_recommendations"),
        ]

    # Argumentatie follows Aanleiding en context, as in the Flemish council form, and only
    # when the spec argues its proposal: an empty heading would read as a forgotten section.
    arguments = [("arguments", lab["section_arguments"], lambda: b.paragraphs(spec.arguments))]
    return [
        ("subject", lab["section_subject"], lambda: [_p(b.t(spec.subject))]),
        ("legal", lab["section_legal"], lambda: [_bullets([b.t(x) for x in spec.legal_basis])]),
        ("context", lab["section_context"], lambda: b.paragraphs(spec.context)),
        *(arguments if spec.arguments else []),
        ("goals", lab["section_goals"], lambda: [_bullets([b.t(g) for g in spec.goals], ordered=True)]),
        ("course", lab["section_course"], b.course),
        ("results", lab["section_results"], b.results),
        ("evaluation", lab["section_evaluation"], lambda: [*b.paragraphs(spec.conclusions), *b.evaluation()]),
        ("learned", lab["section_learned"], learned),
        ("finance", lab["section_finance"], b.finance),
        ("decision", lab["section_decision"], lambda: [b.decision()]),
        ("annexes", lab["section_annexes"], lambda: b.list_or(spec.annexes, "no_annexes", ordered=True)),
    ]


def _informe_part(b: _Builder) -> list[tuple[str, str, Callable[[], list[Block]]]]:
    spec, lab = b.spec, b.labels

    def background() -> list[Block]:
        # The memo header of a filed informe states the Asunto already.
        subject = [] if spec.informe else [_p(f"{lab['subject_lead']}: {b.t(spec.subject)}", bold=True)]
        return [
            *subject,
            *b.paragraphs(spec.context),
            *b.informe_legal_basis(),
        ]

    def conclusions() -> list[Block]:
        return [*b.paragraphs(spec.conclusions), Heading(2, b.named("decision_heading")), b.decision()]

    sections = [
        ("background", lab["section_background"], background),
        ("objectives", lab["section_objectives"], lambda: [_bullets([b.t(g) for g in spec.goals], ordered=True)]),
        ("activities", lab["section_activities"], b.course),
        ("results", lab["section_results"], b.results),
        ("budget", lab["section_budget"], b.finance),
        ("lessons", lab["section_lessons"], lambda: b.evaluation(reflections=True)),
        # The adviser's reasoning leads to the conclusions, which carry the proposal.
        *([("arguments", lab["section_arguments"], lambda: b.paragraphs(spec.arguments))] if spec.arguments else []),
        ("conclusions", lab["section_conclusions"], conclusions),
        (
            "recommendations",
            lab["section_recommendations"],
            lambda: b.list_or(spec.recommendations, "no_recommendations"),
        ),
    ]
    if spec.annexes:
        sections.append(("annexes", lab["section_annexes"], lambda: [_bullets([b.t(x) for x in spec.annexes], True)]))
    return _signed(b, sections)


def _signed(
    b: _Builder, sections: list[tuple[str, str, Callable[[], list[Block]]]]
) -> list[tuple[str, str, Callable[[], list[Block]]]]:
    """The informe as the partner files it ends with its officer's signature, after its last section."""
    informe = b.spec.informe
    if informe is None:
        return sections
    anchor, heading, build = sections[-1]
    return [*sections[:-1], (anchor, heading, lambda: [*build(), *b.informe_signature(informe)])]


def resolve_report(spec: ReportSpec, layout: str | None = None) -> Document:
    """Build the document model for ``spec`` in ``layout`` (nl, es or sequential).

    Each language is a form of its own (the council report, the informe final) with its own
    page sequence, footer and section order.
    """
    layout = layout or spec.layout
    languages = languages_for(layout)
    locales = locales_for(spec)
    labels = {lang: report_labels(lang) for lang in languages}
    parts, titles, subjects = [], {}, {}
    for lang in languages:
        b = _Builder(spec, lang, locales[lang])
        lab = labels[lang]
        titles[lang] = _title(spec, lang, lab)
        subjects[lang] = f"{lab['form_title']} – {spec.council.name[lang]}"
        forms = _council_part(b) if lang == "nl" else _informe_part(b)
        body: list[Block] = []
        for number, (anchor, heading, build) in enumerate(forms, start=1):
            body.append(Heading(1, heading, f"{number}.", joiner=" ", style="section", anchor=f"{lang}-{anchor}"))
            body.extend(_keep_small_tables(_keep_intros(build())))
        body = _fit_columns(body)
        # The contents follow the header (title and facts box) and list the numbered sections
        # of this form only; the subheadings stay out, so the contents fit on the first page.
        filed = b.informe_header(spec.informe) if lang == "es" and spec.informe else []
        head: list[Block] = [
            _title_block(spec, lang, lab, titles[lang]),
            *filed,
            b.facts(),
            contents(body, lab["contents"], 1, lang),
        ]
        parts.append(Part(lang, [*head, *body], _page_style(spec, lang, lab), role="form"))
    first = languages[0]
    return Document(
        style="report",
        layout=layout,
        languages=languages,
        locales={lang: locales[lang].replace("_", "-") for lang in languages},
        date=spec.date,
        title=" / ".join(titles[lang] for lang in languages),
        subject=subjects[first],
        author=spec.prepared_by.name if spec.prepared_by else spec.party(spec.parties[0].id).name[first],
        keywords=[f"{labels[first]['sdg']} {n}" for n in spec.sdgs],
        draft=spec.status == "draft",
        draft_label=labels[first]["draft_mark"],
        parts=parts,
    )


def _shorts(spec: ReportSpec, lang: str) -> str:
    return " – ".join(p.short_name[lang] for p in spec.parties)


def _title(spec: ReportSpec, lang: str, lab: dict[str, str]) -> str:
    return spec.title[lang] if spec.title else f"{lab['document_title']} {_shorts(spec, lang)}"


def _draft(spec: ReportSpec, lab: dict[str, str]) -> str:
    return f"{lab['draft_mark']} – {lab['draft_note']}" if spec.status == "draft" else ""


def _title_block(spec: ReportSpec, lang: str, lab: dict[str, str], title: str) -> TitleBlock:
    """The issuer line (both parties), the form's name, the title and the draft note."""
    return TitleBlock(
        title=title,
        issuer=" · ".join(p.name[lang] for p in spec.parties),
        form=lab["form_title"],
        draft_note=_draft(spec, lab),
    )


def _page_style(spec: ReportSpec, lang: str, lab: dict[str, str]) -> PageStyle:
    """Each form numbers its pages in its own language, with the link and its years in the footer."""
    years = f"{spec.phases[0].start.year}–{spec.phases[-1].end.year}"
    draft = _draft(spec, lab)
    return PageStyle(
        name=f"part-{lang}",
        lang=lang,
        footer=(Text(f"{lab['running']} {_shorts(spec, lang)} {years}"),),
        page_word=f"{lab['page']} ",
        page_of=f" {lab['page_of']} ",
        draft_header=(Text(draft),) if draft else (),
        draft_box="right",
    )


def _keep_intros(blocks: list[Block]) -> list[Block]:
    """A paragraph right before a chart, a table or a list introduces it, so it keeps with it.

    A heading keeps with the block under it in every writer; with this, a heading, its
    intro and its chart or table start on one page (a lesson's claim and its table too).
    """
    introduced = Figure | Table | ListBlock
    return [
        replace(b, keep_with_next=True) if isinstance(b, Paragraph) and isinstance(after, introduced) else b
        for b, after in zip(blocks, [*blocks[1:], None], strict=True)
    ]


def _keep_small_tables(blocks: list[Block]) -> list[Block]:
    """A table of figures (budget, radar scores) of up to 16 rows stays on one page."""
    return [
        replace(b, keep=True) if isinstance(b, Table) and any(b.numeric) and len(b.rows) <= 16 else b for b in blocks
    ]


PILL_MM = 3.5  # a status badge's own padding (PDF 2 × 5 pt; DOCX a no-break space each side)


def _plain(words: object) -> list[str]:
    """The lines of a cell or header that is plain text; formatted words are not measured."""
    return words.split("\n") if isinstance(words, str) else []


def _fit_columns(blocks: list[Block]) -> list[Block]:
    """Tables whose amounts and status badges stay inside their columns, at any length.

    A numeric column is as wide as its longest amount (a twelve-digit amount in bolivianos
    needs twice the usual room) and a status column as wide as the form's longest status
    label as a badge, the same in every lesson table of the form; neither may wrap. The
    other columns give up the room in proportion, down to their longest word.
    """
    from agreement_builder.model.measure import cell_mm, fit_columns, share

    tables = [b for b in blocks if isinstance(b, Table)]
    badges = [line for t in tables for r in t.rows for c in r.cells if c.tone for line in _plain(c.text)]
    badge_need = share(cell_mm(badges, 8, PILL_MM))

    def fitted(table: Table) -> Table:
        columns = range(len(table.widths))
        texts = [
            [
                *_plain(table.header[i] if table.header else ""),
                *(line for r in table.rows for line in _plain(r.cells[i].text)),
            ]
            for i in columns
        ]
        toned = {i for r in table.rows for i, c in enumerate(r.cells) if c.tone}
        numeric = {i for i in columns if table.numeric and table.numeric[i]}
        if not toned and not numeric:
            return table
        needs = {i: share(cell_mm(texts[i], 9)) for i in numeric}
        needs.update(
            {i: max(badge_need, share(cell_mm(_plain(table.header[i]) if table.header else [], 9))) for i in toned}
        )
        floors = {i: share(cell_mm([w for t in texts[i] for w in t.split()], 9)) for i in columns if i not in needs}
        return replace(table, widths=fit_columns(table.widths, needs, floors))

    return [fitted(b) if isinstance(b, Table) else b for b in blocks]


def budget_total_texts(spec: ReportSpec, locale: str) -> dict[str, tuple[str, str]]:
    """Formatted planned and spent totals per currency (for tests and summaries)."""
    return {cur: (format_money(p, locale), format_money(s, locale)) for cur, (p, s) in spec.budget_totals().items()}

"""Report specs at the extremes, as a new user writes them (tests/fixtures/reports/extremes):
40 phases and 40 milestones, a milestone before the first phase, twelve-digit amounts, full
radar scores and 'not applicable' badges. Each test reads the output back: the model where it
proves the point, the PDF's text layer (poppler) and the DOCX's XML where only they do."""

from __future__ import annotations

import io
import itertools
import math
import subprocess
from functools import cache
from pathlib import Path

import pytest

from agreement_builder import api
from agreement_builder.kinds.report.resolve import resolve_report
from agreement_builder.model.blocks import Figure
from agreement_builder.model.charts import FIGURE_MAX_IN, TimelineChart

from .conftest import FIXTURES

EXTREMES = FIXTURES / "reports" / "extremes"
TIMELINE_40 = EXTREMES / "timeline-40.yaml"


@cache
def built(spec: Path, layout: str, folder: Path) -> dict[str, bytes]:
    """The spec built once per process in ``layout``: format -> bytes."""
    result = api.build(spec, folder / f"{spec.stem}-{layout}", ("pdf", "docx"), layout)
    return {p.suffix.lstrip("."): p.read_bytes() for p in result.files}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extremes")
    return lambda spec, layout: built(spec, layout, folder)


def figures(part, kind: str) -> list[Figure]:
    return [b for b in part.blocks if isinstance(b, Figure) and b.chart.kind == kind]


def poppler_text(pdf: bytes) -> str:
    """The PDF's text as poppler reads it: only what lies on the page, so a cut-off chart loses its words."""
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


# --------------------------------------------------------------------- 1. a timeline of 40 phases
def test_a_timeline_of_40_phases_is_split_into_figures_that_each_fit_a_page():
    spec = api.check(TIMELINE_40)
    doc = resolve_report(spec, "sequential")
    for part in doc.parts:
        mine = figures(part, "timeline")
        charts = [f.chart for f in mine]
        assert all(isinstance(c, TimelineChart) and c.height_in <= FIGURE_MAX_IN for c in charts)
        assert [f.caption[-5:] for f in mine] == ["(1/2)", "(2/2)"]
        # every phase once, in order; the milestones numbered 1 to 40 across the figures
        assert [p.start for c in charts for p in c.phases] == [p.start for p in spec.phases]
        numbers = [c.first_event + i for c in charts for i in range(len(c.events))]
        assert numbers == list(range(1, 41))
        assert [e for c in charts for e in c.events] == [e.date for e in spec.events]


def test_a_timeline_of_40_phases_stays_on_its_pages_in_the_pdf(out):
    """Every phase name is a line of its own in the chart (the phase table numbers it): a chart cut
    off at the page's foot loses the names of its last phases and its milestones' row."""
    text = poppler_text(out(TIMELINE_40, "nl")["pdf"])
    lines = text.splitlines()
    spec = api.check(TIMELINE_40)
    short = [p.name["nl"] for p in spec.phases if len(p.name["nl"]) < 30]  # a long one wraps in the chart
    assert len(short) == 36
    assert [name for name in short if name not in lines] == []
    assert lines.count("Mijlpalen") == 2 + 1  # the two figures' rows and the table's heading
    assert "Figuur 1 – Tijdlijn van het traject, met de mijlpalen (1/2)" in text
    assert "Figuur 2 – Tijdlijn van het traject, met de mijlpalen (2/2)" in text


def test_a_timeline_of_40_phases_fits_the_docx_page(out):
    from docx import Document

    document = Document(io.BytesIO(out(TIMELINE_40, "nl")["docx"]))
    section = document.sections[0]
    usable = section.page_height - section.top_margin - section.bottom_margin
    extents = [shape.height for shape in document.inline_shapes]
    assert len(extents) >= 2
    assert max(extents) <= usable


# --------------------------------------------------------------------- 6. empty keys
def check_problems(spec: Path) -> list[str]:
    """The problems `check` prints for ``spec``, as 'line:column: key.path: message'."""
    from agreement_builder.core.errors import InputError

    with pytest.raises(InputError) as caught:
        api.check(spec)
    return [str(p).removeprefix(f"{spec}:") for p in caught.value.problems]


def test_empty_keys_are_reported_at_their_own_lines():
    """`answers:` with nothing under it used to be 'missing required key' at the spec's top (2:1)."""
    assert check_problems(EXTREMES / "empty-keys.yaml") == [
        "6:8: council.name: is empty; expected a text in Dutch and Spanish ({nl: …, es: …})",
        "18:8: phases: is empty; expected a list, one '- ' item per line under the key",
        "20:5: budget[0]: missing required key 'line'",
        "20:5: budget[0]: missing required key 'planned'",
        "20:5: budget[0]: missing required key 'spent'",
        "22:13: budget[1].planned: is empty; expected money as {amount: 5000, currency: EUR}",
        "24:9: answers: is empty; expected a mapping of lesson ids to answered items",
        "25:10: decision: is empty; expected a list, one '- ' item per line under the key",
    ]


def test_empty_lessons_and_items_are_reported_at_their_own_lines():
    problems = check_problems(EXTREMES / "empty-answers.yaml")
    assert [p for p in problems if not p.startswith("24:3: answers: lesson")] == [
        "24:19: answers.mental-pictures: expected a mapping of item ids to answers, got nothing",
        "25:19: answers.dare-to-adjust: no answer for engagement-across-distance, concrete-shared-goals, "
        "online-constraints, every-voice-heard, structured-input; answer every item "
        "(status: not-applicable when it does not apply)",
        "27:5: answers.same-language: no answer for context-scan, ambition-setter, stakeholder-analysis, "
        "trajectory-designer, intervention-designer; answer every item (status: not-applicable when it does not apply)",
        "27:23: answers.same-language.shared-definition: expected a status (achieved, partly, not-yet, "
        "not-applicable) or {status: …, comment: …}, got nothing",
        "28:20: answers.same-language.concept-radar: missing required key 'status'",
    ]


# --------------------------------------------------------------------- 2. a milestone outside every phase
def test_check_warns_at_a_milestone_before_the_first_phase():
    spec = api.check(EXTREMES / "values.yaml")
    warnings = [w for w in spec.warnings if w.severity == "warning"]  # notes (no arguments: …) aside
    assert [str(w).removeprefix(f"{EXTREMES / 'values.yaml'}:") for w in warnings] == [
        "33:11: warning: events[0].date: milestone 2018-05 lies before the first phase (Opstart, from 2019-01); "
        "the timeline is widened to show it at its edge. Check the date, or add the phase it belongs to"
    ]


@pytest.mark.parametrize("edge", ["before", "after"])
def test_a_milestone_at_the_timelines_edge_stays_inside_the_plot(edge):
    """On a ten-year axis a fixed margin of 15 days is 2 pt: the 10 pt marker stuck out over the row labels."""
    import datetime as dt

    import matplotlib

    from agreement_builder.model.charts import TimelinePhase
    from agreement_builder.writers import charts

    phases = tuple(TimelinePhase(f"Fase {y}", dt.date(y, 1, 1), dt.date(y, 12, 31), str(y)) for y in range(2013, 2023))
    event = dt.date(2012, 6, 1) if edge == "before" else dt.date(2023, 6, 1)
    chart = TimelineChart(phases, (event,), "Mijlpalen")
    with matplotlib.rc_context(charts._RC):
        fig = charts._draw(chart)
        fig.canvas.draw()
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        marker = ax.lines[0].get_window_extent(renderer)
        labels = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    assert ax.bbox.x0 <= marker.x0 and marker.x1 <= ax.bbox.x1
    assert max(label.x1 for label in labels) < marker.x0


# --------------------------------------------------------------------- 3 and 5. badges and amounts
def words(pdf: bytes) -> list[tuple[int, float, float, float, str]]:
    """Every word poppler finds: (page, x min, x max, y middle, text)."""
    import html
    import re

    xml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found, page = [], 0
    for line in xml.splitlines():
        if "<page " in line:
            page += 1
        hit = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if hit:
            x0, y0, x1, y1 = (float(v) for v in hit.groups()[:4])
            found.append((page, x0, x1, (y0 + y1) / 2, html.unescape(hit.group(5))))
    return found


def collisions(pdf: bytes, needles: tuple[str, ...]) -> list[str]:
    """Words that run into the next word on their line, or past the right margin, on every line that
    holds one of ``needles``: an amount or a badge too wide for its column runs into the next cell."""
    found = words(pdf)
    right = 595.28 - 20 / 25.4 * 72 + 1  # the report's right margin is 20 mm (PDF) or 18 mm (DOCX)
    lines = {(p, round(y)) for p, _, _, y, text in found if text in needles}
    bad = []
    for page, y in sorted(lines):
        row = sorted((w for w in found if w[0] == page and abs(w[3] - y) < 2), key=lambda w: w[1])
        bad += [f"{a[4]} | {b[4]}" for a, b in itertools.pairwise(row) if a[2] > b[1] + 0.5]
        bad += [f"{w[4]} | margin" for w in row if w[2] > right]
    return bad


VALUES = EXTREMES / "values.yaml"
NEEDLES = ("123.456.789.012,50", "987.654.321.098,75", "864.197.532.086,25", "999.999.999.999", "toepassing", "aplica")


def test_twelve_digit_amounts_and_badges_stay_in_their_columns_in_the_pdf(out):
    pdf = out(VALUES, "sequential")["pdf"]
    assert sum(1 for w in words(pdf) if w[4] == "987.654.321.098,75") >= 4  # nl and es: the line and its total
    assert collisions(pdf, NEEDLES) == []


def test_twelve_digit_amounts_and_badges_stay_in_their_columns_in_libreoffice(out):
    from .conftest import libreoffice_pdf

    pdf = libreoffice_pdf(out(VALUES, "sequential")["docx"], "extremes-values-sequential")
    assert sum(1 for w in words(pdf) if w[4] == "987.654.321.098,75") >= 4
    assert collisions(pdf, NEEDLES) == []


def test_status_columns_fit_the_longest_badge_of_the_form_in_every_lesson_table():
    from agreement_builder.model.blocks import Table
    from agreement_builder.model.measure import TEXT_WIDTH_MM, text_mm

    doc = resolve_report(api.check(VALUES), "sequential")
    for part in doc.parts:
        lessons = [b for b in part.blocks if isinstance(b, Table) and any(c.tone for r in b.rows for c in r.cells)]
        assert len(lessons) == 7
        widths = {t.widths[1] for t in lessons}
        assert len(widths) == 1  # the same status column in every lesson table of a form
        longest = max(text_mm(c.text, 8) for t in lessons for r in t.rows for c in r.cells if c.tone)
        assert widths.pop() * TEXT_WIDTH_MM >= longest + 7.5  # the badge's and the cell's padding


# --------------------------------------------------------------------- 4. the radar's labels
def drawn_radar(chart):
    import matplotlib

    from agreement_builder.writers import charts

    with matplotlib.rc_context(charts._RC):
        fig = charts._draw(chart)
        fig.canvas.draw()
        ax = fig.axes[0]
        renderer = fig.canvas.get_renderer()
        texts = [t for t in [*ax.texts, *ax.get_xticklabels(), *ax.get_yticklabels()] if t.get_text()]
        return ax, texts, renderer


@pytest.mark.parametrize("lang", ["nl", "es"])
def test_radar_labels_stay_clear_of_the_plot_and_its_data(lang):
    """Full scores cover the whole circle: the ring numbers need a halo above the data, and the
    concept names must stay outside the outer ring."""
    spec = api.check(VALUES)
    part = next(p for p in resolve_report(spec, lang).parts)
    chart = figures(part, "radar")[0].chart
    ax, texts, renderer = drawn_radar(chart)
    numbers = [t for t in texts if t.get_text() in {"1", "2", "3", "4", "5"}]
    assert len(numbers) == 5
    top = max(artist.get_zorder() for artist in [*ax.lines, *ax.patches])
    assert all(t.get_zorder() > top and t.get_bbox_patch() is not None for t in numbers)
    box = ax.bbox
    cx, cy, radius = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2, box.width / 2
    concepts = [t for t in texts if t.get_text() in chart.concepts]
    assert len(concepts) == 8
    for t in concepts:
        e = t.get_window_extent(renderer)
        nearest_x, nearest_y = min(max(cx, e.x0), e.x1), min(max(cy, e.y0), e.y1)
        assert math.hypot(nearest_x - cx, nearest_y - cy) >= radius, t.get_text()


def test_twelve_digit_amounts_stay_inside_the_budget_chart():
    """A long line name narrows the plot; the amount printed after the longest bar must still fit.

    A guard rather than a fix: the constrained layout counts these texts, so it narrows the
    plot instead of letting an amount run off the picture."""
    from decimal import Decimal

    import matplotlib

    from agreement_builder.model.charts import BudgetBar, BudgetChart, BudgetCurrency
    from agreement_builder.writers import charts

    label = "Construcción de la red de agua potable y alcantarillado sanitario en los distritos rurales"
    amount = "BOB\u00a0987.654.321.098,75"
    bar = BudgetBar(label, Decimal("987654321098.75"), Decimal("123456789012.50"), amount, amount)
    chart = BudgetChart((BudgetCurrency("Boliviano (BOB)", (bar,)),), "Previsto", "Ejecutado")
    with matplotlib.rc_context(charts._RC):
        fig = charts._draw(chart)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        amounts = [t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text() == amount]
        width = fig.bbox.x1
    assert len(amounts) == 2
    assert max(e.x1 for e in amounts) <= width

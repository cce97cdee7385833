"""The report's pictures, drawn with matplotlib: SVG for the PDF, PNG for the DOCX.

Only the writers import this module, so ``check``, listings and ``--help`` never pay for
matplotlib. Every chart is drawn from one of the chart classes of
:mod:`agreement_builder.model.charts` (finished, localized labels and plain numbers) so the
same picture comes out in both formats. Output is reproducible: a fixed font (Carlito, the metric twin of the DOCX's
Calibri), a fixed SVG hash salt, and no dates or software versions in the metadata.
"""

from __future__ import annotations

import io
import math
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, assert_never

from agreement_builder.model.charts import (
    TIMELINE_ROW_IN,
    BudgetChart,
    Chart,
    RadarChart,
    ScoreboardChart,
    SdgChart,
    TimelineChart,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

NAVY = "#123b5c"
PARTNER_COLOURS = ("#123b5c", "#d9822b", "#2a7f62", "#8e44ad")
STATUS_COLOURS = {
    "achieved": "#2e7d32",
    "partly": "#e0a100",
    "not-yet": "#c62828",
    "not-applicable": "#9e9e9e",
}
PHASE_COLOURS = ("#123b5c", "#2f6690", "#3a7ca5", "#81a4cd", "#5b8e7d", "#8c6d8f")
GRID = "#d5dde4"
TEXT = "#1a1a1a"
WIDTH_IN = 6.7  # text width of an A4 page with our margins, in inches
PNG_DPI = 200
SDGS_PER_ROW = 6
SDG_BADGE_IN = 1.1  # one badge, in inches


_RC: dict[RcKeyType, Any] = {
    "font.family": "Carlito",
    "font.size": 8.5,
    "svg.fonttype": "none",  # text stays text: sharp, selectable and searchable in the PDF
    "svg.hashsalt": "agreement-builder",
    "axes.edgecolor": "#8a99a6",
    "axes.labelcolor": TEXT,
    "xtick.color": "#44525e",
    "ytick.color": "#44525e",
    "text.color": TEXT,
    "figure.dpi": 100,
    "path.simplify": False,
}


ACCENT = "#d9822b"
# The house style's primary and accent colours while a chart is drawn: the first partner,
# the first phase and the spent budget take the primary, the second partner and the
# timeline's events the accent, so the charts match the municipality's documents.
_PALETTE: ContextVar[tuple[str, str]] = ContextVar("palette", default=(NAVY, ACCENT))


def svg(chart: Chart, primary: str = NAVY, accent: str = ACCENT) -> bytes:
    """The chart as an SVG document (vector, text kept as text), in the house colours."""
    return _save(chart, "svg", (primary, accent))


def png(chart: Chart, primary: str = NAVY, accent: str = ACCENT) -> bytes:
    """The chart as a PNG at print resolution, in the house colours."""
    return _save(chart, "png", (primary, accent))


def _save(chart: Chart, fmt: str, palette: tuple[str, str]) -> bytes:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    token = _PALETTE.set((palette[0].lower(), palette[1].lower()))
    try:
        with matplotlib.rc_context(_RC):
            return _saved(chart, fmt, plt)
    finally:
        _PALETTE.reset(token)


def _saved(chart: Chart, fmt: str, plt: Any) -> bytes:
    fig = _draw(chart)
    out = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
    try:
        fig.savefig(out, format=fmt, dpi=PNG_DPI if fmt == "png" else 72, metadata=metadata)
    finally:
        plt.close(fig)
    return out.getvalue()


def _draw(chart: Chart) -> Figure:
    """The figure for ``chart``, drawn by the function for its kind."""
    match chart:
        case TimelineChart():
            return _timeline(chart)
        case RadarChart():
            return _radar(chart)
        case ScoreboardChart():
            return _scoreboard(chart)
        case SdgChart():
            return _sdgs(chart)
        case BudgetChart():
            return _budget(chart)
        case _:
            assert_never(chart)


def _figure(height: float) -> Figure:
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(WIDTH_IN, height), layout="constrained")


def _wrap(label: str, width: int) -> str:
    """A long axis label over several lines, so it cannot squeeze the bars into a corner."""
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label


def _clean_axes(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# --------------------------------------------------------------------- timeline
def _timeline(chart: TimelineChart) -> Figure:
    """Phases as bars on a month axis; events as numbered markers on a row of their own.

    The picture is ``chart.height_in`` high: the resolver chose the row height so that it fits
    a page. Rows below full height take their labels a point smaller.
    """
    import matplotlib.dates as mdates

    phases = chart.phases
    events = chart.events
    fig = _figure(chart.height_in)
    ax = fig.add_subplot()
    _clean_axes(ax)
    ax.spines["left"].set_visible(False)
    rows = len(phases)
    label_size = 8.5 if chart.row_in >= TIMELINE_ROW_IN else 7.5
    ticks, labels = [], []
    for i, phase in enumerate(phases):
        start, end = mdates.date2num(phase.start), mdates.date2num(phase.end) + 1
        y: float = rows - i
        colours = (_PALETTE.get()[0], *PHASE_COLOURS[1:])
        ax.barh(y, end - start, left=start, height=0.62, color=colours[i % len(colours)])
        if end - start > 270:
            ax.text((start + end) / 2, y, phase.period, ha="center", va="center", fontsize=7, color="white")
        ticks.append(y)
        labels.append(_wrap(phase.label, 32))
    if events:
        previous, level = None, 0
        for n, event in enumerate(events, start=chart.first_event):
            x = mdates.date2num(event)
            # Milestones close together alternate above and below the line instead of covering each other.
            level = (level + 1) % 2 if previous is not None and abs(x - previous) < 45 else 0
            y = 0.2 if level else -0.2 if previous is not None and abs(x - previous) < 45 else 0
            previous = x
            ax.plot([x], [y], marker="o", markersize=10, color=_PALETTE.get()[1], zorder=3)
            ax.text(x, y, str(n), ha="center", va="center", fontsize=6.5, color="white", zorder=4, weight="bold")
        ticks.append(0)
        labels.append(chart.events_label)
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=label_size)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6 if events else 0.4, rows + 0.6)
    # Milestones before or after the phases widen the axis rather than fall off it; there the
    # margin keeps the marker (10 pt wide, some 2 % of the axis) clear of the row labels.
    start, end = mdates.date2num(phases[0].start), mdates.date2num(phases[-1].end)
    first = min([start, *(mdates.date2num(e) for e in events)])
    last = max([end, *(mdates.date2num(e) for e in events)])
    edge = max(15.0, (last - first) * 0.025)
    ax.set_xlim(first - (edge if first < start else 15), last + (edge if last > end else 15))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", which="major", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    return fig


# --------------------------------------------------------------------- radar
def _radar(chart: RadarChart) -> Figure:
    """Eight participation concepts round a circle, one filled line per partner."""
    from matplotlib.projections.polar import PolarAxes

    labels = chart.concepts
    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)]
    fig = _figure(3.5)
    ax = fig.add_subplot(projection="polar")
    assert isinstance(ax, PolarAxes)
    ax.set_theta_offset(math.pi / 2)  # first concept at the top, then clockwise
    ax.set_theta_direction(-1)
    closed = [*angles, angles[0]]
    for i, series in enumerate(chart.series):
        values = [*series.scores, series.scores[0]]
        partners = (*_PALETTE.get(), *PARTNER_COLOURS[2:])
        colour = partners[i % len(partners)]
        ax.plot(closed, values, color=colour, linewidth=1.6, label=series.label)
        ax.fill(closed, values, color=colour, alpha=0.14)
    ax.set_xticks(angles)
    ax.set_xticklabels([])
    # The concept names sit outside the outer ring, aligned away from it (left-aligned on the
    # right, right-aligned on the left), so a long name never reaches into the plot.
    for angle, label in zip(angles, labels, strict=True):
        side = math.sin(angle)  # clockwise from the top: positive on the right
        ha = "center" if abs(side) < 0.2 else "left" if side > 0 else "right"
        up = math.cos(angle)
        va = "bottom" if up > 0.7 else "top" if up < -0.7 else "center"
        ax.text(angle, chart.max * 1.1, label, ha=ha, va=va, fontsize=8.5, color=TEXT)
    ax.set_ylim(0, chart.max)
    ax.set_yticks(range(1, chart.max + 1))
    ax.set_yticklabels([])
    # The score rings' numbers lie between the two axes the series cover least, on a white halo
    # above the lines and fills, so no partner's line hides them.
    gap = min(range(count), key=lambda i: sum(s.scores[i] + s.scores[(i + 1) % count] for s in chart.series))
    at = (angles[gap] + 2 * math.pi * (gap + 1) / count) / 2
    halo = {"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "boxstyle": "round,pad=0.15"}
    for n in range(1, chart.max + 1):
        ax.text(at, n, str(n), ha="center", va="center", fontsize=6.5, color="#6b7c8a", zorder=5, bbox=halo)
    ax.grid(color=GRID, linewidth=0.7)
    ax.spines["polar"].set_color("#8a99a6")
    ax.legend(loc="upper left", bbox_to_anchor=(1.08, 1.02), frameon=False, fontsize=8.5)
    return fig


# --------------------------------------------------------------------- scoreboard
def _scoreboard(chart: ScoreboardChart) -> Figure:
    """Per lesson, its items stacked by status."""
    from matplotlib.ticker import MaxNLocator

    lessons = chart.lessons
    statuses = chart.statuses
    fig = _figure(0.8 + 0.34 * len(lessons))
    ax = fig.add_subplot()
    _clean_axes(ax)
    ys = list(range(len(lessons), 0, -1))
    left = [0] * len(lessons)
    for status, label in statuses:
        counts = [lesson.counts.get(status, 0) for lesson in lessons]
        ax.barh(ys, counts, left=left, height=0.6, color=STATUS_COLOURS[status], label=label)
        for y, x0, n in zip(ys, left, counts, strict=True):
            if n:
                ax.text(x0 + n / 2, y, str(n), ha="center", va="center", fontsize=7.5, color="white", weight="bold")
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_yticks(ys)
    ax.set_yticklabels([_wrap(lesson.label, 48) for lesson in lessons], fontsize=8.5)
    ax.set_xlim(0, max(left) + 0.5)
    locator = ax.xaxis.get_major_locator()
    assert isinstance(locator, MaxNLocator)  # the default AutoLocator is one
    locator.set_params(integer=True)
    ax.set_xlabel(chart.axis, fontsize=8)
    ax.grid(axis="x", color=GRID, linewidth=0.7)
    ax.set_axisbelow(True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(statuses), frameon=False, fontsize=8)
    return fig


# --------------------------------------------------------------------- SDG badges
def _sdgs(chart: SdgChart) -> Figure:
    """Square badges in the official SDG colours with number and short title."""
    import textwrap

    from matplotlib.patches import FancyBboxPatch

    badges = chart.sdgs
    per_row = min(SDGS_PER_ROW, len(badges))
    rows = math.ceil(len(badges) / per_row)
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(per_row * SDG_BADGE_IN, rows * 1.05 * SDG_BADGE_IN))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, per_row)
    ax.set_ylim(0, rows * 1.05)
    ax.axis("off")
    for i, badge in enumerate(badges):
        col, row = i % per_row, i // per_row
        x, y = col + 0.04, rows * 1.05 - (row + 1) * 1.05 + 0.04
        ax.add_patch(
            FancyBboxPatch(
                (x + 0.02, y + 0.02),
                0.88,
                0.88,
                boxstyle="round,pad=0,rounding_size=0.04",
                facecolor=badge.colour,
                edgecolor="none",
            )
        )
        ax.text(x + 0.08, y + 0.84, str(badge.number), ha="left", va="top", color="white", fontsize=19, weight="bold")
        ax.text(x + 0.86, y + 0.84, chart.label, ha="right", va="top", color="white", fontsize=7, weight="bold")
        title = "\n".join(textwrap.wrap(badge.title, 15))
        ax.text(x + 0.08, y + 0.1, title, ha="left", va="bottom", color="white", fontsize=7.2, linespacing=1.1)
    return fig


# --------------------------------------------------------------------- budget
def _budget(chart: BudgetChart) -> Figure:
    """Planned against spent per budget line; one panel per currency, never mixed."""
    groups = chart.currencies
    heights = [0.5 + 0.42 * len(g.lines) for g in groups]
    fig = _figure(0.45 + sum(heights))
    axes = fig.subplots(len(groups), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)[:, 0]
    for ax, group in zip(axes, groups, strict=True):
        _clean_axes(ax)
        lines = group.lines
        ys = list(range(len(lines), 0, -1))
        planned = [float(line.planned) for line in lines]
        spent = [float(line.spent) for line in lines]
        ax.barh([y + 0.18 for y in ys], planned, height=0.34, color="#9fb3c8", label=chart.planned)
        ax.barh([y - 0.18 for y in ys], spent, height=0.34, color=_PALETTE.get()[0], label=chart.spent)
        top = max(planned + spent) or 1
        for y, value, text in zip(ys, spent, [line.spent_text for line in lines], strict=True):
            ax.text(value + top * 0.01, y - 0.18, text, va="center", fontsize=7, color=TEXT)
        for y, value, text in zip(ys, planned, [line.planned_text for line in lines], strict=True):
            ax.text(value + top * 0.01, y + 0.18, text, va="center", fontsize=7, color="#44525e")
        ax.set_yticks(ys)
        ax.set_yticklabels([_wrap(line.label, 42) for line in lines], fontsize=8)
        ax.set_xlim(0, top * 1.3)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        ax.set_title(group.title, loc="left", fontsize=9, weight="bold", color=_PALETTE.get()[0])
    axes[0].legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, frameon=False, fontsize=8)
    return fig

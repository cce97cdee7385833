"""What each chart shows, as data: the resolver fills it, writers/charts.py draws it.

Charts stay data in the model so that checking a report never loads matplotlib. Each kind
of picture has its own frozen class, so the resolver and the drawing code agree on every
field by type rather than by string keys. ``kind`` names the picture: the HTML template
uses it as a CSS class (``chart-sdgs``).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, TypeAlias


@dataclass(frozen=True)
class TimelinePhase:
    """One phase as a bar: its name, its first and last day, and its period in words."""

    label: str
    start: _dt.date
    end: _dt.date
    period: str  # "jan. 2019 – jun. 2019", printed inside a bar that is long enough


# The timeline's geometry, in inches of the drawn picture (6.7 in wide, the text width). The
# resolver decides from these how many rows one picture holds, so a long trajectory is split
# before anything is drawn; the writer draws each row this high.
TIMELINE_BASE_IN = 0.75  # the month axis and the margins round the rows
TIMELINE_ROW_IN = 0.34  # a row at full size: a label of two lines at 8.5 pt
TIMELINE_MIN_ROW_IN = 0.26  # the smallest readable row: a label of two lines at 7.5 pt
# The tallest picture a page holds: the A4 text block is 253 mm (9.96 in) high in both formats;
# the DOCX draws pictures 2 % larger (its text width is 174 mm against the PDF's 170 mm), and
# the caption and the space round the figure need some 0.5 in.
FIGURE_MAX_IN = 8.6


@dataclass(frozen=True)
class TimelineChart:
    """Phases as bars on a month axis; milestones as numbered markers on a row of their own.

    A long trajectory is drawn as several of these (see :func:`timeline_charts`): each holds
    some phases, the milestones that fall in their span, numbered from ``first_event`` on, and
    draws its rows ``row_in`` high.
    """

    kind: ClassVar[str] = "timeline"
    phases: tuple[TimelinePhase, ...]
    events: tuple[_dt.date, ...]  # the milestones' dates, numbered first_event, first_event + 1, … in this order
    events_label: str  # the name of the milestones' row ("Mijlpalen")
    first_event: int = 1
    row_in: float = TIMELINE_ROW_IN

    @property
    def rows(self) -> int:
        """One row per phase, and one for the milestones when there are any."""
        return len(self.phases) + (1 if self.events else 0)

    @property
    def height_in(self) -> float:
        """The drawn picture's height in inches; never more than FIGURE_MAX_IN."""
        return TIMELINE_BASE_IN + self.row_in * self.rows


def timeline_charts(
    phases: tuple[TimelinePhase, ...], events: tuple[_dt.date, ...], events_label: str
) -> tuple[TimelineChart, ...]:
    """The timeline as one picture, or as several that each fit a page.

    Decided from the number of rows, not from a trial drawing: at full row height when that
    fits a page, else with rows scaled down towards TIMELINE_MIN_ROW_IN, else split into
    pictures of equal size (each with a row for its own milestones). A milestone belongs to
    the picture whose phases' span holds it; one before the first phase goes in the first
    picture, one after the last phase in the last one.
    """
    room = FIGURE_MAX_IN - TIMELINE_BASE_IN
    rows = len(phases) + (1 if events else 0)
    if rows * TIMELINE_MIN_ROW_IN <= room:
        row = min(TIMELINE_ROW_IN, room / rows)
        return (TimelineChart(phases, events, events_label, 1, row),)
    per_picture = int(room // TIMELINE_MIN_ROW_IN) - 1  # phases, leaving a row for the milestones
    count = -(-len(phases) // per_picture)
    size = -(-len(phases) // count)
    groups = [phases[i : i + size] for i in range(0, len(phases), size)]
    charts, taken = [], 0
    for n, group in enumerate(groups):
        later = groups[n + 1][0].start if n + 1 < len(groups) else None
        mine = tuple(e for e in events[taken:] if later is None or e < later)
        row = min(TIMELINE_ROW_IN, room / (len(group) + 1))
        charts.append(TimelineChart(group, mine, events_label, taken + 1, row))
        taken += len(mine)
    return tuple(charts)


@dataclass(frozen=True)
class RadarSeries:
    """One partner's line on the radar: a score per concept, in the concepts' order."""

    label: str
    scores: tuple[int, ...]


@dataclass(frozen=True)
class RadarChart:
    """The participation concepts round a circle, one filled line per partner."""

    kind: ClassVar[str] = "radar"
    concepts: tuple[str, ...]
    series: tuple[RadarSeries, ...]
    max: int  # the outer ring's score


@dataclass(frozen=True)
class ScoreboardLesson:
    """One lesson's bar: its label and how many of its items have each status."""

    label: str
    counts: dict[str, int]  # status id -> number of items; a status without items may be absent


@dataclass(frozen=True)
class ScoreboardChart:
    """Per lesson, its items stacked by status."""

    kind: ClassVar[str] = "scoreboard"
    lessons: tuple[ScoreboardLesson, ...]
    statuses: tuple[tuple[str, str], ...]  # (status id, label), in stacking and legend order
    axis: str  # the label under the item counts


@dataclass(frozen=True)
class SdgBadge:
    """One Sustainable Development Goal: its number, short title and official colour."""

    number: int
    title: str
    colour: str  # "#3F7E44"


@dataclass(frozen=True)
class SdgChart:
    """Square badges in the official SDG colours."""

    kind: ClassVar[str] = "sdgs"
    label: str  # the word in each badge's corner ("SDG", "ODS")
    sdgs: tuple[SdgBadge, ...]


@dataclass(frozen=True)
class BudgetBar:
    """One budget line: planned and spent as numbers for the bars and as finished text beside them."""

    label: str
    planned: Decimal
    spent: Decimal
    planned_text: str
    spent_text: str


@dataclass(frozen=True)
class BudgetCurrency:
    """The budget lines in one currency; they get a panel of their own, never mixed with another."""

    title: str  # "Euro (EUR)"
    lines: tuple[BudgetBar, ...]


@dataclass(frozen=True)
class BudgetChart:
    """Planned against spent per budget line, one panel per currency."""

    kind: ClassVar[str] = "budget"
    currencies: tuple[BudgetCurrency, ...]
    planned: str  # legend label of the planned bars
    spent: str  # legend label of the spent bars


Chart: TypeAlias = TimelineChart | RadarChart | ScoreboardChart | SdgChart | BudgetChart
"""What a picture shows, in finished words and plain numbers; writers/charts.py draws it."""

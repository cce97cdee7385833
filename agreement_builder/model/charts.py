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


@dataclass(frozen=True)
class TimelineChart:
    """Phases as bars on a month axis; milestones as numbered markers on a row of their own."""

    kind: ClassVar[str] = "timeline"
    phases: tuple[TimelinePhase, ...]
    events: tuple[_dt.date, ...]  # the milestones' dates, numbered 1, 2, … in this order
    events_label: str  # the name of the milestones' row ("Mijlpalen")


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

"""Charts: vector SVG with real text, print-resolution PNG, the same bytes every time."""

import dataclasses
import datetime as dt
import struct
from decimal import Decimal

import pytest

from agreement_builder.model.charts import (
    BudgetBar,
    BudgetChart,
    BudgetCurrency,
    RadarChart,
    RadarSeries,
    ScoreboardChart,
    ScoreboardLesson,
    SdgBadge,
    SdgChart,
    TimelineChart,
    TimelinePhase,
)
from agreement_builder.writers import charts

CHARTS = [
    TimelineChart(
        phases=(
            TimelinePhase("Opstart", dt.date(2019, 1, 1), dt.date(2019, 6, 30), "jan–jun"),
            TimelinePhase("Pandemie", dt.date(2019, 7, 1), dt.date(2021, 4, 30), "2019–2021"),
        ),
        events=(dt.date(2018, 11, 1), dt.date(2021, 6, 8)),
        events_label="Mijlpalen",
    ),
    RadarChart(
        concepts=tuple(f"Begrip {i}" for i in range(8)),
        series=(RadarSeries("Herent", (0, 1, 2, 3, 4, 5, 4, 3)),),
        max=5,
    ),
    ScoreboardChart(
        lessons=(ScoreboardLesson("1. Les", {"achieved": 2, "not-yet": 1}),),
        statuses=(
            ("achieved", "Bereikt"),
            ("partly", "Gedeeltelijk"),
            ("not-yet", "Nog niet"),
            ("not-applicable", "n.v.t."),
        ),
        axis="Aantal aandachtspunten",
    ),
    SdgChart(label="ODS", sdgs=(SdgBadge(13, "Acción por el clima", "#3F7E44"),)),
    BudgetChart(
        currencies=(BudgetCurrency("Euro (EUR)", (BudgetBar("Vertolking", Decimal(0), Decimal(0), "€ 0", "€ 0"),)),),
        planned="Gepland",
        spent="Besteed",
    ),
]


def test_every_kind_of_chart_is_tested_once_and_names_its_css_class():
    assert [c.kind for c in CHARTS] == ["timeline", "radar", "scoreboard", "sdgs", "budget"]
    assert "kind" not in {f.name for c in CHARTS for f in dataclasses.fields(c)}  # a class constant, not data


def test_chart_data_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CHARTS[0].events_label = "Andere"


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: c.kind)
def test_svg_keeps_text_as_text_and_is_reproducible(chart):
    svg = charts.svg(chart)
    assert svg == charts.svg(chart)
    assert b"<text" in svg and b"Carlito" in svg
    assert b"<image" not in svg  # no raster inside the vector picture
    assert b"Date" not in svg and b"Matplotlib v" not in svg


@pytest.mark.parametrize("chart", CHARTS, ids=lambda c: c.kind)
def test_png_at_print_resolution_and_reproducible(chart):
    png = charts.png(chart)
    assert png.startswith(b"\x89PNG") and png == charts.png(chart)
    assert b"Software" not in png
    i = png.index(b"pHYs")
    per_metre = struct.unpack(">I", png[i + 4 : i + 8])[0]
    assert round(per_metre * 0.0254) == charts.PNG_DPI


HOUSED = [c for c in CHARTS if c.kind in ("timeline", "radar", "budget")]


@pytest.mark.parametrize("chart", HOUSED, ids=lambda c: c.kind)
def test_charts_take_the_house_colours(chart):
    """The first partner, phase or spent budget in the primary colour; the default navy is gone."""
    default = charts.svg(chart)
    housed = charts.svg(chart, "#1E5B3C", "#C8A13A")
    assert b"#123b5c" in default and b"#1e5b3c" not in default
    assert b"#1e5b3c" in housed and b"#123b5c" not in housed
    if chart.kind == "timeline":  # its events take the accent (as a radar's second partner does)
        assert b"#c8a13a" in housed and b"#d9822b" not in housed

"""Charts: vector SVG with real text, print-resolution PNG, the same bytes every time."""

import datetime as dt
import struct

import pytest

from agreement_builder.model.charts import Chart
from agreement_builder.writers import charts

CHARTS = [
    Chart(
        "timeline",
        {
            "phases": [
                {"label": "Opstart", "start": dt.date(2019, 1, 1), "end": dt.date(2019, 6, 30), "period": "jan–jun"},
                {"label": "Pandemie", "start": dt.date(2019, 7, 1), "end": dt.date(2021, 4, 30), "period": "2019–2021"},
            ],
            "events": [{"date": dt.date(2018, 11, 1)}, {"date": dt.date(2021, 6, 8)}],
            "events_label": "Mijlpalen",
        },
    ),
    Chart(
        "radar",
        {
            "concepts": [f"Begrip {i}" for i in range(8)],
            "series": [{"label": "Herent", "scores": [0, 1, 2, 3, 4, 5, 4, 3]}],
            "max": 5,
        },
    ),
    Chart(
        "scoreboard",
        {
            "lessons": [{"label": "1. Les", "counts": {"achieved": 2, "not-yet": 1}}],
            "statuses": [
                ("achieved", "Bereikt"),
                ("partly", "Gedeeltelijk"),
                ("not-yet", "Nog niet"),
                ("not-applicable", "n.v.t."),
            ],
            "axis": "Aantal aandachtspunten",
        },
    ),
    Chart("sdgs", {"label": "ODS", "sdgs": [{"number": 13, "title": "Acción por el clima", "colour": "#3F7E44"}]}),
    Chart(
        "budget",
        {
            "currencies": [
                {
                    "title": "Euro (EUR)",
                    "lines": [
                        {"label": "Vertolking", "planned": 0, "spent": 0, "planned_text": "€ 0", "spent_text": "€ 0"}
                    ],
                }
            ],
            "planned": "Gepland",
            "spent": "Besteed",
        },
    ),
]


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

"""Report model → HTML (for WeasyPrint, or standalone) and → PDF.

The same sandboxed, autoescaping template environment as the agreements; charts are drawn
as SVG and embedded as ``data:`` URIs, which the safe URL fetcher allows, so the PDF keeps
them as vector graphics with real, searchable text.
"""

from __future__ import annotations

import base64
from pathlib import Path

from markupsafe import Markup

from agreement_builder.core.resources import templates_dir
from agreement_builder.model.charts import Chart
from agreement_builder.model.report import ReportDocument


def svg_uri(chart: Chart) -> str:
    """The chart as an SVG data: URI."""
    from agreement_builder.writers.charts import svg

    return "data:image/svg+xml;base64," + base64.b64encode(svg(chart)).decode("ascii")


def keep_ranges(text: str) -> Markup:
    """Escaped text whose number ranges ('2019–2022') never break across lines."""
    import re

    from markupsafe import escape

    parts = re.split(r"(\d+–\d+)", text)
    return Markup("").join(
        Markup('<span class="nowrap">{}</span>').format(p) if i % 2 else escape(p) for i, p in enumerate(parts)
    )


def render_report_html(doc: ReportDocument, standalone: bool = False) -> str:
    """The report as one HTML page; ``standalone`` inlines the stylesheet."""
    from agreement_builder.writers.html import _css_string, _environment

    inline_css = Markup((templates_dir() / "report.css").read_text(encoding="utf-8")) if standalone else ""
    labels = doc.labels
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            doc=doc,
            inline_css=inline_css,
            svg_uri=svg_uri,
            keep_ranges=keep_ranges,
            footer={lang: _css_string(doc.title[lang].running) for lang in doc.languages},
            page_word={lang: _css_string(labels[lang]["page"]) for lang in doc.languages},
            page_of={lang: _css_string(labels[lang]["page_of"]) for lang in doc.languages},
            draft_header={
                lang: _css_string(f"{labels[lang]['draft_mark']} – {labels[lang]['draft_note']}")
                for lang in doc.languages
            },
        )
    )


def render_report_pdf(doc: ReportDocument, spec_folder: Path) -> bytes:
    """The report as PDF bytes, through the agreements' reproducible, fenced-in PDF writer."""
    from agreement_builder.writers.pdf import render_pdf

    return render_pdf(doc, spec_folder, html=render_report_html(doc))  # type: ignore[arg-type]

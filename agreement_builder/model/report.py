"""The format-neutral model of an end-of-trajectory report.

Like the agreement model, it holds finished, localized text: the resolver decides wording,
order and numbers; the HTML/PDF and DOCX writers only lay it out. Charts are kept as data
(:class:`Chart`) and drawn by the writers, so checking a report never loads matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from agreement_builder.model.blocks import ListBlock, PageDocument, Paragraph
from agreement_builder.model.charts import Chart


@dataclass(frozen=True)
class Heading:
    """A subsection heading inside a section (level 3), e.g. a lesson or a partner's project."""

    kind: ClassVar[str] = "heading"
    text: str


@dataclass(frozen=True)
class Cell:
    """One table cell; ``tone`` colours a status cell (achieved, partly, not-yet, not-applicable)."""

    text: str
    tone: str = ""
    note: str = ""  # a smaller second line, e.g. a comment under a status


@dataclass(frozen=True)
class Row:
    """A table row; ``role`` is '' for data, 'total' for a sum, 'sub' for a per-partner answer."""

    cells: tuple[Cell, ...]
    role: str = ""


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are relative, ``numeric`` columns align right."""

    kind: ClassVar[str] = "table"
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]
    numeric: tuple[bool, ...] = ()
    style: str = ""  # 'facts' for a two-column label/value table without header


@dataclass(frozen=True)
class Figure:
    """A numbered picture with its caption in the document's language."""

    kind: ClassVar[str] = "figure"
    chart: Chart
    label: str  # "Figuur 2"
    caption: str  # "Deelnameradar: acht basisbegrippen per partner"
    width: float = 1.0  # share of the text width

    @property
    def full_caption(self) -> str:
        """'Figuur 2 – Deelnameradar …', as printed under the picture."""
        return f"{self.label} – {self.caption}"


@dataclass(frozen=True)
class Decision:
    """The proposal for decision: numbered articles ('Artikel 1', …)."""

    kind: ClassVar[str] = "decision"
    intro: str
    articles: tuple[tuple[str, str], ...]


ReportBlock = Paragraph | ListBlock | Heading | Table | Figure | Decision


@dataclass
class Section:
    """A numbered section of one form, e.g. '5. Verloop' or '3. Actividades realizadas'."""

    number: int
    title: str
    blocks: list[ReportBlock]
    anchor: str


@dataclass
class Part:
    """One form of the report in one language: the council report (nl) or the informe final (es)."""

    lang: str
    form_title: str  # "Verslag aan de gemeenteraad" / "Informe final"
    title: str
    facts: Table  # the header box: city link, period, council, author, …
    sections: list[Section]


@dataclass(kw_only=True)
class ReportDocument(PageDocument):
    """A whole report, ready for any writer; the page setup it shares with the agreement
    Document (title, labels, locales, date, draft, author, keywords) lets both use the same
    header, footer and metadata code."""

    parts: list[Part]

    def figures(self) -> list[Figure]:
        """Every figure, in document order."""
        return [b for part in self.parts for s in part.sections for b in s.blocks if isinstance(b, Figure)]

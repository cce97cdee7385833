"""A whole document: metadata, page furniture and its parts, each a sequence of blocks.

Every kind (agreement, report, …) resolves into this one class. What differs between kinds
is data: the house style's name, the page furniture, the blocks — never the writer.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from agreement_builder.model.blocks import Block, Text


@dataclass(frozen=True)
class PageStyle:
    """What stands on every page of a part, outside the text: footer, page number, draft mark.

    ``footer`` runs at the bottom left; the page number at the bottom right reads
    ``page_word`` n ``page_of`` m ("pagina 3 van 12", or "3 / 12" with empty words);
    a draft carries ``draft_header`` at the top (``draft_box``: 'center' or 'right').
    Parts with equal page styles share one page sequence.
    """

    name: str
    lang: str  # the language the furniture is tagged with
    footer: tuple[Text, ...]
    page_word: str = ""
    page_of: str = " / "
    draft_header: tuple[Text, ...] = ()
    draft_box: str = "center"


@dataclass
class Part:
    """A stretch of the document in one language (or bilingual, ``lang`` None) on its own pages.

    A part after the first starts on a new page. ``role`` names it for the house style
    ('language', 'form', 'annex').
    """

    lang: str | None
    blocks: list[Block]
    page: PageStyle
    role: str = ""


@dataclass(kw_only=True)
class Document:
    """Everything a writer needs: languages, metadata, page furniture and the parts.

    ``style`` names the house style (stylesheet and Word styles) the writers apply;
    ``watermark`` is the draft mark across every page, empty for a final document: the PDF
    prints it diagonally behind the text, the DOCX (where such shapes are fragile across Word
    and LibreOffice) repeats it in the page header's draft line instead.

    ``properties`` are short values a reader sees in Word's or the PDF viewer's properties;
    ``data`` holds machine-readable records (JSON) whole: the DOCX keeps them in a custom
    XML part, the PDF in its metadata, where a later tool can read them back.
    """

    style: str  # 'agreement' | 'report'
    layout: str
    languages: list[str]  # reading order, e.g. ["nl", "es"]; one entry for single-language layouts
    locales: dict[str, str]  # lang -> BCP 47 tag, e.g. nl-BE, es-BO
    date: _dt.date
    title: str  # one line for metadata, in every language of the document
    subject: str
    author: str
    keywords: list[str] = field(default_factory=list)
    draft: bool = False
    draft_label: str = ""  # the category in the DOCX properties, e.g. CONCEPT
    watermark: str = ""
    parts: list[Part] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)  # name -> value: PDF metadata and DOCX custom properties
    data: dict[str, str] = field(default_factory=dict)  # name -> JSON kept whole inside the file

    def __post_init__(self) -> None:
        # Word keeps at most 255 characters in a custom property; longer records belong in ``data``.
        for name, value in self.properties.items():
            if len(value) > 255:
                raise ValueError(f"document property {name!r} holds {len(value)} characters; put it in data")

    @property
    def main_language(self) -> str:
        """The first language of the document; it sets the PDF/DOCX language metadata."""
        return self.languages[0]

    def blocks(self) -> list[Block]:
        """Every top-level block of every part, in reading order."""
        return [b for part in self.parts for b in part.blocks]

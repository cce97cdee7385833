"""A whole document: metadata, page furniture and its parts, each a sequence of blocks.

Every kind (agreement, report, …) resolves into this one class. What differs between kinds
is data: the house style's name, the page furniture, the blocks — never the writer.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass(frozen=True)
class Logo:
    """The house logo as the writers embed it: the file's bytes, 'svg' or 'png', and its printed size.

    ``aspect`` is height / width, so a writer can reserve the logo's height without decoding it.
    """

    data: bytes
    format: str
    width_mm: float
    aspect: float
    alt: dict[str, str]  # lang -> alternative text

    @property
    def height_mm(self) -> float:
        """The printed height in millimetres."""
        return self.width_mm * self.aspect


@dataclass(frozen=True)
class HouseStyle:
    """A municipality's house style: colours, fonts, logo, letterhead and running lines.

    Colours are '#RRGGBB' (validated when the style folder is read); ``body_font`` and
    ``heading_font`` are the families the PDF prints with, ``word_body``/``word_heading`` the
    names the DOCX asks Word for (Cambria for Caladea: the same metrics, and the font Word
    users have). The defaults are the bundled neutral style (styles/default/style.yaml), the
    look every document had before house styles existed; a test keeps the two equal. The
    letterhead and the logo stand on the first page of each page sequence; ``header`` tops
    the other pages and ``footer`` runs under the page footer, per language.
    """

    name: str = "Neutral"
    primary: str = "#123B5C"
    accent: str = "#D9822B"
    text: str = "#1A1A1A"
    muted: str = "#555555"
    secondary: str = "#6B7C8A"
    rule: str = "#C8D3DC"
    tint: str = "#F3F6F9"
    body_font: str = "Caladea"
    heading_font: str = "Carlito"
    word_body: str = "Cambria"
    word_heading: str = "Calibri"
    logo: Logo | None = None
    letterhead: dict[str, tuple[str, ...]] = field(default_factory=dict)
    header: dict[str, str] = field(default_factory=dict)
    footer: dict[str, str] = field(default_factory=dict)
    folder: Path | None = None  # the style folder, which the PDF may load files from
    files: tuple[Path, ...] = ()  # the files the style was read from (style.yaml, the logo)

    @property
    def has_letterhead(self) -> bool:
        """Whether the first page of a page sequence carries a logo or address block."""
        return self.logo is not None or bool(self.letterhead)


@dataclass(frozen=True)
class SourceFile:
    """A file the document was built from, under its name relative to the spec's folder.

    The PDF writer embeds each one (PDF/A-3 associated files) so an archived PDF is its own
    source; ``role`` says what it is: spec, lock, clause, checklist, style or manifest.
    """

    name: str
    role: str
    data: bytes


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

    ``style`` names the kind's stylesheet and Word styles ('agreement' or 'report'); ``house``
    is the municipality's house style (colours, fonts, logo, letterhead) laid over it;
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
    sources: list[SourceFile] = field(default_factory=list)  # embedded in the PDF; empty: none
    house: HouseStyle = field(default_factory=HouseStyle)

    def __post_init__(self) -> None:
        # Word keeps at most 255 characters in a custom property; longer records belong in ``data``.
        for name, value in self.properties.items():
            if len(value) > 255:
                raise ValueError(f"document property {name!r} holds {len(value)} characters; put it in data")

    @property
    def main_language(self) -> str:
        """The first language of the document; it sets the PDF/DOCX language metadata."""
        return self.languages[0]

    def starts_page_sequence(self, index: int) -> bool:
        """Whether part ``index`` opens a page sequence (its page style differs from the previous part's).

        Such a part starts on a fresh first page: where the letterhead goes, and where the
        DOCX opens a new section.
        """
        return index == 0 or self.parts[index - 1].page.name != self.parts[index].page.name

    def blocks(self) -> list[Block]:
        """Every top-level block of every part, in reading order."""
        return [b for part in self.parts for b in part.blocks]

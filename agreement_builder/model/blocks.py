"""The blocks every document is made of: one format-neutral tree, many writers (as in pandoc).

A kind's resolver fills these with finished, localized text; the HTML/PDF and DOCX writers
only lay them out. Nothing here knows about HTML or Word, and every field is honoured by
every writer (tests/test_writers_cover_the_model.py walks the block types to make sure).

Languages are named by their short code ("nl", "es"); the document maps them to locale tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from agreement_builder.model.charts import Chart


@dataclass(frozen=True)
class Text:
    """A run of text with inline emphasis.

    ``lang`` is set only when the run is in another language than the block around it,
    as in the bilingual captions of a side-by-side agreement ("Naam / Nombre").
    ``change`` marks a redline's tracked change (see kinds/agreement/compare.py): "ins" for
    text the new version adds, "del" for text it drops; the DOCX writes them as Word's own
    tracked changes, the PDF underlines and strikes them through.
    """

    text: str
    bold: bool = False
    italic: bool = False
    lang: str | None = None
    ref: str = ""  # the anchor this run refers to ("artikel 14" → the article's heading); text is its current result
    change: str = ""  # '' | 'ins' | 'del'


@dataclass(frozen=True)
class Counter:
    """A number that counts through the document: an article's, a figure's.

    The PDF prints ``label`` as it stands; the DOCX lets Word keep the count live (a list
    bound to the heading style, a SEQ field), so a negotiator who inserts an article in
    Word or LibreOffice gets every number after it, and every reference to it, renumbered.
    ``name`` names the sequence ('article', 'figure'); ``prefix`` is the word before the
    number in the document's language ("Artikel ", "Figura ").
    """

    name: str
    prefix: str
    number: int

    @property
    def label(self) -> str:
        """The number as printed: "Artikel 3"."""
        return f"{self.prefix}{self.number}"


# Text that may mix languages: a plain string (in the block's language) or tagged runs.
Words = str | tuple[Text, ...]


def plain(words: Words) -> str:
    """The characters of ``words`` without emphasis or language, for tests and metadata."""
    return words if isinstance(words, str) else "".join(t.text for t in words)


def phrase(texts: dict[str, str], joiner: str = " / ") -> tuple[Text, ...]:
    """One text per language as tagged runs, "Naam / Nombre"; a text equal to an earlier one is left out."""
    out: list[Text] = []
    seen: list[str] = []
    for lang, text in texts.items():
        if text in seen:
            continue
        if seen:
            out.append(Text(joiner, lang=lang))
        out.append(Text(text, lang=lang))
        seen.append(text)
    return tuple(out)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs; ``role`` names a paragraph style such as 'provenance-intro'.

    ``lang`` is set only when the paragraph is in another language than its part, as the
    per-language paragraphs of a bilingual annex are. ``keep_with_next`` keeps it on the
    page of the block after it: the resolver sets it where a page break would separate
    what belongs together (a lead-in line and its list, the closing words and the signatures).
    """

    kind: ClassVar[str] = "paragraph"
    inlines: tuple[Text, ...]
    role: str = ""
    lang: str | None = None
    keep_with_next: bool = False

    @property
    def plain(self) -> str:
        """The paragraph's text without emphasis, for tests and metadata."""
        return "".join(i.text for i in self.inlines)


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for an article or a section, level 2 for a subsection.

    ``label`` is the number it carries ("Artikel 3", "5."), printed before the text with
    ``joiner`` between them; ``style`` names the kind of heading ('article', 'section') so
    each writer can give it its look; ``anchor`` is a stable id for links and bookmarks.
    A ``counter`` says that the label is a running number (then ``label`` is its label).
    """

    kind: ClassVar[str] = "heading"
    level: int
    text: Words
    label: str = ""
    joiner: str = " – "
    style: str = ""
    anchor: str = ""
    counter: Counter | None = None


@dataclass(frozen=True)
class ListBlock:
    """A numbered or bulleted list; each item is a sequence of blocks (paragraphs, sublists)."""

    kind: ClassVar[str] = "list"
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class SdgRef:
    """One SDG as shown in the document: number, localized title, official colour."""

    number: int
    title: str
    colour: str
    label: str  # "SDG" or "ODS"


@dataclass(frozen=True)
class PriorityItem:
    """One shared priority: title, description and its SDGs."""

    title: str
    description: str
    sdgs: tuple[SdgRef, ...]


@dataclass(frozen=True)
class PriorityList:
    """The shared priorities, numbered, each with its SDG badges in the official colours."""

    kind: ClassVar[str] = "priorities"
    items: tuple[PriorityItem, ...]


@dataclass(frozen=True)
class SignatureBlock:
    """One party's signature block: its name, a line to sign on, a caption and details.

    The texts are tagged runs so one block can serve both languages at once: a side-by-side
    agreement is signed once, under both columns ("Naam / Nombre").
    """

    heading: tuple[Text, ...]
    caption: tuple[Text, ...]
    rows: tuple[tuple[tuple[Text, ...], tuple[Text, ...]], ...]  # (label, value)


@dataclass(frozen=True)
class Signatures:
    """The signature blocks of all parties, side by side, in spec order."""

    kind: ClassVar[str] = "signatures"
    blocks: tuple[SignatureBlock, ...]


@dataclass(frozen=True)
class Cell:
    """One table cell; ``tone`` colours a status cell (achieved, partly, not-yet, not-applicable).

    A line break in the text starts a new line inside the cell.
    """

    text: Words
    tone: str = ""


@dataclass(frozen=True)
class Row:
    """A table row; ``role`` is '' for data, 'total' for a sum, 'sub' for a per-partner answer."""

    cells: tuple[Cell, ...]
    role: str = ""


@dataclass(frozen=True)
class Table:
    """A table: an optional header row, rows, relative column widths, right-aligned numbers.

    ``style`` names its look: '' for a data table, 'facts' for a label/value box whose first
    column reads as row headers, 'numbered' for a table whose first column is a number,
    'provenance' for the small print of the provenance annex. ``monospace`` columns hold
    codes such as hashes. A table with ``keep`` stays on one page when it can; one with
    ``keep_with_next`` ends on the page of the block after it (a note that explains it).
    """

    kind: ClassVar[str] = "table"
    header: tuple[Words, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]
    numeric: tuple[bool, ...] = ()
    monospace: tuple[bool, ...] = ()
    style: str = ""
    keep: bool = False
    keep_with_next: bool = False


@dataclass(frozen=True)
class Figure:
    """A numbered picture with its caption and alternative text in the document's language."""

    kind: ClassVar[str] = "figure"
    chart: Chart
    counter: Counter  # Figuur 2
    caption: str  # "Deelnameradar: acht basisbegrippen per partner"
    width: float = 1.0  # share of the text width
    alt: str = ""  # what a screen reader says; the caption when empty
    joiner: str = " – "

    @property
    def label(self) -> str:
        """'Figuur 2'."""
        return self.counter.label

    @property
    def full_caption(self) -> str:
        """'Figuur 2 – Deelnameradar …', as printed under the picture."""
        return f"{self.label}{self.joiner}{self.caption}"

    @property
    def alt_text(self) -> str:
        """The alternative text, falling back on the caption."""
        return self.alt or self.caption


@dataclass(frozen=True)
class Decision:
    """A proposal for decision: an intro and numbered articles ('Artikel 1', …)."""

    kind: ClassVar[str] = "decision"
    intro: str
    articles: tuple[tuple[str, str], ...]  # (label, text)


@dataclass(frozen=True)
class TitleBlock:
    """What stands at the top of a document (or of one language's part of it).

    ``issuer`` is a line above the title naming who issues it, ``form`` the kind of form
    ("Verslag aan de gemeenteraad"), ``subtitle`` a line under the title (the parties), and
    ``draft_note`` the draft warning; any of them may be empty.
    """

    kind: ClassVar[str] = "title"
    title: str
    subtitle: str = ""
    issuer: str = ""
    form: str = ""
    draft_note: str = ""


@dataclass(frozen=True)
class ParallelRow:
    """One row of a side-by-side block.

    ``cells`` holds one block (or None) per language column. A ``span`` block runs under
    all columns instead, as the signatures do. A 'heading' row stays with the next row; a
    'keep' row is never split over two pages; a 'with-next' row (a lead-in and its
    translation, the closing words before the signatures) is not split and stays with the
    next row, as a heading row does, without being a heading.
    """

    cells: tuple[Block | None, ...] = ()
    span: Block | None = None
    role: str = ""  # '' | 'heading' | 'keep' | 'with-next'


@dataclass(frozen=True)
class ParallelGroup:
    """The rows of one article in a side-by-side block, with the article's anchor."""

    rows: tuple[ParallelRow, ...]
    anchor: str = ""


@dataclass(frozen=True)
class Parallel:
    """Texts in two (or more) languages side by side, paragraph n beside paragraph n.

    Which block sits beside which is decided once, by the resolver; the writers only lay
    the rows out. ``captions`` head the columns (repeated on every page) when given; a
    ``divider`` rule separates the columns.
    """

    kind: ClassVar[str] = "parallel"
    languages: tuple[str, ...]
    groups: tuple[ParallelGroup, ...]
    captions: tuple[str, ...] = ()
    divider: bool = True


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a table of contents: a heading as printed, and the anchor it links to.

    ``text`` is the heading's label, joiner and text ("Artikel 3 – Doel van de samenwerking");
    ``lang`` is the heading's language, so an entry copied from a language column is tagged
    (and spell-checked) in that language.
    """

    level: int
    text: str
    anchor: str
    lang: str | None = None


@dataclass(frozen=True)
class Contents:
    """A table of contents: the headings of the part it stands in, with their page numbers.

    The entries are collected once, from the model (model/contents.py), so both formats list
    the same lines: the PDF links each to its heading and prints its page, the DOCX writes
    them as the pre-filled result of a TOC field that Word refreshes. ``depth`` is the
    deepest heading level the contents list, and the level Word gathers when it refreshes.
    """

    kind: ClassVar[str] = "contents"
    title: Words
    entries: tuple[ContentsEntry, ...]
    depth: int = 2


Block = (
    Paragraph
    | Heading
    | ListBlock
    | PriorityList
    | Signatures
    | Table
    | Figure
    | Decision
    | TitleBlock
    | Parallel
    | Contents
)

BLOCK_TYPES: tuple[type, ...] = (
    Paragraph,
    Heading,
    ListBlock,
    PriorityList,
    Signatures,
    Table,
    Figure,
    Decision,
    TitleBlock,
    Parallel,
    Contents,
)

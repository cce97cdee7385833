"""The format-neutral document model (one tree, many writers, as in pandoc).

The resolver fills it from spec + library + language; the HTML/PDF and DOCX writers only
read it. Nothing here knows about HTML or Word. Texts are held per language so a writer can
lay out Dutch and Spanish side by side, one after the other, or alone.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Text:
    """A run of text with inline emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs."""

    kind: ClassVar[str] = "paragraph"
    inlines: tuple[Text, ...]

    @property
    def plain(self) -> str:
        """The paragraph's text without emphasis, for tests and metadata."""
        return "".join(i.text for i in self.inlines)


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
    """The shared priorities, each with its SDG badges."""

    kind: ClassVar[str] = "priorities"
    items: tuple[PriorityItem, ...]


@dataclass(frozen=True)
class SignatureBlock:
    """One party's signature block, wording in one language."""

    heading: str  # the party's official name
    rows: tuple[tuple[str, str], ...]  # (label, value), e.g. ("Naam", "Jan Peeters")
    signature_label: str


@dataclass(frozen=True)
class SignatureTable:
    """The signature blocks of all parties, in spec order."""

    kind: ClassVar[str] = "signatures"
    blocks: tuple[SignatureBlock, ...]


Block = Paragraph | ListBlock | PriorityList | SignatureTable

# Text given once per language, as (language, text) pairs; equal texts appear only once.
Phrase = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SharedSignatureBlock:
    """One party's signature block for both languages at once.

    Side-by-side agreements are signed once, below both columns, so each party gets a
    single block with bilingual captions ("Naam / Nombre") instead of one per column.
    """

    heading: Phrase
    caption: Phrase
    rows: tuple[tuple[Phrase, Phrase], ...]


def phrase(texts: dict[str, str]) -> Phrase:
    """Per-language texts as a Phrase, dropping a repeat of the same text."""
    out: list[tuple[str, str]] = []
    for lang, text in texts.items():
        if all(text != seen for _, seen in out):
            out.append((lang, text))
    return tuple(out)


def shared_signatures(tables: dict[str, SignatureTable]) -> tuple[SharedSignatureBlock, ...]:
    """Merge the per-language signature tables of one article into bilingual blocks."""
    langs = list(tables)
    count = len(tables[langs[0]].blocks)
    blocks = []
    for i in range(count):
        per = {lang: tables[lang].blocks[i] for lang in langs}
        rows = []
        for j in range(len(per[langs[0]].rows)):
            rows.append(
                (
                    phrase({lang: per[lang].rows[j][0] for lang in langs}),
                    phrase({lang: per[lang].rows[j][1] for lang in langs}),
                )
            )
        blocks.append(
            SharedSignatureBlock(
                heading=phrase({lang: per[lang].heading for lang in langs}),
                caption=phrase({lang: per[lang].signature_label for lang in langs}),
                rows=tuple(rows),
            )
        )
    return tuple(blocks)


@dataclass
class Article:
    """A numbered article: the same clause in each language of the document."""

    number: int
    clause_id: str
    clause_version: str
    label: dict[str, str]  # lang -> "Artikel 3"
    title: dict[str, str]  # lang -> "Doel en beginselen"
    body: dict[str, list[Block]]  # lang -> blocks


@dataclass
class TitleBlock:
    """What stands at the top of the first page, in one language."""

    title: str
    between: str  # "Gemeente Brasschaat (België) – Autonome Gemeentelijke Overheid van Tarija (Bolivia)"
    parties: list[str]
    running: str  # short title for page footers: "Samenwerkingsovereenkomst Brasschaat – Tarija"


@dataclass(frozen=True)
class ProvenanceEntry:
    """Where one article's text came from: clause id, version, content hash, library."""

    article: int
    clause_id: str
    version: str
    sha256: str
    library: str  # "bundled" or the municipality library's folder

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, for the metadata of both formats."""
        return {
            "article": self.article,
            "id": self.clause_id,
            "version": self.version,
            "sha256": self.sha256,
            "library": self.library,
        }


@dataclass(kw_only=True)
class PageDocument:
    """What every document shares with its writers: languages, title, labels and metadata.

    Agreements and reports differ in their body, not in their page setup, so the PDF and
    DOCX writers' header, footer and metadata code reads only these fields.
    """

    languages: list[str]  # e.g. ["nl", "es"]; one entry for single-language layouts
    locales: dict[str, str]  # lang -> BCP 47 tag for metadata and spell-checking, e.g. nl-BE
    layout: str
    draft: bool
    date: _dt.date
    title: dict[str, TitleBlock]
    labels: dict[str, dict[str, str]]
    author: str
    keywords: list[str] = field(default_factory=list)

    @property
    def main_language(self) -> str:
        """The first language of the document; it sets the PDF/DOCX language metadata."""
        return self.languages[0]

    def metadata_title(self) -> str:
        """One-line title for PDF/DOCX metadata, in every language of the document."""
        return " / ".join(self.title[lang].title for lang in self.languages)

    def custom_properties(self) -> dict[str, str]:
        """Extra name/value metadata for the DOCX's custom properties (none by default)."""
        return {}


@dataclass(kw_only=True)
class Document(PageDocument):
    """A whole agreement, ready to be written in any format and layout."""

    articles: list[Article]
    provenance: list[ProvenanceEntry] = field(default_factory=list)
    provenance_annex: bool = False  # print the provenance as a short annex, not only as metadata

    def custom_properties(self) -> dict[str, str]:
        """The provenance, so Word shows it under File › Properties › Custom."""
        return {"Provenance": self.provenance_json()} if self.provenance else {}

    def provenance_json(self) -> str:
        """The provenance as compact JSON, the same string in the PDF and the DOCX metadata."""
        import json

        return json.dumps([e.as_dict() for e in self.provenance], ensure_ascii=False, separators=(",", ":"))


PROVENANCE_COLUMNS = (
    "provenance_article",
    "provenance_clause",
    "provenance_version",
    "provenance_library",
    "provenance_hash",
)
HASH_SHOWN = 16  # hex digits printed in the annex; the metadata carries all 64


def provenance_table(doc: Document) -> tuple[Phrase, list[Phrase], list[tuple[str, ...]]]:
    """The provenance annex for any writer: title, column headers, one row per article.

    Headers are in every language of the document; the cells are language-neutral except
    the bundled library's name, which is given in each language too.
    """
    langs = doc.languages
    title = phrase({lang: doc.labels[lang]["provenance_title"] for lang in langs})
    headers = [phrase({lang: doc.labels[lang][key] for lang in langs}) for key in PROVENANCE_COLUMNS]
    bundled = " / ".join(text for _, text in phrase({lang: doc.labels[lang]["provenance_bundled"] for lang in langs}))
    rows = [
        (
            str(e.article),
            e.clause_id,
            e.version,
            bundled if e.library == "bundled" else e.library,
            e.sha256[:HASH_SHOWN],
        )
        for e in doc.provenance
    ]
    return title, headers, rows

"""Tables of contents, collected from the blocks of the model rather than by each writer.

Both formats must list the same lines, and only the model knows which headings are the
document's structure: those with an ``anchor`` (articles, report sections). A heading
without one (a subheading of a report, the provenance annex) is not listed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from agreement_builder.model.blocks import Block, Contents, ContentsEntry, Heading, Parallel, Words, plain


def heading_text(heading: Heading) -> str:
    """The heading as printed: 'Artikel 3 – Doel van de samenwerking', '5. Verloop'."""
    text = plain(heading.text)
    return f"{heading.label}{heading.joiner}{text}" if heading.label else text


def contents(
    blocks: Sequence[Block], title: Words, depth: int = 2, lang: str | None = None, column: str | None = None
) -> Contents:
    """The contents of ``blocks``: every anchored heading down to level ``depth``, in reading order.

    ``lang`` is the language of the blocks (a part's language). In side-by-side blocks each
    article stands once per language; only the ``column`` language's headings are listed
    (the first language by default), so every article is listed once.
    """
    entries = tuple(_entries(blocks, depth, lang, column))
    return Contents(title, entries, depth)


def _struck(heading: Heading) -> bool:
    """A heading deleted whole (an article a redline shows removed): the contents list the version
    the redline leads to, so it is not listed, and its old number does not stand twice."""
    runs = heading.text if isinstance(heading.text, tuple) else ()
    return bool(runs) and all(t.change == "del" for t in runs)


def _entries(blocks: Sequence[Block], depth: int, lang: str | None, column: str | None) -> Iterator[ContentsEntry]:
    for block in blocks:
        if isinstance(block, Heading):
            if block.anchor and block.level <= depth and not _struck(block):
                yield ContentsEntry(block.level, heading_text(block), block.anchor, lang)
        elif isinstance(block, Parallel):
            yield from _parallel_entries(block, depth, column)


def _parallel_entries(block: Parallel, depth: int, column: str | None) -> Iterator[ContentsEntry]:
    """The headings of one language column; a heading without an anchor of its own takes its group's.

    The group anchor (side-by-side: 'art-<clause id>') marks where the article starts, so it
    serves the group's first heading only.
    """
    lang = column if column in block.languages else block.languages[0]
    index = block.languages.index(lang)
    for group in block.groups:
        fallback = group.anchor
        for row in group.rows:
            cell = row.cells[index] if index < len(row.cells) else None
            if not isinstance(cell, Heading):
                continue
            anchor, fallback = cell.anchor or fallback, ""
            if anchor and cell.level <= depth and not _struck(cell):
                yield ContentsEntry(cell.level, heading_text(cell), anchor, lang)

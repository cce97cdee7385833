"""Page-break rules that hold for every kind, shared by the HTML/PDF and the DOCX writer.

What belongs together for a kind's reasons (a lead-in and its list, the closing words and
the signatures) the resolver says in the model (``keep_with_next``, a row's role). What
holds for any document lives here and in the writers: a heading keeps with what follows,
and a short list item is never split over two pages. Both writers ask the same function,
so the PDF and the DOCX agree on which items are short.
"""

from __future__ import annotations

from agreement_builder.model.blocks import Block, Paragraph

# About four lines of one-column text (a little over seven in a side-by-side column). Widow
# and orphan control already keep items of up to three lines whole; a longer item may split
# rather than leave a large gap at the foot of the page.
SHORT_ITEM_CHARS = 360


def short_item(item: tuple[Block, ...]) -> bool:
    """Whether a list item is short enough to keep on one page: plain paragraphs, few characters."""
    if not all(isinstance(b, Paragraph) for b in item):
        return False
    return sum(len(b.plain) for b in item if isinstance(b, Paragraph)) <= SHORT_ITEM_CHARS

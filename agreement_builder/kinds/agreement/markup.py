"""Clause markup (a CommonMark subset) parsed once, by markdown-it-py, into model blocks.

Only paragraphs, numbered and bulleted lists, emphasis and backslash escapes are switched
on: headings, links, images and raw HTML stay plain text, so a shared clause cannot smuggle
in structure the writers do not expect.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from agreement_builder.kinds.agreement.clausetext import REF_END, REF_SEP, REF_START
from agreement_builder.model.blocks import Block, ListBlock, Paragraph, Text

_REFERENCE = re.compile(f"{REF_START}([^{REF_SEP}{REF_END}]*){REF_SEP}([^{REF_START}{REF_END}]*){REF_END}")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero")
    md.enable(["list", "emphasis", "escape", "newline", "entity"])
    return md


# What clause texts must not contain, named for the error message. The writers have no
# such blocks, so these would otherwise print as literal Markdown.
_UNSUPPORTED = {
    "image": "an image",
    "link_open": "a link",
    "html_inline": "HTML",
    "html_block": "HTML",
    "heading_open": "a heading",
    "fence": "a code block",
    "code_block": "a code block",
    "code_inline": "inline code",
    "table_open": "a table",
    "blockquote_open": "a block quote",
    "hr": "a horizontal rule",
}


class _AllLinks(MarkdownIt):
    """Full CommonMark that also parses the links markdown-it would refuse (file:, data:).

    Those are the links a hostile clause would use, so they must be seen to be reported.
    """

    def validateLink(self, url: str) -> bool:
        return True


@cache
def _full_parser() -> MarkdownIt:
    return _AllLinks("commonmark")


def unsupported_markup(text: str) -> list[str]:
    """Markup in ``text`` beyond paragraphs, lists and emphasis, e.g. ['a link', 'HTML']."""
    found: list[str] = []
    for tok in _full_parser().parse(text):
        for t in [tok, *(tok.children or [])]:
            what = _UNSUPPORTED.get(t.type)
            if what and what not in found:
                found.append(what)
    return found


def parse_blocks(text: str) -> list[Block]:
    """Parse clause markup into paragraphs and lists."""
    return list(_parsed(text))


@lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple[Block, ...]:
    """The blocks of ``text``, parsed once per process and text.

    A clause's filled-in text is the same from one build to the next in a batch or a
    service, and markdown-it took a fifth of resolving an agreement. The blocks are frozen,
    so one parse can be handed to every build.
    """
    blocks, _ = _blocks(_parser().parse(text), 0, None)
    return tuple(blocks)


def _blocks(tokens: list[Token], i: int, close: str | None) -> tuple[list[Block], int]:
    out: list[Block] = []
    while i < len(tokens):
        tok = tokens[i]
        if close and tok.type == close:
            return out, i + 1
        if tok.type == "paragraph_open":
            inline = tokens[i + 1]
            out.append(Paragraph(tuple(_inlines(inline.children or []))))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            ordered = tok.type == "ordered_list_open"
            start = int(tok.attrs.get("start", 1)) if ordered else 1
            items, i = _items(tokens, i + 1, tok.type.replace("_open", "_close"))
            out.append(ListBlock(ordered, tuple(tuple(b) for b in items), start))
        else:
            i += 1
    return out, i


def _items(tokens: list[Token], i: int, close: str) -> tuple[list[list[Block]], int]:
    items: list[list[Block]] = []
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == close:
            return items, i + 1
        if tok.type == "list_item_open":
            blocks, i = _blocks(tokens, i + 1, "list_item_close")
            items.append(blocks)
        else:
            i += 1
    return items, i


def _inlines(children: list[Token]) -> list[Text]:
    out: list[Text] = []
    bold = italic = False
    for tok in children:
        if tok.type == "strong_open":
            bold = True
        elif tok.type == "strong_close":
            bold = False
        elif tok.type == "em_open":
            italic = True
        elif tok.type == "em_close":
            italic = False
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(Text(" ", bold, italic))
        elif tok.content:
            out.append(Text(tok.content, bold, italic))
    merged: list[Text] = []
    for t in out:
        if merged and (merged[-1].bold, merged[-1].italic) == (t.bold, t.italic):
            merged[-1] = Text(merged[-1].text + t.text, t.bold, t.italic)
        else:
            merged.append(t)
    return [r for t in merged for r in _references(t)]


def _references(run: Text) -> list[Text]:
    """A run split at the references that ``article()`` marked: each becomes a run with its ``ref``."""
    out: list[Text] = []
    at = 0
    for m in _REFERENCE.finditer(run.text):
        if m.start() > at:
            out.append(Text(run.text[at : m.start()], run.bold, run.italic))
        out.append(Text(m.group(2), run.bold, run.italic, ref=m.group(1)))
        at = m.end()
    if at == 0:
        return [run]
    if at < len(run.text):
        out.append(Text(run.text[at:], run.bold, run.italic))
    return out

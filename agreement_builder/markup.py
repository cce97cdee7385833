"""Clause markup (a CommonMark subset) parsed once, by markdown-it-py, into model blocks.

Only paragraphs, numbered and bulleted lists, emphasis and backslash escapes are switched
on: headings, links, images and raw HTML stay plain text, so a shared clause cannot smuggle
in structure the writers do not expect.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .model import Block, ListBlock, Paragraph, Text


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("zero")
    md.enable(["list", "emphasis", "escape", "newline", "entity"])
    return md


def parse_blocks(text: str) -> list[Block]:
    """Parse clause markup into paragraphs and lists."""
    tokens = _parser().parse(text)
    blocks, _ = _blocks(tokens, 0, None)
    return blocks


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
    return merged

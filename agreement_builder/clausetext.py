"""Clause texts as sandboxed Jinja2 templates.

Clause libraries are shared between municipalities, so their texts are untrusted code: they
run in Jinja2's SandboxedEnvironment (no attribute tricks like ``''.__class__``), with
StrictUndefined (a misspelt placeholder is an error, not an empty hole). Every printed value
is escaped for Markdown, so a value can never inject markup into the clause text; it stays
literal text in both HTML and DOCX.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

# Names every clause may use without declaring them; filled from the spec by the resolver.
GLOBALS = frozenset({"parties", "priorities", "agreement"})

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>()#+\-.!|~&])")


def escape_markdown(value: Any) -> str:
    """Make a value print literally inside CommonMark text."""
    text = str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A value must not end a paragraph or start a new block.
    return re.sub(r"\s*\n\s*", " ", text)


@cache
def environment() -> SandboxedEnvironment:
    """The one sandboxed environment used for every clause text."""
    return SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # the output is Markdown, escaped by `finalize`, not HTML
        finalize=escape_markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def placeholders(text: str) -> set[str]:
    """Names a clause text reads from its context (variables and globals)."""
    return set(meta.find_undeclared_variables(environment().parse(text)))


def syntax_error(text: str) -> TemplateSyntaxError | None:
    """The first template syntax error in ``text``, or None."""
    try:
        environment().parse(text)
    except TemplateSyntaxError as exc:
        return exc
    return None


def structure(text: str) -> list[str]:
    """Control-flow outline (for/if tags) so nl and es can be compared for shape."""
    tree = environment().parse(text)
    return [type(n).__name__ for n in tree.find_all((nodes.For, nodes.If))]

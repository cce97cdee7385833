"""Document model → HTML, through the Jinja2 templates in ``templates/``.

The page template is ours, but every value in it comes from specs and shared libraries, so
the environment autoescapes and is strict about undefined names.
"""

from __future__ import annotations

from functools import cache
from itertools import zip_longest

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from agreement_builder.core.resources import templates_dir
from agreement_builder.model.blocks import (
    Article,
    Block,
    Document,
    SharedSignatureBlock,
    SignatureTable,
    provenance_table,
    shared_signatures,
)


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
    )


def pairs(article: Article) -> list[tuple[Block | None, ...]]:
    """Blocks of each language side by side, so paragraph n sits beside paragraph n."""
    return list(zip_longest(*(article.body[lang] for lang in ("nl", "es"))))


def shared_row(row: tuple[Block | None, ...]) -> tuple[SharedSignatureBlock, ...] | None:
    """Signature blocks of a side-by-side row, merged across languages; None for other rows."""
    if all(isinstance(b, SignatureTable) for b in row):
        return shared_signatures(dict(zip(("nl", "es"), row, strict=True)))
    return None


def signature_blocks(table: SignatureTable, lang: str) -> tuple[SharedSignatureBlock, ...]:
    """A one-language signature table in the form the template's signature macro takes."""
    return shared_signatures({lang: table})


def _css_string(text: str) -> Markup:
    """Text for a CSS string in the page template's <style>: every character that is not
    plainly safe becomes a CSS escape, so names like Nimlaha'kok print as written and no
    value can close the string or the style element."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " .,:;-–·/()":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup("".join(out))


def render_html(doc: Document, standalone: bool = False) -> str:
    """The agreement as one HTML page.

    For the PDF the stylesheet is linked and loaded through the safe URL fetcher; a
    ``standalone`` page (the html output format) carries it inline so it still looks right
    when opened from the output folder.
    """
    inline_css = Markup((templates_dir() / "agreement.css").read_text(encoding="utf-8")) if standalone else ""
    langs = doc.languages
    labels = doc.labels
    if len(langs) == 1:
        page_word, page_of = f"{labels[langs[0]]['page']} ", f" {labels[langs[0]]['page_of']} "
    else:
        page_word, page_of = "", " / "
    footer_left = " · ".join(doc.title[lang].running for lang in langs)
    draft_header = " · ".join(f"{labels[lang]['draft_mark']} – {labels[lang]['draft_note']}" for lang in langs)
    watermark = " · ".join(labels[lang]["draft_mark"] for lang in langs)
    template = _environment().get_template("agreement.html.j2")
    return template.render(
        doc=doc,
        inline_css=inline_css,
        pairs=pairs,
        shared_row=shared_row,
        signature_blocks=signature_blocks,
        page_word=_css_string(page_word),
        page_of=_css_string(page_of),
        footer_left=_css_string(footer_left),
        draft_header=_css_string(draft_header),
        draft_watermark=watermark,
        provenance=provenance_table(doc) if doc.provenance_annex else None,
    )

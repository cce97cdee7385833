"""WeasyPrint's own user-agent stylesheet, without the rules our documents can never use.

WeasyPrint's stylesheet for HTML gives *every* element six pseudo-elements: ``::marker``,
``::footnote-call``, ``::footnote-marker``, ``::note-call``, ``::note-marker`` and
``::note-callback`` (rules with no element in their selector). WeasyPrint keeps a computed
style for each of them, for every element, until the document is written: in a 199-page
report of tables that was 134 MB, two fifths of the memory of its layout, and about 15 % of
its layout time, for styles no box ever reads.

Our stylesheets are the only ones a document gets (a house style is YAML, not CSS), and
they float nothing into footnotes or notes and make nothing but ``li`` a list item. So this
module hands WeasyPrint the same stylesheet text with the marker rule on ``li`` only and the
five note rules left out; the PDFs come out byte for byte the same
(``tests/writers/test_weasyua.py`` renders both ways and compares, and checks our
stylesheets still keep to those two conditions). If WeasyPrint's text ever changes so that
the rules are not found as written, the stock stylesheet is used: heavier, never wrong.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from agreement_builder.writers.weasyload import load as _load_weasyprint

_load_weasyprint()  # before the first import from weasyprint, which loads its C libraries

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint import html as _stock  # noqa: E402

# The universal ::marker rule, kept for the only elements our HTML makes list items.
_MARKER = re.compile(r"^::marker \{", re.MULTILINE)
# The footnote and note rules: a whole line each, nothing else on it.
_NOTES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}\n", re.MULTILINE)
_NOTE_RULES = 5


def lean_text(stock: str) -> str | None:
    """``stock`` with ``::marker`` on ``li`` only and no note rules; None if they are not as expected."""
    if len(_MARKER.findall(stock)) != 1 or len(_NOTES.findall(stock)) != _NOTE_RULES:
        return None
    return _NOTES.sub("", _MARKER.sub("li::marker {", stock))


@cache
def _sheet() -> Any:
    text = lean_text(_stock.UA)
    if text is None:
        return _stock.UA_STYLESHEET
    return CSS(string=text, counter_style=_stock.UA_COUNTER_STYLE)


class LeanHTML(HTML):
    """An HTML document for WeasyPrint that gets the lean user-agent stylesheet."""

    def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
        # Our HTML has no forms; should one appear, its stylesheet still comes along.
        return [_sheet(), _stock.UA_FORM_STYLESHEET] if forms else [_sheet()]

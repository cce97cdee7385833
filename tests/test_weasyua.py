"""The lean user-agent stylesheet: only rules our documents cannot use are gone, and PDFs stay the same bytes."""

import re

from agreement_builder.core.resources import templates_dir
from agreement_builder.writers.weasyua import LeanHTML, lean_text


def _stock_ua() -> str:
    from weasyprint import html

    return html.UA


def test_the_lean_text_keeps_every_rule_but_the_universal_pseudo_elements():
    stock = _stock_ua()
    lean = lean_text(stock)
    assert lean is not None, "WeasyPrint's UA stylesheet changed: check weasyua's rules against it"
    assert "li::marker {" in lean
    assert not re.search(r"^::", lean, re.MULTILINE), "a pseudo-element rule for every element is left"
    removed = [line for line in stock.splitlines() if line not in lean.splitlines()]
    assert len(removed) == 6  # ::marker (now on li) and the five footnote and note rules
    assert all(line.startswith("::") for line in removed)


def test_an_unexpected_stylesheet_text_falls_back_to_the_stock_one():
    stock = _stock_ua()
    assert lean_text(stock.replace("::note-callback", "::note-call-back")) is None
    assert lean_text(stock.replace("::marker {", "li::marker {")) is None


def test_our_stylesheets_keep_to_what_the_lean_stylesheet_assumes():
    """Nothing floated into footnotes or notes, nothing but li made a list item, no ::marker of our own."""
    for path in [*templates_dir().glob("*.css"), templates_dir() / "document.html.j2"]:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"footnote", r"\bnote\(", r"list-item", r"::marker"):
            assert not re.search(pattern, text), f"{path.name} uses {pattern}: restore the rule in weasyua"


_PAGE = """<!DOCTYPE html><html lang="nl-BE"><head><meta charset="utf-8"><title>T</title>
<link rel="stylesheet" href="agreement.css"><link rel="stylesheet" href="house.css"></head><body>
<h1>Overeenkomst</h1>
<nav><ol class="contents-list"><li><a href="#a1">Artikel 1</a></li><li><a href="#a2">Artikel 2</a></li></ol></nav>
<h2 id="a1">Artikel 1</h2><ol><li>één<ol><li>genest</li></ol></li><li>twee</li></ol>
<ul><li>punt<ul><li>onderpunt</li></ul></li></ul>
<table><colgroup><col style="width: 30%"><col style="width: 70%"></colgroup>
<tr><th>Partij</th><td>Gemeente Brasschaat</td></tr>
<tr><th>Socio</th><td lang="es-BO">Municipio de Tarija</td></tr></table>
<h2 id="a2">Artikel 2</h2><p>Tekst met <q>citaat</q> en een regel<br>eindigt.</p>
</body></html>"""


def test_a_page_renders_to_the_same_bytes_with_the_lean_stylesheet():
    from weasyprint import HTML

    base = templates_dir().as_uri() + "/"
    stock = HTML(string=_PAGE, base_url=base).write_pdf(pdf_identifier=b"t", pdf_variant="pdf/a-3a")
    lean = LeanHTML(string=_PAGE, base_url=base).write_pdf(pdf_identifier=b"t", pdf_variant="pdf/a-3a")
    assert len(stock) > 1000
    assert lean == stock

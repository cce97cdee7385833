"""Tables of contents: which documents get one, what they list, and how both formats print it.

The entries come from the model (model/contents.py); the PDF must show them with the real
page of each heading and a link to it, the DOCX as the pre-filled result of a TOC field whose
links point at existing bookmarks, and LibreOffice must show that result as written.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pytest
from click.testing import CliRunner

from agreement_builder.kinds.agreement.resolve import resolve
from agreement_builder.kinds.agreement.spec import TOC_MIN_ARTICLES
from agreement_builder.model.blocks import Contents, Heading, Paragraph, Parallel, ParallelGroup, ParallelRow, Text
from agreement_builder.model.contents import contents, heading_text
from agreement_builder.writers.ooxml import bookmark_name

from .conftest import (
    ROOT,
    copy_example_style,
    example_in_libreoffice,
    example_model,
    footer_page_numbers,
    load_example,
    render_example,
    uses_example,
)

HERENT = "herent-nimlahakok/agreement"  # 28 articles: contents by default
BRASSCHAAT = "brasschaat-tarija/agreement"  # 23 articles: none by default
REPORTS = ("herent-nimlahakok/report", "brasschaat-tarija/report")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def contents_of(doc) -> list[tuple[str | None, Contents]]:
    """(part language, contents) of every part that holds contents, in order."""
    return [(part.lang, b) for part in doc.parts for b in part.blocks if isinstance(b, Contents)]


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------------- the model


def test_the_threshold_sits_between_the_two_examples():
    assert len(load_example(BRASSCHAAT).clauses) < TOC_MIN_ARTICLES <= len(load_example(HERENT).clauses)


@pytest.mark.parametrize("case", REPORTS)
def test_each_report_form_lists_its_own_sections_after_its_header(case):
    doc = example_model(case, "sequential")
    found = contents_of(doc)
    assert [lang for lang, _ in found] == ["nl", "es"]
    for part, (lang, toc) in zip(doc.parts, found, strict=True):
        # After the title block and the facts box; the informe as filed has its number and
        # memo header (Asunto / De / A / Fecha) between the title and the facts.
        at = next(n for n, b in enumerate(part.blocks) if b is toc)
        assert at == (4 if lang == "es" else 2) and part.blocks[at - 1].style == "facts"
        sections = [b for b in part.blocks if isinstance(b, Heading) and b.anchor]
        assert [(e.text, e.anchor, e.level, e.lang) for e in toc.entries] == [
            (heading_text(h), h.anchor, 1, lang) for h in sections
        ]
        assert all(e.anchor.startswith(f"{lang}-") for e in toc.entries)
        assert toc.title == {"nl": "Inhoudstafel", "es": "Índice"}[lang] and toc.depth == 1
    assert found[0][1].entries[0].text == "1. Onderwerp"
    assert found[1][1].entries[0].text == "1. Antecedentes"


def test_a_long_agreement_gets_contents_in_every_layout_and_a_short_one_none():
    spec = load_example(HERENT)
    for layout in ("sequential", "nl", "es"):
        found = contents_of(example_model(HERENT, layout))
        assert [lang for lang, _ in found] == (["nl", "es"] if layout == "sequential" else [layout])
        for lang, toc in found:
            assert lang is not None
            word = {"nl": "Artikel", "es": "Artículo"}[lang]
            assert [e.text for e in toc.entries] == [
                f"{word} {i} – {u.clause.title[lang]}" for i, u in enumerate(spec.clauses, start=1)
            ]
            assert [e.anchor for e in toc.entries] == [f"art-{lang}-{u.clause.id}" for u in spec.clauses]
    for layout in ("side-by-side", "sequential", "nl", "es"):
        assert contents_of(example_model(BRASSCHAAT, layout)) == []


def test_side_by_side_lists_each_article_once_from_the_first_column():
    spec = load_example(HERENT)
    doc = example_model(HERENT, "side-by-side")
    ((lang, toc),) = contents_of(doc)
    blocks = doc.parts[0].blocks
    assert lang is None and blocks.index(toc) == 1  # between the title row and the articles
    assert [e.anchor for e in toc.entries] == [f"art-nl-{u.clause.id}" for u in spec.clauses]  # the headings' own
    assert [e.text for e in toc.entries] == [
        f"Artikel {i} – {u.clause.title['nl']}" for i, u in enumerate(spec.clauses, start=1)
    ]
    assert {e.lang for e in toc.entries} == {"nl"}
    assert [t.text for t in toc.title] == ["Inhoudstafel", " / ", "Índice"]  # type: ignore[union-attr]


@pytest.mark.parametrize(("case", "toc", "expected"), [(BRASSCHAAT, True, 1), (HERENT, False, 0)])
def test_the_spec_overrides_the_length_rule(case, toc, expected):
    spec = dataclasses.replace(load_example(case), toc=toc)
    assert len(contents_of(resolve(spec, "side-by-side"))) == expected
    assert len(contents_of(resolve(spec, "sequential"))) == 2 * expected


def test_contents_prefer_a_headings_own_anchor_to_its_groups():
    def head(label: str, anchor: str = "", level: int = 1) -> Heading:
        return Heading(level, f"Titel {label}", f"Artikel {label}", anchor=anchor)

    body = Parallel(
        ("nl", "es"),
        (
            ParallelGroup((ParallelRow((head("1", "art-nl-one"), head("1"))),), anchor="art-one"),
            ParallelGroup(
                (ParallelRow((head("2"), head("2", "art-es-two"))), ParallelRow((head("2b"), None))), "art-two"
            ),
            ParallelGroup((ParallelRow((head("3"), head("3"))),)),  # no anchor at all: not listed
        ),
    )
    flow = [Paragraph((Text("x"),)), head("4", "art-nl-four"), head("5", "deep", level=3), head("6")]
    toc = contents([body, *flow], "Inhoud", lang="nl")
    assert [(e.text, e.anchor, e.lang) for e in toc.entries] == [
        ("Artikel 1 – Titel 1", "art-nl-one", "nl"),
        ("Artikel 2 – Titel 2", "art-two", "nl"),
        ("Artikel 4 – Titel 4", "art-nl-four", "nl"),
    ]
    spanish = contents([body], "Índice", column="es")
    assert [e.anchor for e in spanish.entries] == ["art-one", "art-es-two"]


def test_a_heading_struck_out_whole_by_a_redline_is_not_listed():
    """A removed article stands struck through in a redline; the contents list the version it leads to."""
    removed = (Text("Artikel 9 – ", change="del"), Text("Middenveld", change="del"))
    changed = (Text("Artikel 9 – "), Text("Participatie", change="ins"), Text("Deelname", change="del"))
    flow = [Heading(1, removed, anchor="art-nl-civil"), Heading(1, changed, anchor="art-nl-part")]
    body = Parallel(
        ("nl", "es"),
        (
            ParallelGroup((ParallelRow((Heading(1, removed), Heading(1, removed))),), anchor="art-civil"),
            ParallelGroup((ParallelRow((Heading(1, changed), Heading(1, changed))),), anchor="art-part"),
        ),
    )
    assert [e.anchor for e in contents(flow, "Inhoud", lang="nl").entries] == ["art-nl-part"]
    assert [e.anchor for e in contents([body], "Inhoud").entries] == ["art-part"]


# ---------------------------------------------------------------------- the spec


def _spec_with(tmp_path, line: str):
    text = (ROOT / "examples" / "brasschaat-tarija" / "agreement.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^layout:.*$", lambda m: f"{m.group(0)}\n{line}", text, count=1)
    path = tmp_path / "agreement.yaml"
    path.write_text(text, encoding="utf-8")
    copy_example_style(tmp_path)
    return path, text.splitlines().index(line) + 1


def test_toc_in_the_spec_is_read_and_a_non_boolean_is_refused_at_its_line(tmp_path):
    from agreement_builder import api
    from agreement_builder.cli import main

    path, _ = _spec_with(tmp_path, "toc: true")
    assert api.load(path).toc is True
    path, line = _spec_with(tmp_path, "toc: every page")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"agreement.yaml:{line}:6: toc: expected true or false, got text" in result.output


# ---------------------------------------------------------------------- the PDF


def pdf_pages(case: str, layout: str) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_example(case, layout)["pdf"]))
    return [fold(p.extract_text() or "") for p in reader.pages]


def heading_pages(pages: list[str], toc: Contents, toc_page: int) -> list[int]:
    """The page (1-based) of each entry's heading, found by its text, walking onward.

    The contents' own lines are discounted on the contents' page, where the first
    headings may follow them.
    """
    found, page = [], toc_page
    for entry in toc.entries:
        while pages[page].count(entry.text) - (page == toc_page) < 1:
            page += 1
        found.append(page + 1)
    return found


def printed_pages(pages: list[str], toc: Contents, toc_page: int) -> list[int]:
    """The page number the contents print after each entry (behind the dotted leader)."""
    text = " ".join(pages[toc_page : toc_page + 2])
    out, start = [], 0
    for entry in toc.entries:
        m = re.compile(re.escape(entry.text) + r"[\s.]*?(\d+)").search(text, start)
        assert m, entry.text
        out.append(int(m.group(1)))
        start = m.end()
    return out


PDF_CASES = [
    pytest.param(HERENT, "side-by-side", marks=uses_example(HERENT)),
    pytest.param(HERENT, "sequential", marks=uses_example(HERENT)),
    pytest.param(REPORTS[0], "sequential", marks=uses_example(REPORTS[0])),
]


@pytest.mark.parametrize(("case", "layout"), PDF_CASES)
def test_pdf_contents_print_the_real_page_of_every_heading_and_link_to_it(case, layout):
    from pypdf import PdfReader

    pdf = render_example(case, layout)["pdf"]
    reader = PdfReader(io.BytesIO(pdf))
    pages = pdf_pages(case, layout)
    dests = {name: reader.get_destination_page_number(d) + 1 for name, d in reader.named_destinations.items()}
    doc = example_model(case, layout)
    # A report's forms number their pages apart: an entry prints the number its heading's page footer prints.
    footers = footer_page_numbers(pdf, [part.page for part in doc.parts])
    for lang, toc in contents_of(doc):
        title = re.sub(r"\s+", " ", toc.title if isinstance(toc.title, str) else "".join(t.text for t in toc.title))
        toc_page = next(i for i, p in enumerate(pages) if title.upper() in p.upper() and toc.entries[0].text in p)
        real = heading_pages(pages, toc, toc_page)
        assert printed_pages(pages, toc, toc_page) == [footers[page - 1][1] for page in real], lang
        assert [dests[e.anchor] for e in toc.entries] == real, lang
        assert real == sorted(real) and real[-1] > real[0]
        # Every entry is a link on the contents' page to its heading's destination.
        links = {
            str(a.get_object().get("/Dest"))
            for a in reader.pages[toc_page].get("/Annots", [])
            if a.get_object().get("/Subtype") == "/Link"
        }
        on_first_page = [e.anchor for e in toc.entries if e.text in pages[toc_page]]
        assert on_first_page and set(on_first_page) <= links


@uses_example(HERENT)
def test_pdf_outline_keeps_the_dash_and_leaves_the_contents_title_out():
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_example(HERENT, "sequential")["pdf"]))

    def titles(outline) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    outline = titles(reader.outline)
    assert "Artikel 3 – Doel en beginselen" in outline and "Artículo 3 – Objeto y principios" in outline
    assert not any("Inhoudstafel" in t or "Índice" in t for t in outline)


@uses_example(HERENT)
def test_side_by_side_bookmarks_nest_each_twin_under_its_article():
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(render_example(HERENT, "side-by-side")["pdf"]))
    with pdf.open_outline() as outline:
        top = list(outline.root)
        assert len(top) == 1 and top[0].title.startswith("Samenwerkingsovereenkomst")
        articles = list(top[0].children)
        nl = [a for a in articles if a.title.startswith("Artikel")]
        assert nl and all(len(a.children) == 1 and a.children[0].title.startswith("Artículo") for a in nl)
        assert nl[2].title.split(" – ")[0] == "Artikel 3" and nl[2].children[0].title.startswith("Artículo 3 –")


# ---------------------------------------------------------------------- the DOCX


def docx_parts(case: str, layout: str) -> tuple[object, object]:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(render_example(case, layout)["docx"])) as z:
        return etree.fromstring(z.read("word/document.xml")), etree.fromstring(z.read("word/settings.xml"))


def toc_fields(body) -> list[tuple[str, list]]:
    """(instruction, entry paragraphs) of every TOC field, read from the complex field marks."""
    fields, current = [], None
    for p in body.iter(f"{W}p"):
        instr = "".join(t.text or "" for t in p.findall(f"{W}r/{W}instrText"))  # not the PAGEREFs in links
        if instr.strip().startswith("TOC"):
            current = (instr.strip(), [])
            fields.append(current)
        if current is not None:
            current[1].append(p)
            ends = [c for c in p.iter(f"{W}fldChar") if c.get(f"{W}fldCharType") == "end"]
            begins = [c for c in p.iter(f"{W}fldChar") if c.get(f"{W}fldCharType") == "begin"]
            if len(ends) > len(begins):
                current = None
    return fields


DOCX_CASES = [
    pytest.param(HERENT, "sequential", marks=uses_example(HERENT)),
    pytest.param(HERENT, "side-by-side", marks=uses_example(HERENT)),
    pytest.param(REPORTS[0], "sequential", marks=uses_example(REPORTS[0])),
    pytest.param(REPORTS[1], "nl", marks=uses_example(REPORTS[1])),
]


@pytest.mark.parametrize(("case", "layout"), DOCX_CASES)
def test_docx_has_a_toc_field_prefilled_with_links_to_existing_bookmarks(case, layout):
    body, settings = docx_parts(case, layout)
    found = contents_of(example_model(case, layout))
    fields = toc_fields(body)
    assert len(fields) == len(found)
    bookmarks = [b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")]
    assert len(bookmarks) == len(set(bookmarks))
    for (instr, paras), (_, toc) in zip(fields, found, strict=True):
        scope = re.fullmatch(r'TOC \\o "1-(\d)" \\h \\z \\u \\b (\w+)', instr)
        assert scope and int(scope.group(1)) == toc.depth, instr
        assert scope.group(2) in bookmarks
        assert [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in paras] == [f"TOC{e.level}" for e in toc.entries]
        texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paras]
        assert texts == [e.text for e in toc.entries]
        for p, entry in zip(paras, toc.entries, strict=True):
            (link,) = p.iter(f"{W}hyperlink")
            assert link.get(f"{W}anchor") == bookmark_name(entry.anchor) in bookmarks
            pageref = "".join(t.text or "" for t in link.iter(f"{W}instrText")).split()
            assert pageref == ["PAGEREF", bookmark_name(entry.anchor), "\\h"]
        # The scope bookmark encloses the headings the entries point at, and nothing of another part.
        order = list(body.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd"))
        ids = {b.get(f"{W}name"): b.get(f"{W}id") for b in order if b.tag.endswith("Start")}
        start = next(i for i, b in enumerate(order) if b.get(f"{W}name") == scope.group(2))
        end = next(i for i, b in enumerate(order) if b.tag.endswith("End") and b.get(f"{W}id") == ids[scope.group(2)])
        inside = {b.get(f"{W}name") for b in order[start:end]}
        assert {bookmark_name(e.anchor) for e in toc.entries} <= inside
        assert all(
            bookmark_name(e.anchor) not in inside for _, other in found if other is not toc for e in other.entries
        )
    update = settings.find(f"{W}updateFields")
    assert update is not None and update.get(f"{W}val") == "true"
    names = [c.tag.rsplit("}", 1)[-1] for c in settings]
    assert names.index("updateFields") < names.index("compat")


@uses_example(BRASSCHAAT)
def test_docx_without_contents_has_no_toc_field_and_no_update_request():
    body, settings = docx_parts(BRASSCHAAT, "side-by-side")
    assert toc_fields(body) == []
    assert settings.find(f"{W}updateFields") is None


def test_bookmark_names_are_valid_for_word_and_distinct():
    long_a, long_b = "art-nl-" + "a" * 40 + "-one", "art-nl-" + "a" * 40 + "-two"
    names = [bookmark_name(a) for a in ("art-nl-exit-edegem", "9-start", long_a, long_b)]
    assert names[:2] == ["art_nl_exit_edegem", "a_9_start"]
    assert all(re.fullmatch(r"[A-Za-z]\w{0,39}", n) for n in names)
    assert names[2] != names[3]


# ---------------------------------------------------------------------- LibreOffice


@pytest.mark.parametrize(
    ("case", "layout"),
    [
        pytest.param(REPORTS[0], "sequential", marks=uses_example(REPORTS[0])),
        pytest.param(HERENT, "nl", marks=uses_example(HERENT)),
    ],
)
def test_libreoffice_shows_the_prefilled_contents(case, layout):
    """LibreOffice does not refresh fields on load: it prints the entries the writer wrote."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(example_in_libreoffice(case, layout)))
    pages = [fold(p.extract_text() or "") for p in reader.pages]
    for _, toc in contents_of(example_model(case, layout)):
        title = toc.title if isinstance(toc.title, str) else "".join(t.text for t in toc.title)
        at = next(i for i, p in enumerate(pages) if title.upper() in p.upper())
        text = " ".join(pages[at : at + 2])
        positions = [text.find(e.text) for e in toc.entries]
        assert -1 not in positions and positions == sorted(positions), title

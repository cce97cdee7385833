"""The PDF's structure tree, read back: languages, reading order, artifacts, lists, tables.

Every example in every layout, from the one shared build per run (conftest.render_example).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pikepdf
import pytest

from tests.conftest import render_example, uses_example
from tests.pdfcheck import elements, held_ids, kids, marked_content, reachable_mcids

BRASSCHAAT = "brasschaat-tarija/agreement"
HERENT = "herent-nimlahakok/agreement"
AGREEMENTS = [(c, lay) for c in (BRASSCHAAT, HERENT) for lay in ("side-by-side", "sequential", "nl", "es")]
REPORT_CASES = ("brasschaat-tarija/report", "herent-nimlahakok/report")
REPORTS = [(c, lay) for c in REPORT_CASES for lay in ("nl", "es", "sequential")]
ALL = [pytest.param(c, lay, marks=uses_example(c), id=f"{c}-{lay}") for c, lay in AGREEMENTS + REPORTS]


def _open(case: str, layout: str) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(render_example(case, layout)["pdf"]))


@pytest.mark.parametrize(("case", "layout"), ALL)
def test_all_content_is_in_the_tree_or_an_artifact(case, layout):
    pdf = _open(case, layout)
    reachable = reachable_mcids(pdf)
    outside, orphans, footers, watermarks = [], [], set(), set()
    for page, tag, props, shows in marked_content(pdf):
        if tag == "":
            outside.append(page)
        elif tag == "/Artifact":
            subtype = str(props.get("/Subtype", "")) if isinstance(props, pikepdf.Dictionary) else ""
            if subtype == "/Footer":
                footers.add(page)
            if subtype == "/Watermark":
                watermarks.add(page)
        elif isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
            if (page, int(props.MCID)) not in reachable:
                orphans.append((page, int(props.MCID)))
        elif shows:
            orphans.append((page, tag))
    assert not outside, f"text drawn outside any marked content on pages {outside}"
    assert not orphans, f"marked content the structure tree does not reach: {orphans[:5]}"
    assert footers == set(range(len(pdf.pages))), "every page's footer and number are pagination artifacts"
    if case.endswith("agreement"):  # both agreements are drafts: the watermark is on every page
        assert watermarks == set(range(len(pdf.pages)))


@pytest.mark.parametrize(("case", "layout"), ALL)
def test_every_parent_tree_entry_and_link_leads_into_the_tree(case, layout):
    """A screen reader finds a link's element through the parent tree: it must be the one in the tree.

    In a two-form document the second form's entries are copied when the forms are joined;
    a copy of an element is not the element (the Spanish contents' links once led to copies).
    """
    pdf = _open(case, layout)
    in_tree = {e.obj.objgen for e in elements(pdf)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    outside = []
    for i in range(0, len(nums), 2):
        value = nums[i + 1]
        for target in value if isinstance(value, pikepdf.Array) else [value]:
            if isinstance(target, pikepdf.Dictionary) and target.objgen not in in_tree:
                outside.append(int(nums[i]))
    assert not outside, f"parent-tree keys leading outside the structure tree: {outside[:5]}"
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    links = [a for page in pdf.pages for a in page.obj.get("/Annots", ()) if a.get("/Subtype") == "/Link"]
    assert links, "every example has links (its contents, its references)"
    assert all(int(a.StructParent) in keys for a in links)


@pytest.mark.parametrize(("case", "layout"), ALL)
def test_languages_are_declared_per_element(case, layout):
    pdf = _open(case, layout)
    elems = elements(pdf)
    main = {"es": "es-"}.get(layout, "nl-")
    assert str(pdf.Root.Lang).startswith(main)
    headings = [e.lang[:2] for e in elems if e.tag in ("/H2", "/H3") and e.parent not in ("/TH",)]
    if layout in ("nl", "es"):
        assert set(headings) == {layout}
    elif layout == "side-by-side":
        # Row by row: each Dutch article, then its Spanish twin (after an optional contents
        # heading, before the bilingual annex's).
        articles = "".join(f"{e.lang[:2]} " for e in elems if e.tag == "/H2")
        assert re.fullmatch(r"(nl )?(nl es )+(nl )?", articles), articles
    else:  # sequential: the Dutch text (or council report), then the Spanish, then the bilingual annex
        assert re.fullmatch(r"(nl )+(es )+(nl )?", "".join(f"{h} " for h in headings)), headings
    spanish = [e for e in elems if e.lang.startswith("es")]
    if layout != "nl":
        assert spanish and all(e.lang == spanish[0].lang for e in spanish)
        assert any("/Lang" in e.obj and str(e.obj.Lang).startswith("es-") for e in elems) or main == "es-"
    figures = [e for e in elems if e.tag == "/Figure"]
    assert all("/Alt" in f.obj and str(f.obj.Alt).strip() for f in figures)


@pytest.mark.parametrize(("case", "layout"), ALL)
def test_lists_tables_and_headings_as_pdf_ua_wants(case, layout):
    elems = elements(_open(case, layout))
    for e in elems:
        if e.tag == "/LI":
            assert {str(k.S) for k in kids(e.obj)} <= {"/Lbl", "/LBody"}
    # Title blocks, parallel text and signatures are not tables; data tables have headers.
    inside_table = set()
    for i, e in enumerate(elems):
        if e.tag == "/Table":
            sub = [x for x in elems[i + 1 :]]
            end = next((j for j, x in enumerate(sub) if x.depth <= e.depth), len(sub))
            within = sub[:end]
            inside_table |= {x.tag for x in within}
            assert any(x.tag == "/TH" for x in within), "a data table without header cells"
    assert not inside_table & {"/H1", "/H2", "/H3"}, "a heading inside a table: a layout table kept table semantics"
    levels = [int(e.tag[2:]) for e in elems if re.fullmatch(r"/H[1-6]", e.tag)]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading levels jump from H{before} to H{after}"


@uses_example(BRASSCHAAT)
def test_an_element_split_by_a_page_break_stays_one_element():
    """A side-by-side row or paragraph that continues on the next page is one element, read in order."""
    pdf = _open(BRASSCHAAT, "side-by-side")
    order = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    split = []
    for e in elements(pdf):
        if e.tag == "/P":
            seq = content_pages(e.obj, order)
            if len(set(seq)) > 1:
                split.append(seq)
    assert split, "no paragraph continues across a page break: the merge of pieces was not exercised"
    # The pieces were joined in reading order: page numbers of a split paragraph never go back.
    assert all(seq == sorted(seq) for seq in split), split


def content_pages(element, order) -> list[int]:
    """The page index of each piece of content directly under ``element`` (ids, references, elements), in order."""
    pages = []
    for k in kids(element):
        if isinstance(k, int) and "/Pg" in element:
            pages.append(order[element.Pg.objgen])
        elif isinstance(k, pikepdf.Dictionary) and "/Pg" in k:
            pages.append(order[k.Pg.objgen])
    return pages


@uses_example(BRASSCHAAT)
def test_hyphenated_words_have_no_hard_hyphen_in_the_text():
    """A word WeasyPrint hyphenated at a line end is extracted whole, with a soft hyphen at most."""
    if not shutil.which("pdftotext") and not os.environ.get("AGREEMENT_BUILDER_REQUIRE_SOFFICE"):
        pytest.skip("pdftotext (poppler-utils) is not installed; CI installs it")
    data = render_example(BRASSCHAAT, "side-by-side")["pdf"]
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "\u00ad\n" in text, "no hyphenated line end found: the check would prove nothing"
    hard = re.findall(r"\w+-\n[a-zà-ÿ]\w*", text)
    assert not hard, f"hard hyphens at line ends: {hard[:5]}"


def _page_stream(*items):
    import pydyf

    return pydyf.Stream(list(items), compress=True)


def _rewritten(stream) -> list[tuple[str, list]]:
    """The BDC operators of a stream _remark rewrote: (tag, properties as a dict)."""
    import zlib

    assert stream.compress is False and stream.extra["Filter"] == "/FlateDecode"
    data = zlib.decompress(stream.stream[0])
    with pikepdf.new() as scratch:
        return [
            (str(ops[0]), {str(k): str(v) for k, v in ops[1].items()})
            for ops, op in pikepdf.parse_content_stream(scratch.make_stream(data))
            if str(op) == "BDC"
        ]


@pytest.mark.parametrize("odd", [False, True], ids=["openings-as-weasyprint-writes-them", "other-openings"])
def test_page_furniture_and_hyphenated_runs_are_re_marked(odd):
    """Both ways of rewriting a page (in the bytes, or parsed) give the same marks.

    WeasyPrint writes every opening as ``/Tag <</MCID n>> BDC``; a page with any other
    opening (here one with a second property) is parsed and written again instead.
    """
    import pydyf

    from agreement_builder.writers.pdfstructure import _remark

    third = pydyf.Dictionary({"MCID": 2, "E": pydyf.String("x")}) if odd else pydyf.Dictionary({"MCID": 2})
    stream = _page_stream(
        *("/P", pydyf.Dictionary({"MCID": 0}), b"BDC", b"BT (Kop) Tj ET", b"EMC"),
        *("/Span", pydyf.Dictionary({"MCID": 1}), b"BDC", b"BT (samen-) Tj ET", b"EMC"),
        *("/P", third, b"BDC", b"EMC"),
        *("/TH", pydyf.Dictionary({"MCID": 3}), b"BDC", b"EMC"),
    )
    _remark(stream, {0: "Header", 3: "Repeat"}, {1: "samen\u00ad"}, count=4)
    marks = _rewritten(stream)
    assert marks[0] == ("/Artifact", {"/Type": "/Pagination", "/Subtype": "/Header"})
    assert marks[1][0] == "/Span" and marks[1][1]["/MCID"] == "1" and marks[1][1]["/ActualText"] == "samen\u00ad"
    assert marks[2][0] == "/P" and marks[2][1]["/MCID"] == "2"
    assert marks[3] == ("/Artifact", {"/Type": "/Pagination"}), "a repeated header row is pagination, no subtype"


@pytest.mark.parametrize(("case", "layout"), ALL)
def test_cells_name_header_cells_that_are_in_the_tree(case, layout):
    """A data cell's /Headers name TH elements a reader can reach.

    A table that continues on the next page repeats its header row there; the repeat is
    taken out of the tree as pagination, so cells on later pages must name the first
    row's header cells, not the repeat's.
    """
    pdf = _open(case, layout)  # held while its objects are read
    elems = elements(pdf)
    ids = {str(e.obj.ID) for e in elems if e.tag == "/TH" and "/ID" in e.obj}
    named = [
        str(h)
        for e in elems
        if e.tag == "/TD" and isinstance(e.obj.get("/A"), pikepdf.Dictionary) and "/Headers" in e.obj.A
        for h in e.obj.A.Headers
    ]
    assert set(named) <= ids, f"cells name header cells outside the tree: {sorted(set(named) - ids)[:5]}"


@pytest.mark.parametrize(("case", "layout"), ALL)
def test_each_marked_content_id_leads_back_to_the_element_that_holds_it(case, layout):
    """The parent tree names, for each id on a page, the element whose /K holds it; spans say something.

    A screen reader that starts from the page (where the reader's cursor is) finds the
    element through the parent tree; it must be the element the tree walk finds too. A
    Span that says nothing of its own (no language) is not in the tree: its content is its
    parent's.
    """
    pdf = _open(case, layout)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    wrong, checked = [], 0
    for e in elements(pdf):
        for where, mcid in held_ids(e.obj):
            checked += 1
            entry = by_key[int(where.StructParents)][mcid]
            if entry.objgen != e.obj.objgen:
                wrong.append((e.tag, mcid))
    assert checked > 100
    assert not wrong, f"ids whose parent-tree entry names another element: {wrong[:5]}"
    spans = [e for e in elements(pdf) if e.tag == "/Span"]
    assert all("/Lang" in e.obj for e in spans), "a Span without a language of its own stayed in the tree"

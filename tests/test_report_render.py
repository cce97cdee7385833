"""Reports read back: every lesson and status, one language per form, the budget totals and
section order in the resolved model the writers receive and in the DOCX; the charts as vector
graphics in the PDF and as pictures in the DOCX; each form's own page numbers in the PDF, the
DOCX and LibreOffice; and byte-identical rebuilds."""

import dataclasses
import io
import re
import subprocess
import sys
from functools import cache

import pytest

from agreement_builder import api
from agreement_builder.core.values import format_money
from agreement_builder.kinds.report.resolve import locales_for, report_labels
from agreement_builder.model.blocks import Decision

from .conftest import (
    ROOT,
    docx_text,
    example_in_libreoffice,
    example_model,
    footer_page_numbers,
    load_example,
    model_text,
    pdf_text,
    positions,
    render_example,
    uses_example,
)

BRASSCHAAT = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
HERENT = ROOT / "examples" / "herent-nimlahakok" / "report.yaml"
NL_SECTIONS = [
    "Onderwerp",
    "Juridische grond",
    "Aanleiding en context",
    "Argumentatie",
    "Doelstellingen",
    "Verloop",
    "Resultaten",
    "Evaluatie",
    "Geleerde lessen en aanbevelingen",
    "Financiële gevolgen",
    "Voorstel tot besluit",
    "Bijlagen",
]
ES_SECTIONS = [
    "Antecedentes",
    "Objetivos",
    "Actividades realizadas",
    "Resultados",
    "Ejecución presupuestaria",
    "Lecciones aprendidas",
    "Análisis",
    "Conclusiones",
    "Recomendaciones",
    "Anexos",
]
FIGURES_PER_FORM = 5  # timeline, SDG badges, radar, scoreboard, budget
EXAMPLES = {"brasschaat": "brasschaat-tarija/report", "herent": "herent-nimlahakok/report"}


@cache
def report(case: tuple[str, str]) -> dict:
    """An example report in one layout: its spec, its resolved model ("model": all its text, page
    furniture included) and its DOCX ("docx": all its text; "docx_bytes") from the build all tests share."""
    name, layout = case
    doc = example_model(EXAMPLES[name], layout)
    docx = render_example(EXAMPLES[name], layout)["docx"]
    return {
        "spec": load_example(EXAMPLES[name]),
        "doc": doc,
        "model": model_text(doc, furniture=True),
        "docx_bytes": docx,
        "docx": docx_text(docx),
    }


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def texts(value, lang: str):
    """Every text of a spec value in one language, at any depth."""
    if isinstance(value, dict):
        if set(value) == {"nl", "es"}:
            yield value[lang]
        else:
            for v in value.values():
                yield from texts(v, lang)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from texts(v, lang)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from texts(getattr(value, f.name), lang)


def spec_texts(spec, lang: str):
    """Every text the spec itself gives in one language (the lessons' own texts not included)."""
    own = [f.name for f in dataclasses.fields(spec) if f.name not in ("lessons", "warnings", "path")]
    assert {"subject", "phases", "answers", "budget", "decision"} <= set(own)
    return texts([getattr(spec, name) for name in own], lang)


def cases(*extra: tuple[str, str]) -> list:
    """(example, layout) parameters, each in its example's group; the three one-language forms, plus `extra`."""
    return [
        pytest.param(case, marks=uses_example(EXAMPLES[case[0]]), id=str(case))
        for case in [("brasschaat", "nl"), ("brasschaat", "es"), ("herent", "nl"), *extra]
    ]


@pytest.mark.parametrize("fmt", ["model", "docx"])
@pytest.mark.parametrize("case", cases(("brasschaat", "sequential")))
def test_every_lesson_every_item_and_its_status_in_order(case, fmt):
    got = report(case)
    spec, text = got["spec"], got[fmt]
    langs = ["nl", "es"] if case[1] == "sequential" else [case[1]]
    for lang in langs:
        labels = report_labels(lang)
        # Start after this language's evaluation section heading, so the scoreboard's labels don't count.
        start = text.find(labels["scoreboard_intro"][:40])
        assert start >= 0, lang
        for lesson in spec.lessons:
            needles = [f"{labels['lesson']} {lesson.number} – {lesson.title[lang]}", fold(lesson.claim[lang])[:40]]
            for item in lesson.items:
                answer = spec.answers[lesson.id][item.id]
                needles += [fold(item.text[lang])[:30], labels[f"status_{answer.status}"]]
                for pid, (status, _) in answer.partners.items():
                    needles += [
                        f"{labels['partner_answer']} {spec.party(pid).short_name[lang]}",
                        labels[f"status_{status}"],
                    ]
            found = positions(text[start:], needles)
            assert -1 not in found, (lang, lesson.id, [n for n, f in zip(needles, found, strict=True) if f < 0])
            start += found[-1]


@pytest.mark.parametrize("fmt", ["model", "docx"])
@pytest.mark.parametrize("case", cases(("brasschaat", "sequential")))
def test_sections_in_the_form_of_each_language(case, fmt):
    text = report(case)[fmt]
    langs = ["nl", "es"] if case[1] == "sequential" else [case[1]]
    needles = []
    for lang in langs:
        sections = NL_SECTIONS if lang == "nl" else ES_SECTIONS
        needles += [f"{i}. {title}" for i, title in enumerate(sections, start=1)]
    found = positions(text, needles)
    assert -1 not in found, [n for n, f in zip(needles, found, strict=True) if f < 0]


@pytest.mark.parametrize("fmt", ["model", "docx"])
@pytest.mark.parametrize("case", cases())
def test_one_language_forms_carry_no_text_of_the_other(case, fmt):
    got = report(case)
    lang = case[1]
    other = "es" if lang == "nl" else "nl"
    text = got[fmt]
    spec = got["spec"]
    theirs = set(spec_texts(spec, other)) | {
        t
        for lesson in spec.lessons
        for t in texts([lesson.title, lesson.claim, [i.text for i in lesson.items], lesson.opportunities], other)
    }
    ours = set(spec_texts(spec, lang))
    leaked = [t for t in theirs if len(t) > 12 and t not in ours and fold(t) in text]
    assert leaked == []
    headings = ES_SECTIONS if other == "es" else NL_SECTIONS
    assert [h for h in headings if h in text and h not in (NL_SECTIONS if lang == "nl" else ES_SECTIONS)] == []
    other_labels = report_labels(other)
    for key in ("status_partly", "status_not-yet", "form_title", "caption_radar", "caption_budget"):
        assert other_labels[key] not in text, key


@pytest.mark.parametrize("fmt", ["model", "docx"])
@pytest.mark.parametrize("case", cases(("brasschaat", "sequential")))
def test_budget_totals_per_currency(case, fmt):
    got = report(case)
    spec, text = got["spec"], got[fmt]
    langs = ["nl", "es"] if case[1] == "sequential" else [case[1]]
    locales = locales_for(spec)
    assert spec.budget_totals()
    for lang in langs:
        total = report_labels(lang)["total"]
        for currency, (planned, spent) in spec.budget_totals().items():
            # Totals recomputed here from the spec, not taken from the code under test.
            lines = [b for b in spec.budget if b.planned.currency == currency]
            assert planned.amount == sum(b.planned.amount for b in lines)
            assert spent.amount == sum(b.spent.amount for b in lines)
            needles = [
                f"{total} {currency}",
                fold(format_money(planned, locales[lang])),
                fold(format_money(spent, locales[lang])),
            ]
            assert -1 not in positions(text, needles), (lang, needles)


@uses_example(EXAMPLES["brasschaat"])
def test_brasschaat_totals_are_the_expected_numbers():
    text = report(("brasschaat", "nl"))["model"]
    assert "Totaal EUR € 19.500,00 € 18.730,50 € 769,50" in text
    es = report(("brasschaat", "es"))["model"]
    assert (
        "Total BOB Bs 40.000,00 Bs 37.700,00 Bs 2300,00" in es
        or "Total BOB Bs 40.000,00 Bs 37.700,00 Bs 2.300,00" in es
    )


@pytest.mark.parametrize("case", cases(("brasschaat", "sequential")))
def test_docx_holds_every_chart_as_a_picture_with_a_caption(case):
    from docx import Document

    got = report(case)
    document = Document(io.BytesIO(got["docx_bytes"]))
    forms = 2 if case[1] == "sequential" else 1
    assert len(document.inline_shapes) == FIGURES_PER_FORM * forms
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == FIGURES_PER_FORM * forms
    assert all(r.target_part.content_type == "image/png" for r in images)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    word = {"nl": "Figuur", "es": "Figura"}
    langs = ["nl", "es"] if case[1] == "sequential" else [case[1]]
    expected = [f"{word[lang]} {n} – " for lang in langs for n in range(1, FIGURES_PER_FORM + 1)]
    assert len(captions) == len(expected)
    assert [c[: len(e)] for c, e in zip(captions, expected, strict=True)] == expected


def _vector_forms(data: bytes) -> int:
    """Form XObjects that draw paths: the SVG charts, embedded as vector graphics."""
    from pypdf import PdfReader

    count = 0
    for page in PdfReader(io.BytesIO(data)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Form" and re.search(rb"\d (m|l|c|re)\n", obj.get_data()):
                count += 1
    return count


@pytest.mark.parametrize("case", cases())
def test_pdf_charts_are_vector_graphics_with_text(case):
    from pypdf import PdfReader

    pdf = render_example(EXAMPLES[case[0]], case[1])["pdf"]
    lang = case[1]
    reader = PdfReader(io.BytesIO(pdf))
    assert sum(len(page.images) for page in reader.pages) == 0  # no raster pictures at all
    assert _vector_forms(pdf) >= FIGURES_PER_FORM
    text = pdf_text(pdf)
    labels = report_labels(lang)
    # Words that only the charts print: scoreboard axis, short period on a timeline bar, SDG badge label.
    assert labels["axis_items"] in text
    assert re.search(r"(apr|abr) 2020 – (apr|abr) 2021", text)
    assert f"{labels['figure']} 1 – {labels['caption_timeline']}" in text


@uses_example(EXAMPLES["brasschaat"])
def test_decision_articles_numbered():
    got = report(("brasschaat", "nl"))
    text, spec = got["model"], got["spec"]
    needles = []
    for i, d in enumerate(spec.decision, start=1):
        needles += [f"Artikel {i}", fold(d["nl"])[:40]]
    assert -1 not in positions(text, needles)
    (decision,) = [b for b in got["doc"].blocks() if isinstance(b, Decision)]
    assert decision.articles == tuple((f"Artikel {i}", d["nl"]) for i, d in enumerate(spec.decision, start=1))


@uses_example(EXAMPLES["brasschaat"])
def test_docx_runs_are_tagged_with_their_language():
    from docx import Document
    from docx.oxml.ns import qn

    for case, tag in ((("brasschaat", "nl"), "nl-BE"), (("brasschaat", "es"), "es-BO")):
        body = Document(io.BytesIO(report(case)["docx_bytes"])).element.body
        langs = {el.get(qn("w:val")) for el in body.iter(qn("w:lang"))}
        assert langs == {tag}, (case, langs)


@uses_example(EXAMPLES["herent"])
def test_two_builds_give_identical_bytes(tmp_path):
    """The shared build (made by some test process) and one in a fresh interpreter: same PDF and DOCX bytes.

    Sequential, the layout that goes through the most: two forms, each laid out on its own and joined.
    """
    shared = render_example(EXAMPLES["herent"], "sequential")
    subprocess.run(
        [sys.executable, "-m", "agreement_builder", "build", str(HERENT), "-o", str(tmp_path), "-l", "sequential"],
        check=True,
        capture_output=True,
    )
    for fmt in ("pdf", "docx"):
        assert (tmp_path / f"report-sequential.{fmt}").read_bytes() == shared[fmt], fmt


# ------------------------------------------------------------ each form numbers its own pages


def form_page_numbers(case: str, pdf: bytes) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(n, m) of each page's "pagina n van m" in a sequential report's PDF: the council report's, the informe's.

    Every page must carry its own form's footer, the council report's pages first.
    """
    doc = example_model(case, "sequential")
    assert [part.page.name for part in doc.parts] == ["part-nl", "part-es"]
    numbers = footer_page_numbers(pdf, [part.page for part in doc.parts])
    nl = [(n, m) for name, n, m in numbers if name == "part-nl"]
    es = [(n, m) for name, n, m in numbers if name == "part-es"]
    assert [name for name, _, _ in numbers] == ["part-nl"] * len(nl) + ["part-es"] * len(es)
    return nl, es


def counts_its_own_pages(numbers: list[tuple[int, int]]) -> bool:
    """1 of m, 2 of m, … m of m, with m the number of pages: a form numbered on its own."""
    return len(numbers) > 1 and numbers == [(i, len(numbers)) for i in range(1, len(numbers) + 1)]


@pytest.mark.parametrize("case", EXAMPLES.values())
def test_each_form_of_the_sequential_pdf_numbers_its_own_pages(case):
    """The council report is "pagina 1 van n" to "pagina n van n", the informe final starts again at
    "página 1 de m"; n + m is the whole PDF."""
    from pypdf import PdfReader

    pdf = render_example(case, "sequential")["pdf"]
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    nl, es = form_page_numbers(case, pdf)
    n, m = len(nl), len(es)
    assert n + m == len(pages)
    assert f"pagina {n} van {n}" in pages[n - 1] and f"página 1 de {m}" in pages[n]
    assert counts_its_own_pages(nl) and counts_its_own_pages(es)


@pytest.mark.parametrize("case", EXAMPLES.values())
def test_each_form_of_the_sequential_docx_numbers_its_own_pages(case):
    """The informe final's section restarts at page 1; every footer counts its own section's pages:
    SECTIONPAGES for Word, whose stored result LibreOffice shows: a PAGEREF to the section's last run."""
    from docx import Document
    from docx.oxml.ns import qn

    docx = Document(io.BytesIO(render_example(case, "sequential")["docx"]))
    council, informe = docx.sections
    assert council._sectPr.find(qn("w:pgNumType")) is None
    assert informe._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    # The runs of each section, and where each bookmark starts: (section, element).
    runs: list[list] = [[]]
    starts = {}
    for child in docx.element.body:
        for el in child.iter(qn("w:r"), qn("w:bookmarkStart")):
            if el.tag == qn("w:r"):
                runs[-1].append(el)
            else:
                starts[el.get(qn("w:name"))] = (len(runs) - 1, el)
        if child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            runs.append([])
    for i, section in enumerate(docx.sections):
        footers = [section.footer, *([section.first_page_footer] if section.different_first_page_header_footer else [])]
        for footer in footers:
            instructions = [t.text.split() for t in footer._element.iter(qn("w:instrText"))]
            instructions += [f.get(qn("w:instr")).split() for f in footer._element.iter(qn("w:fldSimple"))]
            assert ["PAGE"] in instructions and ["SECTIONPAGES"] in instructions
            assert ["NUMPAGES"] not in instructions
            (target,) = [words[1] for words in instructions if words[0] == "PAGEREF"]
            at, start = starts[target]
            assert at == i and start.getnext() is runs[i][-1], target


@uses_example(EXAMPLES["herent"])
def test_libreoffice_numbers_each_form_of_the_docx_on_its_own():
    """LibreOffice restarts the informe final at page 1 and prints each form's own page count."""
    case = EXAMPLES["herent"]
    nl, es = form_page_numbers(case, example_in_libreoffice(case, "sequential"))
    assert counts_its_own_pages(nl) and counts_its_own_pages(es)


def test_sparse_report_builds_in_every_format(tmp_path):
    """No events, risks, projects or SDGs: those pictures and tables are left out, the rest builds."""
    from docx import Document

    from .conftest import FIXTURES

    result = api.build(FIXTURES / "reports" / "minimal.yaml", tmp_path, ("pdf", "docx", "html"), "nl")
    files = {p.suffix: p for p in result.files}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["minimal-nl.docx", "minimal-nl.html", "minimal-nl.pdf"]
    assert len(Document(str(files[".docx"])).inline_shapes) == 4  # timeline, radar, scoreboard, budget - no SDGs
    html = files[".html"].read_text(encoding="utf-8")
    assert html.count("data:image/svg+xml;base64,") == 4 and "<style>" in html
    assert "http" not in html.split("<body", 1)[1].replace("http://www.w3.org", "")


def test_cli_says_what_it_built_and_refuses_side_by_side(tmp_path):
    from click.testing import CliRunner

    from agreement_builder.cli import main

    ok = CliRunner().invoke(main, ["build", str(HERENT), "-o", str(tmp_path), "-f", "docx", "-l", "es"])
    assert ok.exit_code == 0, ok.output
    assert "report spec, layout es" in ok.output and (tmp_path / "report-es.docx").is_file()
    bad = CliRunner().invoke(main, ["build", str(HERENT), "-o", str(tmp_path / "x"), "-l", "side-by-side"])
    assert bad.exit_code == 2 and "a report spec has the layouts sequential" in bad.output
    assert "'side-by-side' is for agreement specs" in bad.output
    assert not (tmp_path / "x").exists()
    check = CliRunner().invoke(main, ["check", str(HERENT)])
    assert check.exit_code == 0 and ": report spec, layout" in check.output

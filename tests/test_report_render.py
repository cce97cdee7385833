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


# --------------------------------------------------------------------- the forms as councils file them
@cache
def built_texts(name: str) -> dict[str, str]:
    """The sequential example as read back from its PDF (pypdf) and its DOCX (python-docx)."""
    built = render_example(EXAMPLES[name], "sequential")
    return {"pdf": pdf_text(built["pdf"]), "docx": docx_text(built["docx"])}


def in_order(text: str, needles: list[str]) -> None:
    found = positions(text, needles)
    assert -1 not in found, [n for n, f in zip(needles, found, strict=True) if f < 0]
    assert found == sorted(found), [n for n, _ in sorted(zip(needles, found, strict=True), key=lambda x: x[1])]


BRASSCHAAT_FORMS = [
    # the council report: Argumentatie after the context, reflections beside the counts, the
    # decision's costs before the trajectory's budget, overspent lines marked and counted
    "3. Aanleiding en context",
    "4. Argumentatie",
    "Het traject heeft de stedenband inhoudelijk vernieuwd.",
    "5. Doelstellingen",
    "Les 3 – Zorg voor een gemeenschappelijke taal: 5 bereikt van 8",
    "Reflectie van de partners: De gedeelde taal over participatie",
    "Reflectie van de partners: Verwachtingen die niet worden uitgesproken",
    "10. Financiële gevolgen",
    "De uitgave van € 5.000,00 is voorzien in het meerjarenplan, op budgetsleutel GBB-CBS 0160-00/6490000.",
    "Het bedrag is het jaarlijkse werkingsbudget",
    "Ter informatie: de besteding van het traject",
    "▲ overschreden",
    "2 begrotingsposten zijn overschreden (▲)",
    "11. Voorstel tot besluit",
    # the informe final as Tarija files it
    "INFORME N° INF/DRI/012/2022",
    "Asunto:",
    "De:",
    "Lic. Mariela Arce Cortez",
    "A:",
    "Alcalde Municipal de Tarija",
    "Fecha:",
    "1. Antecedentes",
    "Base legal",
    "Ley N° 482 de Gobiernos Autónomos Municipales",
    "5. Ejecución presupuestaria",
    "en la clave presupuestaria GBB-CBS 0160-00/6490000.",
    "Para información: la ejecución presupuestaria del proceso",
    "▲ excedido",
    "2 partidas fueron excedidas (▲)",
    "6. Lecciones aprendidas",
    "Reflexión de los socios: El lenguaje común sobre la participación",
    "7. Análisis",
    "Cada municipio trabaja en su propio proyecto",
    "8. Conclusiones",
    "Es cuanto se informa, para los fines consiguientes.",
    "Gobierno Autónomo Municipal de Tarija Firma",
    "Directora de Relaciones Internacionales",
]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@uses_example(EXAMPLES["brasschaat"])
def test_the_forms_keys_read_back_in_order(fmt):
    text = fold(built_texts("brasschaat")[fmt])
    in_order(text, BRASSCHAAT_FORMS)
    # Each overspent line is marked once per form; the informe cites Bolivian law, not the Flemish decree.
    assert text.count("▲ overschreden") == 2 and text.count("▲ excedido") == 2
    informe = text[text.index("INFORME N°") :]
    assert "Decreto flamenco" not in informe and "Marco jurídico en Flandes" not in informe


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@uses_example(EXAMPLES["herent"])
def test_no_costs_and_the_default_sender_read_back(fmt):
    text = fold(built_texts("herent")[fmt])
    in_order(
        text,
        [
            "4. Argumentatie",
            "Reflectie van de partners: Door het project door Nimlaha'kok zelf te laten kiezen",
            "Dit besluit heeft geen financiële gevolgen.",
            "Ter informatie: de besteding van het traject",
            "▲ overschreden",
            "1 begrotingspost is overschreden (▲)",  # the singular note
            "INFORME N° 007-2022",
            "Domingo Caal Xol",
            "Asamblea General de la Región Nimlaha'kok",
            "Base legal",
            "Código Municipal, Decreto 12-2002",
            "La presente decisión no tiene incidencia financiera.",
            "▲ excedido",
            "1 partida fue excedida (▲)",
            "Reflexión de los socios: Al dejar que Nimlaha'kok eligiera su propio proyecto",
            "Región Nimlaha'kok Firma",
            "Domingo Caal Xol",
        ],
    )
    assert text.count("▲ overschreden") == 1 and text.count("▲ excedido") == 1


@uses_example(EXAMPLES["brasschaat"])
def test_overspent_balances_are_bold_in_both_formats():
    """Not colour only: the negative balance and its mark are bold runs in the DOCX and set in a
    bold face in the PDF, so a black-and-white print shows them."""
    from docx import Document
    from pypdf import PdfReader

    built = render_example(EXAMPLES["brasschaat"], "sequential")
    runs = [r for p in _docx_cell_paragraphs(Document(io.BytesIO(built["docx"]))) for r in p.runs]
    marks = [r for r in runs if r.text in ("▲\u00a0overschreden", "▲\u00a0excedido")]
    assert len(marks) == 4 and all(r.bold for r in marks)
    amounts = [r for r in runs if r.text.startswith("\u2212") and r.bold]
    assert len(amounts) == 4, [r.text for r in amounts]
    fonts: dict[str, list[str]] = {"mark": [], "amount": []}

    def visit(text, cm, tm, font, size):
        if font and text.strip() in ("overschreden", "excedido"):
            fonts["mark"].append(str(font.get("/BaseFont")))
        elif font and text.startswith("\u2212"):
            fonts["amount"].append(str(font.get("/BaseFont")))

    for page in PdfReader(io.BytesIO(built["pdf"])).pages:
        page.extract_text(visitor_text=visit)
    assert len(fonts["mark"]) == 4 and len(fonts["amount"]) == 4, fonts
    assert all("Bold" in f for f in fonts["mark"] + fonts["amount"]), fonts


def _docx_cell_paragraphs(document):
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


TOOLS = {
    "nl": [
        "Focusscherper",
        "Omgevingsscan",
        "Ambitiebepaler",
        "Stakeholderanalyse",
        "Trajectontwerper",
        "Interventieontwerper",
    ],
    "es": [
        "Delimitación del enfoque",
        "Análisis del contexto",
        "Definición de ambiciones",
        "Mapeo de actores",
        "Diseño del proceso",
        "Diseño de intervenciones",
    ],
}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@uses_example(EXAMPLES["brasschaat"])
def test_the_design_tools_carry_the_toolkits_names_in_each_form(fmt):
    """The six tools by the toolkit's names: in the projects' tables and in lesson 3's items, per form."""
    text = fold(built_texts("brasschaat")[fmt])
    council, informe = text[: text.index("INFORME N°")], text[text.index("INFORME N°") :]
    for lang, form in (("nl", council), ("es", informe)):
        for name in TOOLS[lang]:
            assert form.count(name) >= 3, (lang, name, form.count(name))  # two projects and lesson 3


@uses_example(EXAMPLES["brasschaat"])
def test_a_report_without_the_new_keys_prints_no_empty_sections():
    spec = dataclasses.replace(
        load_example(EXAMPLES["brasschaat"]), arguments=(), informe=None, financial_consequences=None, reflections={}
    )
    from agreement_builder.kinds.report.resolve import resolve_report
    from agreement_builder.model.blocks import Heading, Signatures

    blocks = [b for part in resolve_report(spec, "sequential").parts for b in part.blocks]
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert "Argumentatie" not in headings and "Análisis" not in headings
    assert "Ter informatie: de besteding van het traject" not in headings
    assert not any(isinstance(b, Signatures) for b in blocks)
    text = model_text(resolve_report(spec, "sequential"))
    assert "INFORME N°" not in text and "Reflectie" not in text and "Marco jurídico en Flandes" in text

"""`agreement-builder absorb`: a DOCX edited in Word (python-docx) or LibreOffice comes back.

The spec (tests/fixtures/absorb) is built once; each case edits a copy of the DOCX, absorbs it
into a copy of the spec, and, where the edit is absorbed, builds the spec again and reads
the new DOCX back: every article must say what the edited document said.
"""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx
from docx.oxml.ns import qn

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.writers.docxread import read_docx

from .conftest import FIXTURES
from .ooxml import docx_schema_errors

SPEC = FIXTURES / "absorb" / "agreement.yaml"
DOCX = "agreement-side-by-side.docx"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The fixture spec's DOCX as built, once for the module."""
    out = tmp_path_factory.mktemp("built")
    api.build(SPEC, out, formats=["docx"])
    return (out / DOCX).read_bytes()


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A copy of the spec to absorb into."""
    shutil.copy(SPEC, tmp_path / "agreement.yaml")
    return tmp_path


def paragraph(doc, words: str):
    """The first paragraph, in the body or in a table cell, holding ``words``."""
    for p in doc.element.body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if words in text:
            return p
    raise AssertionError(f"no paragraph holds {words!r}")


def replace_words(doc, old: str, new: str) -> None:
    """``old`` replaced by ``new`` in the run that holds it, as a typing user would."""
    for t in paragraph(doc, old).iter(qn("w:t")):
        if old in (t.text or ""):
            t.text = t.text.replace(old, new)
            return
    raise AssertionError(f"{old!r} is split over runs")


def insert_after(doc, words: str, text: str) -> None:
    """A new paragraph after the one holding ``words``, in its style (Enter at its end, then typing)."""
    p = paragraph(doc, words)
    new = copy.deepcopy(p)
    for mark in [*new.iter(qn("w:bookmarkStart")), *new.iter(qn("w:bookmarkEnd"))]:
        mark.getparent().remove(mark)
    ts = list(new.iter(qn("w:t")))
    ts[0].text = text
    for t in ts[1:]:
        t.text = ""
    p.addnext(new)


def delete_paragraph(doc, words: str) -> None:
    p = paragraph(doc, words)
    p.getparent().remove(p)


def edit(data: bytes, *changes: Callable) -> bytes:
    doc = open_docx(io.BytesIO(data))
    for change in changes:
        change(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


NEGOTIATED = (
    # changed words, both languages
    lambda d: replace_words(d, "legt een gemotiveerd voorstel", "legt een schriftelijk gemotiveerd voorstel"),
    lambda d: replace_words(d, "una propuesta fundamentada", "una propuesta escrita y fundamentada"),
    # an inserted paragraph, both languages
    lambda d: insert_after(
        d,
        "Een meningsverschil wordt eerst besproken",
        "Elke partij draagt de eigen kosten van het overleg over een meningsverschil.",
    ),
    lambda d: insert_after(
        d,
        "Toda diferencia se trata en primer lugar",
        "Cada parte asume sus propios gastos del diálogo sobre una diferencia.",
    ),
    # a deleted list item, both languages
    lambda d: delete_paragraph(d, "de stedenband blijft als symbolische zusterband"),
    lambda d: delete_paragraph(d, "el vínculo simbólico de hermanamiento"),
    # a changed amount, as each language prints it
    lambda d: replace_words(d, "€\u00a05.000,00", "€\u00a06.000,00"),
    lambda d: replace_words(d, "EUR\u00a05,000.00", "EUR\u00a06,000.00"),
    # an edit in Dutch only
    lambda d: replace_words(d, "in twee (2) originele exemplaren", "in twee (2) ondertekende originele exemplaren"),
)


def texts(data: bytes) -> dict[str, list[tuple[str, int, str]]]:
    """Each marked article text of a DOCX: its paragraphs' kind, level and words (a reference by its target)."""
    return {
        name: [(p.kind, p.level, "".join(f"<{r.ref}>" if r.ref else r.text for r in p.runs)) for p in paragraphs]
        for name, paragraphs in read_docx(data).bodies.items()
    }


def absorb(work: Path, edited: bytes, *extra: str):
    path = work / "edited.docx"
    path.write_bytes(edited)
    return CliRunner().invoke(
        main, ["absorb", str(path), "--spec", str(work / "agreement.yaml"), "--into", str(work / "library"), *extra]
    )


def rebuilt(work: Path) -> bytes:
    out = work / "out"
    api.build(work / "agreement.yaml", out, formats=["docx"])
    return (out / DOCX).read_bytes()


def test_markers_cover_each_article_in_each_language(built: bytes) -> None:
    bodies = texts(built)
    assert sorted(bodies) == sorted(
        f"body_{lang}_{cid}"
        for lang in ("nl", "es")
        for cid in ("parties", "operating_budget", "amendment", "disputes", "exit_edegem", "signatures")
    )
    # The signatures' table is what the clause inserts, not its text: outside the marker.
    assert [k for k, _, _ in bodies["body_nl_signatures"]] == ["p"]
    assert docx_schema_errors(built) == []


def test_python_docx_edits_come_back(built: bytes, work: Path) -> None:
    edited = edit(built, *NEGOTIATED)
    spec_before = (work / "agreement.yaml").read_text(encoding="utf-8")
    result = absorb(work, edited)
    assert result.exit_code == 0, result.output
    assert "value operating-budget.budget_first = 6000" in result.output
    assert "only the Dutch text changed" in result.output  # the signatures article: a warning
    for cid in ("amendment", "disputes", "exit-edegem", "signatures"):
        assert f"({cid}) " in result.output
    # The spec: the amount set at its line, its comment kept; the library added; nothing else moved.
    spec = (work / "agreement.yaml").read_text(encoding="utf-8")
    assert "budget_first: {amount: 6000, currency: EUR}  # the councils' first offer" in spec
    assert "libraries: [library]\n" in spec
    changed = [line for line in spec.splitlines() if line not in spec_before.splitlines()]
    assert changed == [
        "libraries: [library]",
        "      budget_first: {amount: 6000, currency: EUR}  # the councils' first offer",
    ]
    # Each override: version raised, where it came from, the placeholders restored.
    exit_clause = (work / "library" / "final" / "exit-edegem.yaml").read_text(encoding="utf-8")
    assert exit_clause.startswith("# Absorbed from edited.docx, ")
    assert "version: 1.3.0\n" in exit_clause  # was 1.2.1
    assert "{{ notice_months | in_words }}" in exit_clause
    assert "symbolische zusterband" not in exit_clause
    signatures = (work / "library" / "final" / "signatures.yaml").read_text(encoding="utf-8")
    assert "the Dutch wording" in signatures
    # Building the spec again prints the edited wording, in both languages, article by article.
    again = rebuilt(work)
    assert texts(again) == texts(edited)
    # And absorbing the edited file once more finds nothing left to do.
    result = absorb(work, edited)
    assert result.exit_code == 0, result.output
    assert "no article changed" in result.output


def test_dry_run_writes_nothing(built: bytes, work: Path) -> None:
    before = (work / "agreement.yaml").read_bytes()
    result = absorb(work, edit(built, *NEGOTIATED), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would write" in result.output
    assert (work / "agreement.yaml").read_bytes() == before
    assert not (work / "library").exists()


def test_dry_run_loads_no_pdf_renderer(built: bytes, work: Path) -> None:
    (work / "edited.docx").write_bytes(edit(built, *NEGOTIATED))
    code = (
        "import sys; from click.testing import CliRunner; from agreement_builder.cli import main; "
        f"r = CliRunner().invoke(main, ['absorb', {str(work / 'edited.docx')!r}, '--spec', "
        f"{str(work / 'agreement.yaml')!r}, '--into', {str(work / 'library')!r}, '--dry-run']); "
        "assert r.exit_code == 0, r.output; "
        "print([m for m in ('weasyprint', 'matplotlib') if m in sys.modules])"
    )
    out = subprocess.run([_python(), "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _python() -> str:
    import sys

    return sys.executable


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_saved_edits_come_back(built: bytes, work: Path) -> None:
    edited = edit(built, *NEGOTIATED)
    (work / "lo").mkdir()
    (work / "lo" / "in.docx").write_bytes(edited)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{work / 'profile'}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            str(work / "lo" / "out"),
            str(work / "lo" / "in.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = (work / "lo" / "out" / "in.docx").read_bytes()
    assert set(texts(saved)) == set(texts(built))  # every marker survived LibreOffice
    result = absorb(work, saved)
    assert result.exit_code == 0, result.output
    assert "value operating-budget.budget_first = 6000" in result.output
    again = rebuilt(work)
    assert texts(again) == texts(edited)


def _refused(work: Path, result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    for w in words:
        assert w in result.output, result.output
    assert "nothing was written" in result.output
    assert (work / "agreement.yaml").read_bytes() == SPEC.read_bytes()
    assert not (work / "library").exists()


def test_huge_insert_is_refused(built: bytes, work: Path) -> None:
    huge = "Deze tekst is veel te lang voor een artikel. " * 600
    edited = edit(built, *NEGOTIATED, lambda d: insert_after(d, "Een meningsverschil wordt eerst", huge))
    _refused(work, absorb(work, edited), "article 4 (disputes), Dutch:", "more than the 20000")


def test_template_syntax_is_refused(built: bytes, work: Path) -> None:
    edited = edit(built, *NEGOTIATED, lambda d: replace_words(d, "legt een schriftelijk", "legt {{ 7 * 7 }} een"))
    _refused(work, absorb(work, edited), "article 3 (amendment), Dutch paragraph 1: template syntax")
    edited = edit(
        built, lambda d: replace_words(d, "Las partes resuelven", "{% for x in parties %}Las partes resuelven")
    )
    _refused(work, absorb(work, edited), "article 4 (disputes), Spanish paragraph 1: template syntax")


def test_deleted_marker_is_refused(built: bytes, work: Path) -> None:
    def unmark(doc) -> None:
        for mark in list(doc.element.body.iter(qn("w:bookmarkStart"))):
            if mark.get(qn("w:name")) == "body_es_amendment":
                mark.getparent().remove(mark)

    _refused(work, absorb(work, edit(built, *NEGOTIATED, unmark)), "article 3 (amendment), Spanish: its marker")


def test_text_outside_the_articles_is_refused(built: bytes, work: Path) -> None:
    edited = edit(built, lambda d: insert_after(d, "Hierna samen", "Dit is een nota van de onderhandelaar."))
    assert absorb(work, edited).exit_code == 0  # inside article 1: a wording change, fine
    work2 = work / "again"
    work2.mkdir()
    shutil.copy(SPEC, work2 / "agreement.yaml")
    edited = edit(built, lambda d: replace_words(d, "Wijziging", "Wijzigingen"))
    _refused(work2, absorb(work2, edited), "text outside any article's text", '"– Wijzigingen"')


def test_not_a_docx_is_invalid_input(work: Path) -> None:
    result = absorb(work, b"not a zip")
    assert result.exit_code == 1
    assert "not a readable DOCX file" in result.output
    assert "Traceback" not in result.output


def test_a_count_written_in_words_is_a_value(built: bytes, work: Path) -> None:
    """ "zes (6) maanden" → "negen (9) maanden": the spec's notice_months, added to a bare clause entry."""
    edited = edit(
        built,
        lambda d: replace_words(d, "opzegtermijn van zes (6) maanden", "opzegtermijn van negen (9) maanden"),
        lambda d: replace_words(d, "preaviso de seis (6) meses", "preaviso de nueve (9) meses"),
    )
    result = absorb(work, edited)
    assert result.exit_code == 0, result.output
    assert "value exit-edegem.notice_months = 9 (negen (9) / nueve (9))" in result.output
    spec = (work / "agreement.yaml").read_text(encoding="utf-8")
    assert "  - id: exit-edegem\n    values:\n      notice_months: 9\n  - signatures\n" in spec
    assert not (work / "library").exists()
    assert texts(rebuilt(work)) == texts(edited)


def test_a_count_whose_words_and_figure_disagree_is_wording(built: bytes, work: Path) -> None:
    edited = edit(
        built,
        lambda d: replace_words(d, "opzegtermijn van zes (6) maanden", "opzegtermijn van negen (6) maanden"),
        lambda d: replace_words(d, "preaviso de seis (6) meses", "preaviso de nueve (6) meses"),
    )
    result = absorb(work, edited, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "override article 5 (exit-edegem)" in result.output
    assert "value " not in result.output


def test_a_clause_of_the_spec_s_own_library_is_edited_in_place(tmp_path: Path) -> None:
    """Herent's own 'languages-interpreting', in the sequential layout: its file in library/ is rewritten."""
    example = Path(__file__).parent.parent / "examples" / "herent-nimlahakok"
    work = tmp_path / "herent"
    shutil.copytree(example, work)
    api.build(work / "agreement.yaml", work / "out", formats=["docx"], layout="sequential")
    built = (work / "out" / "agreement-sequential.docx").read_bytes()
    edited = edit(
        built,
        lambda d: replace_words(d, "bij voorkeur simultaan", "bij voorkeur simultaan en altijd met een verslag"),
        lambda d: replace_words(d, "preferentemente simultánea", "preferentemente simultánea y siempre con un acta"),
    )
    spec_before = (work / "agreement.yaml").read_bytes()
    path = work / "edited.docx"
    path.write_bytes(edited)
    result = CliRunner().invoke(
        main, ["absorb", str(path), "--spec", str(work / "agreement.yaml"), "--into", str(work / "library")]
    )
    assert result.exit_code == 0, result.output
    assert "(languages-interpreting) 2.0.1 → 2.1.0" in result.output
    assert (work / "agreement.yaml").read_bytes() == spec_before  # it already uses library/
    clause = (work / "library" / "organisation" / "languages-interpreting.yaml").read_text(encoding="utf-8")
    assert clause.startswith("# Absorbed from edited.docx, ")
    assert "# Herent's version of the bundled clause" in clause  # the file's own comments stay
    assert "{{ article('indigenous-languages') }}" in clause
    assert "{{ community_language }}" in clause
    api.build(work / "agreement.yaml", work / "again", formats=["docx"], layout="sequential")
    assert texts((work / "again" / "agreement-sequential.docx").read_bytes()) == texts(edited)


def tracked(words: str, inserted: str, deleted: str) -> Callable:
    """A tracked insertion and a tracked deletion at the end of the paragraph holding ``words``."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def change(doc) -> None:
        p = paragraph(doc, words)
        xml = (
            f'<w:wrap xmlns:w="{w}">'
            f'<w:ins w:id="9001" w:author="Partner" w:date="2026-10-20T00:00:00Z"><w:r><w:t xml:space="preserve">'
            f"{inserted}</w:t></w:r></w:ins>"
            f'<w:del w:id="9002" w:author="Partner" w:date="2026-10-20T00:00:00Z"><w:r><w:delText xml:space="preserve">'
            f"{deleted}</w:delText></w:r></w:del></w:wrap>"
        )
        last = [r for r in p if r.tag == qn("w:r")][-1]
        for el in reversed(list(etree.fromstring(xml))):
            last.addnext(el)

    return change


def test_tracked_changes_are_read_as_accepted(built: bytes, work: Path) -> None:
    edited = edit(
        built,
        tracked("De partijen voorzien niet in arbitrage", " Dit geldt ook voor de bijlagen.", " Geschrapte zin."),
        tracked("Las partes no prevén someter", " Esto se aplica también a los anexos.", " Frase suprimida."),
    )
    result = absorb(work, edited)
    assert result.exit_code == 0, result.output
    assert "note: read 4 tracked changes of edited.docx as accepted" in result.output
    clause = (work / "library" / "legal" / "disputes.yaml").read_text(encoding="utf-8")
    assert "Dit geldt ook voor de bijlagen." in clause and "Esto se aplica también a los anexos." in clause
    assert "Geschrapte" not in clause and "suprimida" not in clause


def test_a_file_that_cannot_be_written_leaves_every_file_as_it_was(built: bytes, work: Path) -> None:
    """Exit 3: a file stands where the library's category folder must go; the spec is not changed either."""
    (work / "library").mkdir()
    (work / "library" / "final").write_text("in the way", encoding="utf-8")
    result = absorb(work, edit(built, *NEGOTIATED))
    assert result.exit_code == 3, result.output
    assert "nothing was written" in result.output
    assert (work / "agreement.yaml").read_bytes() == SPEC.read_bytes()
    assert sorted(p.name for p in (work / "library").iterdir()) == ["final"]


def test_markup_prints_back_what_was_read() -> None:
    """Paragraphs, numbered items, a nested bullet, an item's second paragraph, emphasis and markup characters."""
    from agreement_builder.kinds.agreement.absorb import _flatten, _key, markup
    from agreement_builder.kinds.agreement.markup import parse_blocks
    from agreement_builder.model.blocks import Text
    from agreement_builder.writers.docxread import ReadParagraph

    read = [
        ReadParagraph("p", 0, (Text("De partijen: "), Text("samen", bold=True), Text(" * en _ [1] <b> 3. geen lijst"))),
        ReadParagraph("ol", 0, (Text("eerste punt;"),)),
        ReadParagraph("ul", 1, (Text("onderdeel "), Text("a", italic=True), Text(";"))),
        ReadParagraph("ol", 0, (Text("tweede punt;"),)),
        ReadParagraph("cont", 0, (Text("met uitleg."),)),
        ReadParagraph("p", 0, (Text("1. Een zin die met een getal begint &amp; verder gaat."),)),
        ReadParagraph("ol", 0, (Text("opnieuw één."),)),
    ]
    printed = _flatten(parse_blocks(markup(read, [])))
    assert printed == [(p.kind, p.level, _key(p.runs)) for p in read]

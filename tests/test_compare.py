"""`agreement-builder diff OLD NEW`: the summary, and the redline read back from the DOCX and the PDF.

The two specs (tests/fixtures/redline) differ by a changed amount, a moved article, an added
and a removed clause, and one Dutch word of a clause the new version takes from its own library.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.kinds.agreement.compare import Edit, compare, word_diff
from agreement_builder.model.blocks import Text

from .conftest import FIXTURES, pdf_text, uno_python
from .ooxml import docx_schema_errors

OLD = FIXTURES / "redline" / "old" / "agreement.yaml"
NEW = FIXTURES / "redline" / "new" / "agreement.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SUMMARY = {
    "counts": {"added": 1, "removed": 1, "moved": 1, "renumbered": 2, "changed": 2, "unchanged": 2},
    "document": [{"fact": "date", "old": "2026-03-15", "new": "2026-05-04"}],
    "articles": [
        {
            "clause": "operating-budget",
            "old_number": 2,
            "new_number": 2,
            "title": {"nl": "Werkingsbudget", "es": "Presupuesto operativo"},
            "status": ["changed"],
            "changes": {"nl": [], "es": []},
            "values": [
                {
                    "variable": "budget_first",
                    "old": {"nl": "€\u00a05.000,00", "es": "EUR\u00a05,000.00"},
                    "new": {"nl": "€\u00a06.000,00", "es": "EUR\u00a06,000.00"},
                }
            ],
            "stale": None,
        },
        {
            "clause": "disputes",
            "old_number": 5,
            "new_number": 3,
            "title": {"nl": "Geschillen", "es": "Controversias"},
            "status": ["moved"],
            "changes": {"nl": [], "es": []},
            "values": [],
            "stale": None,
        },
        {
            "clause": "amendment",
            "old_number": 3,
            "new_number": 4,
            "title": {"nl": "Wijziging", "es": "Modificación"},
            "status": ["renumbered", "changed"],
            "changes": {"nl": [{"deleted": "samen", "inserted": "gezamenlijk"}], "es": []},
            "values": [],
            "stale": "es",
        },
        {
            "clause": "legal-nature",
            "old_number": 4,
            "new_number": None,
            "title": {"nl": "Juridische draagwijdte", "es": "Alcance jurídico"},
            "status": ["removed"],
            "changes": {"nl": [], "es": []},
            "values": [],
            "stale": None,
        },
        {
            "clause": "exit-edegem",
            "old_number": 6,
            "new_number": 5,
            "title": {"nl": "Exitclausule", "es": "Cláusula de salida"},
            "status": ["renumbered"],
            "changes": {"nl": [], "es": []},
            "values": [],
            "stale": None,
        },
        {
            "clause": "entry-into-force",
            "old_number": None,
            "new_number": 6,
            "title": {"nl": "Inwerkingtreding", "es": "Entrada en vigor"},
            "status": ["added"],
            "changes": {"nl": [], "es": []},
            "values": [],
            "stale": None,
        },
    ],
}


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_json_summary_is_exactly_what_changed():
    result = run("diff", OLD, NEW, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == SUMMARY


def test_terminal_summary_names_each_article_and_the_changed_words():
    result = run("diff", OLD, NEW)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "document date: 2026-03-15 → 2026-05-04"
    assert lines[1] == "article 2 operating-budget (Werkingsbudget / Presupuesto operativo): changed"
    assert "    value budget_first: €\u00a05.000,00 → €\u00a06.000,00 / EUR\u00a05,000.00 → EUR\u00a06,000.00" in lines
    assert "article 5 → 3 disputes (Geschillen / Controversias): moved" in lines
    assert '    nl: "samen" → "gezamenlijk"' in lines
    assert any("the Spanish text did not change while the Dutch did: it may be stale" in line for line in lines)
    assert "article 4 (old) legal-nature (Juridische draagwijdte / Alcance jurídico): removed" in lines
    assert "article 6 (new) entry-into-force (Inwerkingtreding / Entrada en vigor): added" in lines
    assert lines[-1] == "1 added, 1 removed, 1 moved, 2 renumbered, 2 changed, 2 unchanged"


def test_a_version_compared_with_itself_has_no_changes():
    spec = api.load(NEW)
    comparison = compare(spec, spec)
    assert comparison.changed == [] and comparison.counts()["unchanged"] == 7


def test_word_diff_keeps_numbers_whole_and_joins_changes_split_by_a_space():
    runs, edits = word_diff(
        (Text("de snelle bruine vos betaalt 5.000 euro"),), (Text("een trage bruine vos betaalt 6.000 euro"),)
    )
    assert edits == [Edit("de snelle", "een trage"), Edit("5.000", "6.000")]
    assert [(t.text, t.change) for t in runs][:3] == [
        ("de snelle", "del"),
        ("een trage", "ins"),
        (" bruine vos betaalt ", ""),
    ]


def test_a_reference_to_the_same_article_is_no_change_when_its_number_moves():
    old = (Text("zie "), Text("artikel 14", ref="art-nl-exit"))
    new = (Text("zie "), Text("artikel 15", ref="art-nl-exit"))
    runs, edits = word_diff(old, new)
    assert edits == [] and runs == new


def test_bad_input_is_reported_at_its_line_and_a_report_is_refused(tmp_path):
    broken = tmp_path / "agreement.yaml"
    broken.write_text(NEW.read_text(encoding="utf-8").replace("amount: 6000", "amount: lots"), encoding="utf-8")
    (tmp_path / "library").symlink_to(NEW.parent / "library")
    result = run("diff", OLD, broken, "-o", tmp_path / "out")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"agreement\.yaml:\d+:\d+: clauses\[1\]\.values\.budget_first", result.output), result.output
    assert not (tmp_path / "out").exists()
    report = FIXTURES.parent.parent / "examples" / "herent-nimlahakok" / "report.yaml"
    refused = run("diff", OLD, report)
    assert refused.exit_code == 2 and "diff compares two agreement specs" in refused.output


# ------------------------------------------------------------------ the redline files


@pytest.fixture(scope="module")
def redline(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("redline")
    result = api.diff(OLD, NEW, out)
    assert [p.name for p in result.files] == [
        "agreement-redline-side-by-side.docx",
        "agreement-redline-side-by-side.pdf",
    ]
    return {p.suffix[1:]: p.read_bytes() for p in result.files}


def _document_xml(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def _changes(root, tag: str) -> list:
    """The run-level w:ins or w:del elements (not the marks on paragraphs and rows)."""
    return [el for el in root.iter(W + tag) if el.getparent().tag not in (W + "rPr", W + "trPr")]


def test_docx_holds_word_tracked_changes_with_author_and_new_date(redline):
    root = _document_xml(redline["docx"])
    ins, dels = _changes(root, "ins"), _changes(root, "del")
    inserted = ["".join(t.text for t in el.iter(W + "t")) for el in ins]
    deleted = ["".join(t.text for t in el.iter(W + "delText")) for el in dels]
    assert inserted[:3] == ["€\u00a06.000,00", "EUR\u00a06,000.00", "gezamenlijk"]
    assert deleted[:3] == ["€\u00a05.000,00", "EUR\u00a05,000.00", "samen"]
    # the removed article: its number and title, then its three paragraphs, in both languages
    assert deleted[3:5] == ["Artikel 4 – ", "Juridische draagwijdte"]
    assert any(d.startswith("Deze overeenkomst doet voor geen van beide partijen") for d in deleted)
    # the added article: its heading (joiner and title) and its text, in both languages
    assert "Inwerkingtreding" in inserted and "Entrada en vigor" in inserted
    assert (len(ins), len(dels)) == (11, 13)
    # whole paragraphs: the removed article's heading and three paragraphs, the added one's heading and two
    marks = [el.tag for el in root.iter(W + "rPr") if el.getparent().tag == W + "pPr" for el in el.findall("*")]
    assert (marks.count(W + "del"), marks.count(W + "ins")) == (8, 6)
    for el in ins + dels:
        assert el.get(W + "author") == "agreement-builder"
        assert el.get(W + "date") == "2026-05-04T00:00:00Z"  # NEW's date, not today's
    assert not [el for el in dels if list(el.iter(W + "t"))]  # deleted text is w:delText only
    # whole rows of the side-by-side table: the removed article's are deleted, the added one's inserted
    rows = [el.getparent().getparent() for el in root.iter(W + "trPr") for _ in el.findall(W + "del")]
    assert len(rows) == 4
    assert len([1 for el in root.iter(W + "trPr") if el.find(W + "ins") is not None]) == 3
    ids = [el.get(W + "id") for el in root.iter() if el.tag in (W + "ins", W + "del", W + "bookmarkStart")]
    assert len(ids) == len(set(ids))


def test_docx_redline_validates_against_the_schemas(redline):
    assert docx_schema_errors(redline["docx"]) == []


def _paragraph_texts(root) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]


def _accept_all(data: bytes) -> list[str]:
    """What Word's "Accept all changes" leaves: deleted rows, paragraphs and runs gone, insertions kept."""
    root = _document_xml(data)
    for tr in [tr for tr in root.iter(W + "tr") if tr.find(f"{W}trPr/{W}del") is not None]:
        tr.getparent().remove(tr)
    for p in [p for p in root.iter(W + "p") if p.find(f"{W}pPr/{W}rPr/{W}del") is not None]:
        p.getparent().remove(p)
    for el in list(root.iter(W + "del")):
        el.getparent().remove(el)
    for el in list(root.iter(W + "ins")):
        parent = el.getparent()
        at = parent.index(el)
        for offset, child in enumerate(list(el)):
            parent.insert(at + offset, child)
        parent.remove(el)
    return _paragraph_texts(root)


def test_accepting_every_change_gives_exactly_the_new_version(redline, tmp_path):
    """Word's "Accept all" replayed on the XML (LibreOffice accepting them one by one is the next test)."""
    built = api.build(NEW, tmp_path, formats=["docx"], provenance=False)
    new = _paragraph_texts(_document_xml(built.files[0].read_bytes()))
    assert _accept_all(redline["docx"]) == new


def test_same_inputs_give_the_same_bytes(redline, tmp_path):
    again = api.diff(OLD, NEW, tmp_path)
    assert {p.suffix[1:]: p.read_bytes() for p in again.files} == redline


def test_pdf_shows_old_and_new_words(redline):
    text = pdf_text(redline["pdf"])
    for words in (
        "5.000,00",
        "6.000,00",
        "samengezamenlijk voordat",  # struck through, then underlined
        "Juridische draagwijdte",
        "Inwerkingtreding",
    ):
        assert words in text, words


def test_html_underlines_insertions_strikes_deletions_and_bars_changed_paragraphs():
    from agreement_builder.kinds.agreement.compare import redline as make_redline
    from agreement_builder.writers.html import render_html

    html = render_html(make_redline(api.load(OLD), api.load(NEW)), standalone=True)
    assert "<del>€\u00a05.000,00</del><ins>€\u00a06.000,00</ins>" in html
    assert "<del>samen</del><ins>gezamenlijk</ins>" in html
    assert 'class="changed"' in html and 'class="article changed"' in html
    css = (FIXTURES.parent.parent / "templates" / "agreement.css").read_text(encoding="utf-8")
    assert "ins { text-decoration: underline;" in css and "del { text-decoration: line-through;" in css


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_tracked_changes(redline, tmp_path):
    """LibreOffice opens the redline and prints both versions' words (its PDF export shows changes)."""
    source = tmp_path / "redline.docx"
    source.write_bytes(redline["docx"])
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = pdf_text(Path(tmp_path / "redline.pdf"))
    for words in ("5.000,00", "6.000,00", "samengezamenlijk", "Juridische draagwijdte", "Inwerkingtreding"):
        assert words in text, words


def _accepted_in_libreoffice(docx: Path, folder: Path) -> dict:
    """tests/lo_accept.py's report: LibreOffice accepting each tracked change in turn, then the paragraphs."""
    script = Path(__file__).with_name("lo_accept.py")
    done = subprocess.run(
        [uno_python(), str(script), str(docx), str(folder / f"{docx.stem}-accepted.docx"), str(folder / "profile")],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(done.stdout)


def test_libreoffice_accepts_the_changes_one_by_one_into_the_new_version(redline, tmp_path):
    """A reviewer clicks Next and Accept through the redline in LibreOffice: one change at a
    time goes, and what is left at the end is the new version, paragraph for paragraph."""
    source = tmp_path / "redline.docx"
    source.write_bytes(redline["docx"])
    accepted = _accepted_in_libreoffice(source, tmp_path)
    count = accepted["changes"]
    assert count >= 20  # the amount in both languages, the changed word, the removed and the added article
    assert accepted["left_after_each"] == list(range(count - 1, -1, -1))
    built = api.build(NEW, tmp_path / "new", formats=["docx"], provenance=False)
    new = _accepted_in_libreoffice(built.files[0], tmp_path / "new")
    assert new["changes"] == 0
    assert accepted["paragraphs"] == new["paragraphs"]
    assert any("Inwerkingtreding" in p for p in accepted["paragraphs"])
    assert not any("Juridische draagwijdte" in p for p in accepted["paragraphs"])


def test_a_count_written_out_is_one_value_change(tmp_path):
    """notice_months prints as "zes (6) maanden" / "seis (6) meses": 6 → 3 is one change of the value."""
    shorter = tmp_path / "agreement.yaml"
    text = NEW.read_text(encoding="utf-8").replace(
        "  - exit-edegem\n", "  - id: exit-edegem\n    values: {notice_months: 3}\n"
    )
    shorter.write_text(text, encoding="utf-8")
    (tmp_path / "library").symlink_to(NEW.parent / "library")
    (article,) = compare(api.load(NEW), api.load(shorter)).changed
    assert article.as_dict() == {
        "clause": "exit-edegem",
        "old_number": 5,
        "new_number": 5,
        "title": {"nl": "Exitclausule", "es": "Cláusula de salida"},
        "status": ["changed"],
        "changes": {"nl": [], "es": []},
        # named as the text prints it, the count in words with its figure
        "values": [
            {
                "variable": "notice_months",
                "old": {"nl": "zes (6)", "es": "seis (6)"},
                "new": {"nl": "drie (3)", "es": "tres (3)"},
            }
        ],
        "stale": None,
    }

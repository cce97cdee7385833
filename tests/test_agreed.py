"""`diff agreement.lock.yaml agreement.yaml`: the approved version rebuilt from the texts its lock keeps.

The Brasschaat example is locked in a temporary folder, as a council would lock the version it
approved; then its spec changes (a value, a removed, an added and a moved clause, a clause
taken from the municipality's own library with a Dutch word changed). Comparing the lock
with the new spec must say exactly what comparing the approved spec with it says, and write
the same redline.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.core.yamlsource import MAX_TEXT, load_yaml
from agreement_builder.kinds.agreement.agreed import load_agreed
from agreement_builder.kinds.agreement.lock import lock_path, lock_text

from .conftest import FIXTURES, ROOT
from .ooxml import docx_schema_errors

EXAMPLE = ROOT / "examples" / "brasschaat-tarija"
LOCKS = FIXTURES / "locks"
OVERRIDE = FIXTURES / "redline" / "new" / "library"  # amendment.yaml: "samen" became "gezamenlijk" in Dutch
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def _changed(spec: str) -> str:
    """The approved Brasschaat spec, negotiated: every kind of change a redline shows."""
    for old, new in (
        ("budget_first: {amount: 5000, currency: EUR}", "budget_first: {amount: 6000, currency: EUR}"),
        ("  - legal-nature\n", ""),  # removed
        ("  - disputes\n", ""),
        ("  - core-group\n", "  - disputes\n  - core-group\n"),  # moved up
        ("  - language-versions\n", "  - language-versions\n  - data-protection\n"),  # added
        ("clauses:\n", "libraries: [library]\nclauses:\n"),  # amendment from the own library
    ):
        assert old in spec, old
        spec = spec.replace(old, new, 1)
    return spec


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> dict[str, Path]:
    """approved.yaml (the approved spec), its lock, and agreement.yaml (the new version), side by side."""
    folder = tmp_path_factory.mktemp("brasschaat")
    shutil.copytree(EXAMPLE / "style", folder / "style")
    shutil.copytree(OVERRIDE, folder / "library")
    approved = folder / "approved.yaml"
    approved.write_text((EXAMPLE / "agreement.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("lock", approved)
    assert result.exit_code == 0, result.output
    new = folder / "agreement.yaml"
    new.write_text(_changed(approved.read_text(encoding="utf-8")), encoding="utf-8")
    return {"spec": approved, "lock": lock_path(approved), "new": new, "folder": folder}


def test_the_lock_keeps_each_article_text_readable_in_a_git_diff(versions):
    text = versions["lock"].read_text(encoding="utf-8")
    head, resolved = text.split("\nresolved:\n")
    spec = api.load(versions["spec"])
    assert head.startswith(lock_text(spec))  # the versions and hashes, as PDFs embed them
    assert "  operating-budget:\n    title: {nl: Werkingsbudget, es: Presupuesto operativo}\n" in resolved
    assert "    text:\n      nl: |\n        " in resolved  # literal blocks, as in a clause file
    assert "budget_first: {nl: ['€\u00a05.000,00'], es: ['EUR\u00a05.000,00']}" in resolved
    assert "type: PriorityList" in resolved and "type: Signatures" in resolved
    assert re.search(r"\[artikel \d+\]\(#art-nl-[a-z-]+\)", resolved)  # a reference, readable
    assert not re.search("[\ue000-\ue002]", text) and "&" not in text and "*" not in resolved.split("**")[0]
    data = load_yaml(versions["lock"]).data
    assert list(data["resolved"]) == [use.clause.id for use in spec.clauses]


def test_locking_twice_gives_the_same_bytes(versions, tmp_path):
    first = versions["lock"].read_bytes()
    shutil.copy(versions["spec"], tmp_path / "approved.yaml")
    shutil.copytree(EXAMPLE / "style", tmp_path / "style")
    again = api.lock(tmp_path / "approved.yaml")
    assert again.read_bytes() == first


def test_check_after_lock_has_no_lock_warnings(versions):
    spec = api.check(versions["spec"])
    assert [p for p in spec.warnings if "lock" in p.message] == []


def test_a_lock_without_the_texts_still_serves_check(tmp_path):
    shutil.copy(EXAMPLE / "agreement.yaml", tmp_path / "agreement.yaml")
    shutil.copytree(EXAMPLE / "style", tmp_path / "style")
    spec = api.load(tmp_path / "agreement.yaml")
    lock_path(spec.path).write_text(lock_text(spec), encoding="utf-8")
    assert [p for p in api.load(tmp_path / "agreement.yaml").warnings if "lock" in p.message] == []


def test_diff_lock_new_says_what_diff_approved_new_says(versions):
    from_spec = run("diff", versions["spec"], versions["new"], "--json")
    from_lock = run("diff", versions["lock"], versions["new"], "--json")
    assert from_spec.exit_code == 0 and from_lock.exit_code == 0, from_lock.output
    summary = json.loads(from_lock.output)
    assert summary == json.loads(from_spec.output)
    assert summary["counts"] == {
        "added": 1,
        "removed": 1,
        "moved": 1,
        "renumbered": 14,
        "changed": 2,
        "unchanged": 7,
    }
    by_id = {a["clause"]: a for a in summary["articles"]}
    assert by_id["operating-budget"]["values"][0]["new"] == {"nl": "€\u00a06.000,00", "es": "EUR\u00a06.000,00"}
    assert by_id["amendment"]["changes"]["nl"] == [{"deleted": "samen", "inserted": "gezamenlijk"}]
    assert by_id["amendment"]["stale"] == "es"
    assert by_id["legal-nature"]["status"] == ["removed"] and by_id["data-protection"]["status"] == ["added"]
    assert by_id["disputes"]["status"] == ["moved"]
    terminal = [run("diff", old, versions["new"]).output for old in (versions["spec"], versions["lock"])]
    assert terminal[0] == terminal[1]


def test_the_lock_is_the_approved_text_whatever_the_library_says_now(versions, tmp_path):
    """The own library changes the amendment after the lock: the lock still shows the approved words."""
    folder = tmp_path / "v"
    shutil.copytree(versions["folder"], folder)
    (folder / "approved.yaml").write_text(
        (folder / "approved.yaml")
        .read_text(encoding="utf-8")
        .replace("clauses:\n", "libraries: [library]\nclauses:\n"),
        encoding="utf-8",
    )
    # The approved spec now reads the changed library, so it no longer says what was approved …
    drifted = json.loads(run("diff", folder / "approved.yaml", folder / "agreement.yaml", "--json").output)
    assert "amendment" not in {a["clause"] for a in drifted["articles"] if "changed" in a["status"]}
    # … but its lock does.
    locked = json.loads(run("diff", folder / "approved.lock.yaml", folder / "agreement.yaml", "--json").output)
    amendment = next(a for a in locked["articles"] if a["clause"] == "amendment")
    assert amendment["changes"]["nl"] == [{"deleted": "samen", "inserted": "gezamenlijk"}]


def test_a_lock_compared_with_an_unrelated_spec_is_just_a_diff(versions):
    result = run("diff", versions["lock"], FIXTURES / "redline" / "new" / "agreement.yaml", "--json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)["counts"]
    assert counts["removed"] > 10 and counts["added"] == 0


@pytest.fixture(scope="module")
def redlines(versions, tmp_path_factory) -> dict[str, dict[str, bytes]]:
    out = {}
    for name in ("spec", "lock"):
        folder = tmp_path_factory.mktemp(f"redline-{name}")
        result = api.diff(versions[name], versions["new"], folder)
        out[name] = {p.suffix[1:]: p.read_bytes() for p in result.files}
    return out


def test_the_redline_from_the_lock_is_the_redline_from_the_approved_spec(redlines):
    assert redlines["lock"] == redlines["spec"]


def test_the_redline_from_the_lock_has_tracked_changes_and_is_valid(redlines):
    data = redlines["lock"]["docx"]
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    inserted = ["".join(t.text for t in el.iter(W + "t")) for el in root.iter(W + "ins")]
    deleted = ["".join(t.text for t in el.iter(W + "delText")) for el in root.iter(W + "del")]
    assert "€\u00a06.000,00" in inserted and "gezamenlijk" in inserted
    assert "€\u00a05.000,00" in deleted and "samen" in deleted
    assert "Juridische draagwijdte" in deleted
    assert docx_schema_errors(data) == []


# ------------------------------------------------------------------ bad locks


def _refused(old: Path, new: Path, *needles: str) -> str:
    result = run("diff", old, new)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    for needle in needles:
        assert re.search(needle, result.output), (needle, result.output)
    return result.output


NEW = FIXTURES / "redline" / "new" / "agreement.yaml"


def test_a_lock_written_before_locks_stored_texts_is_refused_with_what_to_do():
    _refused(
        LOCKS / "before-texts.lock.yaml",
        NEW,
        r"before-texts\.lock\.yaml:3:3: clauses: this lock was written before locks stored the agreed texts: "
        r"run 'agreement-builder lock' on the approved version, or compare against the approved spec",
    )


@pytest.mark.parametrize(
    ("fixture", "needles"),
    [
        ("unknown-block", [r"unknown-block\.lock\.yaml:11:15: .*unknown block type 'Table'"]),
        (
            "wrong-shapes",
            [
                r"wrong-shapes\.lock\.yaml:5:12: .*Spanish text \(es\) is missing",
                r"wrong-shapes\.lock\.yaml:7:11: .*expected text, got a list",
                r"wrong-shapes\.lock\.yaml:10:26: .*expected a list of 1 to 10 printed forms",
                r"wrong-shapes\.lock\.yaml:12:5: .*'Not An Id' is not a clause id",
            ],
        ),
        ("css-colour", [r"css-colour\.lock\.yaml:14:51: .*expected a colour written #RRGGBB"]),
        ("alias", [r"alias\.lock\.yaml:8:12: YAML aliases"]),
        ("python-tag", [r"python-tag\.lock\.yaml:8:11: .*unsupported YAML value"]),
    ],
)
def test_a_damaged_or_hostile_lock_is_refused_at_its_line(fixture, needles):
    _refused(LOCKS / f"{fixture}.lock.yaml", NEW, *needles)


def test_a_huge_text_in_a_lock_is_refused(tmp_path):
    text = (LOCKS / "unknown-block.lock.yaml").read_text(encoding="utf-8")
    huge = text.split("    insert:")[0].replace("Tussen de partijen.", "woord " * (MAX_TEXT // 5))
    (tmp_path / "huge.lock.yaml").write_text(huge, encoding="utf-8")
    _refused(tmp_path / "huge.lock.yaml", NEW, r"huge\.lock\.yaml:7:11: .*characters long; a single text may have")


def test_jinja_in_a_locked_text_is_printed_not_run(tmp_path):
    text = (LOCKS / "unknown-block.lock.yaml").read_text(encoding="utf-8").split("    insert:")[0]
    (tmp_path / "jinja.lock.yaml").write_text(text.replace("Tussen de partijen.", "'{{ 7 * 7 }}'"), encoding="utf-8")
    articles = load_agreed(tmp_path / "jinja.lock.yaml").articles(
        ["nl", "es"], {"nl": {"article": "Artikel"}, "es": {"article": "Artículo"}}
    )
    assert articles[0].body["nl"][0].plain == "{{ 7 * 7 }}"


def test_a_lock_as_new_is_refused(versions):
    _refused(
        versions["spec"], versions["lock"], r"approved\.lock\.yaml: is a lock file: .* so it is OLD; NEW is a spec"
    )


@pytest.mark.parametrize(
    "spec",
    [
        ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml",
        FIXTURES / "redline" / "old" / "agreement.yaml",
        FIXTURES / "redline" / "new" / "agreement.yaml",
        FIXTURES / "specs" / "minimal.yaml",
        FIXTURES / "specs" / "conditions.yaml",
    ],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_a_spec_compared_with_its_own_lock_has_no_changes(spec, tmp_path):
    """Every text, value and inserted block comes back from the lock exactly as the spec prints it."""
    from agreement_builder.core.resources import labels as load_labels
    from agreement_builder.kinds.agreement.agreed import agreed_lock_text
    from agreement_builder.kinds.agreement.compare import compare
    from agreement_builder.kinds.agreement.resolve import spec_articles

    loaded = api.load(spec)
    locked = tmp_path / "agreement.lock.yaml"
    locked.write_text(agreed_lock_text(loaded), encoding="utf-8")
    comparison = compare(load_agreed(locked), loaded)
    assert comparison.changed == [] and comparison.counts()["unchanged"] == len(loaded.clauses)
    languages, labels = ["nl", "es"], {lang: load_labels(lang) for lang in ("nl", "es")}
    rebuilt = load_agreed(locked).articles(languages, labels)
    built = spec_articles(loaded, languages, labels)
    assert [(a.number, a.heading, a.body) for a in rebuilt] == [(a.number, a.heading, a.body) for a in built]


def test_a_lock_too_big_to_be_one_is_refused_before_it_is_read(versions, monkeypatch):
    from agreement_builder.kinds.agreement import agreed

    monkeypatch.setattr(agreed, "MAX_LOCK_BYTES", 10_000)  # the real bound is 4 MB; Brasschaat's lock is 62 kB
    _refused(
        versions["lock"], versions["new"], r"approved\.lock\.yaml: is [\d,]+ bytes; a lock file has at most 10,000"
    )


def test_a_renamed_lock_is_still_read_as_the_approved_version(versions, tmp_path):
    """Kept as 'approved-2026.yaml' beside the council's decision, it still opens with the lock header."""
    renamed = tmp_path / "approved-2026.yaml"
    renamed.write_bytes(versions["lock"].read_bytes())
    as_lock, as_named = (
        run("diff", renamed, versions["new"], "--json"),
        run("diff", versions["lock"], versions["new"], "--json"),
    )
    assert as_lock.exit_code == 0, as_lock.output
    assert json.loads(as_lock.output) == json.loads(as_named.output)
    _refused(versions["spec"], renamed, r"approved-2026\.yaml: is a lock file")


@pytest.mark.parametrize(
    ("wrong", "right", "needle"),
    [
        ("\nresolved:\n", "\nresolvd:\n", r":\d+:\d+: resolvd: unknown key 'resolvd' \(did you mean 'resolved'\?\)"),
        (
            "    sha256: ",
            "    sha265: ",
            r":\d+:\d+: clauses\.[a-z-]+\.sha265: unknown key 'sha265' \(did you mean 'sha256'\?\)",
        ),
    ],
)
def test_a_misspelt_key_in_a_lock_is_named_as_check_names_it(versions, tmp_path, wrong, right, needle):
    edited = tmp_path / "edited.lock.yaml"
    edited.write_text(versions["lock"].read_text(encoding="utf-8").replace(wrong, right, 1), encoding="utf-8")
    output = _refused(edited, versions["new"], needle)
    assert "written before locks stored" not in output


def test_the_document_s_title_date_and_status_are_compared_from_the_lock_too(versions, tmp_path):
    """A new user changed the date, the status and the Dutch title and expected to read it."""
    spec = tmp_path / "agreement.yaml"
    text = versions["new"].read_text(encoding="utf-8")
    changed = re.sub(r"^date: .*$", "date: 2027-09-15", text, count=1, flags=re.M).replace(
        "status: draft", "status: final", 1
    )
    assert changed != text
    spec.write_text(changed, encoding="utf-8")
    for sub in ("style", "library"):
        shutil.copytree(versions["folder"] / sub, tmp_path / sub)
    from_lock = json.loads(run("diff", versions["lock"], spec, "--json").output)
    from_spec = json.loads(run("diff", versions["spec"], spec, "--json").output)
    assert from_lock["document"] == from_spec["document"]
    facts = {d["fact"]: (d["old"], d["new"]) for d in from_lock["document"]}
    assert facts["date"][1] == "2027-09-15" and facts["date"][0] != "2027-09-15"
    assert facts["status"] == ("draft", "final")
    assert "title.nl" not in facts  # unchanged: not reported

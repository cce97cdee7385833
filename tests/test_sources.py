"""The sources inside the PDF: what is embedded, extract → build byte for byte, hostile PDFs refused."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from agreement_builder import api
from agreement_builder.cli import main
from agreement_builder.core.errors import InputError
from agreement_builder.core.sources import MANIFEST, plan
from agreement_builder.kinds.agreement.lock import lock_text
from tests.conftest import ROOT

HERENT = ROOT / "examples" / "herent-nimlahakok"


def _new_agreement(tmp_path: Path) -> Path:
    """An agreement that is not among the examples: another town, its own library outside
    the spec's folder (one clause changed), and a house style beside the spec."""
    town = tmp_path / "towns" / "zoersel-ocotal"
    shutil.copytree(HERENT / "library", tmp_path / "towns" / "shared-library")
    clause = tmp_path / "towns" / "shared-library" / "organisation" / "languages-interpreting.yaml"
    clause.write_text(clause.read_text(encoding="utf-8").replace("2.0.0", "2.1.0"), encoding="utf-8")
    town.mkdir(parents=True)
    shutil.copytree(HERENT / "style", town / "style")
    text = (HERENT / "agreement.yaml").read_text(encoding="utf-8")
    text = text.replace("libraries: [library]", "libraries: [../shared-library]\nstyle: style")
    text = text.replace("short_name: Herent", "short_name: Zoersel")
    (town / "agreement.yaml").write_text(text, encoding="utf-8")
    return town / "agreement.yaml"


def test_extract_then_build_gives_the_same_pdf_for_a_new_agreement_with_its_own_library(tmp_path):
    spec = _new_agreement(tmp_path)
    pdf = api.build(spec, tmp_path / "out", ("pdf",), "sequential").files[0]
    original = pdf.read_bytes()

    # What is inside: each file once, in /AF and in the name tree, equal to what was read.
    with pikepdf.open(pdf) as doc:
        af = [str(f.F) for f in doc.Root.AF]
        inside = {name: s.get_file().read_bytes() for name, s in doc.attachments.items()}
        relationships = {str(f.F): str(f.AFRelationship) for f in doc.Root.AF}
    assert sorted(af) == sorted(inside) and len(af) == len(set(af)), "each source once in /AF"
    assert inside["agreement.yaml"] == spec.read_bytes()
    loaded = api.load(spec)
    assert inside["agreement.lock.yaml"] == lock_text(loaded).encode("utf-8")
    assert 'library: "../shared-library"' in inside["agreement.lock.yaml"].decode()
    clause = "../shared-library/organisation/languages-interpreting.yaml"
    assert (
        inside[clause]
        == (tmp_path / "towns" / "shared-library" / "organisation" / "languages-interpreting.yaml").read_bytes()
    )
    assert inside["style/style.yaml"] == (spec.parent / "style" / "style.yaml").read_bytes()
    used = {u.clause.source.path.name for u in loaded.clauses}
    clause_files = {n for n in inside if n.endswith(".yaml") and "/" in n and not n.startswith("style/")}
    data_files = ("/glossary.yaml", "/institutions.yaml")
    assert {Path(n).name for n in clause_files if not n.endswith(data_files)} == used
    assert "bundled/clauses/institutions.yaml" in inside, "who approves and signs is part of what was agreed on"
    assert "../shared-library/glossary.yaml" in inside, "the library's glossary travels with its clauses"
    assert relationships["agreement.yaml"] == "/Source" and relationships["agreement.lock.yaml"] == "/Data"
    manifest = json.loads(inside[MANIFEST])
    assert manifest["place"] == "zoersel-ocotal"
    assert all(hashlib.sha256(inside[f["name"]]).hexdigest() == f["sha256"] for f in manifest["files"])

    # Extract elsewhere (the original folders gone) and build again: the same bytes.
    archive = tmp_path / "archive" / "copy.pdf"
    archive.parent.mkdir()
    archive.write_bytes(original)
    shutil.rmtree(tmp_path / "towns")
    result = CliRunner().invoke(main, ["extract", str(archive), "-o", str(tmp_path / "restored")])
    assert result.exit_code == 0, result.output
    restored = tmp_path / "restored" / "zoersel-ocotal" / "agreement.yaml"
    assert restored.is_file() and (tmp_path / "restored" / "shared-library").is_dir()
    rebuilt = api.build(restored, tmp_path / "out2", ("pdf",), "sequential").files[0].read_bytes()
    assert rebuilt == original


def test_extract_then_build_gives_the_same_report(tmp_path):
    spec = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
    original = api.build(spec, tmp_path / "out", ("pdf",), "es").files[0]
    extracted = api.extract(original, tmp_path / "restored")
    assert extracted.spec == tmp_path / "restored" / "report.yaml"
    assert any(n.startswith("bundled/checklists/") for n in extracted.bundled)
    rebuilt = api.build(extracted.spec, tmp_path / "out2", ("pdf",), "es").files[0]
    assert rebuilt.read_bytes() == original.read_bytes()


def _sources(**extra: bytes) -> dict[str, bytes]:
    files = {"agreement.yaml": b"title: x\n", **extra}
    manifest = {
        "format": 1,
        "tool": "agreement-builder test",
        "spec": "agreement.yaml",
        "place": "",
        "files": [{"name": n, "role": "spec", "sha256": hashlib.sha256(d).hexdigest()} for n, d in files.items()],
    }
    return {**files, MANIFEST: json.dumps(manifest).encode()}


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("../../etc/passwd", "climbs out"),
        ("/etc/passwd", "not a relative path"),
        ("library\\..\\..\\x.yaml", "not a relative path"),
        ("library/../../x.yaml", "unusual path parts"),
        ("C:/Windows/x.yaml", "not a relative path"),
    ],
)
def test_extract_refuses_names_that_leave_the_folder(tmp_path, name, says):
    with pytest.raises(InputError) as err:
        plan(_sources(**{name: b"x"}), tmp_path, "evil.pdf")
    assert says in str(err.value) and "evil.pdf" in str(err.value)


def test_extract_refuses_altered_files_and_foreign_pdfs(tmp_path):
    sources = _sources()
    sources["agreement.yaml"] = b"title: changed\n"
    with pytest.raises(InputError, match="altered"):
        plan(sources, tmp_path, "x.pdf")
    with pytest.raises(InputError, match="carries no sources"):
        plan({"notes.txt": b"hi"}, tmp_path, "x.pdf")
    with pytest.raises(InputError, match="unreadable"):
        plan({MANIFEST: b"{not json"}, tmp_path, "x.pdf")
    assert not any(tmp_path.iterdir()), "nothing is written when the sources are refused"


def test_extract_keeps_a_file_in_the_way_unless_forced(tmp_path):
    pdf = api.build(ROOT / "examples" / "brasschaat-tarija" / "report.yaml", tmp_path / "out", ("pdf",), "nl").files[0]
    target = tmp_path / "restored"
    target.mkdir()
    (target / "report.yaml").write_text("# my own work\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(pdf), "-o", str(target)])
    assert result.exit_code == 3 and "--force" in result.output
    assert (target / "report.yaml").read_text(encoding="utf-8") == "# my own work\n"
    assert sorted(p.name for p in target.iterdir()) == ["report.yaml"], "nothing else was written"
    assert CliRunner().invoke(main, ["extract", str(pdf), "-o", str(target)]).exit_code == 3
    forced = CliRunner().invoke(main, ["extract", str(pdf), "-o", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert (target / "report.yaml").read_bytes() == (
        ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
    ).read_bytes()


def test_cli_extract_of_a_pdf_without_sources_says_so(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(tmp_path / "plain.pdf")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "plain.pdf"), "-o", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "carries no sources" in result.output
    assert not (tmp_path / "x").exists()


def test_extract_prints_the_options_the_build_was_given_and_rebuilds_with_them(tmp_path):
    """A build with --library and --style: the manifest records them, extract prints the whole command."""
    town = tmp_path / "towns" / "herent"
    shutil.copytree(HERENT, town, ignore=shutil.ignore_patterns("report.yaml"))
    shutil.move(town / "library", tmp_path / "towns" / "extra-library")
    spec = town / "agreement.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("libraries: [library]\n", ""), encoding="utf-8")
    extra, style = tmp_path / "towns" / "extra-library", town / "style"
    original = api.build(spec, tmp_path / "out", ("pdf",), "nl", libraries=[extra], style=style).files[0]
    shutil.rmtree(tmp_path / "towns")
    result = CliRunner().invoke(main, ["extract", str(original), "-o", str(tmp_path / "restored")])
    assert result.exit_code == 0, result.output
    line = result.output.strip().splitlines()[-1].split()
    assert line[:2] == ["agreement-builder", "build"]
    assert "--library" in line and line[line.index("--library") + 1].endswith("extra-library")
    assert "--style" in line and line[line.index("--style") + 1].endswith("herent/style")
    restored = Path(line[2])
    rebuilt = api.build(
        restored,
        tmp_path / "out2",
        ("pdf",),
        "nl",
        libraries=[Path(line[line.index("--library") + 1])],
        style=Path(line[line.index("--style") + 1]),
    ).files[0]
    assert rebuilt.read_bytes() == original.read_bytes()
    assert (restored.parent.parent / "extra-library" / "glossary.yaml").is_file(), "the library's glossary is kept"


def test_extract_warns_when_the_installed_tool_differs(tmp_path):
    spec = ROOT / "examples" / "brasschaat-tarija" / "report.yaml"
    pdf = api.build(spec, tmp_path / "out", ("pdf",), "nl").files[0]
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        manifest = json.loads(doc.attachments[MANIFEST].get_file().read_bytes())
        manifest["tool"] = "agreement-builder 9.9.9"
        lesson = next(f for f in manifest["files"] if f["name"].startswith("bundled/checklists/"))
        data = doc.attachments[lesson["name"]].get_file().read_bytes() + b"# changed\n"
        lesson["sha256"] = hashlib.sha256(data).hexdigest()
        doc.attachments[lesson["name"]] = pikepdf.AttachedFileSpec(doc, data, filename=lesson["name"])
        doc.attachments[MANIFEST] = pikepdf.AttachedFileSpec(doc, json.dumps(manifest).encode(), filename=MANIFEST)
        doc.save(pdf)
    result = api.extract(pdf, tmp_path / "restored")
    assert any("agreement-builder 9.9.9" in w and "install that version" in w for w in result.warnings)
    assert any("1 bundled file" in w and lesson["name"].split("/", 2)[2] in w for w in result.warnings)


def test_extract_refuses_a_bomb_before_unpacking_it(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    bomb = pikepdf.AttachedFileSpec(pdf, b"", filename="agreement.yaml")
    pdf.attachments["agreement.yaml"] = bomb
    import zlib

    packed = zlib.compress(b"\0" * 60_000_000, 9)  # 60 MB of zeros in about 60 KB
    pdf.attachments["agreement.yaml"].obj.EF.F.write(packed, filter=pikepdf.Name.FlateDecode)
    pdf.save(tmp_path / "bomb.pdf")
    with pytest.raises(InputError, match="unpacks to more than"):
        api.extract(tmp_path / "bomb.pdf", tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_a_symlinked_folder_in_the_way_cannot_lead_the_files_elsewhere(tmp_path):
    pdf = api.build(ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml", tmp_path / "out", ("pdf",), "nl").files[
        0
    ]
    victim = tmp_path / "victim"
    victim.mkdir()
    (tmp_path / "restored").mkdir()
    (tmp_path / "restored" / "library").symlink_to(victim)
    result = CliRunner().invoke(main, ["extract", str(pdf), "-o", str(tmp_path / "restored")])
    assert result.exit_code == 3 and "leads outside" in result.output
    assert not any(victim.iterdir())

import re

import pytest

from agreement_builder.core.schema import LANGUAGES
from agreement_builder.kinds.agreement.library import bundled_library, load_library

from .conftest import FIXTURES

STARTER = {
    "parties",
    "preamble",
    "purpose-principles",
    "shared-priorities",
    "mutual-expectations",
    "contributions-roles",
    "core-group",
    "operating-budget",
    "joint-evaluation",
    "duration",
    "exit-edegem",
    "language-versions",
    "signatures",
}


def test_bundled_library_is_clean_and_complete():
    lib = bundled_library()
    assert lib.problems == []
    assert set(lib.clauses) >= STARTER
    for clause in lib.clauses.values():
        for lang in LANGUAGES:
            assert clause.title[lang].strip() and clause.text[lang].strip()


def test_bad_clauses_are_all_reported_with_lines():
    lib = load_library([FIXTURES / "clauses" / "bad"])
    text = "\n".join(str(p) for p in lib.problems)
    assert "missing-spanish.yaml:" in text and "the Spanish text (es) is missing" in text
    assert "placeholder-mismatch.yaml:" in text
    assert "only the Dutch text uses months" in text and "only the Spanish text uses weeks" in text
    assert "undeclared.yaml:" in text and "{{ duraton }} is not a declared variable" in text
    assert "party-swap.yaml:" in text and "only the Dutch text uses parties[0].short_name" in text
    assert "with-link.yaml:8:" in text and "contains a link" in text
    # broken clauses are not offered for use, and a spec using one is not told "unknown clause"
    assert not set(lib.clauses)
    assert lib.broken == {"missing-spanish", "placeholder-mismatch", "undeclared", "party-swap", "with-link"}


def test_symlinks_out_of_a_library_are_refused(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "x.yaml").symlink_to("/etc/passwd")
    lib = load_library([tmp_path / "lib"])
    assert "outside the library folder" in str(lib.problems[0])


def test_later_library_overrides_earlier(tmp_path):
    folder = tmp_path / "own" / "final"
    folder.mkdir(parents=True)
    original = bundled_library().get("exit-edegem")
    text = re.sub(r"(?m)^version: .*$", "version: 9.0.0", original.source.path.read_text(encoding="utf-8"))
    (folder / "exit-edegem.yaml").write_text(text, encoding="utf-8")
    lib = bundled_library([tmp_path / "own"])
    assert lib.get("exit-edegem").version == "9.0.0"
    assert "exit-edegem" in lib.overridden


def test_every_problem_of_a_clause_in_one_run():
    """A bad default does not hide the text's problems, nor one bad variable the others."""
    lib = load_library([FIXTURES / "clauses" / "many-problems"])
    found = sorted((p.location.line, p.message) for p in lib.problems)
    messages = "\n".join(f"{line} {m}" for line, m in found)
    for line, what in [
        (8, "'high' is not one of the choices; choose from low, mid"),
        (13, "'2027-13-01' is not a valid date"),
        (15, "minimum 5 is larger than maximum 2; swap them"),
        (20, "the condition reads 'partner.contry_code', which does not exist (did you mean 'country_code'"),
        (24, "placeholder {{ undefined_thing }} is not a declared variable"),  # inside the text, where it is read
        (22, "contains a heading"),
        (22, "contains a link"),
    ]:
        assert f"{line} {what}" in messages, (line, what, messages)
    assert lib.broken == {"every-problem"}


def test_show_of_a_broken_clause_gives_its_problems():
    from agreement_builder.api import find_clause
    from agreement_builder.core.errors import InputError

    with pytest.raises(InputError) as info:
        find_clause("every-problem", load_library([FIXTURES / "clauses" / "many-problems"]))
    assert all("every-problem.yaml" in p.location.file for p in info.value.problems)
    assert "unknown clause" not in str(info.value)


def test_clauses_validate_reports_a_link_out_of_the_library_as_build_does(tmp_path):
    """The lint a municipality runs before sharing must not pass what `build` refuses."""
    from agreement_builder import api

    outside = tmp_path / "elsewhere" / "secret.yaml"
    outside.parent.mkdir()
    outside.write_text((FIXTURES / "clauses" / "optional" / "communication" / "joint-campaign.yaml").read_text("utf-8"))
    library = tmp_path / "library" / "general"
    library.mkdir(parents=True)
    (library / "linked.yaml").symlink_to(outside)
    result = api.validate_library(library.parent)
    assert [p.message for p in result.problems if p.severity == "error"] == [
        "links to a file outside the library folder; copy the file instead"
    ]
    assert result.problems[0].location.file == str(library / "linked.yaml")


def _copy_bundled(tmp_path):
    import shutil

    from agreement_builder.core.resources import clauses_dir

    folder = tmp_path / "lib"
    shutil.copytree(clauses_dir(), folder)
    return folder


def _count_parses(monkeypatch):
    from agreement_builder.kinds.agreement import library

    calls = []
    original = library.parse_clause

    def counting(source):
        calls.append(source.path.name)
        return original(source)

    monkeypatch.setattr(library, "parse_clause", counting)
    return calls


def test_a_warm_cache_gives_the_same_library_without_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copy_bundled(tmp_path)
    (folder / "final" / "duration.yaml").write_text(
        (folder / "final" / "duration.yaml")
        .read_text(encoding="utf-8")
        .replace("te rekenen vanaf", "te rekenen 30 dagen na"),
        encoding="utf-8",
    )  # a parity warning (a number in Dutch only), which the cache must give back too
    cold = load_library([folder])
    calls = _count_parses(monkeypatch)
    warm = load_library([folder])
    assert calls == []
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
    assert any("duration" in str(p) for p in warm.problems)
    assert {cid: c.content_hash for cid, c in warm.clauses.items()} == {
        cid: c.content_hash for cid, c in cold.clauses.items()
    }


def test_changed_bytes_are_checked_again_and_only_they(tmp_path, monkeypatch):
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copy_bundled(tmp_path)
    load_library([folder])
    path = folder / "legal" / "disputes.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("text:", "txet:", 1), encoding="utf-8")
    calls = _count_parses(monkeypatch)
    lib = load_library([folder])
    assert calls == ["disputes.yaml"]
    assert "disputes" not in lib.clauses and any("disputes.yaml" in str(p) for p in lib.problems)


def test_a_reference_to_a_removed_clause_is_found_with_a_warm_cache(tmp_path, monkeypatch):
    """References depend on the other clauses, so they are checked on every load."""
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copy_bundled(tmp_path)
    referring = [p for p in folder.rglob("*.yaml") if "article('" in p.read_text(encoding="utf-8")]
    assert referring, "the bundled library has article references"
    import re as _re

    target = _re.search(r"article\('([a-z-]+)'\)", referring[0].read_text(encoding="utf-8")).group(1)
    load_library([folder])
    next(folder.rglob(f"{target}.yaml")).unlink()
    lib = load_library([folder])
    assert any(f"article({target!r}) refers to a clause that is not in the library" in str(p) for p in lib.problems)


def test_a_glossary_change_lints_the_clauses_again(tmp_path, monkeypatch):
    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copy_bundled(tmp_path)
    assert load_library([folder]).problems == []
    glossary = folder / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "  - nl: [overeenkomst]\n    es: [zzzonbekend]\n", encoding="utf-8"
    )
    lib = load_library([folder])
    assert any("zzzonbekend" in str(p) for p in lib.problems)


def test_the_data_files_come_from_the_cache_until_their_bytes_change(tmp_path, monkeypatch):
    from agreement_builder.kinds.agreement import library as module

    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copy_bundled(tmp_path)
    first = load_library([folder])
    calls = []
    real = module.load_institutions
    monkeypatch.setattr(module, "load_institutions", lambda path: calls.append(path) or real(path))
    warm = load_library([folder])
    assert calls == []
    assert warm.institutions.entries.keys() == first.institutions.entries.keys()
    assert [t.forms for t in warm.glossary] == [t.forms for t in first.glossary]
    data = folder / "institutions.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("source: Ley N° 40", "source: Ley 40"), encoding="utf-8")
    load_library([folder])
    assert calls == [data]


def test_a_validation_of_unchanged_bytes_is_not_done_again(tmp_path, monkeypatch):
    from agreement_builder import api

    monkeypatch.setenv("AGREEMENT_BUILDER_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "ours"
    (folder / "final").mkdir(parents=True)
    source = FIXTURES / "clauses" / "bad" / "general" / "missing-spanish.yaml"
    (folder / "final" / source.name).write_bytes(source.read_bytes())
    first = api.validate_library(folder)
    loads = []
    real = api.load_library
    monkeypatch.setattr(api, "load_library", lambda extra=None: loads.append(extra) or real(extra))
    again = api.validate_library(folder)
    assert loads == [] and again == first
    assert any("the Spanish text (es) is missing" in p.message for p in again.problems)
    # One changed byte (here a trailing newline) and the library is checked afresh.
    clause = folder / "final" / source.name
    clause.write_text(clause.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert api.validate_library(folder) == first and len(loads) == 1

"""Parity lint: findings provoked by defective clauses, each at its file and line."""

from agreement_builder.api import validate_library
from agreement_builder.kinds.agreement.library import bundled_library, load_library
from agreement_builder.kinds.agreement.parity import list_shape

from .conftest import FIXTURES

PARITY = FIXTURES / "clauses" / "parity"


def findings(folder=PARITY):
    return sorted(
        f"{p.location.file.split('/')[-1]}:{p.location.line} {p.severity} {p.message}"
        for p in validate_library(folder).problems
    )


def test_list_items_must_match():
    (hit,) = [f for f in findings() if "lists differ" in f]
    assert hit.startswith("list-mismatch.yaml:13 error")
    assert "Dutch has a list of 3 items, Spanish has a list of 2 items" in hit


def test_numbers_written_in_one_language_only():
    hits = [f for f in findings() if "number-drift" in f]
    assert hits == [
        "number-drift.yaml:7 warning clause 'number-drift': the Dutch text writes 30, the Spanish text does not; "
        "numbers, dates and amounts must match in both versions",
        "number-drift.yaml:9 warning clause 'number-drift': the Spanish text writes 60, the Dutch text does not; "
        "numbers, dates and amounts must match in both versions",
    ]


def test_list_numbering_is_not_a_number_in_the_text():
    assert not [f for f in findings() if "list-mismatch" in f and "writes" in f]


def test_defined_term_used_in_one_language_only():
    (hit,) = [f for f in findings() if "term-drift" in f]
    assert "term-drift.yaml:9 warning" in hit
    assert "uses the defined term 'stedenband'" in hit and "'hermanamiento' / 'hermanamientos'" in hit


def test_reference_to_an_article_not_in_the_library():
    hits = [f for f in findings() if "dangling-ref" in f]
    assert [h.split(" ")[0] for h in hits] == ["dangling-ref.yaml:7", "dangling-ref.yaml:9"]
    assert all("article('no-such-clause') refers to a clause that is not in the library" in h for h in hits)


def test_a_faithful_pair_has_no_findings():
    assert not [f for f in findings() if f.startswith("clean.yaml")]


def test_bundled_library_passes_its_own_lint():
    assert validate_library().problems == []
    assert len(bundled_library().clauses) >= 30


def test_validate_reports_only_the_folders_own_files(tmp_path):
    assert all("fixtures/clauses/parity" in str(p.location.file) for p in validate_library(PARITY).problems)


def test_list_shape_ignores_lines_that_are_only_tags():
    text = "1. een\n{% if x %}\n2. twee\n{% endif %}\n3. drie\n"
    assert list_shape(text) == [3]


def test_glossary_needs_both_languages(tmp_path):
    (tmp_path / "glossary.yaml").write_text("terms:\n  - nl: stedenband\n", encoding="utf-8")
    lib = load_library([tmp_path])
    (problem,) = lib.problems
    assert problem.location.line == 2 and "missing required key 'es'" in problem.message


def test_numbers_compare_by_value_not_by_separators():
    from agreement_builder.kinds.agreement.parity import number_value

    assert number_value("1.500,00") == number_value("1,500.00") == number_value("1500") == "1500"
    assert number_value("2,5") == number_value("2.5") == "2.5"
    assert number_value("1.000.000") == "1000000"


def test_a_count_in_words_in_one_language_only():
    hits = [f for f in findings() if "words-drift" in f]
    assert hits == [
        "words-drift.yaml:13 warning clause 'words-drift': the Dutch text writes days in words (| in_words), "
        "the Spanish text does not; write it the same way in both versions"
    ]

import pytest

from agreement_builder import api
from agreement_builder.errors import InputError

from .conftest import EXAMPLE, FIXTURES

SPECS = FIXTURES / "specs"


def problems(name: str, libraries=None) -> list[str]:
    with pytest.raises(InputError) as info:
        api.load(SPECS / name, libraries)
    return [str(p) for p in info.value.problems]


def assert_exactly(msgs: list[str], expected: list[tuple[str, str]]) -> None:
    """Each (where, what) pair matches a message, and there are no other messages."""
    for where, what in expected:
        assert any(where in m and what in m for m in msgs), (where, what, msgs)
    assert len(msgs) == len(expected), msgs


def test_example_is_valid(example_spec):
    assert [p.id for p in example_spec.parties] == ["brasschaat", "tarija"]
    assert [p.id for p in example_spec.priorities] == ["water", "agroforestry", "childrens-rights"]
    assert example_spec.clauses[-1].clause.id == "signatures"
    assert example_spec.warnings == []


def test_unknown_clause_is_named_with_close_match():
    (msg,) = problems("unknown-clause.yaml")
    assert msg.startswith(str(SPECS / "unknown-clause.yaml") + ":7:")
    assert "unknown clause 'exit-edegm'" in msg and "did you mean 'exit-edegem'" in msg


def test_unknown_sdg_number():
    (msg,) = problems("unknown-sdg.yaml")
    assert "unknown-sdg.yaml:8:" in msg and "priorities[0].sdgs[1]" in msg and "unknown SDG number 18" in msg


def test_required_variable_left_unset_names_clause_and_variable():
    (msg,) = problems("required-unset.yaml")
    assert "clause 'operating-budget'" in msg and "'budget_second'" in msg and "required" in msg


def test_all_problems_reported_at_once_with_lines_and_key_paths():
    msgs = problems("many-problems.yaml")
    expected = [
        (":1:1:", "missing required key 'date'"),
        ("status", "'signed' is not one of draft, final"),
        ("parties[0].name", "the Spanish text (es) is missing"),
        ("parties[0].country", "'XX' is not an ISO 3166 country code"),
        ("parties[0].expectatons", "did you mean 'expectations'"),
        ("budget_first.currency", "unknown currency 'EURO'"),
        ("budget_second.amount", "-3 is out of range"),
        ("values.budget_thrid", "has no variable 'budget_thrid'"),
    ]
    assert_exactly(msgs, expected)


def test_spec_is_never_modified_by_validation():
    before = EXAMPLE.read_bytes()
    api.check(EXAMPLE)
    assert EXAMPLE.read_bytes() == before


def test_values_that_make_no_sense_are_all_reported():
    msgs = problems("bad-values.yaml")
    expected = [
        ("date", "'2026-02-30' is not a valid date"),
        ("parties[0].representative", "invisible character U+202E"),
        ("parties[1].short_name", "also used by parties[0]"),
        ("parties[1].country", "put it in quotes"),
        ("priorities[0].sdgs[1]", "SDG 6 is listed twice"),
        ("notice_months", "0 is below the minimum 1"),
        ("budget_first.amount", "more decimals than EUR uses"),
        ("budget_second.amount", "out of range"),
        ("budget_second.currency", "unknown currency 'XYZ'"),
    ]
    assert_exactly(msgs, expected)


def test_clauses_that_list_spec_data_need_that_data():
    msgs = problems("missing-data.yaml")
    assert any("parties[1]" in m and "lists each party's expectations" in m for m in msgs)
    assert any("clauses[0]" in m and "the spec has none; add priorities" in m for m in msgs)
    assert len(msgs) == 2


def test_exactly_two_parties(tmp_path):
    text = (SPECS / "unknown-clause.yaml").read_text(encoding="utf-8")
    third = "  - {id: c, name: C, short_name: C, country: PE, representative: Z, function: alcalde, signing_place: C}\n"
    spec = tmp_path / "three.yaml"
    spec.write_text(text.replace("clauses:\n", third + "clauses:\n").replace("exit-edegm", "exit-edegem"), "utf-8")
    with pytest.raises(InputError) as info:
        api.load(spec)
    assert "allows at most 2 item(s), has 3" in str(info.value)


def test_nested_too_deep_is_an_error_not_a_crash(tmp_path):
    spec = tmp_path / "deep.yaml"
    spec.write_text("a: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        api.load(spec)
    assert "nested" in str(info.value)

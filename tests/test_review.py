"""The lessons review: each finding names its lesson, points at the spec, and is a warning."""

import pytest

from agreement_builder import api

from .conftest import EXAMPLE, FIXTURES, ROOT, copy_example_style


def review_of(path):
    spec = api.check(path)
    return [p for p in spec.warnings if p.severity == "warning" and "lesson" in p.message]


def test_a_bare_agreement_gets_every_lesson_finding():
    found = review_of(FIXTURES / "specs" / "review-bare.yaml")
    text = "\n".join(f"{p.location.line} {p.message}" for p in found)
    expected = [
        "21 lesson 7, broaden the support base: the agreement has no exit clause",
        "21 lesson 4, engagement is key: nothing provides for a regular joint evaluation",
        "21 lesson 4, engagement is key: nothing provides for re-checking the mutual expectations",
        "21 lesson 3, speak the same language: participation is not defined together",
        "21 lesson 5, you can't do everything online: nothing on the balance between online and physical",
        "21 lesson 7, broaden the support base: there is no operating budget",
        "13 lesson 4, engagement is key: expectations are given for Edegem only; add expectations: for San Jerónimo",
        "4 lesson 4, engagement is key: no party states its contributions",
        "21 lesson 6, an international frame helps: no shared priorities",
    ]
    for line in expected:
        assert line in text
    assert len(found) == len(expected)
    assert all(p.severity == "warning" for p in found)


@pytest.mark.parametrize(
    "example", [EXAMPLE, ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml"], ids=["brasschaat", "herent"]
)
def test_bundled_examples_pass_the_review(example):
    assert [str(p) for p in api.check(example).warnings if p.severity == "warning"] == []


def test_a_municipality_exit_clause_counts_when_it_covers_exit(tmp_path):
    """The review looks at what clauses cover, not at bundled ids."""
    (tmp_path / "lib" / "final").mkdir(parents=True)
    (tmp_path / "lib" / "final" / "our-exit.yaml").write_text(
        "id: our-exit\ncategory: final\nversion: 1.0.0\ncovers: [exit]\n"
        "title: {nl: Uitstap, es: Salida}\n"
        "text: {nl: Elke partij kan de samenwerking beëindigen., es: Cada parte puede poner fin a la cooperación.}\n",
        encoding="utf-8",
    )
    spec = (FIXTURES / "specs" / "review-bare.yaml").read_text(encoding="utf-8")
    spec = spec.replace("  - signatures", "  - our-exit\n  - signatures")
    (tmp_path / "spec.yaml").write_text(f"libraries: [lib]\n{spec}", encoding="utf-8")
    messages = [p.message for p in review_of(tmp_path / "spec.yaml")]
    assert not any("no exit clause" in m for m in messages)
    assert any("no operating budget" in m for m in messages)


def test_an_operating_budget_of_zero_is_a_finding(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("{amount: 35000, currency: BOB}", "{amount: 0, currency: BOB}")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    copy_example_style(tmp_path)
    (finding,) = review_of(tmp_path / "a.yaml")
    assert "lesson 7, broaden the support base: the operating budget 'budget_second' is 0 BOB" in finding.message

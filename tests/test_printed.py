"""Values a spec gives that no text prints: check warns, naming the value's line."""

import shutil
import textwrap

from agreement_builder.kinds.agreement.printed import unprinted
from agreement_builder.kinds.agreement.validate import load_spec

from .conftest import FIXTURES


def _spec(tmp_path, country: str):
    shutil.copytree(FIXTURES / "clauses" / "printed", tmp_path / "lib")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        textwrap.dedent(
            f"""\
            libraries: [lib]
            date: 2026-03-15
            parties:
              - {{id: zoersel, name: Gemeente Zoersel, short_name: Zoersel, country: BE,
                  representative: A B, function: {{nl: burgemeester, es: alcaldesa}}, signing_place: Zoersel}}
              - {{id: partner, name: Ocotal, short_name: Ocotal, country: {country},
                  representative: C D, function: {{nl: burgemeester, es: alcaldesa}}, signing_place: Ocotal}}
            clauses:
              - id: branches
                values:
                  local_law: Ley Municipal 5
                  months: 1
                  note: Tekst.
            """
        ),
        encoding="utf-8",
    )
    return load_spec(spec)


def test_a_value_printed_only_for_another_country_is_reported_at_its_line(tmp_path):
    found = unprinted(_spec(tmp_path, "NI"))
    assert [(p.key_path, p.location.line) for p in found] == [("clauses[0].values.local_law", 11)]
    assert "no text of clause 'branches' prints it or depends on it" in found[0].message
    assert found[0].severity == "warning"


def test_printed_values_and_values_that_decide_a_branch_are_not_reported(tmp_path):
    """months prints nothing but decides 'een maand' / 'enkele maanden'; note is printed."""
    assert unprinted(_spec(tmp_path, "BO")) == []


def test_defaults_are_never_reported(tmp_path):
    spec = _spec(tmp_path, "NI")
    import dataclasses

    use = spec.clauses[0]
    without = {k: v for k, v in use.values.items() if k != "local_law"}
    spec = dataclasses.replace(spec, clauses=[dataclasses.replace(use, values=without)])
    assert unprinted(spec) == []

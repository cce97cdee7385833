"""What the agreement kind publishes for other kinds (kinds/facts.py, kinds/agreement/facts.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agreement_builder.core.errors import InputError
from agreement_builder.kinds import facts

from .conftest import ROOT

HERENT = ROOT / "examples" / "herent-nimlahakok" / "agreement.yaml"


def test_the_agreement_kind_publishes_its_facts_by_name_with_its_own_library():
    found = facts.load("agreement", HERENT)
    herent, partner = found.parties
    assert (herent.country, partner.country, partner.kind) == ("BE", "GT", "association")
    assert (
        herent.co_signatory == "Sarah Claes" and herent.co_function and herent.co_function["nl"] == "algemeen directeur"
    )
    assert partner.institution and partner.institution.form == "acta-asamblea" and partner.institution.known
    assert partner.institution.body["es"] == "la Asamblea General"
    # The yearly budgets of the article covering 'operating-budget', in the order of the parties.
    assert {k: (m.amount, m.currency) for k, m in found.budgets.items()} == {
        "herent": (Decimal(6000), "EUR"),
        "nimlahakok": (Decimal(25000), "GTQ"),
    }
    # Herent's own library adds 'sdg-route': its articles are numbered as the agreement numbers them.
    assert [a.number for a in found.articles] == list(range(1, len(found.articles) + 1))
    assert found.article("sdg-route") is not None and found.article("exit") is not None
    roles = {i.role for i in found.inputs}
    assert {"spec", "lock", "clause", "institutions"} <= roles
    assert any(i.path and "library" in i.path.parts for i in found.inputs if i.role == "clause")


def test_an_invalid_agreement_raises_its_own_problems(tmp_path):
    spec = tmp_path / "agreement.yaml"
    spec.write_text("title: {nl: A, es: A}\ndate: 2026-01-01\nparties: []\nclauses: []\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        facts.load("agreement", spec)
    assert all(p.location.file.endswith("agreement.yaml") for p in info.value.problems)

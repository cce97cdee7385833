"""The agreement's facts for other kinds (kinds/facts.py): parties, articles, budget, version.

A council decision approves one version of one agreement. It needs who the parties are in
law, which article says what, the operating budget each party commits and a fingerprint of
the version, all in both languages, taken from the validated spec so that nothing is typed
twice. Conventions the bundled library follows, and a municipality's own clauses can too:
an article that ``covers: [operating-budget]`` sets each party's yearly budget in its money
variables, in the order of the parties; a ``duration_years`` value is the agreement's term.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from agreement_builder.core.resources import labels
from agreement_builder.core.schema import LANGUAGES
from agreement_builder.core.sources import Input
from agreement_builder.core.values import Money
from agreement_builder.kinds.agreement.spec import AgreementSpec, Party
from agreement_builder.kinds.facts import (
    AgreementFacts,
    ArticleFacts,
    InstitutionFacts,
    PartyFacts,
    PriorityFacts,
)


def agreement_facts(spec: AgreementSpec, inputs: Sequence[Input] = ()) -> AgreementFacts:
    """The facts of a validated agreement spec; ``inputs`` are the files its build reads."""
    from agreement_builder.kinds.agreement.lock import lock_text

    title = spec.title or {lang: labels(lang)["document_title"] for lang in LANGUAGES}
    articles = tuple(
        ArticleFacts(use.clause.id, n, dict(use.clause.title), tuple(use.clause.covers))
        for n, use in enumerate(spec.clauses, start=1)
    )
    fingerprint = hashlib.sha256(Path(spec.path).read_bytes() + lock_text(spec).encode("utf-8")).hexdigest()
    return AgreementFacts(
        path=Path(spec.path),
        title=dict(title),
        date=spec.date,
        status=spec.status,
        parties=tuple(_party(spec, p) for p in spec.parties),
        priorities=tuple(PriorityFacts(dict(p.title), tuple(p.sdgs)) for p in spec.priorities),
        articles=articles,
        budgets=_budgets(spec),
        term_years=_term(spec),
        fingerprint=fingerprint,
        inputs=tuple(inputs),
    )


def _party(spec: AgreementSpec, party: Party) -> PartyFacts:
    institutions = spec.library.institutions if spec.library else None
    entry = institutions.find(party.country, party.kind) if institutions else None
    institution = None
    if entry is not None:
        institution = InstitutionFacts(
            label=dict(entry.label),
            body=dict(entry.body),
            act=dict(entry.act),
            laws=tuple(dict(law) for law in entry.laws),
            known=not entry.generic,
            form=entry.form,
            representative=dict(entry.representative) if entry.representative else None,
            location=entry.location,
        )
    co = party.co_signatory or {}
    co_function = co.get("function") or (entry.co_signatory if entry else None)
    approval = party.approval or {}
    return PartyFacts(
        id=party.id,
        country=party.country,
        kind=party.kind,
        name=dict(party.name),
        short_name=dict(party.short_name),
        representative=party.representative,
        function=dict(party.function),
        co_signatory=co.get("name"),
        co_function=dict(co_function) if co.get("name") and co_function else None,
        approval_number=approval.get("number"),
        approval_date=approval.get("date"),
        institution=institution,
    )


def _budgets(spec: AgreementSpec) -> dict[str, Money]:
    """Each party's yearly operating budget: the money values of the article covering it, in party order."""
    use = next((u for u in spec.clauses if "operating-budget" in u.clause.covers), None)
    if use is None:
        return {}
    amounts = [use.values.get(v.name) for v in use.clause.variables if v.type == "money"]
    return {p.id: m for p, m in zip(spec.parties, amounts, strict=False) if isinstance(m, Money)}


def _term(spec: AgreementSpec) -> int | None:
    """The term in years, where an article sets ``duration_years``."""
    for use in spec.clauses:
        value = use.values.get("duration_years")
        if isinstance(value, int):
            return value
    return None

"""The lessons review: what the 2019–2022 trajectory taught, applied to a draft agreement.

Each finding names the lesson it comes from and is a warning, not an error: a town may
have good reasons to leave something out, but it should do so knowingly. ``check
--strict`` turns the warnings into failures for those who want the review enforced.

Clauses say which topics they settle with ``covers:``, so a municipality's own exit
clause counts as much as the bundled one.
"""

from __future__ import annotations

from agreement_builder.core.errors import Location, Problem
from agreement_builder.core.values import Money
from agreement_builder.core.yamlsource import KeyPath
from agreement_builder.kinds.agreement.spec import AgreementSpec

LESSONS = {
    3: "lesson 3, speak the same language",
    4: "lesson 4, engagement is key",
    5: "lesson 5, you can't do everything online",
    6: "lesson 6, an international frame helps",
    7: "lesson 7, broaden the support base",
}

# Topic a clause must cover → (lesson, what is missing, what to do).
TOPIC_FINDINGS = {
    "exit": (7, "the agreement has no exit clause", "add exit-edegem or exit-winding-down"),
    "joint-evaluation": (4, "nothing provides for a regular joint evaluation", "add joint-evaluation"),
    "expectations-review": (
        4,
        "nothing provides for re-checking the mutual expectations",
        "add expectations-review (or a clause that covers it)",
    ),
    "participation": (3, "participation is not defined together", "add participation and name its level"),
    "exchange-balance": (
        5,
        "nothing on the balance between online and physical exchange",
        "add exchange-balance",
    ),
    "operating-budget": (
        7,
        "there is no operating budget, so the link depends on passing subsidies",
        "add operating-budget",
    ),
}


def review(spec: AgreementSpec) -> list[Problem]:
    """Every lessons finding for ``spec``, as warnings with the spec's file and line.

    Each lesson is checked by its own function below; the findings come out in this order.
    """
    found = missing_topics(spec)
    found += empty_budgets(spec)
    found += extra_exit_clauses(spec)
    for what in ("expectations", "contributions"):
        found += unstated(spec, what)
    found += unlinked_priorities(spec)
    return found


def _locate(spec: AgreementSpec, path: KeyPath) -> Location:
    return spec.source.loc(path) if spec.source else Location(str(spec.path))


def _lesson(spec: AgreementSpec, lesson: int, where: KeyPath, message: str) -> Problem:
    """A warning that names the lesson it comes from, at ``where`` in the spec."""
    return Problem(_locate(spec, where), f"{LESSONS[lesson]}: {message}", severity="warning")


def missing_topics(spec: AgreementSpec) -> list[Problem]:
    """Topics no clause covers (exit, joint evaluation, …): what the trajectory missed most."""
    covered = {topic for use in spec.clauses for topic in use.clause.covers}
    return [
        _lesson(spec, lesson, ("clauses",), f"{missing}; {fix}")
        for topic, (lesson, missing, fix) in TOPIC_FINDINGS.items()
        if topic not in covered
    ]


def empty_budgets(spec: AgreementSpec) -> list[Problem]:
    """An operating budget of 0: a link without means of its own depends on passing subsidies."""
    found = []
    for use in spec.clauses:
        if "operating-budget" not in use.clause.covers:
            continue
        for name, value in use.values.items():
            if isinstance(value, Money) and value.amount == 0:
                found.append(
                    Problem(
                        use.location,
                        f"{LESSONS[7]}: the operating budget {name!r} is 0 {value.currency}; "
                        "a link without means depends on passing subsidies",
                        severity="warning",
                    )
                )
    return found


def extra_exit_clauses(spec: AgreementSpec) -> list[Problem]:
    """More than one exit clause: two ways out contradict each other."""
    exits = [use.clause.id for use in spec.clauses if "exit" in use.clause.covers]
    if len(exits) <= 1:
        return []
    return [
        Problem(
            _locate(spec, ("clauses",)),
            f"the agreement has {len(exits)} exit clauses ({', '.join(exits)}); keep the one the partners chose",
            severity="warning",
        )
    ]


def unstated(spec: AgreementSpec, what: str) -> list[Problem]:
    """Expectations or contributions (``what``) that a party leaves unsaid, or no article prints.

    Lesson 4: engagement needs both partners to say out loud what they expect and bring.
    """
    having = [p for p in spec.parties if getattr(p, what)]
    if not having:
        return [_lesson(spec, 4, ("parties",), f"no party states its {what}; say them out loud for both partners")]
    if len(having) < len(spec.parties):
        only = ", ".join(p.short_name["nl"] for p in having)
        return [
            _lesson(
                spec,
                4,
                ("parties", i),
                f"{what} are given for {only} only; add {what}: for {party.short_name['nl']} too",
            )
            for i, party in enumerate(spec.parties)
            if not getattr(party, what)
        ]
    if not any(what in use.clause.requires for use in spec.clauses):
        return [_lesson(spec, 4, ("clauses",), f"the parties' {what} are in the spec, but no article prints them")]
    return []


def unlinked_priorities(spec: AgreementSpec) -> list[Problem]:
    """Lesson 6: shared priorities tied to the SDGs give the link an international frame."""
    if not spec.priorities:
        return [_lesson(spec, 6, ("clauses",), "no shared priorities; add priorities: linked to the SDGs")]
    found = [
        _lesson(spec, 6, ("priorities", i), f"priority {priority.id!r} is not linked to an SDG; add sdgs:")
        for i, priority in enumerate(spec.priorities)
        if not priority.sdgs
    ]
    if not any("priorities" in use.clause.requires or use.clause.insert == "priorities" for use in spec.clauses):
        found.append(
            _lesson(spec, 6, ("priorities",), "the shared priorities are in the spec, but no article lists them")
        )
    return found

"""The lessons review: what the 2019–2022 trajectory taught, applied to a draft agreement.

Each finding names the lesson it comes from and is a warning, not an error: a town may
have good reasons to leave something out, but it should do so knowingly. ``check
--strict`` turns the warnings into failures for those who want the review enforced.

Clauses say which topics they settle with ``covers:``, so a municipality's own exit
clause counts as much as the bundled one.
"""

from __future__ import annotations

from agreement_builder.core.errors import Location, Problem
from agreement_builder.kinds.agreement.spectypes import AgreementSpec

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
    """Every lessons finding for ``spec``, as warnings with the spec's file and line."""
    locate = _locator(spec)
    found: list[Problem] = []

    def warn(lesson: int, where: tuple, message: str) -> None:
        found.append(Problem(locate(where), f"{LESSONS[lesson]}: {message}", severity="warning"))

    covered = {topic for use in spec.clauses for topic in use.clause.covers}
    for topic, (lesson, missing, fix) in TOPIC_FINDINGS.items():
        if topic not in covered:
            warn(lesson, ("clauses",), f"{missing}; {fix}")

    from agreement_builder.core.values import Money

    for use in spec.clauses:
        if "operating-budget" in use.clause.covers:
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

    exits = [use.clause.id for use in spec.clauses if "exit" in use.clause.covers]
    if len(exits) > 1:
        found.append(
            Problem(
                locate(("clauses",)),
                f"the agreement has {len(exits)} exit clauses ({', '.join(exits)}); keep the one the partners chose",
                severity="warning",
            )
        )

    for what in ("expectations", "contributions"):
        having = [p for p in spec.parties if getattr(p, what)]
        if not having:
            warn(4, ("parties",), f"no party states its {what}; say them out loud for both partners")
        elif len(having) < len(spec.parties):
            for i, party in enumerate(spec.parties):
                if not getattr(party, what):
                    only = ", ".join(p.short_name["nl"] for p in having)
                    warn(
                        4,
                        ("parties", i),
                        f"{what} are given for {only} only; add {what}: for {party.short_name['nl']} too",
                    )
        elif not any(what in use.clause.requires for use in spec.clauses):
            warn(4, ("clauses",), f"the parties' {what} are in the spec, but no article prints them")

    if not spec.priorities:
        warn(6, ("clauses",), "no shared priorities; add priorities: linked to the SDGs")
    else:
        for i, priority in enumerate(spec.priorities):
            if not priority.sdgs:
                warn(6, ("priorities", i), f"priority {priority.id!r} is not linked to an SDG; add sdgs:")
        if not any("priorities" in use.clause.requires or use.clause.insert == "priorities" for use in spec.clauses):
            warn(6, ("priorities",), "the shared priorities are in the spec, but no article lists them")
    return found


def _locator(spec: AgreementSpec):
    def locate(path: tuple) -> Location:
        return spec.source.loc(path) if spec.source else Location(str(spec.path))

    return locate

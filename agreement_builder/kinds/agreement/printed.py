"""Values a spec gives that no text of its agreement prints: said, but not in the document.

A Zoersel–Ocotal draft gave ``municipal_law``, which the legal framework printed only for a
Bolivian partner: the value vanished without a word. ``check`` now fills every clause text
once more with each given value marked, and with the value changed: a value that shows in
neither language and changes nothing (no branch of the text depends on it) is reported.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from agreement_builder.core.errors import Problem
from agreement_builder.core.values import FormattedDate, FormattedInt
from agreement_builder.kinds.agreement.context import _format, render_clause_text
from agreement_builder.kinds.agreement.spec import AgreementSpec, ClauseUse

MARK = "\u2063value\u2063"  # invisible separators: text no clause writes, and no value may contain


def unprinted(spec: AgreementSpec) -> list[Problem]:
    """:func:`unprinted_values` in both languages, with the contexts the resolver gives the texts."""
    from agreement_builder.core.resources import labels as load_labels
    from agreement_builder.kinds.agreement.context import locales_for
    from agreement_builder.kinds.agreement.resolve import text_contexts

    languages = ["nl", "es"]
    locales = locales_for(spec)
    contexts, _ = text_contexts(spec, languages, locales, {lang: load_labels(lang) for lang in languages})
    return unprinted_values(spec, contexts, locales)


def unprinted_values(
    spec: AgreementSpec, contexts: dict[str, dict[str, Any]], locales: dict[str, str]
) -> list[Problem]:
    """A warning for each value given in the spec that leaves no trace in any language's text.

    ``contexts`` are the resolver's per-language contexts (parties, agreement, article);
    only values written in the spec are looked at, not the clauses' defaults.
    """
    found = []
    for use in spec.clauses:
        for var in use.clause.variables:
            path = (*use.path, "values", var.name)
            if var.name not in use.values or spec.source is None or path not in spec.source.locations:
                continue
            if not any(_leaves_a_trace(use, var, lang, contexts[lang], locales[lang]) for lang in contexts):
                found.append(
                    Problem(
                        spec.source.locations[path],
                        f"{var.name} is given, but no text of clause {use.clause.id!r} prints it or depends on it "
                        "in this agreement (a branch for other parties or values may use it); check the clause "
                        f"(`clauses show {use.clause.id}`) or leave the value out",
                        f"clauses[{use.path[-1]}].values.{var.name}" if use.path else var.name,
                        "warning",
                    )
                )
    return found


def _leaves_a_trace(use: ClauseUse, var: Any, lang: str, context: dict[str, Any], locale: str) -> bool:
    parties = {p.id: p for p in context["parties"]}
    ctx = dict(context)
    for other in use.clause.variables:
        ctx[other.name] = _format(other, use.values.get(other.name), lang, locale, parties)
    original = ctx[var.name]
    marked, changed = _variants(original)
    if marked is None and changed is None:
        return True  # a party, an SDG, a choice: not worth a second guess
    if marked is not None and MARK in render_clause_text(use, lang, {**ctx, var.name: marked}):
        return True
    if changed is not None:
        base = render_clause_text(use, lang, ctx)
        return render_clause_text(use, lang, {**ctx, var.name: changed}) != base
    return False


def _variants(value: Any) -> tuple[Any, Any]:
    """(the value printing MARK but comparing as before, the value changed), None where unknown."""
    if isinstance(value, bool):
        return None, not value
    if isinstance(value, FormattedInt):
        return FormattedInt(int(value), MARK), FormattedInt(int(value) + 1, value.text)
    if isinstance(value, FormattedDate):
        plain = _dt.date(value.year, value.month, value.day)
        return FormattedDate(plain, MARK), FormattedDate(plain + _dt.timedelta(days=1), value.text)
    if isinstance(value, str):
        return MARK, ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [MARK for _ in value], []
    return None, None

"""The council's approval decision as a document kind: its spec, its three layouts and its options."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agreement_builder.core.sources import Input
from agreement_builder.kinds.base import DocumentKind, Layout, Options, Spec
from agreement_builder.kinds.decision.layouts import DECISION_LAYOUTS, DESCRIPTIONS

LAYOUTS = tuple(Layout(name, DESCRIPTIONS[name]) for name in DECISION_LAYOUTS)

if TYPE_CHECKING:  # the model is loaded when a spec is resolved, not to name a kind
    from agreement_builder.model.document import Document


@dataclass(frozen=True)
class DecisionKind(DocumentKind):
    """The gemeenteraadsbesluit that approves an agreement, and the partner's draft act."""

    def recognises(self, data: Any) -> bool:
        """A decision says so (``kind: decision``); answered without loading the decision's schema,
        which every agreement's check would otherwise import only to hear "no"."""
        return isinstance(data, dict) and data.get("kind") == self.name

    def load(self, path: Path, options: Options) -> Spec:
        from agreement_builder.kinds.decision.spec import load_decision

        return load_decision(Path(path), options.libraries)

    def resolve(self, spec: Spec, layout: str, options: Options) -> Document:
        from agreement_builder.kinds.decision.resolve import resolve_decision
        from agreement_builder.kinds.decision.spec import DecisionSpec

        assert isinstance(spec, DecisionSpec)
        return resolve_decision(spec, layout)

    def inputs(self, spec: Spec) -> list[Input]:
        """The decision spec and everything the agreement's build reads: what the council approved.

        The agreement's own spec is carried as 'agreement'; the lock it records is named beside
        that spec, relative to the decision's folder.
        """
        from agreement_builder.kinds.decision.spec import DecisionSpec

        assert isinstance(spec, DecisionSpec)
        folder = spec.folder
        agreement_folder = spec.agreement.path.resolve().parent
        carried = []
        for item in spec.agreement.inputs:
            if item.role == "spec":
                item = replace(item, role="agreement")
            elif item.path is None:
                item = replace(item, name=Path(os.path.relpath(agreement_folder / item.name, folder)).as_posix())
            carried.append(item)
        return [Input("spec", path=spec.path), *carried]

    def summary(self, spec: Spec) -> str:
        from agreement_builder.kinds.decision.spec import DecisionSpec

        assert isinstance(spec, DecisionSpec)
        facts = spec.agreement
        partner = facts.parties[1]
        form = partner.institution.form if partner.institution and partner.institution.form else "generic"
        return (
            f"decision spec, layout {spec.layout}: approves {facts.path.name} "
            f"({len(facts.articles)} articles, version {facts.fingerprint[:16]}); "
            f"partner's act in the {form} form"
        )


DECISION = DecisionKind(
    name="decision",
    label="decision spec",
    layouts=LAYOUTS,
    options=frozenset({"libraries", "style"}),
    refusals={
        "checklists": "--checklists is for report specs (kind: report): a decision takes no lesson checklists",
        "provenance": "--no-provenance is for agreement specs: a decision has no provenance annex",
    },
)

"""The agreement as a document kind: its spec, its four layouts and its options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agreement_builder.core.errors import Problem
from agreement_builder.core.sources import Input
from agreement_builder.kinds.agreement.layouts import DESCRIPTIONS
from agreement_builder.kinds.agreement.layouts import LAYOUTS as LAYOUT_NAMES
from agreement_builder.kinds.base import DocumentKind, Layout, Options, Spec
from agreement_builder.kinds.facts import AgreementFacts
from agreement_builder.kinds.facts import register as register_facts

LAYOUTS = tuple(Layout(name, DESCRIPTIONS[name]) for name in LAYOUT_NAMES)

if TYPE_CHECKING:  # the model is loaded when a spec is resolved, not to name a kind
    from agreement_builder.model.document import Document


@dataclass(frozen=True)
class AgreementKind(DocumentKind):
    """Cooperation agreements assembled from a clause library."""

    def recognises(self, data: Any) -> bool:
        """An agreement has no ``kind`` (or ``kind: agreement``)."""
        return isinstance(data, dict) and data.get("kind", "agreement") == "agreement"

    def load(self, path: Path, options: Options) -> Spec:
        from agreement_builder.kinds.agreement.validate import load_spec

        return load_spec(Path(path), list(options.libraries))

    def review(self, spec: Spec) -> list[Problem]:
        """The lessons review (exit clause, expectations of both partners, SDGs, evaluation, …),
        and the values the spec gives that no text prints."""
        from agreement_builder.kinds.agreement.printed import unprinted
        from agreement_builder.kinds.agreement.review import review
        from agreement_builder.kinds.agreement.spec import AgreementSpec

        assert isinstance(spec, AgreementSpec)
        return review(spec) + unprinted(spec)

    def resolve(self, spec: Spec, layout: str, options: Options) -> Document:
        from agreement_builder.kinds.agreement.resolve import resolve
        from agreement_builder.kinds.agreement.spec import AgreementSpec

        assert isinstance(spec, AgreementSpec)
        return resolve(spec, layout, provenance_annex=options.provenance)

    def inputs(self, spec: Spec) -> list[Input]:
        """What was agreed on: the spec, each used clause's file, the libraries' data files, the lock data."""
        from agreement_builder.kinds.agreement.lock import lock_path, lock_text
        from agreement_builder.kinds.agreement.spec import AgreementSpec

        assert isinstance(spec, AgreementSpec)
        from agreement_builder.kinds.agreement.library import GLOSSARY_FILE, INSTITUTIONS_FILE

        clauses = [Input("clause", path=u.clause.source.path) for u in spec.clauses if u.clause.source]
        lock = Input("lock", data=lock_text(spec).encode("utf-8"), name=lock_path(spec.path).name)
        # Each library's glossary too: amending a clause years later is checked against it.
        folders = spec.library.folders if spec.library else []
        glossaries = [Input("glossary", path=f / GLOSSARY_FILE) for f in folders if (f / GLOSSARY_FILE).is_file()]
        # And the institution data: who approves and signs is part of what was agreed on.
        institutions = [
            Input("institutions", path=f / INSTITUTIONS_FILE) for f in folders if (f / INSTITUTIONS_FILE).is_file()
        ]
        return [Input("spec", path=spec.path), lock, *clauses, *glossaries, *institutions]

    def summary(self, spec: Spec) -> str:
        from agreement_builder.kinds.agreement.spec import AgreementSpec

        assert isinstance(spec, AgreementSpec)
        warnings = sum(1 for p in spec.warnings if p.severity == "warning")
        return (
            f"agreement spec: {len(spec.parties)} parties, {len(spec.priorities)} priorities, "
            f"{len(spec.clauses)} articles, {warnings} warning{'s' if warnings != 1 else ''}"
        )


AGREEMENT = AgreementKind(
    name="agreement",
    label="agreement spec",
    layouts=LAYOUTS,
    options=frozenset({"libraries", "provenance", "style"}),
    refusals={
        "checklists": "--checklists is for report specs (kind: report): an agreement takes no lesson checklists",
    },
)


def _load_facts(path: Path, libraries: tuple[Path, ...]) -> AgreementFacts:
    """The agreement's facts for other kinds (a decision approving it); loaded only when asked.

    Loading validates the spec as ``build`` does (InputError with its problems at their lines).
    """
    from agreement_builder.kinds.agreement.facts import agreement_facts
    from agreement_builder.kinds.agreement.validate import load_spec

    spec = load_spec(path, list(libraries))
    return agreement_facts(spec, AGREEMENT.inputs(spec))


register_facts("agreement", _load_facts)

"""The end-of-trajectory report as a document kind: its spec, its three layouts and its options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agreement_builder.core.sources import Input
from agreement_builder.kinds.base import DocumentKind, Layout, Options, Spec
from agreement_builder.kinds.report.layouts import DESCRIPTIONS, REPORT_LAYOUTS

LAYOUTS = tuple(Layout(name, DESCRIPTIONS[name]) for name in REPORT_LAYOUTS)

if TYPE_CHECKING:  # the model is loaded when a spec is resolved, not to name a kind
    from agreement_builder.model.document import Document


@dataclass(frozen=True)
class ReportKind(DocumentKind):
    """The council report and the partner's informe final, built on the lesson checklists."""

    def recognises(self, data: Any) -> bool:
        from agreement_builder.kinds.report.recognise import is_report

        return is_report(data)

    def load(self, path: Path, options: Options) -> Spec:
        from agreement_builder.kinds.report.spec import load_report

        return load_report(Path(path), list(options.checklists))

    def resolve(self, spec: Spec, layout: str, options: Options) -> Document:
        from agreement_builder.kinds.report.resolve import resolve_report
        from agreement_builder.kinds.report.spec import ReportSpec

        assert isinstance(spec, ReportSpec)
        return resolve_report(spec, layout)

    def inputs(self, spec: Spec) -> list[Input]:
        """The spec and the file of each lesson checklist it answers."""
        from agreement_builder.kinds.report.spec import ReportSpec

        assert isinstance(spec, ReportSpec)
        lessons = [Input("checklist", path=lesson.source.path) for lesson in spec.lessons if lesson.source]
        return [Input("spec", path=spec.path), *lessons]

    def summary(self, spec: Spec) -> str:
        from agreement_builder.kinds.report.spec import ReportSpec

        assert isinstance(spec, ReportSpec)
        items = sum(len(a) for a in spec.answers.values())
        form = next(layout.description for layout in self.layouts if layout.name == spec.layout)
        return (
            f"report spec, layout {spec.layout} ({form}): "
            f"{len(spec.parties)} parties, {len(spec.phases)} phases, "
            f"{len(spec.lessons)} lessons with {items} answered items, {len(spec.budget)} budget lines"
        )


REPORT = ReportKind(
    name="report",
    label="report spec",
    layouts=LAYOUTS,
    options=frozenset({"checklists", "style"}),
    refusals={
        "libraries": "--library is for agreement specs: a report uses no clause library "
        "(its lessons come from checklist folders, --checklists)",
        "provenance": "--no-provenance is for agreement specs: a report has no provenance annex",
    },
)

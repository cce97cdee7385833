"""What a document kind is: a plug-in that knows its spec, its layouts and its options.

Every kind goes through the same pipeline — load YAML, validate into a typed spec, resolve
spec + layout into the one document model — and the writers never ask which kind a document
is. Adding a kind means writing one of these and listing it in ``kinds/__init__.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from agreement_builder.core.errors import Problem
from agreement_builder.core.sources import Input

# The command-line flag of each option, for listings and messages.
OPTION_FLAGS = {
    "libraries": "--library",
    "checklists": "--checklists",
    "provenance": "--no-provenance",
    "style": "--style",
}

if TYPE_CHECKING:  # the model is loaded when a spec is resolved, not to name a kind
    from agreement_builder.model.document import Document


@dataclass(frozen=True)
class Options:
    """The options a command was given; a kind accepts only those it names in ``options``.

    ``libraries``: clause folders layered over the bundled library (agreements);
    ``checklists``: lesson folders layered over the bundled lessons (reports);
    ``provenance``: print the provenance annex (agreements);
    ``style``: a house style folder that overrides the spec's ``style:`` (every kind).
    """

    libraries: tuple[Path, ...] = ()
    checklists: tuple[Path, ...] = ()
    provenance: bool = True
    style: Path | None = None

    def given(self) -> list[str]:
        """The options that differ from their defaults, by the name the CLI shows."""
        out = []
        if self.libraries:
            out.append("libraries")
        if self.checklists:
            out.append("checklists")
        if not self.provenance:
            out.append("provenance")
        if self.style is not None:
            out.append("style")
        return out


class Spec(Protocol):
    """What the pipeline needs of every validated spec, whatever its kind."""

    @property
    def path(self) -> Path:
        """The spec file."""
        ...

    @property
    def layout(self) -> str:
        """The layout the spec asks for."""
        ...

    @property
    def warnings(self) -> list[Problem]:
        """Findings that do not stop a build; ``check`` adds the kind's review to them."""
        ...

    @property
    def folder(self) -> Path:
        """The spec's folder: relative paths start there, and the PDF may load files from it."""
        ...

    @property
    def style(self) -> Path | None:
        """The house style folder the spec names (``style:``), if any."""
        ...


@dataclass(frozen=True)
class Layout:
    """One layout of a kind: its name and what it shows, in plain words for messages."""

    name: str
    description: str


@dataclass(frozen=True)
class DocumentKind:
    """A document kind as the pipeline sees it; the behaviour comes from the subclass.

    ``options`` maps each option the kind accepts to nothing; ``refusals`` says, per option
    it does not accept, why not (printed with exit 2).
    """

    name: str
    label: str  # "agreement spec"
    layouts: tuple[Layout, ...]
    options: frozenset[str] = frozenset()
    refusals: dict[str, str] = field(default_factory=dict)

    @property
    def layout_names(self) -> tuple[str, ...]:
        """The names of the kind's layouts, the default first."""
        return tuple(layout.name for layout in self.layouts)

    def recognises(self, data: Any) -> bool:
        """Whether loaded YAML is a spec of this kind."""
        raise NotImplementedError

    def load(self, path: Path, options: Options) -> Spec:
        """Load and validate a spec; raise InputError with every problem."""
        raise NotImplementedError

    def review(self, spec: Spec) -> list[Problem]:
        """Findings beyond validity that ``check`` prints as warnings (none by default)."""
        return []

    def resolve(self, spec: Spec, layout: str, options: Options) -> Document:
        """The document model of ``spec`` in ``layout``."""
        raise NotImplementedError

    def summary(self, spec: Spec) -> str:
        """One line for ``check``: what the spec holds."""
        raise NotImplementedError

    def inputs(self, spec: Spec) -> list[Input]:
        """The files a build of ``spec`` reads (and records it makes), which the PDF carries inside.

        Every kind has its spec; a kind adds what else it read (clause or lesson files) and
        what it recorded about them (the lock).
        """
        return [Input("spec", path=spec.path)]

"""The typed agreement spec: what validate.py builds from the YAML, and what the rest reads.

Only data lives here, so that every module that reads a spec (context, resolve, lock,
review) can import these types without importing the validation that builds them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agreement_builder.core.errors import Location, Problem
from agreement_builder.core.yamlsource import KeyPath, Source
from agreement_builder.kinds.agreement.clause import Clause
from agreement_builder.kinds.agreement.library import Library

# From this many articles on, an agreement whose spec does not say `toc:` gets a table of
# contents: a reader then no longer finds an article by leafing (about ten pages side by side).
TOC_MIN_ARTICLES = 25


@dataclass
class Party:
    """One party to the agreement, texts per language."""

    id: str
    name: dict[str, str]
    short_name: dict[str, str]
    country: str
    representative: str
    function: dict[str, str]
    signing_place: str
    signing_date: _dt.date | None = None
    expectations: list[dict[str, str]] = field(default_factory=list)
    contributions: list[dict[str, str]] = field(default_factory=list)
    # Who the party is in law, and who else signs: see institutions.py.
    kind: str = "municipality"
    co_signatory: dict[str, Any] | None = None  # {name, function?}
    identification: dict[str, Any] | None = None  # {document?, number?, address?, credential?}
    approval: dict[str, Any] | None = None  # {number?, date?}: the act by which its council approved


@dataclass
class Priority:
    """A shared priority linked to SDG numbers."""

    id: str
    title: dict[str, str]
    description: dict[str, str] | None
    sdgs: list[int]


@dataclass
class ClauseUse:
    """A clause as the spec uses it: the library clause plus checked variable values."""

    clause: Clause
    values: dict[str, Any]
    when: str | None = None
    # Where the spec names the clause, for messages about its use.
    location: Location = field(default_factory=lambda: Location("<memory>"))
    path: KeyPath = ()  # its key path in the spec, e.g. ("clauses", 3)


@dataclass
class AgreementSpec:
    """A validated agreement spec, its clauses resolved against the library."""

    path: Path
    title: dict[str, str] | None
    date: _dt.date
    status: str
    layout: str
    parties: list[Party]
    priorities: list[Priority]
    clauses: list[ClauseUse]
    toc: bool | None = None  # a table of contents: always, never, or (None) by length
    warnings: list[Problem] = field(default_factory=list)
    library: Library | None = None
    skipped: list[ClauseUse] = field(default_factory=list)  # left out by a false `when:` condition
    source: Source | None = None  # the loaded YAML, for file:line in later findings
    style: Path | None = None  # the house style folder the spec names, if any

    @property
    def has_contents(self) -> bool:
        """Whether the agreement gets a table of contents: as the spec says, else by its length."""
        return self.toc if self.toc is not None else len(self.clauses) >= TOC_MIN_ARTICLES

    @property
    def folder(self) -> Path:
        """The spec's folder: the only place besides the templates the PDF may load files from."""
        return self.path.resolve().parent

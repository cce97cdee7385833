"""What one kind may know of another's document: facts, in plain data, through a registry.

Kinds are plug-ins that never import each other (an import-linter contract). Yet a council's
approval decision is about an agreement: its parties, articles, operating budget and who
signs. So the agreement kind publishes those facts here, as frozen data in both languages,
and registers the function that loads them; the decision kind asks this module, by the name
of the kind, and never sees the agreement's spec, clauses or templates. A fact is taken from
the validated agreement once, so the decision restates nothing the agreement says.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agreement_builder.core.errors import Location
from agreement_builder.core.sources import Input
from agreement_builder.core.values import Money

Bilingual = dict[str, str]


@dataclass(frozen=True)
class InstitutionFacts:
    """How a party approves and signs, from the institution data (institutions.yaml).

    ``form`` names the form of the approving act a decision drafts ('ley-municipal',
    'acuerdo-de-concejo', 'punto-de-acta'; None: the generic form); ``known`` is False when
    the data had no entry for the party's country and the generic wording stands in.
    """

    label: Bilingual
    body: Bilingual
    act: Bilingual
    laws: tuple[Bilingual, ...]
    known: bool
    form: str | None
    representative: Bilingual | None
    location: Location


@dataclass(frozen=True)
class PartyFacts:
    """A party as the agreement names it, with its institution and the act that approves."""

    id: str
    country: str
    kind: str
    name: Bilingual
    short_name: Bilingual
    representative: str
    function: Bilingual
    co_signatory: str | None
    co_function: Bilingual | None
    approval_number: str | None
    approval_date: _dt.date | None
    institution: InstitutionFacts | None


@dataclass(frozen=True)
class ArticleFacts:
    """One article: its clause id, number, title and the topics it covers ('exit', …)."""

    clause: str
    number: int
    title: Bilingual
    covers: tuple[str, ...]


@dataclass(frozen=True)
class PriorityFacts:
    """A shared priority and its SDG numbers."""

    title: Bilingual
    sdgs: tuple[int, ...]


@dataclass(frozen=True)
class AgreementFacts:
    """What a decision needs to know of the agreement it approves.

    ``budgets`` maps a party id to its yearly operating budget, when an article covering
    'operating-budget' sets one; ``term_years`` is the agreement's term when an article sets
    it (the ``duration_years`` value). ``fingerprint`` is the SHA-256 of the agreement's
    spec and lock together: the version the council approves, which the annex cites.
    ``inputs`` are the files its build reads, which the decision's PDF carries too.
    """

    path: Path
    title: Bilingual
    date: _dt.date
    status: str
    parties: tuple[PartyFacts, ...]
    priorities: tuple[PriorityFacts, ...]
    articles: tuple[ArticleFacts, ...]
    budgets: dict[str, Money]
    term_years: int | None
    fingerprint: str
    inputs: tuple[Input, ...]

    def article(self, topic: str) -> ArticleFacts | None:
        """The first article that covers ``topic``, or the one whose clause id is ``topic``."""
        return next((a for a in self.articles if topic in a.covers or a.clause == topic), None)


FactsLoader = Callable[[Path, tuple[Path, ...]], AgreementFacts]
_LOADERS: dict[str, FactsLoader] = {}


def register(kind: str, loader: FactsLoader) -> None:
    """Publish how to load the facts of a spec of ``kind`` (its path, extra library folders)."""
    _LOADERS[kind] = loader


def load(kind: str, path: Path, libraries: tuple[Path, ...] = ()) -> AgreementFacts:
    """The facts of the ``kind`` spec at ``path``; raises InputError with that spec's problems."""
    # The kind registers its loader when its plug-in module is imported, which the registry
    # of kinds (agreement_builder.kinds) does before any spec is read.
    return _LOADERS[kind](Path(path), libraries)

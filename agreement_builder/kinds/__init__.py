"""Document kinds as plug-ins: each knows its spec, layouts and options (see base.py).

The registry below is the one place that lists them; ``build``, ``check`` and the listings
find a spec's kind here, by what the spec says (``kind: report``), never by trying.
"""

from __future__ import annotations

from typing import Any

from agreement_builder.kinds.agreement.kind import AGREEMENT
from agreement_builder.kinds.base import DocumentKind
from agreement_builder.kinds.decision.kind import DECISION
from agreement_builder.kinds.report.kind import REPORT

# The first kind that recognises a spec takes it; agreements are the default.
KINDS: tuple[DocumentKind, ...] = (REPORT, DECISION, AGREEMENT)


def kind_for(data: Any) -> DocumentKind:
    """The kind of a loaded spec; a spec no kind recognises is read as an agreement."""
    return next((kind for kind in KINDS if kind.recognises(data)), AGREEMENT)


def kind_named(name: str) -> DocumentKind:
    """A kind by its name ('agreement', 'report')."""
    return next(kind for kind in KINDS if kind.name == name)

"""Whether loaded YAML is a report spec, decided without loading the report's schema.

Every ``check`` and ``build`` asks each kind whether it recognises the spec; importing the
report's schema only to answer "no" for an agreement cost a tenth of a second each time.
"""

from __future__ import annotations

from typing import Any

KIND = "report"
# Keys only a report has: a spec without ``kind`` but with these is taken for a report.
REPORT_ONLY_KEYS = ("phases", "answers", "radar", "budget", "decision", "council")


def is_report(data: Any) -> bool:
    """Whether loaded YAML is a report spec: ``kind: report``, or report keys and no clauses."""
    if not isinstance(data, dict):
        return False
    if "kind" in data:  # a misspelt kind reaches the closest kind's checks (see api.kind_of)
        return data["kind"] == KIND
    return "clauses" not in data and any(key in data for key in REPORT_ONLY_KEYS)

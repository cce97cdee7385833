"""What each chart shows, as data: the resolver fills it, writers/charts.py draws it.

Charts stay data in the model so that checking a report never loads matplotlib.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Chart:
    """What a picture shows, in finished words and plain numbers; charts.py draws it."""

    kind: str  # timeline | radar | scoreboard | sdgs | budget
    data: dict[str, Any]

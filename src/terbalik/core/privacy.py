"""Privacy rules shared by every report.

Aggregates over fewer than `MIN_GROUP_SIZE` people are never shown to HR (for questions marked
confidential) or to sponsors (for anything): small groups make individuals recognisable.
"""

from __future__ import annotations

MIN_GROUP_SIZE = 5


def group_is_reportable(size: int) -> bool:
    """True when a group of `size` people is large enough to show aggregates for."""
    return size >= MIN_GROUP_SIZE

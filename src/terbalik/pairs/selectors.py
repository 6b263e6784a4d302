"""Read helpers other apps use (no writes here)."""

from __future__ import annotations

from typing import Any

from .models import Pair, PairStatus


def published_pairs_count(program: Any) -> int:
    """Pairs a program has published (active or already finished), for lifecycle checks."""
    return Pair.objects.filter(program=program).exclude(status=PairStatus.DISSOLVED).count()

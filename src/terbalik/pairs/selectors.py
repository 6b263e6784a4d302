"""Read helpers other apps use (no writes here)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .access import pairs_of
from .models import CheckIn, Goal, Meeting, Note, Pair, PairStatus, TrainingResult


def published_pairs_count(program: Any) -> int:
    """Pairs a program has published (active or already finished), for lifecycle checks."""
    return Pair.objects.filter(program=program).exclude(status=PairStatus.DISSOLVED).count()


# --- reads for the participant pages (views only call these) -----------------------------


def pairs_of_member(user: Any) -> list[Pair]:
    """The user's pairs, newest first (the "my pairs" page)."""
    return list(pairs_of(user).order_by("-started_at"))


def first_pair_in_program(user: Any, program: Any) -> Pair | None:
    return pairs_of(user).filter(program=program).first()


def meetings_with_checkins(pair: Pair) -> list[Meeting]:
    """Every meeting of the pair in time order, each with its check-ins loaded."""
    return list(pair.meetings.prefetch_related("checkins").order_by("starts_at"))


def goals_of(pair: Pair) -> QuerySet[Goal]:
    return pair.goals.prefetch_related("milestones", "progress")


def recent_notes(pair: Pair, limit: int = 50) -> QuerySet[Note]:
    return pair.notes.select_related("author")[:limit]


def training_result(enrollment: Any) -> TrainingResult | None:
    return TrainingResult.objects.filter(enrollment=enrollment).first()


def has_completed_training(enrollment: Any) -> bool:
    return TrainingResult.objects.filter(enrollment=enrollment, completed_at__isnull=False).exists()


def own_checkin(meeting: Meeting, role: str | None) -> CheckIn | None:
    return CheckIn.objects.filter(meeting=meeting, role=role).first()

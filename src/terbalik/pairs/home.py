"""Reads for the participant's home: each active pair with its progress and next steps.

The number of queries does not depend on how many pairs the person has: one for the pairs
(with counts), one for their training results, one for the meetings waiting for an answer
(and one for those meetings' check-ins).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, Q

from .access import pairs_of
from .models import GoalStatus, Meeting, MeetingStatus, Pair, PairStatus, TrainingResult
from .services.common import enrollment_of, partner_role, role_of

# how far back a meeting still asks to be confirmed from the home page
CONFIRM_WINDOW = dt.timedelta(days=60)


def _step(kind: str, url_name: str, *args: Any) -> dict[str, Any]:
    return {"kind": kind, "url_name": url_name, "args": list(args)}


def home_pairs(user: Any, now: dt.datetime) -> list[dict[str, Any]]:
    """One entry per active pair of `user`: the pair, role, partner, counts (meetings held /
    planned, goals achieved / set), the next meeting's start and the next steps in order:
    training, agreement, goals, book a meeting, confirm a past meeting and give feedback on it
    (one check-in: whether it took place, a rating and a comment)."""
    upcoming = Q(meetings__status=MeetingStatus.SCHEDULED, meetings__starts_at__gt=now)
    pairs: list[Pair] = list(
        pairs_of(user).filter(status=PairStatus.ACTIVE)
        .select_related("agreement")
        .annotate(
            held=Count("meetings", filter=Q(meetings__outcome="held"), distinct=True),
            planned=Count("meetings", filter=upcoming, distinct=True),
            next_start=Min("meetings__starts_at", filter=upcoming),
            goals_total=Count("goals", distinct=True),
            goals_done=Count("goals", filter=Q(goals__status=GoalStatus.ACHIEVED),
                             distinct=True),
        )
        .order_by("started_at", "pk")
    )
    if not pairs:
        return []
    roles = {pair.pk: role_of(pair, user) or "mentee" for pair in pairs}
    own = {pair.pk: enrollment_of(pair, roles[pair.pk]) for pair in pairs}
    trained = set(
        TrainingResult.objects.filter(enrollment__in=[e.pk for e in own.values()],
                                      completed_at__isnull=False)
        .values_list("enrollment_id", flat=True)
    )
    waiting = (
        Meeting.objects.filter(pair__in=pairs, status=MeetingStatus.SCHEDULED,
                               starts_at__lte=now, starts_at__gte=now - CONFIRM_WINDOW)
        .prefetch_related("checkins").order_by("starts_at", "pk")
    )
    confirm: dict[int, Meeting] = {}
    for meeting in waiting:
        if not any(c.role == roles[meeting.pair_id] for c in meeting.checkins.all()):
            confirm.setdefault(meeting.pair_id, meeting)
    rows = []
    for pair in pairs:
        role = roles[pair.pk]
        enrollment = own[pair.pk]
        steps = []
        if enrollment.pk not in trained:
            steps.append(_step("training", "pairs:training", enrollment.pk))
        agreement = getattr(pair, "agreement", None)
        if agreement is None or getattr(agreement, f"{role}_accepted_at") is None:
            steps.append(_step("agreement", "pairs:workspace", pair.pk))
        if not pair.goals_total:
            steps.append(_step("goals", "pairs:goal_new", pair.pk))
        if not pair.planned and enrollment.pk in trained:
            steps.append(_step("book", "pairs:meeting_new", pair.pk))
        if pair.pk in confirm:
            steps.append(_step("confirm", "pairs:checkin", pair.pk, confirm[pair.pk].pk))
        rows.append({
            "pair": pair,
            "role": role,
            "partner": enrollment_of(pair, partner_role(role)),
            "partner_side": partner_role(role),
            "steps": steps,
        })
    return rows

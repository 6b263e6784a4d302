"""Reads for the participant's home: each active pair with its progress and next steps.

The number of queries does not depend on how many pairs the person has: one for the pairs,
one each for their meetings' and goals' counts, one for their training results and one for the
meetings still waiting for the person's answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q

from .access import pairs_of
from .models import (
    CheckIn,
    Goal,
    GoalStatus,
    Meeting,
    MeetingStatus,
    Pair,
    PairStatus,
    TrainingResult,
)
from .services.common import enrollment_of, partner_role, role_of

# how far back a meeting still asks to be confirmed from the home page
CONFIRM_WINDOW = dt.timedelta(days=60)


#: the columns the home reads of each pair and its joined rows: the pair query used to select
#: every column of five wide tables (the program alone has ~60), and compiling that SQL cost
#: Django more CPU than anything else on the page. Roles need the enrollments' account and
#: directory links; the card shows the program's and the partner's names; the steps, the two
#: acceptances of the agreement.
HOME_FIELDS = (
    "program_id", "mentor_id", "mentee_id", "program__name",
    "mentor__user", "mentor__employee__full_name",
    "mentee__user", "mentee__employee__full_name",
    "agreement__mentor_accepted_at", "agreement__mentee_accepted_at",
)


def _step(kind: str, url_name: str, *args: Any) -> dict[str, Any]:
    return {"kind": kind, "url_name": url_name, "args": list(args)}


def _count_meetings_and_goals(pairs: list[Pair], now: dt.datetime) -> None:
    """Set held, planned, next_start, goals_total and goals_done on each pair: one grouped
    query over the meetings and one over the goals of these pairs. (Annotating the pairs query
    itself grouped by every column of its eleven joined tables: PostgreSQL and Django spent
    more on that than on the rest of the page.)"""
    ids = [pair.pk for pair in pairs]
    upcoming = Q(status=MeetingStatus.SCHEDULED, starts_at__gt=now)
    meetings = {
        row["pair_id"]: row
        for row in Meeting.objects.filter(pair_id__in=ids).order_by().values("pair_id")
        .annotate(held=Count("pk", filter=Q(outcome="held")),
                  planned=Count("pk", filter=upcoming),
                  next_start=Min("starts_at", filter=upcoming))
    }
    goals = {
        row["pair_id"]: row
        for row in Goal.objects.filter(pair_id__in=ids).order_by().values("pair_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=GoalStatus.ACHIEVED)))
    }
    for pair in pairs:
        met = meetings.get(pair.pk, {})
        aims = goals.get(pair.pk, {})
        pair.held = met.get("held", 0)  # type: ignore[attr-defined]
        pair.planned = met.get("planned", 0)  # type: ignore[attr-defined]
        pair.next_start = met.get("next_start")  # type: ignore[attr-defined]
        pair.goals_total = aims.get("total", 0)  # type: ignore[attr-defined]
        pair.goals_done = aims.get("done", 0)  # type: ignore[attr-defined]


def _waiting_for_answer(roles: dict[int, str], now: dt.datetime) -> dict[int, int]:
    """{pair id: id of its earliest meeting that started (within CONFIRM_WINDOW), is still
    scheduled and has no check-in from the person's side of that pair}: one query, the
    check-ins tested in the database rather than prefetched."""
    unanswered = Q()
    for side in ("mentor", "mentee"):
        ids = [pk for pk, role in roles.items() if role == side]
        if ids:
            answered = CheckIn.objects.filter(meeting=OuterRef("pk"), role=side)
            unanswered |= Q(pair_id__in=ids) & ~Exists(answered)
    confirm: dict[int, int] = {}
    for pair_id, meeting_id in (
        Meeting.objects.filter(unanswered, status=MeetingStatus.SCHEDULED,
                               starts_at__lte=now, starts_at__gte=now - CONFIRM_WINDOW)
        .order_by("starts_at", "pk").values_list("pair_id", "pk")
    ):
        confirm.setdefault(pair_id, meeting_id)
    return confirm


def home_pairs(user: Any, now: dt.datetime) -> list[dict[str, Any]]:
    """One entry per active pair of `user`: the pair, role, partner, counts (meetings held /
    planned, goals achieved / set), the next meeting's start and the next steps in order:
    training, agreement, goals, book a meeting, confirm a past meeting and give feedback on it
    (one check-in: whether it took place, a rating and a comment)."""
    pairs: list[Pair] = list(
        pairs_of(user).filter(status=PairStatus.ACTIVE)
        .select_related(None).select_related(
            "program", "mentor__employee", "mentee__employee", "agreement")
        .only(*HOME_FIELDS).order_by("started_at", "pk")
    )
    if not pairs:
        return []
    _count_meetings_and_goals(pairs, now)
    roles = {pair.pk: role_of(pair, user) or "mentee" for pair in pairs}
    own = {pair.pk: enrollment_of(pair, roles[pair.pk]) for pair in pairs}
    trained = set(
        TrainingResult.objects.filter(enrollment__in=[e.pk for e in own.values()],
                                      completed_at__isnull=False)
        .values_list("enrollment_id", flat=True)
    )
    confirm = _waiting_for_answer(roles, now)
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
            steps.append(_step("confirm", "pairs:checkin", pair.pk, confirm[pair.pk]))
        rows.append({
            "pair": pair,
            "role": role,
            "partner": enrollment_of(pair, partner_role(role)),
            "partner_side": partner_role(role),
            "steps": steps,
        })
    return rows

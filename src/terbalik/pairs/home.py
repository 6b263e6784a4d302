"""Reads for the participant's home: each active pair with its progress and next steps.

The number of queries does not depend on how many pairs the person has: one for the pairs,
one for their meetings (counted, and those waiting for the person's answer), one for their
goals' counts and one for their training results.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from terbalik.core.compiled import Compiled

from .access import own_enrollment_ids, pairs_with
from .models import (
    Goal,
    GoalStatus,
    Meeting,
    MeetingOutcome,
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


def _active_pairs(*enrollments: int) -> QuerySet[Pair]:
    """The active pairs of these enrollments, with what the home reads of them."""
    return (
        pairs_with(*enrollments).filter(status=PairStatus.ACTIVE)
        .select_related(None).select_related(
            "program", "mentor__employee", "mentee__employee", "agreement")
        .only(*HOME_FIELDS).order_by("started_at", "pk")
    )


def _meeting_rows(*pairs: int) -> QuerySet[Meeting, tuple[Any, ...]]:
    # one row per meeting and check-in (a meeting has at most one per side): a plain join
    # compiles in half the CPU of two EXISTS subqueries; in time order
    return (Meeting.objects.filter(pair_id__in=pairs).order_by("starts_at", "pk")
            .values_list("pair_id", "pk", "starts_at", "status", "outcome", "checkins__role"))


def _goal_rows(*pairs: int) -> QuerySet[Goal, tuple[Any, ...]]:
    # counted in Python: a plain read compiles cheaper than a grouped, filtered COUNT
    return Goal.objects.filter(pair_id__in=pairs).values_list("pair_id", "status")


def _trained(*enrollments: int) -> QuerySet[TrainingResult, int]:
    return TrainingResult.objects.filter(
        enrollment__in=enrollments, completed_at__isnull=False,
    ).values_list("enrollment_id", flat=True)


#: the home's four reads, compiled once per connection and number of ids (core/compiled.py):
#: the home is a quarter of the load, and building these queries cost more CPU than running
#: them
_ACTIVE_PAIRS = Compiled(Pair, _active_pairs)
_MEETING_ROWS = Compiled(Meeting, _meeting_rows)
_GOAL_ROWS = Compiled(Goal, _goal_rows)
_TRAINED = Compiled(TrainingResult, _trained)


def _step(kind: str, url_name: str, *args: Any) -> dict[str, Any]:
    return {"kind": kind, "url_name": url_name, "args": list(args)}


def _count_meetings_and_goals(pairs: list[Pair], roles: dict[int, str],
                              now: dt.datetime) -> dict[int, int]:
    """Set held, planned, next_start, goals_total and goals_done on each pair; return {pair
    id: id of its earliest meeting to confirm} — one that started (within CONFIRM_WINDOW), is
    still scheduled and has no check-in from the person's side of the pair. Two queries:
    the meetings of these pairs joined to their check-ins (a pair has tens of meetings at
    most), counted here, and the goals' statuses, counted here too. (Annotating the pairs
    query itself grouped by every column of its joined tables: PostgreSQL and Django spent
    more on that than on the rest of the page.)"""
    ids = [pair.pk for pair in pairs]
    meetings: dict[int, dict[str, Any]] = {
        pk: {"held": 0, "planned": 0, "next_start": None} for pk in ids}
    # in time order, so the dict is too
    rows: dict[int, tuple[int, dt.datetime, str, str, set[str]]] = {}
    for pair_id, pk, starts_at, status, outcome, side in _MEETING_ROWS(*ids):
        sides = rows.setdefault(pk, (pair_id, starts_at, status, outcome, set()))[4]
        if side:
            sides.add(side)
    confirm: dict[int, int] = {}
    for pk, (pair_id, starts_at, status, outcome, sides) in rows.items():
        met = meetings[pair_id]
        met["held"] += outcome == MeetingOutcome.HELD
        if status != MeetingStatus.SCHEDULED:
            continue
        if starts_at > now:
            met["planned"] += 1
            met["next_start"] = met["next_start"] or starts_at  # in time order: the first
        elif starts_at >= now - CONFIRM_WINDOW and roles[pair_id] not in sides:
            confirm.setdefault(pair_id, pk)
    goals: dict[int, dict[str, int]] = {pk: {"total": 0, "done": 0} for pk in ids}
    for pair_id, goal_status in _GOAL_ROWS(*ids):
        goals[pair_id]["total"] += 1
        goals[pair_id]["done"] += goal_status == GoalStatus.ACHIEVED
    for pair in pairs:
        met = meetings[pair.pk]
        aims = goals[pair.pk]
        pair.held = met["held"]  # type: ignore[attr-defined]
        pair.planned = met["planned"]  # type: ignore[attr-defined]
        pair.next_start = met["next_start"]  # type: ignore[attr-defined]
        pair.goals_total = aims["total"]  # type: ignore[attr-defined]
        pair.goals_done = aims["done"]  # type: ignore[attr-defined]
    return confirm


def home_pairs(user: Any, now: dt.datetime,
               enrollments: list[int] | None = None) -> list[dict[str, Any]]:
    """One entry per active pair of `user`: the pair, role, partner, counts (meetings held /
    planned, goals achieved / set), the next meeting's start and the next steps in order:
    training, agreement, goals, book a meeting, confirm a past meeting and give feedback on it
    (one check-in: whether it took place, a rating and a comment). `enrollments`: the ids
    of `access.own_enrollments(user)`, when the caller has read them."""
    enrollments = own_enrollment_ids(user, enrollments)
    if not enrollments:  # no query, like pairs_of's none()
        return []
    pairs: list[Pair] = _ACTIVE_PAIRS(*enrollments)
    if not pairs:
        return []
    roles = {pair.pk: role_of(pair, user) or "mentee" for pair in pairs}
    confirm = _count_meetings_and_goals(pairs, roles, now)
    own = {pair.pk: enrollment_of(pair, roles[pair.pk]) for pair in pairs}
    trained = set(_TRAINED(*(e.pk for e in own.values())))
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

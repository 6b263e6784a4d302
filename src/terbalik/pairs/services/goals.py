"""SMART goals, milestones, progress history, shared notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError

from ..models import Goal, GoalProgress, GoalStatus, Milestone, Note, Pair, PairStatus
from .common import require_active, require_member


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@transaction.atomic
def goal_create(
    *,
    pair: Pair,
    by: Any,
    statement: str,
    target_value: Any,
    unit: str,
    achievable: str,
    relevance: str,
    due_date: dt.date | None,
    baseline_value: Any = 0,
    milestones: list[tuple[str, dt.date | None]] | None = None,
) -> Goal:
    """Add a SMART goal. Refused, naming the field, unless it is specific, measurable (a target
    different from the start, with a unit), achievable, relevant and has a future due date."""
    require_member(pair, by)
    require_active(pair)
    errors: dict[str, list[str]] = {}
    target, baseline = _decimal(target_value), _decimal(baseline_value)
    if len(statement.strip()) < 10:
        errors["statement"] = [_("Say specifically what will change, in a full sentence.")]
    if target is None:
        errors["target_value"] = [
            _("A SMART goal is measurable: give a number to reach, e.g. 3 (reports built).")
        ]
    elif baseline is not None and target == baseline:
        errors["target_value"] = [_("The target must differ from the starting value.")]
    if baseline is None:
        errors["baseline_value"] = [_("Give the starting value as a number (0 if none).")]
    if not unit.strip():
        errors["unit"] = [_("Name the unit of the target, e.g. “reports” or “%”.")]
    if not achievable.strip():
        errors["achievable"] = [_("Explain why this is achievable in the time you have.")]
    if not relevance.strip():
        errors["relevance"] = [_("Explain why this goal matters to the mentee's work.")]
    if due_date is None:
        errors["due_date"] = [_("A SMART goal is time-bound: choose a due date.")]
    elif due_date <= timezone.localdate():
        errors["due_date"] = [_("The due date must be in the future.")]
    for title, _day in milestones or []:
        if len(title) > 200:
            errors["milestones"] = [_("A milestone title has at most 200 characters.")]
    if errors:
        raise ServiceError(errors)
    now = timezone.now()
    goal = Goal.objects.create(
        pair=pair,
        statement=statement.strip(),
        target_value=target,
        unit=unit.strip()[:50],
        baseline_value=baseline,
        current_value=baseline,
        achievable=achievable.strip(),
        relevance=relevance.strip(),
        due_date=due_date,
        created_by=by,
        created_at=now,
        last_progress_at=now,
    )
    for title, day in milestones or []:
        if title.strip():
            Milestone.objects.create(goal=goal, title=title.strip(), due_date=day)
    audit.record(action="pairs.goal_create", actor=by, target=pair, details={"goal": goal.pk})
    return goal


def _lock_goal(goal: Goal, by: Any, *, allow_ended: bool = False) -> Goal:
    goal = Goal.objects.select_for_update().select_related(
        "pair__mentor__employee", "pair__mentee__employee"
    ).get(pk=goal.pk)
    require_member(goal.pair, by)
    if not (allow_ended and goal.pair.status == PairStatus.COMPLETED):
        require_active(goal.pair)
    return goal


@transaction.atomic
def goal_progress_add(*, goal: Goal, by: Any, value: Any, note: str = "") -> GoalProgress:
    """Record where the goal stands now; the updates form its history."""
    goal = _lock_goal(goal, by)
    number = _decimal(value)
    if number is None:
        raise ServiceError({"value": [_("Give the current value as a number.")]})
    now = timezone.now()
    progress = GoalProgress.objects.create(
        goal=goal, value=number, note=note.strip()[:500], by=by, at=now
    )
    goal.current_value = number
    goal.last_progress_at = now
    goal.save(update_fields=["current_value", "last_progress_at"])
    return progress


# How long "mark achieved" can be taken back with one tap (issue 16: no confirmation, no undo).
UNDO_WINDOW = dt.timedelta(minutes=10)


def goal_undo_until(goal: Goal) -> dt.datetime | None:
    """Until when the goal's "achieved" can be undone, or None when it cannot (any more)."""
    if goal.status != GoalStatus.ACHIEVED or goal.achieved_at is None:
        return None
    until = goal.achieved_at + UNDO_WINDOW
    return until if timezone.now() < until else None


@transaction.atomic
def goal_set_status(*, goal: Goal, by: Any, status: str) -> Goal:
    """Mark a goal achieved or dropped (also allowed after the pair completed). Opening an
    achieved goal again is `goal_achieved_undo`, within UNDO_WINDOW."""
    if status not in GoalStatus.values or status == GoalStatus.OPEN:
        raise ServiceError({"status": [_("Choose a goal status.")]})
    goal = _lock_goal(goal, by, allow_ended=True)
    if goal.status == status:
        return goal  # already so: nothing to do, the time it was achieved stays
    goal.status = status
    goal.achieved_at = timezone.now() if status == GoalStatus.ACHIEVED else None
    goal.save(update_fields=["status", "achieved_at"])
    audit.record(
        action="pairs.goal_status", actor=by, target=goal.pair,
        details={"goal": goal.pk, "status": status},
    )
    return goal


@transaction.atomic
def goal_achieved_undo(*, goal: Goal, by: Any) -> Goal:
    """Take back "achieved" within UNDO_WINDOW of marking it: the goal is open again."""
    goal = _lock_goal(goal, by, allow_ended=True)
    if goal_undo_until(goal) is None:
        raise ServiceError(
            _("This can no longer be undone: a goal can be reopened up to %(minutes)d minutes "
              "after it was marked achieved.") % {"minutes": UNDO_WINDOW.seconds // 60},
            code="undo_expired",
        )
    goal.status = GoalStatus.OPEN
    goal.achieved_at = None
    goal.save(update_fields=["status", "achieved_at"])
    audit.record(action="pairs.goal_achieved_undo", actor=by, target=goal.pair,
                 details={"goal": goal.pk})
    return goal


@transaction.atomic
def milestone_add(*, goal: Goal, by: Any, title: str, due_date: dt.date | None = None) -> Milestone:
    goal = _lock_goal(goal, by)
    if not title.strip():
        raise ServiceError({"title": [_("Name the milestone.")]})
    return Milestone.objects.create(goal=goal, title=title.strip()[:200], due_date=due_date)


@transaction.atomic
def milestone_toggle(*, milestone: Milestone, by: Any) -> Milestone:
    _lock_goal(milestone.goal, by)
    milestone.done_at = None if milestone.done_at else timezone.now()
    milestone.save(update_fields=["done_at"])
    return milestone


@transaction.atomic
def goals_share(*, pair: Pair, by: Any, shared: bool) -> Pair:
    """Let HR read the goal texts (or stop sharing). Notes are never shared."""
    require_member(pair, by)
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    pair.goals_shared = bool(shared)
    pair.save(update_fields=["goals_shared"])
    audit.record(action="pairs.goals_share", actor=by, target=pair, details={"shared": shared})
    return pair


@transaction.atomic
def note_add(*, pair: Pair, by: Any, body: str) -> Note:
    """A shared note: only the two members of the pair can read it."""
    require_member(pair, by)
    require_active(pair)
    if not body.strip():
        raise ServiceError({"body": [_("Write something first.")]})
    if len(body) > 10000:
        raise ServiceError({"body": [_("A note has at most 10,000 characters.")]})
    return Note.objects.create(pair=pair, author=by, body=body.strip(), created_at=timezone.now())

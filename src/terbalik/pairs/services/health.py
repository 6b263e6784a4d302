"""Recompute and store pair health (called by the periodic job and after check-ins)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from terbalik.webhooks import services as webhooks

from ..health import Facts, assess
from ..models import (
    GoalStatus,
    Health,
    HealthRecord,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Pair,
    PairStatus,
)
from .agreement import agreement_for
from .common import CADENCE_DAYS

LOOK_BACK = dt.timedelta(days=90)


def facts_for(pair: Pair, now: dt.datetime) -> Facts:
    cadence = CADENCE_DAYS.get(agreement_for(pair).cadence, 14)
    meetings = Meeting.objects.filter(pair=pair, status=MeetingStatus.SCHEDULED)
    last_held = meetings.filter(outcome=MeetingOutcome.HELD, starts_at__lte=now).aggregate(
        last=Max("starts_at")
    )["last"]
    past = [
        (m.starts_at, m.outcome, [c.rating for c in m.checkins.all() if c.rating])
        for m in meetings.filter(starts_at__lte=now, starts_at__gte=now - LOOK_BACK)
        .prefetch_related("checkins")
    ]
    overdue = pair.goals.filter(status=GoalStatus.OPEN, due_date__lt=now.date()).count()
    return Facts(started_at=pair.started_at, cadence_days=cadence, last_held_at=last_held,
                 past=past, overdue_goals=overdue)


@transaction.atomic
def pair_health_recompute(*, pair: Pair, now: dt.datetime) -> Pair:
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.ACTIVE:
        return pair
    health, reasons = assess(facts_for(pair, now), now)
    pair.health, pair.health_reasons, pair.health_checked_at = health, reasons, now
    pair.save(update_fields=["health", "health_reasons", "health_checked_at"])
    last = HealthRecord.objects.filter(pair=pair).order_by("-at", "-id").first()
    if last is None or (last.health, last.reasons) != (health, reasons):
        record = HealthRecord.objects.create(pair=pair, health=health, reasons=reasons, at=now)
        risky = (Health.AT_RISK, Health.INACTIVE)  # flagged (at risk or worse): tell once
        if health in risky and (last is None or last.health not in risky):
            webhooks.emit("pair.at_risk", pair, key=f"pair.at_risk:{record.pk}")
    return pair


RECHECK_AFTER = dt.timedelta(hours=1)


def pairs_health_recompute(*, now: dt.datetime, pairs: Any = None) -> int:
    """Recompute active pairs not checked within the last hour (the tick runs every minute)."""
    if pairs is None:
        pairs = Pair.objects.filter(status=PairStatus.ACTIVE).filter(
            Q(health_checked_at__isnull=True)
            | Q(health_checked_at__lte=now - RECHECK_AFTER)
            | Q(health_checked_at__gt=now)
        )
    qs = pairs
    count = 0
    for pair in qs.only("pk"):
        pair_health_recompute(pair=pair, now=now)
        count += 1
    return count

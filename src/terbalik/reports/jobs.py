"""Scheduled job of the reports app: tell webhook subscribers when a program's outcome can be
read.

A program's outcome (the before/after comparison and its verdict) becomes available when a
post-survey linked to its pre-survey closes — at its closing time or when HR closes it early.
Neither is a write this app sees, so the tick looks for post-surveys that closed within
`LOOK_BACK` and emits `outcome.available` for each; the event is keyed by the sending, so every
subscription gets it once however many ticks see it.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from terbalik.surveys.models import Phase, SurveyInstance
from terbalik.webhooks import services as webhooks

LOOK_BACK = dt.timedelta(days=2)  # longer than any scheduler outage we expect to sit out


def outcomes_announce(*, now: dt.datetime | None = None) -> int:
    """Emit `outcome.available` for post-surveys closed in (now - LOOK_BACK, now]."""
    now = now or timezone.now()
    since = now - LOOK_BACK
    closed = SurveyInstance.objects.filter(
        Q(closes_at__gt=since, closes_at__lte=now) | Q(closed_at__gt=since, closed_at__lte=now),
        program_id__isnull=False, phase=Phase.POST, pre_instance__isnull=False,
    ).only("id", "program_id", "pre_instance_id", "closes_at", "closed_at")
    emitted = 0
    for sending in closed:
        if since < sending.effective_close <= now:
            emitted += webhooks.emit("outcome.available", sending,
                                     key=f"outcome.available:{sending.pk}")
    return emitted

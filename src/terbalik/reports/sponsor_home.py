"""The sponsor's home: each sponsored program's outcome and engagement at a glance.

Aggregates only, from a fixed number of queries whatever the number of programs or pairs:
the rows of `overview.overview` (participants, matched share, active pairs, at-risk pairs, the
outcome verdict where the cross-program overview computes one) plus, per program, the meetings
held in the last 30 days, the check-in rate and the mean session rating. Every figure is
hidden while a program has fewer than `MIN_GROUP_SIZE` participants, and the rating also
while fewer than `MIN_GROUP_SIZE` pairs gave one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q

from terbalik.core.privacy import group_is_reportable
from terbalik.pairs.models import CheckIn, Meeting, MeetingOutcome, MeetingStatus

from .access import programs_reported_to
from .overview import Row, overview

RECENT = dt.timedelta(days=30)


@dataclass
class SponsorRow:
    row: Row
    suppressed: bool
    held_recent: int | None = None
    checkin_rate: float | None = None
    mean_rating: float | None = None


def sponsor_home(user: Any, *, now: dt.datetime) -> list[SponsorRow]:
    """One row per program `user` sponsors (none for anybody else), aggregates only."""
    rows = overview(programs=programs_reported_to(user), people=False)
    ids = [r.program.pk for r in rows]
    past = Q(starts_at__lt=now)
    meetings = {
        m["pair__program"]: m for m in
        Meeting.objects.filter(pair__program__in=ids).exclude(status=MeetingStatus.CANCELLED)
        .order_by().values("pair__program").annotate(
            held_recent=Count("pk", filter=past & Q(outcome=MeetingOutcome.HELD,
                                                    starts_at__gte=now - RECENT)),
            past=Count("pk", filter=past),
            answered=Count("pk", filter=past & ~Q(outcome=MeetingOutcome.PENDING)),
        )
    }
    ratings = {
        r["meeting__pair__program"]: r for r in
        CheckIn.objects.filter(meeting__pair__program__in=ids, rating__isnull=False)
        .order_by().values("meeting__pair__program")
        .annotate(mean=Avg("rating"), pairs=Count("meeting__pair", distinct=True))
    }
    result = []
    for row in rows:
        shown = SponsorRow(row=row, suppressed=row.participants is None
                           or not group_is_reportable(row.participants))
        if not shown.suppressed:
            m = meetings.get(row.program.pk, {})
            shown.held_recent = m.get("held_recent", 0)
            if m.get("past"):
                shown.checkin_rate = 100.0 * m["answered"] / m["past"]
            r = ratings.get(row.program.pk)
            if r and group_is_reportable(r["pairs"]):
                shown.mean_rating = r["mean"]
        result.append(shown)
    return result

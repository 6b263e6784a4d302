"""Pair health from plain facts (pure): on track / at risk / inactive, with reason codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# reason code -> label (shown to HR; never contains notes or goal texts)
REASONS = {
    "no_meeting": _("No meeting held for more than twice the agreed cadence"),
    "one_sided": _("Meetings confirmed by one person only, or disputed"),
    "low_rating": _("Low meeting ratings"),
    "overdue_goals": _("Goals past their due date"),
    "unanswered_checkins": _("Meetings nobody confirmed"),
}
GRACE_DAYS = 3  # time to answer a check-in before it counts as unanswered


@dataclass
class Facts:
    started_at: dt.datetime
    cadence_days: int
    last_held_at: dt.datetime | None = None
    # past meetings within the look-back window: (starts_at, outcome, ratings)
    past: list[tuple[dt.datetime, str, list[int]]] = field(default_factory=list)
    overdue_goals: int = 0


def assess(facts: Facts, now: dt.datetime) -> tuple[str, list[str]]:
    reasons: list[str] = []
    since = facts.last_held_at or facts.started_at
    idle = now - since
    limit = dt.timedelta(days=2 * facts.cadence_days)
    if idle > limit:
        reasons.append("no_meeting")
    settled = [m for m in facts.past if now - m[0] > dt.timedelta(days=GRACE_DAYS)]
    if any(outcome in ("one_sided", "disputed") for _s, outcome, _r in settled):
        reasons.append("one_sided")
    ratings = [r for _s, _o, rs in sorted(facts.past)[-3:] for r in rs]
    if ratings and sum(ratings) / len(ratings) < 3:
        reasons.append("low_rating")
    if facts.overdue_goals:
        reasons.append("overdue_goals")
    if sum(1 for _s, outcome, _r in settled if outcome == "pending") >= 2:
        reasons.append("unanswered_checkins")
    if idle > 2 * limit:
        return "inactive", reasons
    return ("at_risk" if reasons else "on_track"), reasons

"""Scheduled work of the pairs app, run by `terbalik tick` (notify.tick) with a given `now`.

Every send goes through `notify.services.notify_once` with a key naming its cause, so running
twice (or from two schedulers at once) sends nothing twice. Pair rows that are changed
(closing, rollover) are claimed with `select_for_update(skip_locked=True)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.notify.models import Kind
from terbalik.notify.services import claim, notify_once
from terbalik.programs.models import Status, Term

from . import messages
from .models import (
    Agreement,
    CheckIn,
    Goal,
    GoalStatus,
    Meeting,
    MeetingStatus,
    Pair,
    PairStatus,
    Touchpoint,
)
from .services.closing import pair_complete, pair_rollover, send_survey
from .services.common import CADENCE_DAYS, members
from .services.health import pairs_health_recompute

REMIND_BEFORE = dt.timedelta(hours=24)
CHECKIN_WINDOW = dt.timedelta(days=7)
GOAL_STALL = dt.timedelta(weeks=3)
PULSE_FIRST, PULSE_EVERY = 30, 60
TOUCHPOINT_DAYS = {Touchpoint.WEEKLY: 7, Touchpoint.BIWEEKLY: 14}
RELATED = (
    "pair__program", "pair__mentor__employee__user", "pair__mentee__employee__user",
    "pair__mentor__user", "pair__mentee__user",
)
PAIR_RELATED = tuple(name.removeprefix("pair__") for name in RELATED)


def _active_pairs() -> Any:
    return Pair.objects.filter(status=PairStatus.ACTIVE).select_related(*PAIR_RELATED)


def meeting_reminders(now: dt.datetime) -> int:
    sent = 0
    due = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, pair__status=PairStatus.ACTIVE,
        starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE,
    ).select_related(*RELATED)
    for meeting in due:
        stamp = meeting.starts_at.strftime("%Y%m%dT%H%M")
        for role, user in members(meeting.pair):
            sent += notify_once(
                key=f"reminder:{meeting.pk}:{stamp}:{user.pk}", kind=Kind.MEETING_REMINDER,
                user=user, build=messages.reminder(meeting, role, user), now=now,
            )
    return sent


def checkin_requests(now: dt.datetime) -> int:
    sent = 0
    due = Meeting.objects.filter(
        status=MeetingStatus.SCHEDULED, pair__status=PairStatus.ACTIVE,
        ends_at__lte=now, ends_at__gt=now - CHECKIN_WINDOW,
    ).select_related(*RELATED)
    answered = set(
        CheckIn.objects.filter(meeting__in=due).values_list("meeting_id", "role")
    )
    for meeting in due:
        stamp = meeting.starts_at.strftime("%Y%m%dT%H%M")
        for role, user in members(meeting.pair):
            if (meeting.pk, role) in answered:
                continue
            sent += notify_once(
                key=f"checkin:{meeting.pk}:{stamp}:{user.pk}", kind=Kind.CHECKIN_REQUEST,
                user=user, build=messages.checkin_request(meeting, role, user), now=now,
            )
    return sent


def touchpoints(now: dt.datetime) -> int:
    sent = 0
    agreements = Agreement.objects.filter(
        pair__status=PairStatus.ACTIVE, touchpoint__in=list(TOUCHPOINT_DAYS),
        mentor_accepted_at__isnull=False, mentee_accepted_at__isnull=False,
    ).select_related(*RELATED)
    for agreement in agreements:
        period = TOUCHPOINT_DAYS[agreement.touchpoint]
        elapsed = (now - agreement.accepted_at).days
        index = elapsed // period
        if index < 1:
            continue
        for role, user in members(agreement.pair):
            sent += notify_once(
                key=f"touchpoint:{agreement.pair_id}:{agreement.version}:{index}:{user.pk}",
                kind=Kind.TOUCHPOINT, user=user, now=now,
                build=messages.touchpoint(agreement.pair, role, user, agreement.touchpoint_note),
            )
    return sent


def pulses(now: dt.datetime) -> int:
    """Relationship check-in survey 30 days in, then every 60 days (the latest due one)."""
    sent = 0
    for pair in _active_pairs():
        days = (now - pair.started_at).days
        if days < PULSE_FIRST:
            continue
        wave = (days - PULSE_FIRST) // PULSE_EVERY
        users = [u for _r, u in members(pair)]
        if not any(_wants_pulse(u) for u in users):
            continue
        with transaction.atomic():  # the claim and the sending commit together
            if not claim(key=f"pulse:{pair.pk}:{wave}", kind=Kind.PULSE, now=now):
                continue
            send_survey(
                pair=pair, template_key="relationship-checkin", now=now,
                title=_("Relationship check-in (%(days)d days): %(program)s")
                % {"days": PULSE_FIRST + wave * PULSE_EVERY, "program": pair.program.name},
            )
        sent += 1
    return sent


def _wants_pulse(user: Any) -> bool:
    from terbalik.notify.services import wants

    return wants(user, Kind.PULSE)


def nudges(now: dt.datetime) -> int:
    sent = 0
    for pair in _active_pairs():
        agreement = getattr(pair, "agreement", None)
        cadence = CADENCE_DAYS.get(agreement.cadence if agreement else "", 14)
        last = (
            Meeting.objects.filter(pair=pair, outcome="held", starts_at__lte=now)
            .order_by("-starts_at").values_list("starts_at", flat=True).first()
        )
        since = last or pair.started_at
        idle = (now - since).days
        if idle > 2 * cadence:
            cause = since.strftime("%Y%m%dT%H%M")
            for role, user in members(pair):
                sent += notify_once(
                    key=f"nudge-meeting:{pair.pk}:{cause}:{user.pk}", kind=Kind.NUDGE, user=user,
                    build=messages.nudge_no_meeting(pair, role, user, idle), now=now,
                )
    stalled = Goal.objects.filter(
        status=GoalStatus.OPEN, pair__status=PairStatus.ACTIVE,
        last_progress_at__lte=now - GOAL_STALL,
    ).select_related(*RELATED)
    for goal in stalled:
        cause = goal.last_progress_at.strftime("%Y%m%dT%H%M")
        for _role, user in members(goal.pair):
            sent += notify_once(
                key=f"nudge-goal:{goal.pk}:{cause}:{user.pk}", kind=Kind.NUDGE, user=user,
                build=messages.nudge_goal(goal.pair, user, goal.statement[:80]), now=now,
            )
    return sent


def closing(now: dt.datetime) -> int:
    """Fixed term: complete pairs when the program's end date has passed. Ongoing: warn two
    weeks ahead, then roll over or complete at the end of each pair's term."""
    today = timezone.localdate(now)
    done = 0
    running = (Status.ACTIVE, Status.CLOSING)
    fixed = Q(program__term=Term.FIXED, program__end_date__lt=today)
    ongoing = Q(program__term=Term.ONGOING, term_ends_on__lte=today)
    ids = list(
        Pair.objects.filter(fixed | ongoing, status=PairStatus.ACTIVE,
                            program__status__in=running).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            pair = (
                Pair.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=PairStatus.ACTIVE).select_related("program").first()
            )
            if pair is None:
                continue  # another scheduler has it
            if pair.program.term == Term.ONGOING:
                pair_rollover(pair=pair, now=now)
            else:
                pair_complete(pair=pair, now=now)
            done += 1
    soon = _active_pairs().filter(
        program__term=Term.ONGOING, term_ends_on__gt=today,
        term_ends_on__lte=today + dt.timedelta(days=14),
    )
    for pair in soon:
        for _role, user in members(pair):
            notify_once(key=f"term-ending:{pair.pk}:{pair.term_ends_on}:{user.pk}",
                        kind="term_ending", user=user, now=now,
                        build=messages.term_ending(pair, user, pair.term_ends_on))
    return done


def run_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {
        "reminders": meeting_reminders(now),
        "checkin_requests": checkin_requests(now),
        "touchpoints": touchpoints(now),
        "pulses": pulses(now),
        "nudges": nudges(now),
        "closed": closing(now),
        "health": pairs_health_recompute(now=now),
    }

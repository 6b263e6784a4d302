"""Meetings: one or a series, in the scheduler's time zone; invitations with `.ics`;
reschedule (SEQUENCE+1), cancel (METHOD:CANCEL); the two-sided check-in."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.compiled import Compiled
from terbalik.core.service_errors import ServiceError
from terbalik.notify import emails, ics
from terbalik.webhooks import services as webhooks

from .. import messages
from ..models import (
    CheckIn,
    CheckInAnswer,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Pair,
    TrainingResult,
)
from .agreement import agreement_for
from .common import add_months, enrollment_of, members, require_active, require_member

REPEATS = {"once": 0, "weekly": 7, "biweekly": 14, "monthly": -1}
MAX_SERIES = 26


def zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ServiceError({"time_zone": [_("Choose a valid time zone.")]}) from exc


def series_starts(
    local_date: dt.date, local_time: dt.time, time_zone: str, repeat: str, count: int
) -> list[dt.datetime]:
    """Aware start times of a series kept at the same local wall-clock time (DST included)."""
    tz = zone(time_zone)
    step = REPEATS[repeat]
    out = []
    for k in range(count if step else 1):
        if step == -1:
            day = add_months(local_date, k)
        else:
            day = local_date + dt.timedelta(days=step * k)
        out.append(dt.datetime.combine(day, local_time, tzinfo=tz).astimezone(dt.UTC))
    return out


def training_done(pair: Pair, role: str) -> bool:
    return TrainingResult.objects.filter(
        enrollment=enrollment_of(pair, role), completed_at__isnull=False
    ).exists()


def _invite(meeting: Meeting, *, kind: str) -> None:
    """E-mail both members the invitation, update or cancellation with the `.ics` part
    (its texts in each recipient's language; UID, SEQUENCE and times are the same)."""
    for role, user in members(meeting.pair):
        with translation.override(emails.language_of(user)):
            event = _event(meeting)
            if kind == "cancel":
                part = emails.CalendarPart(ics.cancel(event), "CANCEL", "cancel.ics")
            else:
                part = emails.CalendarPart(ics.request(event), "REQUEST", "invite.ics")
        emails.send(key=meeting_key(meeting, kind=kind, user=user), user=user,
                    build=messages.meeting_message(meeting, role, user, kind), calendar=part)


def meeting_key(meeting: Meeting, *, kind: str, user: Any) -> str:
    """The cause of one meeting e-mail: this meeting at this SEQUENCE (a reschedule or a
    cancellation raises it), the kind, the recipient — a repeat of the same cause sends nothing."""
    return f"meeting:{meeting.pk}:{meeting.sequence}:{kind}:{user.pk}"


def _event(meeting: Meeting) -> ics.Event:
    from ..calendar import event_for

    return event_for(meeting)


@transaction.atomic
def meeting_schedule(
    *,
    pair: Pair,
    by: Any,
    local_date: dt.date,
    local_time: dt.time,
    time_zone: str,
    minutes: int | None = None,
    repeat: str = "once",
    count: int = 1,
    channel: str = "",
    location: str = "",
) -> list[Meeting]:
    """Schedule one meeting or a series at `local_date` `local_time` (wall clock) in
    `time_zone`; a series keeps that local time (e.g. 09:00 in Amsterdam across DST)."""
    role = require_member(pair, by)
    require_active(pair)
    errors: dict[str, list[str]] = {}
    if not training_done(pair, role):
        raise ServiceError(
            _("Complete the communication-skills module before scheduling your first meeting.")
        )
    if repeat not in REPEATS:
        errors["repeat"] = [_("Choose how the meeting repeats.")]
    if repeat != "once" and not 2 <= count <= MAX_SERIES:
        errors["count"] = [_("A series has between 2 and %(max)d meetings.") % {"max": MAX_SERIES}]
    minutes = minutes or agreement_for(pair).session_minutes
    if not 15 <= minutes <= 240:
        errors["minutes"] = [_("A session lasts between 15 and 240 minutes.")]
    if errors:
        raise ServiceError(errors)
    starts = series_starts(local_date, local_time, time_zone, repeat, count)
    if starts[0] <= timezone.now():
        raise ServiceError({"local_date": [_("Choose a time in the future.")]})
    series = uuid.uuid4() if len(starts) > 1 else None
    now = timezone.now()
    created = [
        Meeting.objects.create(
            pair=pair, uid=Meeting.new_uid(), series=series, starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes), time_zone=time_zone,
            channel=channel[:20], location=location.strip()[:300], created_by=by, updated_at=now,
        )
        for start in starts
    ]
    for meeting in created:
        _invite(meeting, kind="new")
    audit.record(
        action="pairs.meeting_schedule", actor=by, target=pair, details={"count": len(created)}
    )
    return created


def _lock(meeting: Meeting, by: Any) -> Meeting:
    meeting = Meeting.objects.select_for_update().select_related("pair").get(pk=meeting.pk)
    require_member(meeting.pair, by)
    require_active(meeting.pair)
    return meeting


def _refuse_held(meeting: Meeting) -> None:
    """A meeting both confirmed as held is part of the pair's record: moving it would delete
    the two check-ins, cancelling it would hide a held meeting."""
    if meeting.outcome == MeetingOutcome.HELD:
        raise ServiceError(
            _("You both confirmed this meeting took place; it can no longer be moved or "
              "cancelled.")
        )


@transaction.atomic
def meeting_reschedule(
    *, meeting: Meeting, by: Any, local_date: dt.date, local_time: dt.time, time_zone: str,
    minutes: int | None = None,
) -> Meeting:
    """Move a meeting: same UID, SEQUENCE+1, an update goes to both."""
    meeting = _lock(meeting, by)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(_("This meeting was cancelled."))
    _refuse_held(meeting)
    start = series_starts(local_date, local_time, time_zone, "once", 1)[0]
    if start <= timezone.now():
        raise ServiceError({"local_date": [_("Choose a time in the future.")]})
    length = minutes or int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    meeting.starts_at, meeting.ends_at = start, start + dt.timedelta(minutes=length)
    meeting.time_zone = time_zone
    meeting.sequence += 1
    meeting.outcome = MeetingOutcome.PENDING
    meeting.updated_at = timezone.now()
    meeting.save()
    meeting.checkins.all().delete()
    _invite(meeting, kind="update")
    audit.record(action="pairs.meeting_reschedule", actor=by, target=meeting.pair,
                 details={"meeting": meeting.pk, "sequence": meeting.sequence})
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: Any) -> Meeting:
    """Cancel: METHOD:CANCEL with the same UID and a higher SEQUENCE."""
    meeting = _lock(meeting, by)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    _refuse_held(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    _invite(meeting, kind="cancel")
    audit.record(action="pairs.meeting_cancel", actor=by, target=meeting.pair,
                 details={"meeting": meeting.pk})
    return meeting


def outcome_of(answers: list[str]) -> str:
    """Held when both say held; disputed when they disagree; one-sided with one answer."""
    if not answers:
        return MeetingOutcome.PENDING
    if len(answers) == 1:
        return MeetingOutcome.ONE_SIDED
    first, second = answers[0], answers[1]
    if first != second:
        return MeetingOutcome.DISPUTED
    return {
        CheckInAnswer.HELD: MeetingOutcome.HELD,
        CheckInAnswer.NOT_HELD: MeetingOutcome.NOT_HELD,
        CheckInAnswer.RESCHEDULED: MeetingOutcome.RESCHEDULED,
    }[first]


def _locked_meeting(pk: int) -> Any:
    return Meeting.objects.select_for_update().filter(pk=pk)


def _meeting_checkins(meeting_pk: int) -> Any:
    return CheckIn.objects.filter(meeting_id=meeting_pk).order_by("role")


# The check-in post's reads, compiled once per connection (core.compiled): building them with
# the ORM cost more CPU than running them.
_LOCKED_MEETING = Compiled(Meeting, _locked_meeting)
_MEETING_CHECKINS = Compiled(CheckIn, _meeting_checkins)


@transaction.atomic
def checkin_submit(
    *, meeting: Meeting, by: Any, answer: str, rating: int | None = None, comment: str = ""
) -> CheckIn:
    """One person's answer after the meeting (can be changed); updates the meeting outcome.

    Four statements at most: lock the meeting, read its (at most two) check-ins, update or
    insert this person's, and set the outcome when it changed. Every writer of a check-in's
    answer (this function) first locks its meeting, so two answers to one meeting queue at the
    lock and the read that follows sees the other's answer: no second lock on the check-in row
    and no savepoint around the insert (update_or_create's), which cost seven statements."""
    # Locks the meeting row only (not the pair): two answers to one meeting queue here, and
    # nothing below reads the pair's state; a change of the pair itself takes its own lock.
    found = _LOCKED_MEETING(meeting.pk)
    if not found:
        raise Meeting.DoesNotExist("Meeting matching query does not exist.")
    locked = found[0]
    if Meeting.pair.is_cached(meeting) and meeting.pair_id == locked.pair_id:
        locked.pair = meeting.pair  # read with its members by the caller (access.get_pair_meeting)
    meeting = locked
    role = require_member(meeting.pair, by)
    errors: dict[str, list[str]] = {}
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(_("This meeting was cancelled."))
    if meeting.starts_at > timezone.now():
        raise ServiceError(_("You can confirm a meeting once it has started."))
    if answer not in CheckInAnswer.values:
        errors["answer"] = [_("Say whether the meeting took place.")]
    if answer == CheckInAnswer.HELD and rating is None:
        errors["rating"] = [_("Rate the meeting from 1 to 5.")]
    if rating is not None and not 1 <= rating <= 5:
        errors["rating"] = [_("Rate the meeting from 1 to 5.")]
    if errors:
        raise ServiceError(errors)
    values = {
        "user": by, "answer": answer,
        "rating": rating if answer == CheckInAnswer.HELD else None,
        "comment": comment.strip()[:2000], "at": timezone.now(),
    }
    checkins = _MEETING_CHECKINS(meeting.pk)
    checkin = next((c for c in checkins if c.role == role), None)
    if checkin is None:
        checkin = CheckIn.objects.create(meeting=meeting, role=role, **values)
        checkins = sorted([*checkins, checkin], key=lambda c: c.role)
    else:
        for name, value in values.items():
            setattr(checkin, name, value)
        checkin.save(update_fields=list(values))
    outcome = outcome_of([c.answer for c in checkins])
    if outcome != meeting.outcome:  # the row is locked: an unchanged outcome is not written
        meeting.outcome = outcome
        meeting.save(update_fields=["outcome"])
    if meeting.outcome == MeetingOutcome.HELD:  # once per meeting, however often confirmed
        webhooks.emit("meeting.held", meeting, key=f"meeting.held:{meeting.pk}")
    return checkin

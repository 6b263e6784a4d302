"""Calendar events of meetings (the `.ics` text itself is written by `notify.ics`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext as _

from terbalik.notify import ics

from .models import Meeting, MeetingStatus
from .services.common import members, person_name


def event_for(meeting: Meeting, *, cancelled: bool = False,
              attendees: bool = True) -> ics.Event:
    """`attendees` False: without the members' accounts (the "add to calendar" links do not
    name them, and pages that only show those links need not read the accounts)."""
    pair = meeting.pair
    program = pair.program
    people = [(u.full_name or u.email, u.email) for _role, u in members(pair)
              if u.email] if attendees else []
    return ics.Event(
        uid=meeting.uid,
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        summary=_summary(pair),
        description=_description(program),
        location=meeting.location,
        organizer=("Terbalik", _organizer_address()),
        attendees=people,
        cancelled=cancelled or meeting.status == MeetingStatus.CANCELLED,
        time_zone=meeting.time_zone,
        stamp=meeting.updated_at,
    )


def _summary(pair: Any) -> str:
    return _("Reverse mentoring: %(mentor)s and %(mentee)s") % {
        "mentor": person_name(pair, "mentor"), "mentee": person_name(pair, "mentee")}


def _description(program: Any) -> str:
    return _("Program: %(program)s") % {"program": program.name}


def meeting_ics(meeting: Meeting) -> str:
    """One meeting as a calendar file to download and open (same UID as the invitation, so
    importing it after the e-mail does not make a second event)."""
    return ics.calendar([event_for(meeting)], method="PUBLISH")


def add_links(meeting: Meeting) -> dict[str, str]:
    """"Add to Google Calendar / Outlook" addresses for one meeting (times in UTC): the
    summary, description, times and place of its `event_for`, without building the event
    (its organizer and attendees are not in the links; ~0.1 ms per meeting on the pair
    page)."""
    summary, description = _summary(meeting.pair), _description(meeting.pair.program)
    starts_at, ends_at, location = meeting.starts_at, meeting.ends_at, meeting.location
    google = "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE",
        "text": summary,
        "dates": f"{ics.utc(starts_at)}/{ics.utc(ends_at)}",
        "details": description,
        "location": location,
    })
    outlook = "https://outlook.office.com/calendar/0/deeplink/compose?" + urlencode({
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": summary,
        "startdt": _iso_utc(starts_at),
        "enddt": _iso_utc(ends_at),
        "body": description,
        "location": location,
    })
    return {"google": google, "outlook": outlook}


def _iso_utc(value: Any) -> str:
    import datetime as dt

    return str(value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _organizer_address() -> str:
    from email.utils import parseaddr

    from django.conf import settings

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@terbalik.local"


def feed_for(user: Any) -> str:
    """Every meeting of this user's pairs (cancelled ones marked so), as one calendar."""
    mine = Q(pair__mentor__user=user) | Q(pair__mentee__user=user)
    if user.employee_id:
        mine |= Q(pair__mentor__employee_id=user.employee_id) | Q(
            pair__mentee__employee_id=user.employee_id
        )
    meetings = (
        Meeting.objects.filter(mine)
        .select_related(
            "pair__program", "pair__mentor__employee__user", "pair__mentee__employee__user",
            "pair__mentor__user", "pair__mentee__user",
        )
        .order_by("starts_at", "id")
    )
    return ics.calendar(
        [event_for(m) for m in meetings], method="PUBLISH", name=_("Terbalik meetings")
    )

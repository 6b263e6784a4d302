"""iCalendar (RFC 5545) text for meeting invitations and the private feed, written by hand.

Times are written in UTC (`...Z`), which every calendar converts to the reader's zone; the
scheduler's zone is kept in X-TERBALIK-TZID for information. Lines are CRLF-terminated and
folded at 75 octets. Every text value people typed (names, titles, locations) is escaped per
RFC 5545 3.3.11: backslash, `;` and `,` get a backslash, any line break (CRLF, a bare CR or a
bare LF) becomes `\n`, and the other control characters, which the grammar does not allow in
TEXT, are dropped, so no value can start a line of its own. Names in CN parameters are quoted
values: quotes, line breaks and control characters are removed there.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

PRODID = "-//Terbalik//Reverse mentoring//EN"


@dataclass
class Event:
    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    description: str = ""
    location: str = ""
    organizer: tuple[str, str] | None = None  # (name, e-mail)
    attendees: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    time_zone: str = ""
    stamp: dt.datetime | None = None


# C0 controls except HTAB, and DEL: not allowed in TEXT or quoted parameter values.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11) that stays on its own content line."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)  # keeps HTAB and LF
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def utc(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("calendar times must be aware")
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _param(value: str) -> str:
    """A quoted parameter value: no DQUOTE, no line break, no control character."""
    return _CONTROL.sub("", str(value).replace('"', "").replace("\r", " ").replace("\n", " "))


def _person(prop: str, name: str, email: str, extra: str = "") -> str:
    address = _CONTROL.sub("", email.replace("\r", "").replace("\n", ""))
    return f'{prop};CN="{_param(name)}"{extra}:mailto:{address}'


def _event_lines(event: Event) -> list[str]:
    stamp = event.stamp or dt.datetime.now(dt.UTC)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.summary)}",
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}",
    ]
    if event.description:
        lines.append(f"DESCRIPTION:{escape(event.description)}")
    if event.location:
        lines.append(f"LOCATION:{escape(event.location)}")
    if event.time_zone:
        lines.append(f"X-TERBALIK-TZID:{escape(event.time_zone)}")
    if event.organizer:
        lines.append(_person("ORGANIZER", *event.organizer))
    for name, email in event.attendees:
        lines.append(_person("ATTENDEE", name, email, ";ROLE=REQ-PARTICIPANT;RSVP=FALSE"))
    lines.append("END:VEVENT")
    return lines


def calendar(events: Iterable[Event], *, method: str = "", name: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    for event in events:
        lines.extend(_event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def request(event: Event) -> str:
    """An invitation or an update (the caller raises SEQUENCE on every change)."""
    return calendar([event], method="REQUEST")


def cancel(event: Event) -> str:
    event.cancelled = True
    return calendar([event], method="CANCEL")

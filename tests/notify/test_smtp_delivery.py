"""Invitations and scheduled e-mails go through a real SMTP server on loopback (aiosmtpd),
only after the transaction commits."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.db import transaction

from terbalik.notify.tick import run_due
from terbalik.pairs import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_invitation_with_ics_over_smtp_after_commit_and_reminder_from_tick(smtp, make_pair):
    with time_machine.travel(dt.datetime(2027, 3, 1, tzinfo=dt.UTC), tick=False):
        pair = make_pair(mentee_language="id")
        smtp.messages.clear()
        with pytest.raises(RuntimeError), transaction.atomic():
            services.meeting_schedule(
                pair=pair,
                by=pair.mentor_user,
                local_date=dt.date(2027, 3, 5),
                local_time=dt.time(9, 0),
                time_zone="Asia/Jakarta",
            )
            raise RuntimeError("rolled back")
        assert smtp.messages == []  # nothing leaves before a commit
        (meeting,) = services.meeting_schedule(
            pair=pair,
            by=pair.mentor_user,
            local_date=dt.date(2027, 3, 5),
            local_time=dt.time(9, 0),
            time_zone="Asia/Jakarta",
        )
    assert sorted(r[0] for r, _m in smtp.messages) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email]
    )
    _rcpt, message = smtp.messages[0]
    parts = {part.get_content_type(): part for part in message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    assert parts["text/calendar"].get_param("method") == "REQUEST"
    cal = icalendar.Calendar.from_ical(parts["text/calendar"].get_payload(decode=True))
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == meeting.uid
    assert event.decoded("DTSTART") == dt.datetime(2027, 3, 5, 2, 0, tzinfo=dt.UTC)

    smtp.messages.clear()
    with time_machine.travel(dt.datetime(2027, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False):
        run_due()
        run_due()
    reminders = [m for _r, m in smtp.messages if "pair" not in m["Subject"].lower()]
    by_language = {m["To"]: m["Subject"] for _r, m in smtp.messages}
    assert len(smtp.messages) == 2 and reminders
    assert by_language[pair.mentor_user.email].startswith("Tomorrow")

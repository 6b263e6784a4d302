from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from terbalik.pairs import services
from terbalik.pairs.models import Meeting, MeetingOutcome, MeetingStatus

pytestmark = pytest.mark.django_db

UTC = dt.UTC
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def calendar_of(message) -> tuple[str, icalendar.Calendar]:
    for attachment in message.attachments:
        if attachment.get_content_type() == "text/calendar":
            method = attachment.get_param("method")
            return method, icalendar.Calendar.from_ical(attachment.get_payload(decode=True))
    raise AssertionError("no calendar part")


def event(cal: icalendar.Calendar) -> icalendar.Event:
    (vevent,) = cal.walk("VEVENT")
    return vevent


def test_weekly_series_keeps_local_time_across_dst_for_a_traveller(make_pair):
    pair = make_pair(mentor_tz="Europe/Amsterdam", mentee_tz="Asia/Jakarta")
    meetings = services.meeting_schedule(
        pair=pair,
        by=pair.mentor_user,
        local_date=dt.date(2027, 3, 15),
        local_time=dt.time(9, 0),
        time_zone="Europe/Amsterdam",
        repeat="weekly",
        count=4,
        minutes=60,
    )
    starts = [m.starts_at.astimezone(UTC) for m in meetings]
    # 09:00 in Amsterdam every week: CET (UTC+1) until 28 March, CEST (UTC+2) after.
    assert [s.hour for s in starts] == [8, 8, 7, 7]
    assert all(m.starts_at.astimezone(AMS).hour == 9 for m in meetings)
    # Jakarta has no DST: the mentee sees 15:00 then 14:00.
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    assert [m.starts_at.astimezone(jakarta).hour for m in meetings] == [15, 15, 14, 14]
    assert len({m.uid for m in meetings}) == 4 and len({m.series for m in meetings}) == 1


def test_monthly_series_in_a_dst_free_zone_clamps_to_month_end(pair):
    meetings = services.meeting_schedule(
        pair=pair,
        by=pair.mentee_user,
        local_date=dt.date(2027, 1, 31),
        local_time=dt.time(16, 30),
        time_zone="Asia/Jakarta",
        repeat="monthly",
        count=3,
    )
    assert [m.starts_at.astimezone(UTC).strftime("%m-%d %H:%M") for m in meetings] == [
        "01-31 09:30",
        "02-28 09:30",
        "03-31 09:30",
    ]


def test_invitations_read_back_by_icalendar_then_update_then_cancel(make_pair):
    pair = make_pair(mentor_tz="Europe/Amsterdam")
    mail.outbox.clear()
    (meeting,) = services.meeting_schedule(
        pair=pair,
        by=pair.mentor_user,
        local_date=dt.date(2027, 4, 5),
        local_time=dt.time(10, 0),
        time_zone="Europe/Amsterdam",
        minutes=45,
        location="Room 7; floor 2",
    )
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {pair.mentor_user.email, pair.mentee_user.email}
    method, cal = calendar_of(mail.outbox[0])
    assert method == "REQUEST" and str(cal["METHOD"]) == "REQUEST"
    first = event(cal)
    uid = str(first["UID"])
    assert uid == meeting.uid and int(first["SEQUENCE"]) == 0
    start = first.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(0)  # written in UTC
    assert start == dt.datetime(2027, 4, 5, 10, 0, tzinfo=AMS)  # same instant as 10:00 CEST
    assert first.decoded("DTEND") - start == dt.timedelta(minutes=45)
    assert str(first["LOCATION"]) == "Room 7; floor 2"
    assert {str(a) for a in first.get("ATTENDEE")} == {
        f"mailto:{pair.mentor_user.email}",
        f"mailto:{pair.mentee_user.email}",
    }

    mail.outbox.clear()
    services.meeting_reschedule(
        meeting=meeting,
        by=pair.mentee_user,
        local_date=dt.date(2027, 4, 6),
        local_time=dt.time(18, 0),
        time_zone="Asia/Jakarta",
    )
    method, cal = calendar_of(mail.outbox[0])
    moved = event(cal)
    assert method == "REQUEST" and str(moved["UID"]) == uid and int(moved["SEQUENCE"]) == 1
    assert moved.decoded("DTSTART") == dt.datetime(2027, 4, 6, 11, 0, tzinfo=UTC)
    assert moved.decoded("DTEND") - moved.decoded("DTSTART") == dt.timedelta(minutes=45)

    mail.outbox.clear()
    services.meeting_cancel(meeting=meeting, by=pair.mentor_user)
    method, cal = calendar_of(mail.outbox[0])
    gone = event(cal)
    assert method == "CANCEL" and str(cal["METHOD"]) == "CANCEL"
    assert str(gone["UID"]) == uid and int(gone["SEQUENCE"]) == 2
    assert str(gone["STATUS"]) == "CANCELLED"
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_invitation_text_is_in_each_recipients_language_and_time_zone(make_pair):
    pair = make_pair(mentor_tz="Europe/Amsterdam", mentee_tz="Asia/Jakarta", mentee_language="id")
    mail.outbox.clear()
    services.meeting_schedule(
        pair=pair,
        by=pair.mentor_user,
        local_date=dt.date(2027, 4, 5),
        local_time=dt.time(10, 0),
        time_zone="Europe/Amsterdam",
    )
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "Europe/Amsterdam" in by_to[pair.mentor_user.email].body
    mentee_mail = by_to[pair.mentee_user.email]
    # Indonesian: greeting and date format (15.00 in Jakarta = 10:00 in Amsterdam, CEST)
    assert mentee_mail.body.startswith("Halo")
    assert "Asia/Jakarta" in mentee_mail.body and "15.00" in mentee_mail.body
    # English: day-month-year and a 24-hour clock (issue 17), not "April 5, 2027, 10 a.m."
    assert "5 April 2027, 10:00" in by_to[pair.mentor_user.email].body


def test_scheduling_needs_the_training_and_a_future_time(make_pair):
    pair = make_pair(trained=False)
    with pytest.raises(ValidationError) as caught:
        services.meeting_schedule(
            pair=pair,
            by=pair.mentor_user,
            local_date=dt.date(2027, 4, 5),
            local_time=dt.time(10, 0),
            time_zone="Asia/Jakarta",
        )
    assert "communication-skills module" in caught.value.messages[0]
    trained = make_pair()
    with pytest.raises(ValidationError):
        services.meeting_schedule(
            pair=trained,
            by=trained.mentor_user,
            local_date=dt.date(2020, 4, 5),
            local_time=dt.time(10, 0),
            time_zone="Asia/Jakarta",
        )
    with pytest.raises(ValidationError):
        services.meeting_schedule(
            pair=trained,
            by=trained.mentor_user,
            local_date=dt.date(2027, 4, 5),
            local_time=dt.time(10, 0),
            time_zone="Mars/Olympus",
        )
    assert Meeting.objects.count() == 0


def test_two_sided_checkin_held_and_disputed(pair):
    first, second = services.meeting_schedule(
        pair=pair,
        by=pair.mentor_user,
        local_date=dt.date(2027, 4, 5),
        local_time=dt.time(10, 0),
        time_zone="Asia/Jakarta",
        repeat="weekly",
        count=2,
    )
    with pytest.raises(ValidationError):  # not before it starts
        services.checkin_submit(meeting=first, by=pair.mentor_user, answer="held", rating=4)
    with time_machine.travel(dt.datetime(2027, 4, 20, tzinfo=UTC), tick=False):
        services.checkin_submit(meeting=first, by=pair.mentor_user, answer="held", rating=4)
        first.refresh_from_db()
        assert first.outcome == MeetingOutcome.ONE_SIDED
        services.checkin_submit(
            meeting=first, by=pair.mentee_user, answer="held", rating=5, comment="Great"
        )
        first.refresh_from_db()
        assert first.outcome == MeetingOutcome.HELD
        services.checkin_submit(meeting=second, by=pair.mentor_user, answer="held", rating=3)
        services.checkin_submit(meeting=second, by=pair.mentee_user, answer="not_held")
        second.refresh_from_db()
        assert second.outcome == MeetingOutcome.DISPUTED
        with pytest.raises(ValidationError) as caught:
            services.checkin_submit(meeting=second, by=pair.mentee_user, answer="held")
        assert "rating" in caught.value.message_dict

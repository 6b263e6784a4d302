"""Review fixes: confirmation before cancelling, HR list pages, ended pairs cancel meetings."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from terbalik.pairs import services
from terbalik.pairs.calendar import feed_for
from terbalik.pairs.models import Meeting, MeetingStatus, PairStatus
from terbalik.pairs.views import hr as hr_views

from .test_meetings_ics import calendar_of

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _schedule(pair, day: int, *, count: int = 1):
    return services.meeting_schedule(
        pair=pair, by=pair.mentor_user, local_date=dt.date(2027, 3, day),
        local_time=dt.time(9, 0), time_zone="Asia/Jakarta",
        repeat="weekly" if count > 1 else "once", count=count,
    )


def test_cancelling_a_meeting_asks_first(pair, client):
    with time_machine.travel(dt.datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        (meeting,) = _schedule(pair, 2)
        client.force_login(pair.mentee_user)
        workspace = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
        url = reverse("pairs:meeting_cancel", args=[pair.pk, meeting.pk])
        # the workspace links to the question; it does not cancel with one tap
        assert f'href="{url}"' in workspace
        mail.outbox.clear()
        page = client.get(url)
        assert page.status_code == 200 and "Yes, cancel the meeting" in page.content.decode()
        assert "Asia/Jakarta" in page.content.decode()
        assert client.post(url).status_code == 200  # no confirmation: the question again
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.SCHEDULED and not mail.outbox
        response = client.post(url, {"confirm": "yes"})
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.status == MeetingStatus.CANCELLED and len(mail.outbox) == 2


def test_hr_pair_list_is_paginated_and_keeps_the_filter(
    make_pair, client, hr_user, monkeypatch
):
    monkeypatch.setattr(hr_views, "PAGE_SIZE", 2)
    first = make_pair()
    for _ in range(2):
        make_pair(program=first.program)
    url = reverse("pairs:program_pairs", args=[first.program.pk])
    client.force_login(hr_user)
    one = client.get(url).content.decode()
    assert one.count("data-health=") == 2 and "Page 1 of 2" in one
    two = client.get(url, {"page": 2}).content.decode()
    assert two.count("data-health=") == 1
    filtered = client.get(url, {"health": "on_track"}).content.decode()
    assert "?health=on_track&amp;page=2" in filtered


def test_ending_a_pair_cancels_its_upcoming_meetings(make_pair, hr_user):
    pair = make_pair()
    with time_machine.travel(dt.datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        meetings = _schedule(pair, 2, count=3)
    with time_machine.travel(dt.datetime(2027, 3, 5, tzinfo=UTC), tick=False):
        mail.outbox.clear()
        services.pair_end(pair=pair, by=hr_user, status=PairStatus.DISSOLVED, reason="asked")
    states = dict(Meeting.objects.filter(pk__in=[m.pk for m in meetings])
                  .values_list("starts_at", "status"))
    ordered = [states[m.starts_at] for m in meetings]
    # the past meeting stays as it was; the two future ones are cancelled
    assert ordered == [MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED, MeetingStatus.CANCELLED]
    methods = [calendar_of(m)[0] for m in mail.outbox]
    assert methods == ["CANCEL"] * 4  # two meetings, two people
    cal = icalendar.Calendar.from_ical(feed_for(pair.mentee_user))
    statuses = sorted(str(e["STATUS"]) for e in cal.walk("VEVENT"))
    assert statuses == ["CANCELLED", "CANCELLED", "CONFIRMED"]
    for event in cal.walk("VEVENT"):
        if str(event["STATUS"]) == "CANCELLED":
            assert int(event["SEQUENCE"]) == 1


def test_a_refused_note_keeps_its_text(pair, client):
    from terbalik.pairs.models import Note

    client.force_login(pair.mentor_user)
    url = reverse("pairs:note_add", args=[pair.pk])
    long_text = "Catatan panjang " + "x" * 10_000
    response = client.post(url, {"body": long_text})
    assert response.status_code == 200  # the workspace again, not a redirect to an empty box
    page = response.content.decode()
    assert long_text in page and "at most 10,000 characters" in page
    assert 'aria-describedby="note-body-error"' in page
    assert not Note.objects.filter(pair=pair).exists()
    empty = client.post(url, {"body": "   "}).content.decode()
    assert "Write something first." in empty and "This field is required" not in empty
    assert client.post(url, {"body": "short"}).status_code == 302
    assert Note.objects.filter(pair=pair).count() == 1


def test_the_meeting_form_starts_from_the_agreed_channel(pair, client):
    services.agreement_update(
        pair=pair, by=pair.mentor_user, channels=["video", "chat"], cadence="weekly",
        session_minutes=45, touchpoint="none", touchpoint_note="", expectations="",
    )
    client.force_login(pair.mentee_user)
    page = client.get(reverse("pairs:meeting_new", args=[pair.pk])).content.decode()
    assert '<option value="video" selected>' in page


def test_milestone_buttons_say_what_they_do(pair, client):
    goal = services.goal_create(
        pair=pair, by=pair.mentee_user, statement="Run two team polls in Microsoft Forms",
        target_value=2, unit="polls", achievable="weekly practice", relevance="faster feedback",
        due_date=timezone.localdate() + dt.timedelta(days=60), milestones=[("First poll", None)],
    )
    client.force_login(pair.mentor_user)
    url = reverse("pairs:workspace", args=[pair.pk])
    page = client.get(url).content.decode()
    assert 'aria-pressed="false"' in page
    assert '<span class="visually-hidden">Mark as done: First poll</span>' in page
    services.milestone_toggle(milestone=goal.milestones.get(), by=pair.mentor_user)
    page = client.get(url).content.decode()
    assert '<span class="visually-hidden">Done; mark as not done: First poll</span>' in page


def test_a_meeting_both_confirmed_cannot_be_moved_or_cancelled(pair, client):
    from django.core.exceptions import ValidationError

    from terbalik.pairs.models import CheckIn, MeetingOutcome

    with time_machine.travel(dt.datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        (meeting,) = _schedule(pair, 2)
    with time_machine.travel(dt.datetime(2027, 3, 3, tzinfo=UTC), tick=False):
        for user in (pair.mentor_user, pair.mentee_user):
            services.checkin_submit(meeting=meeting, by=user, answer="held", rating=5)
        meeting.refresh_from_db()
        assert meeting.outcome == MeetingOutcome.HELD
        with pytest.raises(ValidationError, match="confirmed this meeting took place"):
            services.meeting_reschedule(meeting=meeting, by=pair.mentor_user,
                                        local_date=dt.date(2027, 3, 9),
                                        local_time=dt.time(9, 0), time_zone="Asia/Jakarta")
        with pytest.raises(ValidationError, match="confirmed this meeting took place"):
            services.meeting_cancel(meeting=meeting, by=pair.mentee_user)
        client.force_login(pair.mentee_user)
        url = reverse("pairs:meeting_cancel", args=[pair.pk, meeting.pk])
        page = client.post(url, {"confirm": "yes"}, follow=True).content.decode()
        assert "confirmed this meeting took place" in page
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.outcome == MeetingOutcome.HELD
    assert CheckIn.objects.filter(meeting=meeting).count() == 2


def test_hr_pair_pages_have_the_program_navigation(pair, client, hr_user):
    client.force_login(hr_user)
    overview = reverse("programs:overview", args=[pair.program.pk])
    for name in ("pairs:program_pairs", "pairs:program_launch"):
        page = client.get(reverse(name, args=[pair.program.pk])).content.decode()
        assert 'aria-label="Program sections"' in page and f'href="{overview}"' in page

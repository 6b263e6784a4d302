"""Text from people (meeting location, names, program and survey titles) never breaks out of
its line in a calendar file, and e-mail subjects show it literally (no HTML entities)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from terbalik.notify import ics
from terbalik.notify import services as notify_services
from terbalik.pairs import services as pair_services
from terbalik.pairs.models import Meeting
from terbalik.surveys import services as survey_services

from ..pairs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _notify_now,
    _send_mail_now,
    apply_as,
    make_pair,
    make_person,
    make_program,
    pair,
)
from ..surveys.conftest import T, likert, make_instance, make_survey, participants  # noqa: F401

UTC = dt.UTC
INJECTION = "Room 1\rBEGIN:VEVENT\rUID:evil\r\nATTENDEE:mailto:x@evil.example\nEND:VEVENT"
NASTY = "Rina; Budi, \\ Q&A \"quoted\"\x0b\x00\x1b end\u2028line"


def _event(**text):
    fields = {"summary": "Meeting", "description": "", "location": "", **text}
    return ics.Event(uid="u1@terbalik", sequence=0,
                     starts_at=dt.datetime(2027, 1, 4, 3, tzinfo=UTC),
                     ends_at=dt.datetime(2027, 1, 4, 4, tzinfo=UTC), **fields)


def _lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert "\r" not in line and "\n" not in line  # no bare CR or LF anywhere
        assert len(line.encode()) <= 75
        assert not any(ord(c) < 32 and c != "\t" for c in line)
    return lines


@pytest.mark.parametrize("field", ["summary", "description", "location"])
def test_a_bare_carriage_return_cannot_start_a_new_calendar_line(field):
    text = ics.request(_event(**{field: INJECTION}))
    lines = _lines(text)
    unfolded = [line for line in lines if not line.startswith(" ")]
    assert unfolded.count("BEGIN:VEVENT") == 1
    assert not any(line.startswith(("UID:evil", "ATTENDEE:mailto:x@evil")) for line in unfolded)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert len(event) == 1 and str(event[0]["UID"]) == "u1@terbalik"
    assert str(event[0][field.upper()]) == INJECTION.replace("\r\n", "\n").replace("\r", "\n")
    assert "ATTENDEE" not in event[0]


@pytest.mark.parametrize("field", ["summary", "description", "location"])
def test_every_text_field_is_escaped_and_control_characters_are_dropped(field):
    text = ics.request(_event(**{field: NASTY * 4}))
    _lines(text)
    parsed = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    expected = "Rina; Budi, \\ Q&A \"quoted\" end\u2028line" * 4
    assert str(parsed[field.upper()]) == expected


def test_names_in_organizer_and_attendees_stay_inside_their_parameter():
    event = _event(organizer=("Rina\r\nATTENDEE:mailto:x@evil.example", "rina@example.com"),
                   attendees=[("Budi\rX-EVIL:1;\x00", "budi@example.com")])
    text = ics.request(event)
    lines = _lines(text)
    assert not any(line.startswith(("ATTENDEE:mailto:x@evil", "X-EVIL")) for line in lines)
    parsed = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert "X-EVIL" not in parsed
    assert str(parsed["ATTENDEE"]) == "mailto:budi@example.com"


def test_calendar_name_is_escaped():
    text = ics.calendar([_event()], name="Rina\rX-EVIL:1")
    _lines(text)
    assert "X-EVIL" not in icalendar.Calendar.from_ical(text)


@pytest.mark.django_db
def test_meeting_location_with_cr_reads_back_in_the_feed(pair, client):  # noqa: F811
    pair_services.meeting_schedule(pair=pair, by=pair.mentor_user,
                                   local_date=dt.date(2027, 4, 5), local_time=dt.time(10, 0),
                                   time_zone="Asia/Jakarta")
    Meeting.objects.filter(pair=pair).update(location=INJECTION)
    feed = notify_services.calendar_feed_get(user=pair.mentee_user)
    response = client.get(reverse("notify:feed", args=[feed.token]))
    body = response.content.decode()
    lines = _lines(body)
    assert not any(line.startswith(("UID:evil", "ATTENDEE:mailto:x@evil")) for line in lines)
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["LOCATION"]) == INJECTION.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.django_db
def test_survey_e_mail_subject_and_text_show_names_literally(make_survey, make_instance,  # noqa: F811
                                                             participants):  # noqa: F811
    title = "Q&A <Rina's> \"team\""
    survey = make_survey([likert(T("Saya senang", "I am happy"))], title=T(title, title))
    [person] = participants(1, language="en")
    instance = make_instance(survey, [person], title=title)
    survey_services.survey_invitations_send(instance=instance, by=survey.created_by)
    [message] = mail.outbox
    assert title in message.subject
    assert "&amp;" not in message.subject and "&#x27;" not in message.subject
    assert "&quot;" not in message.subject and "&lt;" not in message.subject
    assert title in message.body and "&amp;" not in message.body
    mail.outbox.clear()
    survey_services.survey_reminders_send(instance=instance, by=survey.created_by)
    for message in mail.outbox:
        assert title in message.subject and "&amp;" not in message.subject


def test_every_subject_template_turns_autoescape_off():
    from pathlib import Path

    src = Path(__file__).resolve().parents[2] / "src" / "terbalik"
    subjects = list(src.rglob("templates/**/*subject*.txt"))
    assert subjects
    for path in subjects:
        assert "{% autoescape off %}" in path.read_text(encoding="utf-8"), path

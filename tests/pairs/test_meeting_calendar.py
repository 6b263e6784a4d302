"""Issue 16 item 5: a meeting goes into the calendar in one tap, and links in the pair's texts
are clickable and safe."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from terbalik.core.safe_links import linkify
from terbalik.pairs import calendar, services

pytestmark = pytest.mark.django_db

ZOOM = "https://zoom.us/j/123456?pwd=abc"


def _meeting(pair, location=ZOOM):
    return services.meeting_schedule(
        pair=pair, by=pair.mentee_user, local_date=timezone.localdate() + dt.timedelta(days=3),
        local_time=dt.time(10), time_zone="Asia/Jakarta", location=location,
    )[0]


def test_meeting_link_in_the_workspace_is_clickable(pair, client):
    """Finding: meeting links (Zoom, Meet, Teams) were plain text."""
    _meeting(pair)
    client.force_login(pair.mentee_user)
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert f'<a href="{ZOOM.replace("&", "&amp;")}" rel="noopener noreferrer"' in page


def test_one_meeting_downloads_as_ics_readable_by_icalendar(pair, client):
    """Finding: there was no "add to calendar" for a single meeting."""
    meeting = _meeting(pair)
    client.force_login(pair.mentor_user)
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    url = reverse("pairs:meeting_ics", args=[pair.pk, meeting.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    parsed = icalendar.Calendar.from_ical(response.content)
    events = list(parsed.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == meeting.uid
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert str(event["LOCATION"]) == ZOOM
    assert pair.mentor.employee.full_name in str(event["SUMMARY"])


def test_add_to_google_and_outlook_links(pair, client):
    meeting = _meeting(pair)
    links = calendar.add_links(meeting)
    google = parse_qs(urlsplit(links["google"]).query)
    assert links["google"].startswith("https://calendar.google.com/calendar/render?")
    start = meeting.starts_at.astimezone(dt.UTC)
    assert google["dates"] == [f"{start:%Y%m%dT%H%M%SZ}/"
                               f"{meeting.ends_at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"]
    assert google["location"] == [ZOOM]
    outlook = parse_qs(urlsplit(links["outlook"]).query)
    assert links["outlook"].startswith("https://outlook.office.com/calendar/")
    assert outlook["startdt"] == [f"{start:%Y-%m-%dT%H:%M:%SZ}"]
    client.force_login(pair.mentee_user)
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert links["google"].replace("&", "&amp;") in page
    assert links["outlook"].replace("&", "&amp;") in page


@pytest.mark.parametrize("who", ["anonymous", "stranger", "hr"])
def test_ics_download_is_for_the_two_members_only(pair, client, make_person, hr_user, who):
    meeting = _meeting(pair)
    url = reverse("pairs:meeting_ics", args=[pair.pk, meeting.pk])
    if who == "stranger":
        client.force_login(make_person(5))
    elif who == "hr":
        client.force_login(hr_user)
    response = client.get(url)
    if who == "anonymous":
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == 404


def test_ics_of_another_pairs_meeting_is_404(make_pair, client):
    mine, other = make_pair(), make_pair()
    theirs = _meeting(other)
    client.force_login(mine.mentee_user)
    assert client.get(reverse("pairs:meeting_ics", args=[mine.pk, theirs.pk])).status_code == 404


# --- linkify: http(s) only, everything escaped -------------------------------------------


def test_linkify_makes_web_addresses_links():
    html = linkify("Join https://meet.google.com/abc-defg-hij. See you!")
    assert html == ('Join <a href="https://meet.google.com/abc-defg-hij" '
                    'rel="noopener noreferrer" target="_blank">'
                    "https://meet.google.com/abc-defg-hij</a>. See you!")


@pytest.mark.parametrize("text", [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "vbscript:msgbox",
    "ftp://files.example.com/x",
    "http://",
])
def test_linkify_never_links_other_schemes(text):
    assert "<a" not in linkify(text)


def test_linkify_escapes_markup_around_and_inside_links():
    html = linkify('<script>alert(1)</script> https://x.example/"onmouseover="alert(1) '
                   "<img src=x onerror=alert(1)>")
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'onmouseover="' not in html
    assert '<a href="https://x.example/"' in html


def test_linkify_in_a_note_is_escaped_in_the_page(pair, client):
    services.note_add(pair=pair, by=pair.mentee_user,
                      body='<b>x</b> javascript:alert(1) https://teams.microsoft.com/l/meetup')
    client.force_login(pair.mentor_user)
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt; javascript:alert(1)" in page
    assert 'href="javascript' not in page
    assert ('<a href="https://teams.microsoft.com/l/meetup" rel="noopener noreferrer"'
            in page)


@pytest.mark.parametrize("language", ["en", "id"])
def test_add_links_carry_the_event_of_the_calendar_file(pair, language):
    """add_links reads the summary, description, place and times without building the event
    (organizer, attendees): each is the value event_for gives, in the active language."""
    from django.utils import translation

    meeting = _meeting(pair, location="Room 4 & <5>")
    with translation.override(language):
        event = calendar.event_for(meeting, attendees=False)
        links = calendar.add_links(meeting)
    google = parse_qs(urlsplit(links["google"]).query)
    outlook = parse_qs(urlsplit(links["outlook"]).query)
    assert google["text"] == outlook["subject"] == [event.summary]
    assert google["details"] == outlook["body"] == [event.description]
    assert google["location"] == outlook["location"] == [event.location]
    assert outlook["enddt"] == [f"{event.ends_at.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"]

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.management import call_command
from django.urls import reverse

from terbalik.notify import ics, services, tick
from terbalik.notify.models import CalendarFeed, NotificationLog
from terbalik.pairs import services as pair_services

UTC = dt.UTC


def test_long_and_special_text_is_folded_escaped_and_reads_back():
    summary = "Mentoring; Rina, Budi \\ “Ümlaut” " + "x" * 120
    text = ics.request(ics.Event(
        uid="abc@terbalik", sequence=3, starts_at=dt.datetime(2027, 1, 1, 2, tzinfo=UTC),
        ends_at=dt.datetime(2027, 1, 1, 3, tzinfo=UTC), summary=summary,
        description="line one\nline two", attendees=[("Rina, \"R\"", "rina@example.com")],
    ))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.endswith("\r\n")
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == "line one\nline two"
    assert int(event["SEQUENCE"]) == 3 and str(event["UID"]) == "abc@terbalik"
    with pytest.raises(ValueError):
        ics.utc(dt.datetime(2027, 1, 1))  # noqa: DTZ001 - naive times are refused


@pytest.mark.django_db
def test_feed_lists_my_meetings_and_revoking_kills_the_old_address(pair, client, make_pair):
    pair_services.meeting_schedule(pair=pair, by=pair.mentor_user,
                                   local_date=dt.date(2027, 4, 5), local_time=dt.time(10, 0),
                                   time_zone="Asia/Jakarta", repeat="weekly", count=3)
    other = make_pair()
    pair_services.meeting_schedule(pair=other, by=other.mentor_user,
                                   local_date=dt.date(2027, 4, 6), local_time=dt.time(10, 0),
                                   time_zone="Asia/Jakarta")
    client.force_login(pair.mentee_user)
    page = client.get(reverse("notify:calendar"))
    assert page.status_code == 200
    token = CalendarFeed.objects.get(user=pair.mentee_user).token
    client.logout()
    url = reverse("notify:feed", args=[token])
    response = client.get(url)  # no login: the token is the credential
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert len(cal.walk("VEVENT")) == 3  # not the other pair's meeting
    client.force_login(pair.mentee_user)
    assert client.post(reverse("notify:calendar_revoke")).status_code == 200  # asks first
    assert CalendarFeed.objects.get(user=pair.mentee_user).token == token
    revoke = client.post(reverse("notify:calendar_revoke"), {"confirm": "yes"})
    assert revoke.status_code == 302
    client.logout()
    assert client.get(url).status_code == 404
    new = CalendarFeed.objects.get(user=pair.mentee_user).token
    assert new != token and client.get(reverse("notify:feed", args=[new])).status_code == 200
    assert client.get(reverse("notify:feed", args=["guess"])).status_code == 404


@pytest.mark.django_db
def test_preferences_page_mutes_optional_kinds(pair, client):
    client.force_login(pair.mentor_user)
    assert client.get(reverse("notify:preferences")).status_code == 200
    client.post(reverse("notify:preferences"), {"kinds": ["meeting_reminder"]})
    assert services.wants(pair.mentor_user, "meeting_reminder")
    assert not services.wants(pair.mentor_user, "nudge")
    assert services.wants(pair.mentor_user, "invitation")  # transactional kinds always go
    assert client.get(reverse("notify:preferences")).status_code == 200


def test_anonymous_users_are_sent_to_login(client):
    for name in ("notify:preferences", "notify:calendar"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.django_db
def test_claim_is_idempotent():
    assert services.claim(key="k1", kind="nudge")
    assert not services.claim(key="k1", kind="nudge")
    assert NotificationLog.objects.count() == 1


@pytest.mark.django_db
def test_tick_refuses_a_missing_hook_and_survives_a_failing_one(monkeypatch):
    from . import hooks

    monkeypatch.setattr(tick, "JOBS", ["terbalik.nowhere.services.choice_requests_expire"])
    with pytest.raises(ImportError):  # a wrong path is a bug, never silently skipped
        tick.run_due()
    monkeypatch.setattr(tick, "JOBS", ["tests.notify.hooks.boom", "terbalik.pairs.jobs.run_due"])
    results = tick.run_due()
    assert results["tests.notify.hooks.boom"] == "failed" and hooks.CALLS
    assert isinstance(results["terbalik.pairs.jobs.run_due"], dict)


@pytest.mark.django_db
def test_tick_command_runs_once_and_can_enqueue(capsys):
    call_command("tick", verbosity=2)
    assert "terbalik.pairs.jobs.run_due" in capsys.readouterr().out


@pytest.mark.django_db
def test_tick_enqueue_hands_the_run_to_a_worker():
    from django_tasks_db.models import DBTaskResult

    call_command("tick", enqueue=True)
    # the run, and the worker heartbeat every scheduler run keeps in the queue (/readyz)
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "terbalik.core.tasks.heartbeat", "terbalik.notify.tasks.tick"]


@pytest.mark.django_db
def test_the_task_runs_every_job():
    from terbalik.notify import tasks

    result = tasks.tick.call()
    assert "terbalik.pairs.jobs.run_due" in result

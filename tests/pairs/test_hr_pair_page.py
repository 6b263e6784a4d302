"""Issue 17: HR's page of one pair (timeline of meetings, feedback, goals, health) and the
nudge HR words from a default in the recipient's language, sent once per form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from terbalik.accounts.models import Role
from terbalik.notify.models import NotificationLog
from terbalik.pairs import services
from terbalik.pairs.models import (
    CheckIn,
    Goal,
    GoalProgress,
    HealthRecord,
    Meeting,
    Note,
    Nudge,
    Pair,
)
from terbalik.reports import services as report_services

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "a" * 32


def _meeting(pair, days_ago: int, *, comment: str = "", rating: int = 4) -> Meeting:
    at = timezone.now() - dt.timedelta(days=days_ago)
    meeting = Meeting.objects.create(pair=pair, uid=Meeting.new_uid(), starts_at=at,
                                     ends_at=at + dt.timedelta(hours=1),
                                     time_zone="Asia/Jakarta", updated_at=at, outcome="held")
    CheckIn.objects.create(meeting=meeting, role="mentor", user=pair.mentor_user, answer="held",
                           rating=rating, comment=comment, at=at)
    return meeting


def _goal(pair, statement: str) -> Goal:
    now = timezone.now()
    return Goal.objects.create(
        pair=pair, statement=statement, target_value=3, unit="tools", achievable="x",
        relevance="y", due_date=now.date() + dt.timedelta(days=30), created_at=now,
        last_progress_at=now)


def _url(pair) -> str:
    return reverse("pairs:hr_pair", args=[pair.pk])


# --- the page --------------------------------------------------------------------------


def test_hr_pair_list_links_each_pair_to_its_page(client, hr_user, pair):
    client.force_login(hr_user)
    page = client.get(reverse("pairs:program_pairs", args=[pair.program_id])).content.decode()
    assert _url(pair) in page


def test_pair_page_shows_meetings_feedback_goals_and_health_but_never_notes(
        client, hr_user, pair):
    _meeting(pair, 10, comment="Great tips on dashboards", rating=2)
    _goal(pair, "Publish three dashboards")
    Note.objects.create(pair=pair, author=pair.mentee_user, body="PRIVATE-NOTE-TEXT",
                        created_at=timezone.now())
    services.pair_health_recompute(pair=pair, now=timezone.now())
    client.force_login(hr_user)
    page = client.get(_url(pair)).content.decode()
    assert "Great tips on dashboards" in page  # check-in feedback
    assert "rated 2/5" in page
    assert "PRIVATE-NOTE-TEXT" not in page
    assert "Publish three dashboards" not in page  # goal texts only when shared
    assert "Goal text not shared with HR" in page
    assert 'id="timeline"' in page and "Low meeting ratings" in page


def test_pair_page_shows_goal_texts_once_the_pair_shares_them(client, hr_user, pair):
    _goal(pair, "Publish three dashboards")
    Pair.objects.filter(pk=pair.pk).update(goals_shared=True)
    client.force_login(hr_user)
    assert "Publish three dashboards" in client.get(_url(pair)).content.decode()


def _timeline(page: str) -> list[tuple[str, str]]:
    """(kind, ISO time) of each entry of the page's timeline, in page order."""
    import re

    start = page.index('id="timeline"')
    block = page[start:page.index("</ol>", start)]
    return re.findall(r'<li[^>]*data-kind="([a-z_]+)"[^>]*>\s*<time datetime="([^"]+)"', block)


def test_pair_page_is_one_timeline_of_meetings_feedback_goals_and_health(
        client, hr_user, pair):
    now = timezone.now()
    day = dt.timedelta(days=1)
    held = _meeting(pair, 10, comment="Great tips on dashboards", rating=2)
    CheckIn.objects.filter(meeting=held).update(at=now - 9 * day)
    Meeting.objects.create(pair=pair, uid=Meeting.new_uid(), starts_at=now + 5 * day,
                           ends_at=now + 5 * day + dt.timedelta(hours=1),
                           time_zone="Asia/Jakarta", updated_at=now)
    goal = _goal(pair, "Publish three dashboards")
    Goal.objects.filter(pk=goal.pk).update(created_at=now - 20 * day, status="achieved",
                                           achieved_at=now - 2 * day, current_value=3)
    GoalProgress.objects.create(goal=goal, value=2, note="SECOND-DASHBOARD-NOTE", by=None,
                                at=now - 8 * day)
    HealthRecord.objects.create(pair=pair, health="at_risk", reasons=["low_rating"],
                                at=now - 15 * day)
    HealthRecord.objects.create(pair=pair, health="on_track", reasons=[], at=now - 1 * day)
    Note.objects.create(pair=pair, author=pair.mentee_user, body="PRIVATE-NOTE-TEXT",
                        created_at=now - 3 * day)
    client.force_login(hr_user)
    page = client.get(_url(pair)).content.decode()
    entries = _timeline(page)
    assert [kind for kind, _at in entries] == [
        "meeting_planned", "health", "goal_achieved", "goal_progress", "checkin",
        "meeting_held", "health", "goal_created"]
    times = [dt.datetime.fromisoformat(at) for _kind, at in entries]
    assert times == sorted(times, reverse=True)  # newest first
    assert "Great tips on dashboards" in page and "rated 2/5" in page
    assert "PRIVATE-NOTE-TEXT" not in page
    # goal texts (and what the pair wrote with their progress) only when shared
    assert "Publish three dashboards" not in page and "SECOND-DASHBOARD-NOTE" not in page
    assert "Goal text not shared with HR" in page
    assert "2 of 3 tools" in page  # the progress, dated, without the text
    Pair.objects.filter(pk=pair.pk).update(goals_shared=True)
    page = client.get(_url(pair)).content.decode()
    assert "Publish three dashboards" in page and "SECOND-DASHBOARD-NOTE" in page
    assert "PRIVATE-NOTE-TEXT" not in page


def test_pair_page_offers_rematch_through_the_matching_flow(client, hr_user, pair):
    client.force_login(hr_user)
    page = client.get(_url(pair)).content.decode()
    assert reverse("matching:dissolve", args=[pair.program_id, pair.pk]) in page
    Pair.objects.filter(pk=pair.pk).update(status="dissolved")
    page = client.get(_url(pair)).content.decode()
    assert reverse("matching:rematch_run", args=[pair.program_id, pair.pk]) in page


def test_pair_page_queries_do_not_grow_with_meetings_goals_and_history(
        client, hr_user, pair, django_assert_max_num_queries):
    client.force_login(hr_user)

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(pair)).status_code == 200
        return len(ctx)

    _meeting(pair, 3)
    _goal(pair, "one")
    small = count()
    for days in range(4, 24):
        _meeting(pair, days, comment=f"c{days}")
        _goal(pair, f"g{days}")
        HealthRecord.objects.create(pair=pair, health="at_risk", reasons=["low_rating"],
                                    at=timezone.now() - dt.timedelta(days=days))
        GoalProgress.objects.create(goal=Goal.objects.filter(pair=pair).last(), value=1,
                                    at=timezone.now() - dt.timedelta(days=days))
        Nudge.objects.create(pair=pair, role="mentee", recipient=pair.mentee_user, body="x",
                             language="en", token=f"t{days:030d}", sent_by=hr_user,
                             sent_at=timezone.now())
    assert count() == small
    with django_assert_max_num_queries(small):
        client.get(_url(pair))


# --- who may open it -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pairs:hr_pair", "pairs:hr_nudge"])
def test_anonymous_is_sent_to_sign_in(client, pair, name):
    response = client.get(reverse(name, args=[pair.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", ["pairs:hr_pair", "pairs:hr_nudge"])
def test_members_of_the_pair_are_refused(client, pair, name):
    for member in (pair.mentor_user, pair.mentee_user):
        client.force_login(member)
        assert client.get(reverse(name, args=[pair.pk])).status_code == 403


@pytest.mark.parametrize("name", ["pairs:hr_pair", "pairs:hr_nudge"])
def test_sponsor_of_the_program_is_refused(client, hr_user, pair, name):
    sponsor = UserFactory(role=Role.SPONSOR)
    report_services.sponsor_assign(program=pair.program, user=sponsor, by=hr_user)
    client.force_login(sponsor)
    assert client.get(reverse(name, args=[pair.pk])).status_code == 403


@pytest.mark.parametrize("name", ["pairs:hr_pair", "pairs:hr_nudge"])
def test_hr_of_another_program_gets_404(client, pair, name):
    mail.outbox.clear()
    client.force_login(UserFactory(role=Role.HR))
    assert client.get(reverse(name, args=[pair.pk])).status_code == 404
    response = client.post(reverse("pairs:hr_nudge", args=[pair.pk]),
                           {"to": "mentee", "body": "hi", "token": TOKEN})
    assert response.status_code == 404
    assert not Nudge.objects.exists() and not mail.outbox


@pytest.mark.parametrize("name", ["pairs:hr_pair", "pairs:hr_nudge"])
def test_hr_of_the_program_and_platform_admin_open_it(client, hr_user, admin_user, pair, name):
    for user in (hr_user, admin_user):
        client.force_login(user)
        response = client.get(reverse(name, args=[pair.pk]))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]  # a pair's feedback is confidential


# --- nudging ---------------------------------------------------------------------------


def test_default_nudge_is_in_the_recipients_language(client, hr_user, make_pair):
    pair = make_pair(mentee_language="id")
    Pair.objects.filter(pk=pair.pk).update(health="at_risk", health_reasons=["no_meeting"])
    client.force_login(hr_user)
    response = client.get(_url(pair))
    forms = {n["role"]: n["form"] for n in response.context["nudge_forms"]}
    with translation.override("id"):
        expected = translation.gettext("How are things going with %(partner)s in %(program)s?")
    assert not expected.startswith("How are things going")  # the catalogue has it
    mentee_text = forms["mentee"].initial["body"]
    assert expected.split("%")[0] in mentee_text
    assert pair.mentor_user.full_name in mentee_text
    assert "How are things going" in forms["mentor"].initial["body"]  # mentor reads English


def test_nudge_sends_hrs_words_once_in_the_recipients_language(client, hr_user, make_pair):
    pair = make_pair(mentee_language="id")
    mail.outbox.clear()
    client.force_login(hr_user)
    url = reverse("pairs:hr_nudge", args=[pair.pk])
    data = {"to": "mentee", "body": "Halo, mari jadwalkan sesi berikutnya.", "token": TOKEN}
    first = client.post(url, data)
    second = client.post(url, data)  # the double click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == _url(pair)
    nudge = Nudge.objects.get()
    assert (nudge.role, nudge.recipient, nudge.sent_by, nudge.language, nudge.delivered) == (
        "mentee", pair.mentee_user, hr_user, "id", True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [pair.mentee_user.email]
    assert "Halo, mari jadwalkan sesi berikutnya." in message.body
    with translation.override("id"):
        subject = translation.gettext("A message from HR about your mentoring pair")
    assert message.subject.endswith(subject) and subject != (
        "A message from HR about your mentoring pair")
    assert NotificationLog.objects.filter(key=f"pairs.hr_nudge:{TOKEN}").count() == 1
    page = client.get(_url(pair)).content.decode()
    assert "Halo, mari jadwalkan sesi berikutnya." in page  # logged on the pair page


def test_a_reply_to_the_nudge_reaches_the_hr_person_who_sent_it(client, hr_user, pair):
    """The default text says "reply to me": the answer must not go to the no-reply sender."""
    mail.outbox.clear()
    client.force_login(hr_user)
    client.post(reverse("pairs:hr_nudge", args=[pair.pk]),
                {"to": "mentor", "body": "Reply to me if you are stuck.", "token": TOKEN})
    (message,) = mail.outbox
    assert message.reply_to == [hr_user.email]
    assert message.message()["Reply-To"] == hr_user.email


def test_empty_nudge_is_refused_naming_the_field(client, hr_user, pair):
    mail.outbox.clear()
    client.force_login(hr_user)
    response = client.post(reverse("pairs:hr_nudge", args=[pair.pk]),
                           {"to": "mentee", "body": "   ", "token": TOKEN})
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not Nudge.objects.exists() and not mail.outbox


def test_nudge_with_a_forged_token_is_refused(client, hr_user, pair):
    mail.outbox.clear()
    client.force_login(hr_user)
    response = client.post(reverse("pairs:hr_nudge", args=[pair.pk]),
                           {"to": "mentee", "body": "hi", "token": "x"})
    assert response.status_code == 200
    assert not Nudge.objects.exists() and not mail.outbox


def test_ended_pair_cannot_be_nudged(client, hr_user, pair):
    mail.outbox.clear()
    Pair.objects.filter(pk=pair.pk).update(status="completed")
    client.force_login(hr_user)
    response = client.post(reverse("pairs:hr_nudge", args=[pair.pk]),
                           {"to": "mentee", "body": "hi", "token": TOKEN})
    assert response.status_code == 200
    assert "read-only" in response.content.decode()
    assert not Nudge.objects.exists() and not mail.outbox


# --- health over time ------------------------------------------------------------------


def test_health_history_records_changes_only(pair):
    now = timezone.now()
    services.pair_health_recompute(pair=pair, now=now)
    services.pair_health_recompute(pair=pair, now=now + dt.timedelta(hours=2))
    assert HealthRecord.objects.filter(pair=pair).count() == 1
    services.pair_health_recompute(pair=pair, now=now + dt.timedelta(days=40))
    records = list(HealthRecord.objects.filter(pair=pair).values_list("health", flat=True))
    assert records == ["on_track", "inactive"]

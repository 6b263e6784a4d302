"""Issue 16 item 3: the participant's home is a to-do list, one card per pair."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from terbalik.pairs import services
from terbalik.pairs.models import Goal, GoalStatus, Meeting, TrainingResult

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("core:home")).content.decode()


def _past_meeting(pair, *, days_ago: int = 2) -> Meeting:
    start = timezone.now() - dt.timedelta(days=days_ago)
    return Meeting.objects.create(
        pair=pair, uid=Meeting.new_uid(), starts_at=start, ends_at=start + dt.timedelta(hours=1),
        time_zone="Asia/Jakarta", updated_at=timezone.now(),
    )


def _two_pairs(make_pair):
    first = make_pair(name="Digital skills")
    second = make_pair(name="Customer insight", mentee_user=first.mentee_user)
    return first, second


def test_mentee_with_two_pairs_sees_both_with_next_steps(make_pair, client):
    """Finding: the mentee home was a welcome text and four links, no word of two pairs."""
    first, second = _two_pairs(make_pair)
    page = _home(client, first.mentee_user)
    assert "Your 2 pairs" in page
    for pair in (first, second):
        card = page.split(f'data-pair="{pair.pk}"')[1].split("</article>")[0]
        assert pair.program.name in card
        assert pair.mentor.employee.full_name in card
        assert reverse("pairs:profile", args=[pair.pk, "mentor"]) in card
        assert "Meetings: 0 held, 0 planned" in card and "Goals: 0 of 0 achieved" in card
        # agreement, goals and booking are next, each one tap away
        assert reverse("pairs:workspace", args=[pair.pk]) in card
        assert reverse("pairs:goal_new", args=[pair.pk]) in card
        assert reverse("pairs:meeting_new", args=[pair.pk]) in card


def test_steps_follow_the_pair_life(make_pair, client):
    pair = make_pair(trained=False)
    user = pair.mentee_user
    kinds = lambda: [s["kind"] for s in client.get(reverse("core:home")).context[  # noqa: E731
        "home_pairs"][0]["steps"]]
    client.force_login(user)
    assert kinds() == ["training", "agreement", "goals"]  # no booking before the training
    TrainingResult.objects.create(enrollment=pair.mentee, score=5, attempts=1,
                                  completed_at=timezone.now())
    services.agreement_accept(pair=pair, by=user)
    assert kinds() == ["goals", "book"]
    services.goal_create(pair=pair, by=user, statement="Use two tools", target_value=2,
                         unit="tools", achievable="time", relevance="work",
                         due_date=timezone.localdate() + dt.timedelta(days=30))
    services.meeting_schedule(pair=pair, by=user, local_date=timezone.localdate()
                              + dt.timedelta(days=3), local_time=dt.time(10),
                              time_zone="Asia/Jakarta")
    assert kinds() == []
    past = _past_meeting(pair)
    assert kinds() == ["confirm"]
    services.checkin_submit(meeting=past, by=user, answer="held", rating=5)
    assert kinds() == []
    page = client.get(reverse("core:home")).content.decode()
    assert "All done for this pair." in page and "Next meeting" in page
    assert "Meetings: 0 held, 1 planned" in page and "Goals: 0 of 1 achieved" in page


def test_goal_counts_are_per_pair_and_count_only_achieved_goals(make_pair, client):
    first, second = _two_pairs(make_pair)
    for pair, statements in ((first, ("Use two tools", "Ship a report", "Read a book")),
                             (second, ("Present once",))):
        for statement in statements:
            services.goal_create(pair=pair, by=pair.mentee_user, statement=statement,
                                 target_value=1, unit="times", achievable="time",
                                 relevance="work",
                                 due_date=timezone.localdate() + dt.timedelta(days=30))
    Goal.objects.filter(pair=first, statement__in=["Use two tools", "Read a book"]).update(
        status=GoalStatus.ACHIEVED)
    page = _home(client, first.mentee_user)
    card = lambda pair: page.split(f'data-pair="{pair.pk}"')[1].split("</article>")[0]  # noqa: E731
    assert "Goals: 2 of 3 achieved" in card(first)
    assert "Goals: 0 of 1 achieved" in card(second)


def test_confirm_step_links_to_the_meeting_checkin(make_pair, client):
    pair = make_pair()
    past = _past_meeting(pair)
    page = _home(client, pair.mentor_user)
    assert reverse("pairs:checkin", args=[pair.pk, past.pk]) in page


def test_empty_state_without_pairs(client, participant_user):
    page = _home(client, participant_user)
    assert 'id="todo-empty"' in page
    assert "When you join a program" in page


def test_home_query_count_does_not_grow_with_pairs(make_pair, client,
                                                   django_assert_max_num_queries):
    first = make_pair(name="One")
    user = first.mentee_user
    _past_meeting(first)
    client.force_login(user)
    client.get(reverse("core:home"))  # warm caches (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("core:home"))
    for name in ("Two", "Three", "Four"):
        extra = make_pair(name=name, mentee_user=user)
        _past_meeting(extra)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("core:home"))
    assert len(response.context["home_pairs"]) == 4


def test_menu_entries_cannot_be_confused(client, participant_user):
    client.force_login(participant_user)
    for language, mine, matching in (("en", "My mentoring", "Matching choices"),
                                     ("id", "Mentoring saya", "Pilihan mentor")):
        page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f">{mine}</a>" in page and f">{matching}</a>" in page
        assert "Pasangan saya" not in page and "Pemasangan saya" not in page


def test_confirm_step_asks_each_side_for_its_own_answer(make_pair, client):
    """The home asks each member about the earliest recent meeting that their side has not
    answered: the partner's answer does not count, a meeting older than the window is not
    asked about any more."""
    pair = make_pair()
    old = _past_meeting(pair, days_ago=90)
    first = _past_meeting(pair, days_ago=5)
    second = _past_meeting(pair, days_ago=2)
    services.checkin_submit(meeting=first, by=pair.mentee_user, answer="held", rating=4)
    link = lambda m: reverse("pairs:checkin", args=[pair.pk, m.pk])  # noqa: E731
    mentor_page = _home(client, pair.mentor_user)
    assert link(first) in mentor_page and link(second) not in mentor_page
    mentee_page = _home(client, pair.mentee_user)
    assert link(second) in mentee_page and link(first) not in mentee_page
    assert link(old) not in mentor_page + mentee_page
    assert "Meetings: 0 held, 0 planned" in mentee_page
    services.checkin_submit(meeting=first, by=pair.mentor_user, answer="held", rating=5)
    assert "Meetings: 1 held, 0 planned" in _home(client, pair.mentee_user)

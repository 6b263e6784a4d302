"""Issue 16: "mark achieved" was one tap with no confirmation and no undo; every action reloaded
the page and jumped to the top.

Achieved can be undone for services.UNDO_WINDOW (enforced by the service); progress, achieved,
undo and the meeting check-in answer an HTMX request with the card or line alone, and a plain
POST with a redirect (the page works without JavaScript).
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from terbalik.core.service_errors import ServiceError
from terbalik.pairs import services
from terbalik.pairs.models import CheckIn, Goal, GoalStatus

from .test_form_once import token_of

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def goal(pair):
    with time_machine.travel(T0, tick=False):
        return services.goal_create(
            pair=pair, by=pair.mentee_user, statement="Run two team polls", target_value=2,
            unit="polls", achievable="weekly practice", relevance="faster feedback",
            due_date=dt.date(2027, 5, 1), milestones=[])


def _status(goal) -> str:
    return Goal.objects.get(pk=goal.pk).status


def test_mark_achieved_offers_undo_and_undo_reopens(pair, goal, client):
    with time_machine.travel(T0, tick=False):
        client.force_login(pair.mentee_user)
        done = client.post(reverse("pairs:goal_status", args=[pair.pk, goal.pk]),
                           {"status": "achieved"})
        assert done.status_code == 302 and done["Location"].endswith(f"#goal-{goal.pk}")
        assert _status(goal) == GoalStatus.ACHIEVED
        page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
        assert "Undo it within 10 minutes" in page
        assert reverse("pairs:goal_undo", args=[pair.pk, goal.pk]) in page
    with time_machine.travel(T0 + dt.timedelta(minutes=9), tick=False):
        undone = client.post(reverse("pairs:goal_undo", args=[pair.pk, goal.pk]))
        assert undone.status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN and goal.achieved_at is None


def test_undo_after_the_window_is_refused_and_the_button_is_gone(pair, goal, client):
    with time_machine.travel(T0, tick=False):
        client.force_login(pair.mentor_user)
        client.post(reverse("pairs:goal_status", args=[pair.pk, goal.pk]), {"status": "achieved"})
    with time_machine.travel(T0 + services.UNDO_WINDOW + dt.timedelta(seconds=1), tick=False):
        page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
        assert reverse("pairs:goal_undo", args=[pair.pk, goal.pk]) not in page
        refused = client.post(reverse("pairs:goal_undo", args=[pair.pk, goal.pk]), follow=True)
        assert "can no longer be undone" in refused.content.decode()
    assert _status(goal) == GoalStatus.ACHIEVED


def test_the_service_enforces_the_window(pair, goal):
    with time_machine.travel(T0, tick=False):
        services.goal_set_status(goal=goal, by=pair.mentee_user, status=GoalStatus.ACHIEVED)
    with time_machine.travel(T0 + services.UNDO_WINDOW, tick=False), \
            pytest.raises(ServiceError) as refused:
        services.goal_achieved_undo(goal=goal, by=pair.mentor_user)
    assert refused.value.code == "undo_expired"
    with pytest.raises(ServiceError):  # reopening is the undo's job, not goal_set_status's
        services.goal_set_status(goal=goal, by=pair.mentee_user, status=GoalStatus.OPEN)
    assert _status(goal) == GoalStatus.ACHIEVED


def test_undo_is_for_the_pair_only(pair, goal, make_pair, client):
    other = make_pair()
    with time_machine.travel(T0, tick=False):
        services.goal_set_status(goal=goal, by=pair.mentee_user, status=GoalStatus.ACHIEVED)
        client.force_login(other.mentee_user)
        assert client.post(reverse("pairs:goal_undo", args=[pair.pk, goal.pk])).status_code == 404
    assert _status(goal) == GoalStatus.ACHIEVED


def test_get_on_the_post_only_goal_urls_goes_back_to_the_workspace(pair, goal, client):
    client.force_login(pair.mentee_user)
    for name in ("pairs:goal_status", "pairs:goal_undo"):
        response = client.get(reverse(name, args=[pair.pk, goal.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("pairs:workspace", args=[pair.pk])
    assert _status(goal) == GoalStatus.OPEN


def test_htmx_achieve_and_undo_answer_with_the_goal_card(pair, goal, client):
    with time_machine.travel(T0, tick=False):
        client.force_login(pair.mentee_user)
        card = client.post(reverse("pairs:goal_status", args=[pair.pk, goal.pk]),
                           {"status": "achieved"}, **HX)
        html = card.content.decode()
        assert card.status_code == 200 and "<html" not in html
        assert f'id="goal-{goal.pk}"' in html and 'data-status="achieved"' in html
        assert reverse("pairs:goal_undo", args=[pair.pk, goal.pk]) in html
        undone = client.post(reverse("pairs:goal_undo", args=[pair.pk, goal.pk]), **HX)
        assert 'data-status="open"' in undone.content.decode()
    assert _status(goal) == GoalStatus.OPEN


def test_htmx_progress_answers_with_the_card_and_a_fresh_token(pair, goal, client):
    client.force_login(pair.mentee_user)
    url = reverse("pairs:goal_progress", args=[pair.pk, goal.pk])
    page = client.get(reverse("pairs:workspace", args=[pair.pk]))
    token = token_of(page)
    card = client.post(url, {"value": "1", "form_once": token}, **HX)
    html = card.content.decode()
    assert card.status_code == 200 and "Progress recorded." in html and "<html" not in html
    assert token_of(card) != token
    again = client.post(url, {"value": "1", "form_once": token}, **HX)  # a double tap
    assert again.content == card.content
    assert goal.progress.count() == 1
    assert Goal.objects.get(pk=goal.pk).current_value == 1


def test_htmx_progress_with_a_bad_value_shows_the_error_in_the_card(pair, goal, client):
    client.force_login(pair.mentee_user)
    card = client.post(reverse("pairs:goal_progress", args=[pair.pk, goal.pk]),
                       {"value": ""}, **HX)
    html = card.content.decode()
    assert card.status_code == 200 and 'aria-invalid="true"' in html and "<html" not in html
    assert goal.progress.count() == 0


def test_plain_post_progress_still_redirects(pair, goal, client):
    client.force_login(pair.mentee_user)
    response = client.post(reverse("pairs:goal_progress", args=[pair.pk, goal.pk]),
                           {"value": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("pairs:workspace", args=[pair.pk])


@pytest.fixture
def past_meeting(pair):
    with time_machine.travel(T0, tick=False):
        (meeting,) = services.meeting_schedule(
            pair=pair, by=pair.mentor_user, local_date=dt.date(2027, 3, 2),
            local_time=dt.time(9, 0), time_zone="Asia/Jakarta")
    return meeting


def test_the_workspace_has_an_inline_checkin_form_for_a_past_meeting(pair, past_meeting, client):
    with time_machine.travel(T0 + dt.timedelta(days=3), tick=False):
        client.force_login(pair.mentee_user)
        page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert f'hx-post="{reverse("pairs:checkin", args=[pair.pk, past_meeting.pk])}"' in page
    assert f'id="m{past_meeting.pk}-answer_0"' in page


def test_htmx_checkin_answers_with_the_meeting_line(pair, past_meeting, client):
    url = reverse("pairs:checkin", args=[pair.pk, past_meeting.pk])
    with time_machine.travel(T0 + dt.timedelta(days=3), tick=False):
        client.force_login(pair.mentee_user)
        refused = client.post(url, {"answer": "held"}, **HX)  # a held meeting needs a rating
        assert "Rate the meeting" in refused.content.decode()
        assert "<html" not in refused.content.decode()
        line = client.post(url, {"answer": "held", "rating": "4", "comment": "useful"}, **HX)
    html = line.content.decode()
    assert line.status_code == 200 and "<html" not in html
    assert f'id="meeting-{past_meeting.pk}"' in html and "your answer is saved" in html
    assert 'data-outcome="one_sided"' in html
    assert CheckIn.objects.filter(meeting=past_meeting).count() == 1

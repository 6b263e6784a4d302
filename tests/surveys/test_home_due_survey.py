"""Issue 16 item 3: a survey due for the participant is on their home to-do list, one tap
from its answer page, and leaves the list once answered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from terbalik.surveys import services

from .conftest import T, likert

pytestmark = pytest.mark.django_db

TODO = re.compile(r'<a class="[^"]*\btodo\b[^"]*" data-step="survey" href="([^"]+)">([^<]+)</a>')


def _survey_todos(client) -> list[tuple[str, str]]:
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    return TODO.findall(page.content.decode())


def test_a_due_survey_is_one_tap_away_on_home_and_leaves_once_answered(
    client, participant_user, participants, make_survey, make_instance
):
    participant_user.language = "en"
    participant_user.save(update_fields=["language"])
    survey = make_survey([likert(T("Saya yakin", "I am confident"))],
                         title=T("Survei awal", "Starting survey"))
    closes = timezone.now() + timedelta(days=7)
    instance = make_instance(survey, [participant_user], closes=closes)
    make_instance(make_survey([likert(T("Lain", "Other"))], title=T("Lain", "Not for Rina")),
                  participants(1))  # addressed to someone else: not on this home
    client.force_login(participant_user)

    url = reverse("surveys:answer", args=[instance.pk])
    [(href, text)] = _survey_todos(client)
    assert href == url
    assert "Starting survey" in text
    page = client.get(href)  # the one tap
    assert page.status_code == 200
    assert "I am confident" in page.content.decode()

    question = services.survey_current_version(survey).questions.get()
    answered = client.post(url, {f"q{question.pk}": "4", "action": "submit"})
    assert answered.status_code == 302
    assert _survey_todos(client) == []
    home = client.get(reverse("core:home")).content.decode()
    assert url not in home


def test_saved_but_not_submitted_answers_keep_the_survey_on_the_list(
    client, participant_user, make_survey, make_instance
):
    survey = make_survey([likert(T("Saya yakin", "I am confident")),
                          likert(T("Saya siap", "I am ready"))])
    instance = make_instance(survey, [participant_user])
    questions = services.survey_current_version(survey).questions.all()
    client.force_login(participant_user)
    url = reverse("surveys:answer", args=[instance.pk])
    saved = client.post(url, {**{f"q{q.pk}": "3" for q in questions}, "action": "save"})
    assert saved.status_code == 302
    assert [href for href, _text in _survey_todos(client)] == [url]


def test_the_home_survey_list_follows_the_clock_on_one_connection(
    client, participant_user, make_survey, make_instance
):
    """The open-sendings read is compiled once per connection with the moment as a parameter
    (core/compiled.py `at=`): a sending scheduled to open later joins the list once it has
    opened, and leaves it once closed, without a new connection."""
    now = timezone.now()
    instance = make_instance(make_survey([likert(T("Saya yakin", "I am confident"))]),
                             [participant_user], opens=now + timedelta(hours=2),
                             closes=now + timedelta(days=3))
    client.force_login(participant_user)
    url = reverse("surveys:answer", args=[instance.pk])
    assert _survey_todos(client) == []
    with time_machine.travel(now + timedelta(hours=2, seconds=1), tick=False):
        assert [href for href, _text in _survey_todos(client)] == [url]
    with time_machine.travel(now + timedelta(days=3, seconds=1), tick=False):
        assert _survey_todos(client) == []

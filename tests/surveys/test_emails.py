"""Invitations and reminders: recipient's language, plain text + HTML, idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from terbalik.surveys import services
from terbalik.surveys.models import Delivery

from .conftest import T, likert

pytestmark = pytest.mark.django_db


@pytest.fixture
def sending(make_survey, make_instance, participants):
    survey = make_survey([likert(T("Saya yakin", "I am confident"))],
                         title=T("Survei kepercayaan diri", "Confidence survey"))
    english, indonesian, default = participants(3)
    english.language = "en"
    english.save()
    indonesian.language = "id"
    indonesian.save()
    instance = make_instance(survey, [english, indonesian, default])
    return instance, english, indonesian, default


def test_invitations_go_out_once_in_each_recipients_language(sending, hr_user, settings):
    instance, english, indonesian, default = sending
    sent = services.survey_invitations_send(instance=instance, by=hr_user,
                                            base_url="https://terbalik.example")
    assert sent == 3
    by_to = {m.to[0]: m for m in mail.outbox}
    en = by_to[english.email]
    assert "Confidence survey" in en.subject
    assert "Survei kepercayaan diri" not in en.body
    assert f"https://terbalik.example/surveys/my/{instance.pk}/" in en.body
    html, mimetype = en.alternatives[0]
    assert mimetype == "text/html" and "Confidence survey" in html
    for user in (indonesian, default):  # "" falls back to LANGUAGE_CODE = "id"
        message = by_to[user.email]
        assert "Survei kepercayaan diri" in message.subject
        assert "Confidence survey" not in message.body
    # a second click sends nothing new; a newly added recipient gets theirs
    assert services.survey_invitations_send(instance=instance, by=hr_user) == 0
    from ..factories import UserFactory

    late = UserFactory()
    services.survey_instance_add_recipients(instance=instance, users=[late], by=hr_user)
    assert services.survey_invitations_send(instance=instance, by=hr_user) == 1
    assert len(mail.outbox) == 4


def test_reminders_skip_people_who_finished_and_repeat_at_most_daily(sending, hr_user):
    instance, english, indonesian, default = sending
    question = instance.version.questions.get()
    services.response_submit(instance=instance, user=indonesian, answers={question.pk: 4})
    services.response_save(instance=instance, user=default, answers={question.pk: 2})
    assert services.survey_reminders_send(instance=instance, by=hr_user) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([english.email, default.email])
    reminder = next(m for m in mail.outbox if m.to[0] == english.email)
    assert "Reminder" in reminder.subject
    assert services.survey_reminders_send(instance=instance, by=hr_user) == 0
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert services.survey_reminders_send(instance=instance, by=hr_user) == 2
    assert Delivery.objects.filter(kind=Delivery.Kind.REMINDER).count() == 4


def test_no_reminders_for_a_closed_sending(sending, hr_user):
    instance, *_people = sending
    services.survey_instance_close(instance=instance, by=hr_user)
    assert services.survey_reminders_send(instance=instance, by=hr_user) == 0
    assert services.survey_invitations_send(instance=instance, by=hr_user) == 0
    assert mail.outbox == []

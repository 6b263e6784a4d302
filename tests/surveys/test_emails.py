"""Invitations and reminders: recipient's language, plain text + HTML, idempotent."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from terbalik.notify import emails as notify_emails
from terbalik.notify.models import NotificationLog
from terbalik.surveys import services
from terbalik.surveys.models import Delivery

from .conftest import T, likert

pytestmark = pytest.mark.django_db

REAL_DEFER = notify_emails.defer


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


def test_survey_e_mails_go_through_notify_after_the_commit(
    sending, hr_user, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notify_emails, "defer", REAL_DEFER)
    instance, english, indonesian, default = sending
    with django_capture_on_commit_callbacks(execute=False) as pending:
        assert services.survey_invitations_send(instance=instance, by=hr_user) == 3
    assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(pending) == 3
    assert sorted(NotificationLog.objects.values_list("key", flat=True)) == sorted(
        f"surveys.invitation:{instance.pk}:{user.pk}" for user in (english, indonesian, default)
    )
    for callback in pending:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [english.email, indonesian.email, default.email]
    )
    today = timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.survey_reminders_send(instance=instance, by=hr_user) == 3
    assert NotificationLog.objects.filter(
        key=f"surveys.reminder:{instance.pk}:{english.pk}:{today}", kind="survey_reminder"
    ).exists()
    assert len(mail.outbox) == 6


def test_a_muted_block_sends_no_survey_e_mail(sending, hr_user):
    instance, *_people = sending
    with notify_emails.muted():
        assert services.survey_invitations_send(instance=instance, by=hr_user) == 0
    assert mail.outbox == []

"""The real way out: commit, `db_worker` (django-tasks-db), loopback SMTP server. A worker
that dies between sending and marking leaves a row the sweep hands out again; the repeat
carries the same Message-ID, so de-duplicated by it the person got one message."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from terbalik.notify import emails, services
from terbalik.notify.models import NotificationLog, SendStatus

from ..smtp import smtp  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def build() -> emails.Message:
    return emails.Message(subject="Your pair is ready", paragraphs=["Welcome."])


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def worker_mode(settings):
    settings.NOTIFY_SEND = "worker"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_message_waits_for_the_worker_then_arrives_once_with_its_message_id(
    smtp, worker_mode, make_person  # noqa: F811
):
    user = make_person(1)
    assert services.notify_once(key="welcome:1", kind="welcome", user=user, build=build)
    assert smtp.messages == []  # logged and queued; only the worker sends
    assert NotificationLog.objects.get(key="welcome:1").status == SendStatus.QUEUED
    run_worker()
    ((to, message),) = smtp.messages
    assert to == [user.email]
    assert message["Message-ID"] == emails.message_id("welcome:1")
    assert message["Subject"] == "Your pair is ready"
    assert NotificationLog.objects.get(key="welcome:1").status == SendStatus.SENT
    run_worker()
    services.sweep(now=timezone.now() + dt.timedelta(days=1))
    run_worker()
    assert len(smtp.messages) == 1


def test_worker_killed_after_sending_is_retried_under_the_same_message_id(
    smtp, worker_mode, make_person  # noqa: F811
):
    user = make_person(2)
    services.notify_once(key="welcome:2", kind="welcome", user=user, build=build)
    row = NotificationLog.objects.get(key="welcome:2")
    # The worker claims the row and sends, then is killed before it marks the row sent.
    assert services.claim_for_send(log_id=row.pk, now=timezone.now()) == 1
    emails.from_data(row.message, msgid=row.message_id).send()
    run_worker()  # the queued task finds the row taken: nothing more goes out
    assert len(smtp.messages) == 1
    assert services.sweep() == 0  # the dead worker's lease still runs
    assert services.sweep(now=timezone.now() + dt.timedelta(seconds=301)) == 1
    run_worker()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (SendStatus.SENT, 2)
    assert len(smtp.messages) == 2
    assert {m["Message-ID"] for _to, m in smtp.messages} == {row.message_id}

"""Messages go out once in effect: logged before sending, claimed with a lease, marked sent,
handed out again by the sweep when a worker died in between, and always under the same
Message-ID (issue 18 item 3)."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail

from terbalik.notify import emails, services
from terbalik.notify.models import NotificationLog, SendStatus
from terbalik.notify.tasks import send_message

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def build() -> emails.Message:
    return emails.Message(subject="Hello", paragraphs=["One paragraph."], link="/x")


@pytest.fixture
def queued(make_person, worker_mode):
    """One message logged and handed to the (dummy) queue, not yet sent."""
    user = make_person(1)
    with time_machine.travel(T0, tick=False):
        assert services.notify_once(key="k:1", kind="nudge", user=user, build=build)
    return NotificationLog.objects.get(key="k:1")


def test_message_is_logged_with_its_rendering_and_key_before_anything_is_sent(
    queued, worker_mode
):
    assert mail.outbox == []
    assert queued.status == SendStatus.QUEUED
    assert queued.message["subject"] == "Hello"
    assert queued.message_id == emails.message_id("k:1")
    assert queued.lease_until > T0
    (result,) = worker_mode.results
    assert result.args == [queued.pk]


def test_worker_task_sends_under_the_key_message_id_and_marks_sent(queued):
    assert send_message.call(queued.pk) == "sent"
    (sent,) = mail.outbox
    assert sent.extra_headers["Message-ID"] == emails.message_id("k:1")
    assert "Message-ID: " + emails.message_id("k:1") in sent.message().as_string()
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.lease_until) == (SendStatus.SENT, 1, None)
    assert queued.sent_at is not None
    assert queued.message == {}  # it may have held a sign-in code: not kept once sent


def test_same_key_twice_logs_and_queues_once(queued, worker_mode):
    assert not services.notify_once(key="k:1", kind="nudge", user=queued.user, build=build)
    assert NotificationLog.objects.filter(key="k:1").count() == 1
    assert len(worker_mode.results) == 1


def test_second_claim_loses_while_the_lease_runs(queued):
    assert services.claim_for_send(log_id=queued.pk, now=T0) == 1
    assert services.claim_for_send(log_id=queued.pk, now=T0 + dt.timedelta(seconds=299)) is None
    assert services.send_logged(log_id=queued.pk, now=T0) == "taken"
    assert mail.outbox == []


def test_claim_after_the_lease_ran_out_is_a_new_attempt(queued):
    assert services.claim_for_send(log_id=queued.pk, now=T0) == 1
    assert services.claim_for_send(log_id=queued.pk, now=T0 + dt.timedelta(seconds=301)) == 2


def test_sent_message_is_never_claimed_again(queued):
    services.send_logged(log_id=queued.pk)
    later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=1)
    assert services.claim_for_send(log_id=queued.pk, now=later) is None
    assert services.sweep(now=later) == 0
    assert len(mail.outbox) == 1


def test_crash_between_send_and_mark_is_sent_again_with_the_same_message_id(queued, settings):
    # A worker claims and sends, then dies before marking the row sent.
    attempt = services.claim_for_send(log_id=queued.pk, now=T0)
    emails.from_data(queued.message, msgid=queued.message_id).send()
    assert attempt == 1
    settings.NOTIFY_SEND = "inline"
    assert services.sweep(now=T0 + dt.timedelta(seconds=60)) == 0  # the lease still runs
    assert services.sweep(now=T0 + dt.timedelta(seconds=301)) == 1
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (SendStatus.SENT, 2)
    assert len(mail.outbox) == 2
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {queued.message_id}


def test_lost_task_is_handed_out_by_the_sweep_after_four_leases(queued, worker_mode):
    worker_mode.clear()  # the enqueue was lost (the process died right after the commit)
    assert services.sweep(now=T0 + dt.timedelta(seconds=10)) == 0
    assert services.sweep(now=T0 + dt.timedelta(seconds=1201)) == 1
    (result,) = worker_mode.results
    assert result.args == [queued.pk]
    queued.refresh_from_db()
    assert queued.status == SendStatus.QUEUED
    assert queued.lease_until == T0 + dt.timedelta(seconds=1201 + 1200)


def test_backed_up_queue_is_not_doubled_by_the_sweep(queued, worker_mode):
    """The task waits in a queue that is behind by more than one lease: the sweep leaves it
    alone until the grace of four leases has passed (one task per message, not two)."""
    for minutes in (1, 5, 6, 10, 19):
        with time_machine.travel(T0 + dt.timedelta(minutes=minutes, seconds=1), tick=False):
            assert services.sweep() == 0
    assert len(worker_mode.results) == 1
    with time_machine.travel(T0 + dt.timedelta(minutes=20, seconds=1), tick=False):
        assert services.sweep() == 1
    assert len(worker_mode.results) == 2


def test_sending_row_whose_worker_died_is_handed_out_after_one_lease(queued, worker_mode):
    assert services.claim_for_send(log_id=queued.pk, now=T0) == 1  # then the worker died
    with time_machine.travel(T0 + dt.timedelta(seconds=299), tick=False):
        assert services.sweep() == 0
    with time_machine.travel(T0 + dt.timedelta(seconds=301), tick=False):
        assert services.sweep() == 1
    assert len(worker_mode.results) == 2


def test_crash_before_sending_is_retried_with_the_message_kept(queued, settings):
    # A worker claims the message and dies before sending anything.
    assert services.claim_for_send(log_id=queued.pk, now=T0) == 1
    queued.refresh_from_db()
    assert queued.message["subject"] == "Hello"
    settings.NOTIFY_SEND = "inline"
    assert services.sweep(now=T0 + dt.timedelta(seconds=301)) == 1
    (sent,) = mail.outbox
    assert sent.subject == "Hello"
    queued.refresh_from_db()
    assert (queued.status, queued.message) == (SendStatus.SENT, {})


def test_stale_worker_cannot_mark_a_message_another_worker_holds(queued):
    first = services.claim_for_send(log_id=queued.pk, now=T0)
    second = services.claim_for_send(log_id=queued.pk, now=T0 + dt.timedelta(seconds=301))
    assert not services._finish(queued.pk, first, status=SendStatus.QUEUED)
    assert services._finish(queued.pk, second, status=SendStatus.SENT)


def test_transport_error_goes_back_to_the_queue_then_gives_up(queued, settings, monkeypatch):
    settings.NOTIFY_MAX_ATTEMPTS = 2

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    assert services.send_logged(log_id=queued.pk, now=T0) == "retry"
    queued.refresh_from_db()
    assert queued.status == SendStatus.QUEUED
    assert "gone" in queued.last_error
    assert queued.lease_until == T0 + dt.timedelta(seconds=300)
    assert queued.message["subject"] == "Hello"  # kept for the retry
    assert services.send_logged(log_id=queued.pk, now=T0) == "failed"
    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.lease_until) == (SendStatus.FAILED, 2, None)
    assert queued.message == {}


def test_sweep_gives_up_a_message_whose_worker_keeps_dying(queued, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 1
    services.claim_for_send(log_id=queued.pk, now=T0)
    assert services.sweep(now=T0 + dt.timedelta(seconds=301)) == 0
    queued.refresh_from_db()
    assert queued.status == SendStatus.FAILED
    assert queued.message == {}


def test_admin_does_not_show_the_stored_message(queued, admin_client):
    page = admin_client.get(f"/admin/notify/notificationlog/{queued.pk}/change/")
    assert page.status_code == 200
    assert "One paragraph." not in page.content.decode()
    assert "k:1" in page.content.decode()


def test_muted_kind_is_logged_without_a_message(make_person, worker_mode):
    user = make_person(2)
    services.preferences_set(user=user, wanted=[])
    assert not services.notify_once(key="k:2", kind="nudge", user=user, build=build)
    row = NotificationLog.objects.get(key="k:2")
    assert (row.status, row.sent, row.message) == (SendStatus.SKIPPED, False, {})
    assert worker_mode.results == []


def test_calendar_part_and_alternatives_survive_the_log(make_person):
    user = make_person(3)
    part = emails.CalendarPart("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "REQUEST", "invite.ics")
    original = emails.render(to=user.email, language="en", build=build, calendar=part)
    again = emails.from_data(emails.to_data(original), msgid="<x@y>")
    assert (again.subject, again.body, again.to) == (original.subject, original.body, original.to)
    assert again.alternatives == original.alternatives
    (ics,) = again.attachments
    assert ics.get_content_type() == "text/calendar"
    assert ics.get_param("method") == "REQUEST"
    assert ics.get_filename() == "invite.ics"
    assert "BEGIN:VCALENDAR" in ics.get_payload(decode=True).decode()


def test_a_message_is_logged_under_its_callers_key_and_a_repeat_sends_nothing(
    make_person, worker_mode
):
    user = make_person(4)
    emails.send(key="meeting:7:0:new:4", user=user, build=build)
    emails.send(key="meeting:7:0:new:4", user=user, build=build)  # the same cause again
    (row,) = NotificationLog.objects.filter(kind="message")
    assert row.key == "meeting:7:0:new:4"
    assert row.status == SendStatus.QUEUED
    emails.send(key="meeting:7:1:update:4", user=user, build=build)  # a new cause
    assert NotificationLog.objects.filter(kind="message").count() == 2


def test_a_message_without_a_key_is_refused(make_person):
    user = make_person(4)
    with pytest.raises(TypeError):
        emails.send(user=user, build=build)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="idempotency key"):
        emails.send(key="", user=user, build=build)
    assert not NotificationLog.objects.filter(kind="message").exists()


def test_migration_clears_the_text_of_messages_sent_before_the_fix(queued):
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "terbalik.notify.migrations.0003_clear_stored_text_of_finished_messages")
    NotificationLog.objects.filter(pk=queued.pk).update(status=SendStatus.SENT)  # as before
    waiting = NotificationLog.objects.create(
        key="k:waiting", kind="nudge", created_at=T0, status=SendStatus.QUEUED,
        message=queued.message)
    migration.clear_finished(apps, None)
    queued.refresh_from_db()
    waiting.refresh_from_db()
    assert queued.message == {}
    assert waiting.message["subject"] == "Hello"  # still to be sent

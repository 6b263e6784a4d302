"""Delivering webhooks to a real HTTP receiver on loopback: signature, retries, back-off,
giving up, leases after a worker restart, and the SSRF guard."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import socket

import pytest
import time_machine
from django.core.exceptions import ValidationError

from terbalik.core import leases
from terbalik.webhooks import services, signing, transport
from terbalik.webhooks.models import Delivery, DeliveryState

T0 = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(subscribe, admin_user):
    """A ping delivery for the receiver, written at T0 (not yet sent)."""
    with time_machine.travel(T0, tick=False):
        subscription = subscribe()
        return services.ping(subscription=subscription, by=admin_user)


def _independent_signature(secret: str, msg_id: str, timestamp: str, body: bytes) -> str:
    """The receiver's side, written from the Standard Webhooks text, not from our module."""
    key = base64.b64decode(secret.split("_", 1)[1])
    mac = hmac.new(key, msg_id.encode() + b"." + timestamp.encode() + b"." + body,
                   hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def test_a_delivery_is_signed_so_that_an_independent_receiver_verifies_it(queued, receiver):
    now = T0 + dt.timedelta(seconds=3)
    assert services.deliver(delivery_id=queued.pk, now=now) == "delivered"

    (request,) = receiver.requests
    assert request.path == "/hooks/terbalik"
    secret = queued.subscription.secret
    assert request.headers["webhook-id"] == queued.event_id
    assert request.headers["webhook-timestamp"] == str(int(now.timestamp()))
    assert request.headers["webhook-signature"] == _independent_signature(
        secret, request.headers["webhook-id"], request.headers["webhook-timestamp"],
        request.body)
    assert request.headers["Content-Type"] == "application/json"
    event = json.loads(request.body)
    assert event == {"id": queued.event_id, "type": "ping", "timestamp": "2026-12-01T03:00:00Z",
                     "data": {"subscription_id": queued.subscription_id, "program_id": None}}
    # and the checks a receiver makes refuse a changed body, a wrong secret, a stale timestamp
    headers = request.headers
    stamp = int(headers["webhook-timestamp"])
    assert signing.verify(secret=secret, headers=headers, body=request.body, now=stamp + 60)
    assert not signing.verify(secret=secret, headers=headers, body=request.body + b" ",
                              now=stamp)
    assert not signing.verify(secret=signing.new_secret(), headers=headers, body=request.body,
                              now=stamp)
    assert not signing.verify(secret=secret, headers=headers, body=request.body,
                              now=stamp + signing.TOLERANCE_SECONDS + 1)
    row = Delivery.objects.get(pk=queued.pk)
    assert (row.state, row.attempts, row.response_status, row.response_body) == (
        DeliveryState.DELIVERED, 1, 200, "ok")
    assert row.lease_until is None and row.next_attempt_at is None


def test_a_500_is_retried_after_the_first_wait_with_the_same_id(
        queued, receiver, django_capture_on_commit_callbacks):
    receiver.answer(500, b"database down")
    assert services.deliver(delivery_id=queued.pk, now=T0) == "retry"
    row = Delivery.objects.get(pk=queued.pk)
    assert (row.state, row.attempts, row.response_status) == (DeliveryState.PENDING, 1, 500)
    assert row.response_body == "database down"
    assert row.last_error == "HTTP 500"
    assert row.next_attempt_at == T0 + dt.timedelta(minutes=1)

    early = T0 + dt.timedelta(seconds=30)
    assert services.deliver(delivery_id=queued.pk, now=early) == "taken"  # not due yet
    assert services.sweep(now=early) == 0
    assert len(receiver.requests) == 1

    with django_capture_on_commit_callbacks(execute=True):  # the sweep hands it to the queue
        assert services.sweep(now=T0 + dt.timedelta(seconds=61)) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.response_status) == (DeliveryState.DELIVERED, 2, 200)
    assert receiver.ids == [queued.event_id, queued.event_id]
    stamps = [r.headers["webhook-timestamp"] for r in receiver.requests]
    assert stamps[0] != stamps[1]  # each attempt is signed with its own time


def test_back_off_follows_the_schedule_then_gives_up(queued, receiver, settings):
    receiver.answer(503, times=10)
    now, waits, results = T0, [], []
    while True:
        results.append(services.deliver(delivery_id=queued.pk, now=now))
        row = Delivery.objects.get(pk=queued.pk)
        if row.next_attempt_at is None:
            break
        waits.append(int((row.next_attempt_at - now).total_seconds()))
        now = row.next_attempt_at
    assert waits == [60, 300, 1800, 7200, 43200] == settings.WEBHOOKS_RETRY_SCHEDULE
    assert results == ["retry"] * 5 + ["failed"]
    assert (row.state, row.attempts, row.lease_until) == (DeliveryState.FAILED, 6, None)
    assert len(receiver.requests) == 6 and set(receiver.ids) == {queued.event_id}
    # given up: neither the sweep nor a late task sends it again
    later = now + dt.timedelta(days=3)
    assert services.sweep(now=later) == 0
    assert services.deliver(delivery_id=queued.pk, now=later) == "taken"
    assert len(receiver.requests) == 6


def test_retry_now_sends_a_failed_delivery_once_more(
        queued, receiver, admin_user, django_capture_on_commit_callbacks):
    Delivery.objects.filter(pk=queued.pk).update(state=DeliveryState.FAILED, attempts=6,
                                                 lease_until=None, next_attempt_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_retry(delivery=queued, by=admin_user)
    row = Delivery.objects.get(pk=queued.pk)
    assert (row.state, row.attempts) == (DeliveryState.DELIVERED, 7)
    assert receiver.ids == [queued.event_id]
    with pytest.raises(ValidationError):  # only failed ones
        services.delivery_retry(delivery=row, by=admin_user)


class Killed(BaseException):
    """The worker process dies (kill -9) between the POST and the mark."""


def test_a_worker_killed_after_sending_is_sent_once_more_with_the_same_id(
        queued, receiver, monkeypatch, django_capture_on_commit_callbacks):
    real_finish = leases.finish

    def die(*args, **kwargs):
        raise Killed

    monkeypatch.setattr(leases, "finish", die)
    with pytest.raises(Killed):
        services.deliver(delivery_id=queued.pk, now=T0)
    monkeypatch.setattr(leases, "finish", real_finish)
    assert len(receiver.requests) == 1  # the receiver got it; we never recorded that
    row = Delivery.objects.get(pk=queued.pk)
    assert (row.state, row.attempts) == (DeliveryState.SENDING, 1)

    # while the lease runs, no other worker and no sweep sends it again
    during = T0 + dt.timedelta(seconds=100)
    assert services.deliver(delivery_id=queued.pk, now=during) == "taken"
    assert services.sweep(now=during) == 0
    assert len(receiver.requests) == 1

    # the lease ran out: the sweep hands it out again, it is delivered once and recorded once
    after = T0 + dt.timedelta(seconds=121)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep(now=after) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (DeliveryState.DELIVERED, 2)
    assert Delivery.objects.filter(event_id=queued.event_id).count() == 1
    assert receiver.ids == [queued.event_id, queued.event_id]  # the receiver can drop the repeat
    # the dead worker's attempt (1) can no longer overwrite the newer result
    assert not leases.finish(Delivery, pk=row.pk, attempt=1, state=DeliveryState.FAILED)
    assert Delivery.objects.get(pk=row.pk).state == DeliveryState.DELIVERED


def test_of_two_workers_only_one_claims_a_delivery(queued):
    assert services._claim(queued.pk, T0) == 1
    assert services._claim(queued.pk, T0) is None
    assert services._claim(queued.pk, T0 + dt.timedelta(seconds=121)) == 2  # lease ran out


def test_a_sending_row_whose_attempts_are_used_up_is_marked_failed_by_the_sweep(queued):
    Delivery.objects.filter(pk=queued.pk).update(state=DeliveryState.SENDING, attempts=6,
                                                 lease_until=T0)
    assert services.sweep(now=T0 + dt.timedelta(seconds=1)) == 0
    row = Delivery.objects.get(pk=queued.pk)
    assert (row.state, row.last_error) == (DeliveryState.FAILED, "lease ran out")


def test_a_lost_task_is_handed_out_again_after_the_queue_grace(
        queued, receiver, django_capture_on_commit_callbacks):
    """The on-commit dispatch never ran (the worker's queue lost it)."""
    assert services.sweep(now=T0 + dt.timedelta(minutes=5)) == 0  # still within its grace
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep(now=T0 + services.queue_grace() + dt.timedelta(seconds=1)) == 1
    assert receiver.ids == [queued.event_id]


def test_redirects_are_not_followed(queued, receiver):
    receiver.answer(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    assert services.deliver(delivery_id=queued.pk, now=T0) == "retry"
    row = Delivery.objects.get(pk=queued.pk)
    assert row.response_status == 302
    assert "redirects are not followed" in row.last_error
    assert len(receiver.requests) == 1


def test_only_the_start_of_a_long_answer_is_kept(queued, receiver):
    receiver.answer(500, b"x" * 50_000)
    services.deliver(delivery_id=queued.pk, now=T0)
    assert len(Delivery.objects.get(pk=queued.pk).response_body) == transport.BODY_KEEP


def test_a_receiver_that_never_answers_times_out(queued, settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection (backlog) and never answers
    try:
        port = silent.getsockname()[1]
        queued.subscription.target_url = f"http://127.0.0.1:{port}/"
        queued.subscription.save()
        settings.WEBHOOKS_TIMEOUT_SECONDS = 0.3
        assert services.deliver(delivery_id=queued.pk, now=T0) == "retry"
    finally:
        silent.close()
    assert "timed out" in Delivery.objects.get(pk=queued.pk).last_error.lower()


# --- server-side request forgery ---------------------------------------------------------


def test_production_refuses_internal_and_plain_http_targets(admin_user, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    for url in ("http://hooks.example.com/x", "https://127.0.0.1/x", "https://localhost/x",
                "https://10.1.2.3/x", "https://169.254.169.254/latest", "https://[::1]/x",
                "https://[::ffff:10.0.0.1]/x", "ftp://example.com/", "https://user:pw@a.example/"):
        with pytest.raises(ValidationError) as refused:
            services.subscription_create(by=admin_user, target_url=url, events=["pair.created"])
        assert "target_url" in refused.value.message_dict, url
    services.subscription_create(by=admin_user, target_url="https://hooks.example.com/x",
                                 events=["pair.created"])


def test_a_host_name_that_resolves_inside_is_refused_at_send_time(
        queued, receiver, settings, monkeypatch):
    """The address as written looked public; the DNS answer points inside (rebinding)."""
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    type(queued.subscription).objects.filter(pk=queued.subscription_id).update(
        target_url="https://hooks.example.com/terbalik")
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", 443))])
    assert services.deliver(delivery_id=queued.pk, now=T0) == "failed"  # never retried
    row = Delivery.objects.get(pk=queued.pk)
    assert row.state == DeliveryState.FAILED and "non-public address" in row.last_error
    assert receiver.requests == []


def test_a_loopback_target_is_refused_when_private_targets_are_off(queued, receiver, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    assert services.deliver(delivery_id=queued.pk, now=T0) == "failed"
    assert receiver.requests == []
    assert Delivery.objects.get(pk=queued.pk).last_error.startswith("refused")


def test_the_periodic_tick_runs_the_sweep(queued, receiver, django_capture_on_commit_callbacks):
    from terbalik.notify.tick import run_due

    receiver.answer(500)
    assert services.deliver(delivery_id=queued.pk, now=T0) == "retry"
    due = T0 + dt.timedelta(minutes=1, seconds=1)
    with time_machine.travel(due, tick=False), django_capture_on_commit_callbacks(execute=True):
        results = run_due(now=due)
    assert results["terbalik.webhooks.services.sweep"] == 1
    assert Delivery.objects.get(pk=queued.pk).state == DeliveryState.DELIVERED
    assert receiver.ids == [queued.event_id] * 2

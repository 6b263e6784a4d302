"""The sign-in throttle (issue 13: HIGH admin door, MED not atomic, MED per address only, LOW no
throttle on password reset): allauth's rate limits, keyed on account AND client address, with
escalating windows (backoff) and a notice to the account's owner."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from terbalik.accounts.models import User

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOO_MANY = ("Too many failed login attempts", "Terlalu banyak percobaan masuk")


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def _throttled(response) -> bool:
    return response.status_code == 200 and any(
        text in response.content.decode() for text in TOO_MANY
    )


@pytest.fixture
def count_checks(monkeypatch):
    """How many times a password was really checked."""
    checked: list[str] = []
    lock = threading.Lock()
    original = User.check_password

    def check(self, raw):
        with lock:
            checked.append(raw)
        time.sleep(0.02)  # widen the window between the throttle's check and its record
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", check)
    return checked


def test_a_stranger_elsewhere_cannot_lock_a_colleague_out(client):
    UserFactory(email="ani@example.co.id")
    for _ in range(5):
        assert not _throttled(_login(client, "ani@example.co.id", "guess", ip="10.9.9.9"))
    assert _throttled(_login(client, "ani@example.co.id", "guess", ip="10.9.9.9"))
    response = _login(Client(), "ani@example.co.id", PASSWORD, ip="10.0.0.1")
    assert response.status_code == 302  # the owner at their own desk is not slowed down


def test_throttled_attempts_do_not_check_the_password(client, count_checks):
    UserFactory(email="ani@example.co.id")
    for _ in range(8):
        _login(client, "ani@example.co.id", "guess")
    assert len(count_checks) == 5
    assert _throttled(_login(client, "ani@example.co.id", PASSWORD))
    assert SESSION_KEY not in client.session


def test_backoff_grows_with_repeated_failures(client):
    UserFactory(email="ani@example.co.id")
    start = dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _login(client, "ani@example.co.id", "guess")
        assert _throttled(_login(client, "ani@example.co.id", "guess"))
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        for _ in range(5):  # five more after a short wait ...
            assert not _throttled(_login(client, "ani@example.co.id", "guess"))
        assert _throttled(_login(client, "ani@example.co.id", "guess"))
    with time_machine.travel(start + dt.timedelta(minutes=12), tick=False):
        # ... but ten in an hour means a longer wait, not another five.
        assert _throttled(_login(client, "ani@example.co.id", PASSWORD))
    with time_machine.travel(start + dt.timedelta(minutes=62), tick=False):
        assert _login(client, "ani@example.co.id", PASSWORD).status_code == 302


def test_the_owner_gets_one_notice_in_their_language(client):
    UserFactory(email="ani@example.co.id", language="en")
    for _ in range(9):
        _login(client, "ani@example.co.id", "guess")
    notices = [m for m in mail.outbox if m.to == ["ani@example.co.id"]]
    assert [m.subject for m in notices] == ["Repeated failed sign-ins to your Terbalik account"]
    assert "http://testserver/login/" in notices[0].body


def test_no_notice_for_an_unknown_address(client):
    for _ in range(7):
        response = _login(client, "ghost@example.co.id", "guess")
    assert _throttled(response)
    assert mail.outbox == []


def test_password_reset_is_throttled_per_address_and_per_client(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS, "reset_password": "4/10m/ip,2/10m/key"
    }
    UserFactory(email="ani@example.co.id")

    def reset(email, ip="10.0.0.1"):
        return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)

    assert [reset("ani@example.co.id").status_code for _ in range(3)] == [302, 302, 200]
    assert len(mail.outbox) == 1  # the same link asked for twice in a moment goes once
    assert reset("ani@example.co.id", ip="10.2.2.2").status_code == 200  # per address
    assert reset("x1@example.co.id").status_code == 302
    assert reset("x2@example.co.id").status_code == 200  # per client: 4 from 10.0.0.1
    assert len(mail.outbox) == 1


def test_reset_asked_twice_across_a_second_boundary_goes_once(client):
    """The reset token carries the second it was made: CI once saw two e-mails when the
    two requests fell on either side of a second."""
    UserFactory(email="ani@example.co.id")
    start = dt.datetime(2026, 12, 1, 9, 0, 0, 999_000, tzinfo=dt.UTC)
    for moment in (start, start + dt.timedelta(milliseconds=2)):
        with time_machine.travel(moment, tick=False):
            client.post(reverse("accounts:password_reset"), {"email": "ani@example.co.id"})
    assert len(mail.outbox) == 1
    with time_machine.travel(start + dt.timedelta(minutes=3), tick=False):
        client.post(reverse("accounts:password_reset"), {"email": "ani@example.co.id"})
    assert len(mail.outbox) == 2  # after the window a lost e-mail can be asked for again


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
)
def test_parallel_guesses_are_checked_at_most_the_limit(count_checks):
    """30 wrong passwords at once from 30 connections: at most 5 are checked."""
    cache.clear()
    user = UserFactory(email="target@example.co.id")
    barrier = threading.Barrier(30)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def guess(n: int) -> None:
        try:
            browser = Client()
            barrier.wait(timeout=20)
            response = _login(browser, user.email, f"guess-{n}", ip="10.7.7.7")
            statuses.append(response.status_code)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    # 200: refused on the page; 429: refused by the per-client limit, or because the
    # throttle's lock was busy too long (it fails closed). Nobody got in.
    assert len(statuses) == 30 and set(statuses) <= {200, 429}
    assert User.objects.get(pk=user.pk).last_login is None
    assert 1 <= len(count_checks) <= 5, len(count_checks)
    cache.clear()

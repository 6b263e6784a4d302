"""Issue 16: the two requests of a double tap arrive together. The second waits for the first
and gets its answer: one meeting, one e-mail each (PostgreSQL: real concurrent transactions)."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from terbalik.pairs.models import Meeting

from .test_form_once import meeting_data, token_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


def test_two_simultaneous_submissions_of_one_token_make_one_meeting(pair):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(pair.mentor_user)
    url = reverse("pairs:meeting_new", args=[pair.pk])
    data = meeting_data(token_of(client.get(url))) | {"date": "2030-03-10"}
    mail.outbox.clear()
    barrier = threading.Barrier(2)
    answers: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def tap() -> None:
        try:
            barrier.wait(timeout=5)
            response = client.post(url, data)
            answers.append((response.status_code, response.get("Location", "")))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert answers == [(302, reverse("pairs:workspace", args=[pair.pk]))] * 2
    assert Meeting.objects.filter(pair=pair).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email])

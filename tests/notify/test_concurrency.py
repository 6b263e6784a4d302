"""Two schedulers running `tick` at the same moment: every e-mail still goes once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection, connections

from terbalik.notify.tick import run_due
from terbalik.pairs import services
from terbalik.pairs.models import PairStatus
from terbalik.surveys.models import SurveyInstance
from terbalik.surveys.templates_data import surveys_templates_install

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


def run_twice_at_once() -> None:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def tick() -> None:
        try:
            barrier.wait(timeout=5)
            run_due()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors


def test_two_schedulers_send_each_reminder_once_and_close_each_pair_once(make_pair):
    surveys_templates_install()  # transactional tests flush the migration-installed templates
    with time_machine.travel(dt.datetime(2027, 4, 20, tzinfo=dt.UTC), tick=False):
        pair = make_pair(end_date=dt.date(2027, 5, 1))
        services.meeting_schedule(pair=pair, by=pair.mentor_user,
                                  local_date=dt.date(2027, 4, 22), local_time=dt.time(9, 0),
                                  time_zone="UTC")
    mail.outbox.clear()
    with time_machine.travel(dt.datetime(2027, 4, 21, 10, 0, tzinfo=dt.UTC), tick=False):
        run_twice_at_once()
    assert len([m for m in mail.outbox if m.subject.startswith("Tomorrow")]) == 2
    with time_machine.travel(dt.datetime(2027, 5, 3, tzinfo=dt.UTC), tick=False):
        run_twice_at_once()
    pair.refresh_from_db()
    assert pair.status == PairStatus.COMPLETED
    closing = SurveyInstance.objects.filter(version__survey__template_key="program-evaluation")
    assert closing.count() == 1
    assert len([m for m in mail.outbox if m.subject.startswith("Your mentoring pair")]) == 2

"""Two workers given the same delivery at the same moment, and two sweeps at once, on
PostgreSQL: the receiver gets each delivery once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from functools import partial

import pytest
import time_machine
from django.db import connection, connections

from terbalik.webhooks import services
from terbalik.webhooks.models import Delivery, DeliveryState

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


def at_once(*calls: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    errors: list[BaseException] = []

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=5)
            results.append(call())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.fixture
def queued(subscribe, admin_user, settings):
    """Pings written with autocommit: handed to the (absent) worker queue, not posted here."""

    def make(n: int) -> list[Delivery]:
        settings.WEBHOOKS_SEND = "worker"
        subscription = subscribe()
        rows = [services.ping(subscription=subscription, by=admin_user) for _ in range(n)]
        settings.WEBHOOKS_SEND = "inline"
        return rows

    return make


def test_two_workers_one_post(queued, receiver):
    deliveries = queued(5)
    assert receiver.requests == []
    for delivery in deliveries:
        attempt = partial(services.deliver, delivery_id=delivery.pk)
        results = at_once(attempt, attempt)
        assert sorted(map(str, results)) == ["delivered", "taken"]
    assert sorted(receiver.ids) == sorted(d.event_id for d in deliveries)
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


def test_two_sweeps_hand_out_each_due_delivery_once(queued, receiver):
    deliveries = queued(20)
    assert receiver.requests == []
    later = max(d.lease_until for d in deliveries) + dt.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):  # the sweep and the workers it starts
        results = at_once(services.sweep, services.sweep)
    assert sum(results) == 20  # type: ignore[arg-type]
    assert sorted(receiver.ids) == sorted(d.event_id for d in deliveries)

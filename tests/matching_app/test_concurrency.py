"""Two mentees choose the same one-place mentor at the same instant: only one gets the place."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from terbalik.matching import services
from terbalik.matching.models import ChoiceRequest

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_mentees_one_place(small_company):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (select_for_update); this runs on PostgreSQL")
    program, mentors, mentees = small_company
    mentor = mentors[1]  # capacity 1
    for m in mentees[:2]:
        services.suggestions_current(mentee=m, by=m.user)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def choose(mentee):
        try:
            barrier.wait(timeout=10)
            services.choice_make(mentee=mentee, mentor=mentor, by=mentee.user)
            result = "ok"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=choose, args=(m,)) for m in mentees[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    assert ChoiceRequest.objects.filter(mentor=mentor, status="pending").count() == 1

"""Launch day (issue 18): many people apply to one open program at the same moment; exactly
as many get a place as there are places, everyone else is waitlisted, and nobody gets an
error. The bench (bench/bench_spike.py) runs the same at 2,000 applications over HTTP."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from terbalik.programs import services
from terbalik.programs.models import EnrollmentStatus, ParticipantRole

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]

PLACES, APPLICANTS, THREADS = 5, 16, 8


def test_more_applicants_than_places_at_once(make_program, make_person):
    program = make_program(mentee_places=PLACES)
    users = [make_person(10) for _ in range(APPLICANTS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def apply(batch) -> None:
        try:
            barrier.wait(timeout=10)
            for user in batch:
                services.enrollment_apply(
                    program=program, user=user, role=ParticipantRole.MENTEE,
                    intake={"skills_wanted": "python"}, commitment_accepted=True,
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(users[i::THREADS],)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    statuses = list(program.enrollments.values_list("status", flat=True))
    assert len(statuses) == APPLICANTS
    assert statuses.count(EnrollmentStatus.PENDING) == PLACES
    assert statuses.count(EnrollmentStatus.WAITLISTED) == APPLICANTS - PLACES

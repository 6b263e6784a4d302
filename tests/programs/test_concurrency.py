"""Two people taking the last place at the same moment: exactly one gets it."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from terbalik.programs import services
from terbalik.programs.models import EnrollmentStatus, ParticipantRole
from terbalik.programs.services import enrollment as enrollment_services

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no race to test",
    ),
]


def test_two_applicants_for_the_last_place(make_program, make_person, monkeypatch):
    program = make_program(mentee_places=1)
    users = [make_person(9), make_person(10)]
    original = enrollment_services.places_left

    def slow_places_left(**kwargs):
        left = original(**kwargs)
        time.sleep(0.3)  # widen the window between counting and writing
        return left

    monkeypatch.setattr(enrollment_services, "places_left", slow_places_left)
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}
    errors: list[BaseException] = []

    def apply(user) -> None:
        try:
            barrier.wait(timeout=5)
            enrollment = services.enrollment_apply(
                program=program,
                user=user,
                role=ParticipantRole.MENTEE,
                intake={"skills_wanted": "python"},
                commitment_accepted=True,
            )
            results[user.pk] = enrollment.status
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(results.values()) == sorted(
        [EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED]
    )
    assert program.enrollments.filter(status=EnrollmentStatus.PENDING).count() == 1

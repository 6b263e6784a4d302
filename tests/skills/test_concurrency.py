"""A merge rewriting intake answers while a person erases their optional data (PostgreSQL)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from terbalik.programs import services as program_services
from terbalik.skills import services
from terbalik.skills.models import Skill

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_merge_never_writes_back_interests_erased_meanwhile(
        hr_user, program, make_person, apply_as) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks (select_for_update); this runs on PostgreSQL")
    services.skill_seed_install()  # a transactional test starts from a flushed database
    intake = {"skills_wanted": "python", "languages": "id", "interests": "arts, hiking"}
    leaving = apply_as(program, make_person(9), intake=intake)
    staying = apply_as(program, make_person(9), intake=intake)
    assert leaving.intake["interests"] == ["arts", "sports"]
    erased = threading.Event()
    errors: list[BaseException] = []

    def erase() -> None:
        try:
            with transaction.atomic():
                program_services.enrollment_intake_erase_optional(
                    employee=leaving.employee, by=None)
                erased.set()
                time.sleep(1.0)  # the merge starts while this is not yet committed
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            erased.set()
            connections.close_all()

    def merge() -> None:
        try:
            erased.wait(timeout=10)
            services.skill_merge(source=Skill.objects.get(slug="arts"),
                                 target=Skill.objects.get(slug="music"), by=hr_user)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=erase), threading.Thread(target=merge)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert leaving.intake["interests"] == []
    assert "interests" not in leaving.intake.get("typed", {})
    assert staying.intake["interests"] == ["music", "sports"]  # the merge did its work

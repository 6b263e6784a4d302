"""Match-run snapshots: no names and no birthdays once published, the same result on replay,
purged after the retention period; erasing a person rewrites their rows."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from terbalik.matching import services
from terbalik.matching.execution import result_json
from terbalik.matching.models import MatchRun
from terbalik.privacy import erasure, retention

pytestmark = pytest.mark.django_db

BIRTHS = [dt.date(1995, 3, 1), dt.date(1998, 7, 9), dt.date(1993, 1, 2),
          dt.date(1968, 5, 5), dt.date(1970, 8, 8), dt.date(1965, 2, 2)]


@pytest.fixture
def aged_company(matching_program, enroll):
    p = matching_program
    p.seniority_rule = "grade_and_age"  # birth dates decide who may mentor whom
    p.save()
    mentors = [enroll(p, "mentor", 2 + i, skills=["python"], interests=["music"],
                      birth_date=BIRTHS[i]) for i in range(3)]
    mentees = [enroll(p, "mentee", 9 + i, skills=["python"], interests=["music"],
                      birth_date=BIRTHS[3 + i]) for i in range(3)]
    return p, mentors, mentees


def _stored(run: MatchRun) -> dict:
    return {k: v for k, v in run.result.items() if k != "blockers"}


def test_publish_pseudonymises_the_snapshot_and_replay_is_identical(aged_company, hr_user):
    program, mentors, mentees = aged_company
    run = services.run_start(program=program, by=hr_user)
    names = {e.employee.full_name for e in mentors + mentees}
    assert {r["name"] for r in run.snapshot} == names  # what the engine got at first
    before = _stored(run)
    services.run_publish(match_run=run, by=hr_user)
    run.refresh_from_db()
    assert {r["name"] for r in run.snapshot} == {""}
    stored_births = {r["birth_date"] for r in run.snapshot}
    assert not stored_births & {b.isoformat() for b in BIRTHS}
    assert all(b.startswith("0001-") for b in stored_births)
    # the same order of ages, so the replay gives the stored result byte for byte
    assert result_json(services.engine_result(run)) == before == _stored(run)
    # and the matching still depends on the ages (a wrong order would change the result)
    flipped = [{**r, "birth_date": "0001-01-01" if r["role"] == "mentor" else "0001-12-31"}
               for r in run.snapshot]
    run.snapshot = flipped
    assert result_json(services.engine_result(run)) != before


def test_snapshots_are_purged_after_the_retention_period(small_company, hr_user, settings,
                                                         client):
    settings.PRIVACY_RETENTION_DAYS = {**settings.PRIVACY_RETENTION_DAYS, "match_snapshots": 30}
    program, _mentors, _mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    services.run_publish(match_run=run, by=hr_user)
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(days=29)):
        assert retention.apply()["match_snapshots"] == 0
    with time_machine.travel(start + dt.timedelta(days=31)):
        assert retention.apply()["match_snapshots"] == 1
        assert retention.apply()["match_snapshots"] == 0  # idempotent
    run.refresh_from_db()
    assert run.snapshot == [] and run.fixed == []
    assert run.result["summary"]["matched"] == 3 and "assignments" not in run.result
    client.force_login(hr_user)
    assert client.get(reverse("matching:run", args=[run.pk])).status_code == 200


def test_erasing_a_person_rewrites_their_snapshot_rows(small_company, hr_user):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    person = mentees[0].employee
    old_id, old_name = person.employee_id, person.full_name
    pseudo, _changes = erasure.pseudonymise(employee=person)
    run.refresh_from_db()
    text = str(run.snapshot) + str(run.result)
    assert old_id not in text and old_name not in text
    assert pseudo.employee_id in text
    person.refresh_from_db()
    assert person.employee_id == pseudo.employee_id  # the run still points at the directory

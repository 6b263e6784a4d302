from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from terbalik.core.models import AuditEntry
from terbalik.programs import services, tokens
from terbalik.programs.models import EnrollmentStatus, ManagerOutcome

from ..factories import EmployeeFactory

pytestmark = pytest.mark.django_db

JKT = ZoneInfo("Asia/Jakarta")
T0 = dt.datetime(2027, 1, 4, 9, 0, tzinfo=JKT)


@pytest.fixture
def approval_program(make_program):
    return make_program(manager_approval=True, manager_approval_days=5, manager_silence="approve")


@pytest.fixture
def boss(db):
    return EmployeeFactory(grade=11, full_name="Bu Ratna", email="ratna@example.co.id")


def test_manager_gets_a_link_and_approves(approval_program, make_person, apply_as, boss, client):
    with time_machine.travel(T0, tick=False):
        e = apply_as(approval_program, make_person(9, manager=boss))
    assert e.status == EnrollmentStatus.MANAGER_PENDING
    assert e.manager_outcome == ManagerOutcome.WAITING
    to_boss = [m for m in mail.outbox if m.to == ["ratna@example.co.id"]]
    assert len(to_boss) == 1
    found = re.search(r"https://terbalik\.example(/programs/manager/\S+/)", to_boss[0].body)
    assert found
    path = found.group(1)
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
        assert client.get(path).status_code == 200
        response = client.post(path, {"answer": "approve"})
    assert response.status_code == 200
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.PENDING
    assert e.manager_outcome == ManagerOutcome.APPROVED
    assert AuditEntry.objects.filter(action="enrollment.manager_approve").exists()
    # the link cannot be used twice
    with time_machine.travel(T0 + dt.timedelta(days=2), tick=False):
        again = client.post(path, {"answer": "refuse"})
    assert again.status_code == 410
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.PENDING


def test_manager_refusal_frees_the_place(approval_program, make_person, apply_as, boss, hr_user):
    approval_program.mentee_places = 1
    approval_program.save()
    first = apply_as(approval_program, make_person(9, manager=boss))
    waiting = apply_as(approval_program, make_person(9))
    assert waiting.status == EnrollmentStatus.WAITLISTED
    services.manager_decide(enrollment=first, approve=False)
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == EnrollmentStatus.MANAGER_REFUSED
    assert waiting.status == EnrollmentStatus.PENDING  # no manager on record: straight to HR


def test_no_manager_on_record_skips_the_step(approval_program, make_person, apply_as):
    e = apply_as(approval_program, make_person(9))
    assert e.status == EnrollmentStatus.PENDING
    assert e.manager_outcome == ManagerOutcome.NONE


@pytest.mark.parametrize(
    "silence,status,outcome",
    [
        ("approve", EnrollmentStatus.PENDING, ManagerOutcome.SILENT_APPROVED),
        ("refuse", EnrollmentStatus.MANAGER_REFUSED, ManagerOutcome.SILENT_REFUSED),
    ],
)
def test_silence_counts_as_configured(
    silence, status, outcome, approval_program, make_person, apply_as, boss
):
    approval_program.manager_silence = silence
    approval_program.save()
    with time_machine.travel(T0, tick=False):
        e = apply_as(approval_program, make_person(9, manager=boss))
    with time_machine.travel(T0 + dt.timedelta(days=4, hours=23), tick=False):
        assert services.manager_approvals_expire() == 0
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.MANAGER_PENDING
    with time_machine.travel(T0 + dt.timedelta(days=5, minutes=1), tick=False):
        assert services.manager_approvals_expire() == 1
        assert services.manager_approvals_expire() == 0
    e.refresh_from_db()
    assert e.status == status
    assert e.manager_outcome == outcome


def test_expire_accepts_an_explicit_now(approval_program, make_person, apply_as, boss):
    with time_machine.travel(T0, tick=False):
        e = apply_as(approval_program, make_person(9, manager=boss))
    assert services.manager_approvals_expire(now=T0 + dt.timedelta(days=6)) == 1
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.PENDING


def test_the_manager_link_expires_with_the_silence_period(
    approval_program, make_person, apply_as, boss, client
):
    with time_machine.travel(T0, tick=False):
        e = apply_as(approval_program, make_person(9, manager=boss))
        token = tokens.manager_token(e.pk)
    path = reverse("programs:manager_decision", args=[token])
    with time_machine.travel(T0 + dt.timedelta(days=6), tick=False):
        response = client.get(path)
    assert response.status_code == 410
    assert response.context["kind"] == "expired"
    tampered = reverse("programs:manager_decision", args=[token[:-2] + "xx"])
    assert client.get(tampered).status_code == 400

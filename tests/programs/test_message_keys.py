"""Every programs e-mail goes through notify under the key of its cause: the same cause sent
again (a double tap, a reload, a retried call) e-mails nobody twice; a new cause does."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from terbalik.notify.models import NotificationLog
from terbalik.programs import emails, services, tokens
from terbalik.programs.services.invitations import PASSWORD_LINK_GAP

from ..factories import EmployeeFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC)


def test_asking_twice_for_a_password_link_sends_one_until_the_gap_has_passed(
    client, make_program, hr_user
):
    closed = make_program(enrollment_mode="closed", name="Customer insight")
    newcomer = EmployeeFactory(grade=3, email="baru@example.co.id")
    with time_machine.travel(T0, tick=False):
        services.invitation_send(program=closed, employees=[newcomer], role="mentor",
                                 by=hr_user)
        invitation = closed.invitations.get()
        link = reverse("programs:invitation", args=[tokens.invitation_token(invitation.pk)])
        mail.outbox.clear()
        first = client.post(link, {"answer": "password"})
    with time_machine.travel(T0 + dt.timedelta(seconds=3), tick=False):  # a double tap
        second = client.post(link, {"answer": "password"})
    assert first.status_code == second.status_code == 200
    assert [m.to for m in mail.outbox] == [["baru@example.co.id"]]
    with time_machine.travel(T0 + PASSWORD_LINK_GAP + dt.timedelta(minutes=1), tick=False):
        services.invitation_password_link_send(invitation=invitation)  # asked again later
    assert len(mail.outbox) == 2
    keys = set(NotificationLog.objects.filter(key__startswith="programs.password_setup.")
               .values_list("key", flat=True))
    assert len(keys) == 2


def test_the_line_manager_is_asked_once_per_enrollment(make_program, make_person, apply_as):
    program = make_program(manager_approval=True, manager_approval_days=5,
                           manager_silence="approve")
    boss = EmployeeFactory(grade=11, email="ratna@example.co.id")
    enrollment = apply_as(program, make_person(9, manager=boss))
    to_boss = [m for m in mail.outbox if m.to == ["ratna@example.co.id"]]
    assert len(to_boss) == 1
    emails.manager_request(enrollment=enrollment, link="https://terbalik.example/m/")  # again
    assert [m for m in mail.outbox if m.to == ["ratna@example.co.id"]] == to_boss
    assert NotificationLog.objects.filter(
        key=f"programs.enrollment.{enrollment.pk}.manager").count() == 1
    other = apply_as(program, make_person(8, manager=boss))  # another person: another request
    assert len([m for m in mail.outbox if m.to == ["ratna@example.co.id"]]) == 2
    assert other.pk != enrollment.pk


def test_a_manager_without_an_account_is_also_asked_once(make_program, make_person, apply_as):
    program = make_program(manager_approval=True, manager_approval_days=5,
                           manager_silence="approve")
    boss = EmployeeFactory(grade=11, email="pak.budi@example.co.id")
    assert getattr(boss, "user", None) is None
    enrollment = apply_as(program, make_person(9, manager=boss))
    emails.manager_request(enrollment=enrollment, link="https://terbalik.example/m/")
    assert len([m for m in mail.outbox if m.to == ["pak.budi@example.co.id"]]) == 1

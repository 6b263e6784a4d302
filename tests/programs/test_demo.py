from __future__ import annotations

import pytest
from django.core import mail

from terbalik.core import demo as core_demo
from terbalik.people import services as people_services
from terbalik.programs.demo import build_demo_programs
from terbalik.programs.models import Enrollment, Invitation, Program

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        Enrollment.objects.values_list("program__name", "employee__employee_id", "role", "status")
    ), sorted(Invitation.objects.values_list("program__name", "employee__employee_id", "status"))


def test_demo_programs_are_realistic_and_idempotent(hr_user):
    people_services.employee_import_apply(
        content=core_demo.build_directory_csv(), file_name="demo.csv", by=None
    )
    open_program, closed_program = build_demo_programs(hr_user=hr_user)
    assert mail.outbox == []
    assert (open_program.status, open_program.enrollment_mode) == ("recruiting", "open")
    assert (closed_program.status, closed_program.enrollment_mode) == ("matching", "closed")
    statuses = set(open_program.enrollments.values_list("status", flat=True))
    assert {"approved", "pending", "waitlisted"} <= statuses
    for e in Enrollment.objects.select_related("employee"):
        assert e.employee.employee_id.startswith("NMS")
        if e.role == "mentor":
            assert 1 <= e.employee.grade <= 5
        else:
            assert e.employee.grade >= 8
    assert closed_program.invitations.filter(status="accepted").count() >= 10
    assert closed_program.enrollments.filter(status="approved").count() >= 10
    first = snapshot()
    again = build_demo_programs(hr_user=hr_user)
    assert [p.pk for p in again] == [open_program.pk, closed_program.pk]
    assert Program.objects.count() == 2
    assert snapshot() == first

from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from terbalik.accounts.models import Role, User
from terbalik.core import demo
from terbalik.people.models import Department, Employee

pytestmark = pytest.mark.django_db


def test_demo_company_is_realistic_and_idempotent():
    out = io.StringIO()
    call_command("demo", stdout=out)
    employees = Employee.objects.all()
    assert 280 <= employees.count() <= 340
    departments = set(employees.values_list("department_record", flat=True))
    assert {name for name, _code in demo.DEPARTMENTS} <= departments
    # departments are records (issue 17 item 5): one per name, the demo's list exactly
    assert set(Department.objects.values_list("name", flat=True)) == departments
    assert set(employees.values_list("grade", flat=True)) == set(range(1, 13))
    assert employees.filter(manager=None).count() == 1  # one top of the hierarchy
    leavers = employees.filter(exit_date__isnull=False)
    assert leavers.count() >= 5
    assert not leavers.filter(active=True).exists()
    assert all("id" in langs for langs in employees.values_list("languages", flat=True))

    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {Role.ADMIN, Role.HR, Role.SPONSOR, Role.PARTICIPANT}
    for email, _role, _name, _eid in demo.demo_logins(demo.build_people()):
        assert authenticate(email=email, password=demo.DEMO_PASSWORD) is not None
        assert email in out.getvalue()

    snapshot = list(employees.order_by("employee_id").values())
    users_before = User.objects.count()
    again = io.StringIO()
    call_command("demo", stdout=again)
    assert "0 employees created, 0 updated" in again.getvalue()
    assert list(Employee.objects.order_by("employee_id").values()) == snapshot
    assert User.objects.count() == users_before


def test_demo_is_deterministic():
    assert demo.build_directory_csv() == demo.build_directory_csv()


def test_hr_login_is_linked_to_an_hr_employee():
    call_command("demo", stdout=io.StringIO())
    hr = User.objects.get(role=Role.HR)
    assert hr.employee is not None
    assert hr.employee.department == "Sumber Daya Manusia"

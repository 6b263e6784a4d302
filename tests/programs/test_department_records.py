"""Renaming or merging a department keeps every program's eligibility (code review of the
merged session-3 work, item 1)."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse

from terbalik.people.models import Department, Location
from terbalik.programs import services
from terbalik.programs.eligibility import eligible_employees, reasons_not_eligible
from terbalik.programs.models import ParticipantRole, Program

from ..factories import EmployeeFactory

pytestmark = pytest.mark.django_db
MENTOR = ParticipantRole.MENTOR


def _eligible(program: Program) -> set[str]:
    program.refresh_from_db()
    eligible = eligible_employees(program=program, role=MENTOR)
    return set(eligible.values_list("employee_id", flat=True))


def test_rename_keeps_a_department_restricted_program(make_program, hr_user):
    finance = EmployeeFactory(grade=2, department="Keuangan")
    EmployeeFactory(grade=2, department="Pemasaran")
    only = make_program(departments_included=["Keuangan"])
    without = make_program(departments_excluded=["Keuangan"])
    before = (_eligible(only), _eligible(without))
    services.department_rename(record=Department.objects.get(name="Keuangan"),
                               name="Keuangan & Akuntansi", by=hr_user)
    assert (_eligible(only), _eligible(without)) == before
    assert before[0] == {finance.employee_id}
    assert only.departments_included == ["Keuangan & Akuntansi"]
    assert without.departments_excluded == ["Keuangan & Akuntansi"]
    finance.refresh_from_db()
    assert reasons_not_eligible(program=only, employee=finance, role=MENTOR) == []


def test_merge_keeps_a_department_restricted_program(make_program, hr_user):
    EmployeeFactory(grade=2, department="Finance")
    EmployeeFactory(grade=2, department="Keuangan")
    EmployeeFactory(grade=2, department="Pemasaran")
    both = make_program(departments_included=["Finance", "Keuangan"])
    one = make_program(departments_included=["FINANCE"])
    before = _eligible(both)
    moved = services.department_merge(source=Department.objects.get(name="Finance"),
                                      target=Department.objects.get(name="Keuangan"),
                                      by=hr_user)
    assert moved == 1
    assert _eligible(both) == before and len(before) == 2
    assert both.departments_included == ["Keuangan"]
    assert len(_eligible(one)) == 2  # the merged department's people, as HR asked
    assert one.departments_included == ["Keuangan"]


def test_the_page_renames_departments_through_programs(client, hr_user, make_program):
    EmployeeFactory(department="Keuangan")
    EmployeeFactory(location="Jakarta")
    program = make_program(departments_included=["Keuangan"])
    client.force_login(hr_user)
    url = reverse("programs:record_edit",
                  args=["departments", Department.objects.get(name="Keuangan").pk])
    assert client.post(url, {"action": "rename", "name": "Finance"}).status_code == 302
    program.refresh_from_db()
    assert program.departments_included == ["Finance"]
    url = reverse("programs:record_edit", args=["locations", Location.objects.get().pk])
    assert client.post(url, {"action": "rename", "name": "Bandung"}).status_code == 302
    assert Location.objects.get().name == "Bandung"


def test_the_migration_maps_lists_onto_the_canonical_names():
    migration = importlib.import_module(
        "terbalik.programs.migrations.0005_program_departments_follow_records")
    canonical = {"keuangan": "Keuangan", "teknologi informasi": "Teknologi Informasi"}
    assert migration.canonical_lists(
        ["keuangan ", "  TEKNOLOGI   informasi", "Keuangan", "Legal"], canonical
    ) == ["Keuangan", "Teknologi Informasi", "Legal"]
    assert migration.canonical_lists([], canonical) == []

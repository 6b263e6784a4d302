"""Upsert, idempotency, partial syncs, exit dates and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError

from terbalik.core.models import AuditEntry
from terbalik.people import services
from terbalik.people.models import Employee
from tests.factories import EmployeeFactory, UserFactory

from .conftest import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FULL = (
    b"employee_id,name,email,birth_date,grade,job_title,department,manager_id,location,timezone,"
    b"languages,hire_date,exit_date\r\n"
    b"E1,Bambang Sutrisno,bambang@contoh.co.id,1970-03-02,12,Direktur,Direksi,,Jakarta,"
    b"Asia/Jakarta,id|en,1995-01-02,\r\n"
    b"E2,Putri Lestari,putri@contoh.co.id,2000-07-08,2,Analis,TI,E1,Makassar,Asia/Makassar,"
    b"id,2023-02-01,\r\n"
    b"E3,Yoga Pratama,yoga@contoh.co.id,1999-01-01,3,Analis,TI,E1,Jakarta,Asia/Jakarta,"
    b"id|jv,2021-05-01,2024-03-31\r\n"
)


def apply(content: bytes, **kwargs) -> services.ImportPlan:
    return services.employee_import_apply(content=content, file_name="hris.csv", **{"by": None,
                                                                                   **kwargs})


def test_same_file_twice_changes_nothing_the_second_time() -> None:
    first = apply(FULL)
    assert (first.created, first.updated, first.unchanged) == (3, 0, 0)
    before = snapshot()
    second = apply(FULL)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert second.changes == []
    assert snapshot() == before  # not even updated_at moved


def test_upsert_updates_changed_rows_only() -> None:
    apply(FULL)
    untouched = Employee.objects.get(employee_id="E1").updated_at
    changed = FULL.replace(b"Analis,TI,E1,Makassar", b"Analis Senior,TI,E1,Makassar").replace(
        b"E3,Yoga", b"E4,Yoga"
    ).replace(b"yoga@", b"yoga.p@")
    plan = apply(changed)
    assert (plan.created, plan.updated, plan.unchanged) == (1, 1, 1)
    [update] = [c for c in plan.changes if c.action == "update"]
    assert update.employee_id == "E2"
    assert [(c.column, c.old, c.new) for c in update.changes] == [
        ("job_title", "Analis", "Analis Senior")
    ]
    assert Employee.objects.get(employee_id="E2").job_title == "Analis Senior"
    assert Employee.objects.get(employee_id="E1").updated_at == untouched
    assert Employee.objects.count() == 4  # an import never deletes anybody


def test_columns_absent_from_the_file_are_left_alone() -> None:
    apply(FULL)
    plan = apply(b"NIK;Jabatan\r\nE2;Kepala Analis\r\n")
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 0)
    putri = Employee.objects.get(employee_id="E2")
    assert putri.job_title == "Kepala Analis"
    assert (putri.full_name, putri.grade, putri.department) == ("Putri Lestari", 2, "TI")
    assert putri.manager.employee_id == "E1"
    assert putri.languages == ["id"]
    assert putri.time_zone == "Asia/Makassar"


def test_dash_clears_an_optional_value_but_name_cannot_be_emptied() -> None:
    apply(FULL)
    apply(b"employee_id,manager_id,location\nE2,-,-\n")
    putri = Employee.objects.get(employee_id="E2")
    assert (putri.manager, putri.location) == (None, "")
    with pytest.raises(services.ImportRefused) as info:
        apply(b"employee_id,name\nE2, - \n")
    assert [(e.row, e.column) for e in info.value.plan.errors] == [(2, "name")]


def test_partial_file_with_unknown_id_needs_the_required_columns() -> None:
    apply(FULL)
    with pytest.raises(services.ImportRefused) as info:
        apply(b"employee_id,department\nE2,Keuangan\nE99,Keuangan\n")
    assert [(e.row, e.column) for e in info.value.plan.errors] == [
        (3, "name"), (3, "email"), (3, "grade")
    ]
    assert "E99" in str(info.value.plan.errors[0].message)
    assert Employee.objects.get(employee_id="E2").department == "TI"


@time_machine.travel(dt.datetime(2024, 3, 31, 17, 30, tzinfo=dt.UTC))  # 00:30 on 1 April in Jakarta
def test_exit_date_sets_active_in_jakarta_time() -> None:
    apply(FULL)
    assert dict(Employee.objects.values_list("employee_id", "active")) == {
        "E1": True, "E2": True, "E3": False
    }
    plan = apply(b"employee_id,exit_date\nE2,01/04/2024\nE3,-\n")  # E3 is rehired
    assert plan.updated == 2
    assert dict(Employee.objects.values_list("employee_id", "active")) == {
        "E1": True, "E2": False, "E3": True
    }
    apply(b"employee_id,exit_date\nE1,2024-04-02\n")  # leaves tomorrow: still active today
    assert Employee.objects.get(employee_id="E1").active is True


def test_active_is_left_alone_without_an_exit_date_column() -> None:
    EmployeeFactory(employee_id="E1", active=False)
    plan = apply(b"employee_id,department\nE1,Keuangan\n")
    assert plan.updated == 1
    assert Employee.objects.get(employee_id="E1").active is False


def test_one_audit_entry_per_import() -> None:
    user = UserFactory()
    apply(FULL, by=user)
    [entry] = AuditEntry.objects.all()
    assert entry.action == "people.employee_import"
    assert entry.actor == user
    assert entry.details == {
        "file_name": "hris.csv", "rows": 3, "created": 3, "updated": 0, "unchanged": 0
    }


def test_refused_import_writes_no_audit_entry() -> None:
    with pytest.raises(services.ImportRefused):
        apply(b"employee_id,name,email,grade\nE1,Ani,ani@contoh.co.id,x\n")
    assert AuditEntry.objects.count() == 0


def test_apply_recomputes_against_the_current_database() -> None:
    content = b"employee_id,name,email,grade\nE1,Ani,ani@contoh.co.id,3\n"
    preview = services.employee_import_preview(content=content, file_name="a.csv")
    assert preview.ok
    EmployeeFactory(employee_id="OTHER", email="ani@contoh.co.id")  # appeared meanwhile
    with pytest.raises(services.ImportRefused) as info:
        apply(content)
    assert [(e.row, e.column) for e in info.value.plan.errors] == [(2, "email")]


def test_email_rotation_between_existing_and_new_employees() -> None:
    EmployeeFactory(employee_id="A", email="a@contoh.co.id")
    plan = apply(
        b"employee_id,name,email,grade\nA,Ani,a.lama@contoh.co.id,3\nB,Baru,a@contoh.co.id,2\n"
    )
    assert (plan.created, plan.updated) == (1, 1)
    assert dict(Employee.objects.values_list("employee_id", "email")) == {
        "A": "a.lama@contoh.co.id", "B": "a@contoh.co.id"
    }


def test_deep_chain_of_new_managers_in_reverse_order() -> None:
    lines = ["employee_id,name,email,grade,manager_id"]
    for n in range(30, 0, -1):  # every manager is further down the file
        lines.append(f"E{n},Orang {n},e{n}@contoh.co.id,{n},{f'E{n + 1}' if n < 30 else ''}")
    apply("\n".join(lines).encode())
    assert len(Employee.objects.get(employee_id="E1").management_chain()) == 29


def test_preview_lists_at_most_fifty_changed_rows() -> None:
    lines = ["employee_id,name,email,grade"] + [
        f"E{n},Orang {n},e{n}@contoh.co.id,3" for n in range(120)
    ]
    plan = services.employee_import_preview(content="\n".join(lines).encode(), file_name="a.csv")
    assert plan.created == 120
    assert len(plan.changes) == 50
    assert [c.row for c in plan.changes] == list(range(2, 52))
    assert plan.more_changes == 70
    assert plan.as_dict()["created"] == 120


def test_a_database_failure_half_way_rolls_everything_back(monkeypatch) -> None:
    EmployeeFactory(employee_id="E1", full_name="Lama", email="bambang@contoh.co.id")
    before = snapshot()

    def broken_bulk_update(*args, **kwargs):
        raise IntegrityError("simulated failure after the new employees were inserted")

    monkeypatch.setattr(Employee.objects, "bulk_update", broken_bulk_update)
    with pytest.raises(services.ImportRefused) as info:
        apply(FULL)  # creates E2 and E3 first, then fails while updating E1
    assert snapshot() == before
    assert AuditEntry.objects.count() == 0
    assert "try again" in str(info.value.plan.errors[0].message)

"""Bad files are refused with a row-level message, and nothing is written."""

from __future__ import annotations

import pytest

from terbalik.people import services
from terbalik.people.models import Employee
from tests.factories import EmployeeFactory

from .conftest import make_xlsx, snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def refused(content: bytes, name: str = "karyawan.csv") -> list[tuple[int | None, str, str]]:
    """Apply the file, expect a refusal, and return (row, column, message) of every error."""
    before = snapshot()
    with pytest.raises(services.ImportRefused) as info:
        services.employee_import_apply(content=content, file_name=name, by=None)
    assert snapshot() == before, "a refused file must leave the directory exactly as it was"
    preview = services.employee_import_preview(content=content, file_name=name)
    assert [(e.row, e.column) for e in preview.errors] == [
        (e.row, e.column) for e in info.value.plan.errors
    ]
    return [(e.row, e.column, str(e.message)) for e in info.value.plan.errors]


def test_manager_cycle_inside_the_file() -> None:
    errors = refused(
        b"nik,nama,email,golongan,id_atasan\n"
        b"A,Ani,a@contoh.co.id,5,C\n"
        b"B,Bayu,b@contoh.co.id,6,A\n"
        b"C,Citra,c@contoh.co.id,7,B\n"
        b"D,Dodi,d@contoh.co.id,2,A\n"
    )
    assert errors == [
        (2, "id_atasan", "These managers form a loop: A → C → B → A. Somebody at the top of "
                         "the chain must have another manager or none.")
    ]


def test_own_manager_is_a_cycle() -> None:
    errors = refused(b"employee_id,name,email,grade,manager_id\nA,Ani,a@contoh.co.id,5,A\n")
    assert errors == [(2, "manager_id", "Employee A cannot be their own manager.")]


def test_cycle_that_only_appears_with_the_database() -> None:
    top = EmployeeFactory(employee_id="TOP", grade=12)
    EmployeeFactory(employee_id="MID", grade=8, manager=top)
    # The file alone is fine, but TOP's new manager is MID, who reports to TOP in the database.
    errors = refused(b"employee_id,manager_id\nTOP,MID\n")
    assert [(row, column) for row, column, _ in errors] == [(2, "manager_id")]
    assert "TOP → MID → TOP" in errors[0][2]


def test_moving_a_manager_out_of_a_loop_in_the_same_file_is_fine() -> None:
    top = EmployeeFactory(employee_id="TOP", grade=12)
    EmployeeFactory(employee_id="MID", grade=8, manager=top)
    plan = services.employee_import_apply(
        content=b"employee_id,manager_id\nTOP,MID\nMID,-\n", file_name="a.csv", by=None
    )
    assert plan.updated == 2
    assert Employee.objects.get(employee_id="TOP").manager.employee_id == "MID"


def test_unknown_manager() -> None:
    EmployeeFactory(employee_id="E1")
    errors = refused(b"employee_id,name,email,grade,manager_id\nE2,Ani,ani@contoh.co.id,3,E404\n")
    assert errors == [
        (2, "manager_id", "The manager ID E404 is neither in this file nor in the directory.")
    ]


def test_duplicate_employee_id() -> None:
    errors = refused(
        b"employee_id,name,email,grade\nE1,Ani,ani@contoh.co.id,3\nE1,Ani B,anib@contoh.co.id,3\n"
    )
    assert errors == [(3, "employee_id", "The employee ID E1 appears twice: also in row 2.")]


def test_duplicate_email_in_different_case_within_the_file() -> None:
    errors = refused(
        b"employee_id,name,E-mail,grade\nE1,Ani,ani@contoh.co.id,3\nE2,Ani B,ANI@Contoh.co.id,3\n"
    )
    assert errors == [(3, "E-mail", "The e-mail ani@contoh.co.id is also used in row 2.")]


def test_duplicate_email_against_another_employee_in_the_database() -> None:
    EmployeeFactory(employee_id="OLD", email="budi@contoh.co.id")
    errors = refused(b"employee_id,name,email,grade\nNEW,Budi,Budi@CONTOH.co.id,3\n")
    assert errors == [
        (2, "email", "The e-mail budi@contoh.co.id already belongs to employee OLD.")
    ]


def test_two_employees_may_swap_email_addresses() -> None:
    EmployeeFactory(employee_id="A", email="a@contoh.co.id")
    EmployeeFactory(employee_id="B", email="b@contoh.co.id")
    plan = services.employee_import_apply(
        content=b"employee_id,email\nA,b@contoh.co.id\nB,a@contoh.co.id\n", file_name="a.csv",
        by=None,
    )
    assert plan.updated == 2
    assert dict(Employee.objects.values_list("employee_id", "email")) == {
        "A": "b@contoh.co.id", "B": "a@contoh.co.id"
    }


@pytest.mark.parametrize("grade", ["5.5", "senior", "-1", "IV"])
def test_grade_that_is_not_an_integer(grade: str) -> None:
    errors = refused(f"employee_id,name,email,golongan\nE1,Ani,ani@contoh.co.id,{grade}\n".encode())
    assert errors == [
        (2, "golongan", f"The grade must be a whole number such as 5; “{grade}” is not.")
    ]


def test_fractional_grade_in_xlsx() -> None:
    content = make_xlsx([["employee_id", "name", "email", "grade"], ["E1", "Ani", "a@x.id", 5.5]])
    errors = refused(content, "karyawan.xlsx")
    assert [(row, column) for row, column, _ in errors] == [(2, "grade")]


@pytest.mark.parametrize("value", ["31/02/2020", "2021-02-29", "12/31/2020", "1990", "kemarin"])
def test_impossible_date(value: str) -> None:
    errors = refused(
        f"employee_id,name,email,grade,Tanggal Lahir\nE1,Ani,ani@contoh.co.id,3,{value}\n".encode()
    )
    assert [(row, column) for row, column, _ in errors] == [(2, "Tanggal Lahir")]
    assert value in errors[0][2]


def test_invalid_email_unknown_time_zone_and_bad_language_code() -> None:
    errors = refused(
        b"employee_id,name,email,grade,timezone,languages\n"
        b"E1,Ani,ani(at)contoh.co.id,3,Asia/Bandung,id|bahasa jawa\n"
    )
    assert [(row, column) for row, column, _ in errors] == [
        (2, "email"), (2, "timezone"), (2, "languages")
    ]
    assert "ani(at)contoh.co.id" in errors[0][2]
    assert "Asia/Bandung" in errors[1][2]
    assert "bahasa jawa" in errors[2][2]


def test_new_employee_needs_name_email_and_grade() -> None:
    errors = refused(b"employee_id,name,grade\nE1,,3\n")
    assert [(row, column) for row, column, _ in errors] == [(2, "name"), (2, "email")]


def test_missing_employee_id_column() -> None:
    errors = refused(b"nama,email,grade\nAni,ani@contoh.co.id,3\n")
    assert [(row, column) for row, column, _ in errors] == [(1, "")]
    assert "employee_id" in errors[0][2]


def test_empty_employee_id_cell() -> None:
    errors = refused(b"employee_id,name,email,grade\n ,Ani,ani@contoh.co.id,3\n")
    assert errors == [(2, "employee_id", "The employee ID is empty.")]


@pytest.mark.parametrize("content", [b"", b"  \r\n\r\n", b"employee_id,name\n", b"\xef\xbb\xbf"])
def test_empty_file(content: bytes) -> None:
    errors = refused(content)
    assert len(errors) == 1 and errors[0][0] is None


def test_file_too_large(settings) -> None:
    settings.IMPORT_MAX_BYTES = 100
    errors = refused(b"employee_id,name,email,grade\n" + b"E1,Ani,ani@contoh.co.id,3\n" * 10)
    assert errors == [(None, "", "The file is too large (0.0 MB; at most 0 MB).")]


def test_legacy_xls_and_broken_xlsx_are_refused_clearly() -> None:
    assert ".xlsx" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "lama.xls")[0][2]
    assert ".xlsx" in refused(b"PK\x03\x04 broken", "rusak.xlsx")[0][2]


def test_unquoted_separator_inside_a_value_is_caught() -> None:
    errors = refused(b"employee_id,name,email,grade\nE1,Budi, S.Kom,budi@contoh.co.id,3\n")
    assert [(row, column) for row, column, _ in errors] == [(2, "")]
    assert "double quotes" in errors[0][2]


def test_every_bad_row_is_reported_at_once() -> None:
    errors = refused(
        b"employee_id,name,email,grade,birth_date\n"
        b"E1,Ani,ani@contoh.co.id,3,1990-01-01\n"
        b"E2,Budi,budi@contoh.co.id,tiga,1990-01-01\n"
        b"E3,Citra,citra@contoh.co.id,3,30/02/1990\n"
    )
    assert [(row, column) for row, column, _ in errors] == [(3, "grade"), (4, "birth_date")]


def test_refused_file_leaves_existing_employees_untouched() -> None:
    EmployeeFactory(employee_id="E1", full_name="Lama", grade=4)
    refused(
        b"employee_id,name,email,grade\n"
        b"E1,Baru,e1@contoh.co.id,5\n"  # a valid update ...
        b"E2,Dua,dua@contoh.co.id,5\n"  # ... a valid creation ...
        b"E3,Tiga,tiga@contoh.co.id,5.5\n"  # ... and one bad row: nothing at all is written
    )
    assert list(Employee.objects.values_list("employee_id", "full_name", "grade")) == [
        ("E1", "Lama", 4)
    ]

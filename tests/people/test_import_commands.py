"""`terbalik import-employees` and `terbalik export-employees`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from terbalik.people.models import Employee
from tests.factories import EmployeeFactory

from .conftest import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GOOD = (
    b"nik;nama;email;golongan;id_atasan\r\n"
    b"E2;Putri;putri@contoh.co.id;2;E1\r\n"
    b"E1;Bambang;bambang@contoh.co.id;12;\r\n"
)
BAD = (
    b"employee_id,name,email,grade,manager_id\n"
    b"E1,Ani,ani@contoh.co.id,3.5,\n"
    b"E2,Budi,budi@contoh.co.id,2,E9\n"
    b"E3,Citra,ANI@contoh.co.id,2,\n"
)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_counts_and_writes(tmp_path: Path) -> None:
    path = tmp_path / "hris.csv"
    path.write_bytes(GOOD)
    out, _err = run("import_employees", str(path))
    assert "Created 2, updated 0, unchanged 0." in out
    assert Employee.objects.get(employee_id="E2").manager.employee_id == "E1"
    out, _err = run("import_employees", str(path))
    assert "Created 0, updated 0, unchanged 2." in out


def test_refused_import_exits_2_with_every_row_error_on_stderr(tmp_path: Path) -> None:
    EmployeeFactory(employee_id="E0")
    before = snapshot()
    path = tmp_path / "hris.csv"
    path.write_bytes(BAD)
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("import_employees", str(path), stdout=io.StringIO(), stderr=err)
    assert info.value.returncode == 2
    assert "Nothing was imported: 3 problems in hris.csv." in str(info.value)
    lines = err.getvalue().splitlines()
    assert lines == [
        "Row 2, column “grade”: The grade must be a whole number such as 5; “3.5” is not.",
        "Row 3, column “manager_id”: The manager ID E9 is neither in this file nor in the "
        "directory.",
        "Row 4, column “email”: The e-mail ani@contoh.co.id is also used in row 2.",
    ]
    assert snapshot() == before


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    EmployeeFactory(employee_id="E1", full_name="Bambang", email="bambang@contoh.co.id", grade=11)
    before = snapshot()
    path = tmp_path / "hris.csv"
    path.write_bytes(GOOD)
    out, _err = run("import_employees", str(path), "--dry-run")
    assert "Dry run: nothing was written." in out
    assert "Would create 1, update 1, leave 0 unchanged." in out
    assert "golongan: 11 → 12" in out
    assert snapshot() == before


def test_dry_run_of_a_bad_file_also_fails(tmp_path: Path) -> None:
    path = tmp_path / "hris.csv"
    path.write_bytes(BAD)
    with pytest.raises(CommandError) as info:
        run("import_employees", str(path), "--dry-run")
    assert info.value.returncode == 2
    assert Employee.objects.count() == 0


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as info:
        run("import_employees", str(tmp_path / "nope.csv"))
    assert info.value.returncode == 1


def test_notices_go_to_stderr(tmp_path: Path) -> None:
    path = tmp_path / "hris.csv"
    path.write_bytes(b"employee_id,name,email,grade,hobby\nE1,Ani,ani@contoh.co.id,3,catur\n")
    _out, err = run("import_employees", str(path))
    assert "“hobby”" in err


@pytest.mark.parametrize("suffix", ["csv", "xlsx", "XLSX"])
def test_export_command_round_trips_through_import(tmp_path: Path, suffix: str) -> None:
    boss = EmployeeFactory(employee_id="B1", grade=12)
    EmployeeFactory(employee_id="S1", manager=boss, grade=2)
    path = tmp_path / f"direktori.{suffix}"
    out, _err = run("export_employees", str(path))
    assert "Exported 2 employees" in out
    assert path.read_bytes().startswith(b"PK" if suffix.lower() == "xlsx" else b"\xef\xbb\xbf")
    out, _err = run("import_employees", str(path))
    assert "Created 0, updated 0, unchanged 2." in out


def test_export_command_refuses_other_extensions(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        run("export_employees", str(tmp_path / "direktori.pdf"))

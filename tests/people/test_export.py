"""Export: the import's headers, ISO dates, safe CSV, and a round trip that changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from terbalik.people import services
from terbalik.people.models import Employee
from tests.factories import EmployeeFactory

from .conftest import snapshot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADERS = [
    "employee_id", "name", "email", "birth_date", "grade", "job_title", "department",
    "manager_id", "location", "timezone", "languages", "hire_date", "exit_date",
    "skills_offered", "skills_wanted",  # issue 21: skill ids, |-separated
]


@pytest.fixture
def company() -> list[Employee]:
    boss = EmployeeFactory(employee_id="B1", full_name="Bu Ratna", grade=12, languages=["id"],
                           location="Jakarta", job_title="Direktur")
    return [
        boss,
        EmployeeFactory(employee_id="S1", full_name="Dimas", manager=boss, grade=3,
                        languages=["id", "en", "jv"], time_zone="Asia/Jayapura",
                        exit_date=dt.date(2020, 1, 31), active=False),
        EmployeeFactory(employee_id="S2", full_name="=HYPERLINK(\"http://evil\")", manager=boss,
                        job_title="+62 812", department="-", location="@kantor",
                        birth_date=None, hire_date=None, languages=[]),
        EmployeeFactory(employee_id="S3", full_name="Ölsen, \"Kak\" Ani\nbaris dua",
                        job_title="'=sudah dikutip", grade=None),
    ]


def rows_of_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_export_headers_iso_dates_and_languages(company) -> None:
    content = services.employees_export(queryset=Employee.objects.order_by("employee_id"),
                                        fmt="csv")
    rows = rows_of_csv(content)
    assert rows[0] == HEADERS
    assert rows[1] == [
        "B1", "Bu Ratna", "b1@example.co.id", "1995-05-17", "12", "Direktur", "Pemasaran", "",
        "Jakarta", "Asia/Jakarta", "id", "2020-01-06", "", "", "",
    ]
    assert rows[2][7] == "B1"
    assert rows[2][10] == "id|en|jv"
    assert rows[2][12] == "2020-01-31"
    assert content.count(b"\r\n") == 5  # CRLF records; the quoted name keeps its own "\n"
    assert rows[4][1] == "Ölsen, \"Kak\" Ani\nbaris dua"


def test_csv_export_neutralises_formulas(company) -> None:
    rows = rows_of_csv(services.employees_export(queryset=Employee.objects.order_by(
        "employee_id"), fmt="csv"))
    s2 = dict(zip(HEADERS, rows[3], strict=True))
    assert s2["name"] == "'=HYPERLINK(\"http://evil\")"
    assert (s2["job_title"], s2["department"], s2["location"]) == ("'+62 812", "'-", "'@kantor")
    assert dict(zip(HEADERS, rows[4], strict=True))["job_title"] == "''=sudah dikutip"
    assert not any(cell[:1] in "=+-@" for row in rows for cell in row if cell)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_round_trips_unchanged(company, fmt: str) -> None:
    before = snapshot()
    content = services.employees_export(queryset=Employee.objects.all(), fmt=fmt)
    plan = services.employee_import_apply(content=content, file_name=f"export.{fmt}", by=None)
    assert plan.errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 4)
    assert snapshot() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_recreates_the_directory_in_an_empty_database(company, fmt: str) -> None:
    Employee.objects.filter(employee_id="S3").update(grade=1)  # a new employee needs a grade
    content = services.employees_export(queryset=Employee.objects.all(), fmt=fmt)
    ignore = ("id", "manager_id", "created_at", "updated_at")
    wanted = [{k: v for k, v in row.items() if k not in ignore} for row in snapshot()]
    managers = dict(Employee.objects.values_list("employee_id", "manager__employee_id"))
    Employee.objects.update(manager=None)
    Employee.objects.all().delete()
    plan = services.employee_import_apply(content=content, file_name=f"x.{fmt}", by=None)
    assert (plan.created, plan.updated) == (4, 0)
    assert [{k: v for k, v in row.items() if k not in ignore} for row in snapshot()] == wanted
    assert dict(Employee.objects.values_list("employee_id", "manager__employee_id")) == managers


def test_xlsx_export_has_real_dates_numbers_and_no_formulas(company) -> None:
    content = services.employees_export(queryset=Employee.objects.order_by("employee_id"),
                                        fmt="xlsx")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][3] == dt.datetime(1995, 5, 17)  # noqa: DTZ001 - Excel cells are naive
    assert rows[1][4] == 12
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[3][1] == "=HYPERLINK(\"http://evil\")"  # stored as text, shown as text


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="pdf"):
        services.employees_export(queryset=Employee.objects.all(), fmt="pdf")  # type: ignore[arg-type]

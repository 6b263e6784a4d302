"""The bulk upsert: exactly the directory import's rules, all or nothing, idempotent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from terbalik.people import services as people_services
from terbalik.people.models import Employee
from terbalik.people.spreadsheet import write_csv
from tests.people.test_import_apply import FULL

from .conftest import api_client

pytestmark = pytest.mark.django_db

RECORDS = [
    {"employee_id": "E100", "name": "Budi Santoso", "email": "budi@example.co.id", "grade": 12,
     "department": "Keuangan", "location": "Jakarta", "job_title": "=CFO",
     "languages": ["id", "en"], "hire_date": "2015-03-01", "birth_date": "1975-06-30"},
    {"employee_id": "E200", "name": "Sari Dewi", "email": "sari@example.co.id", "grade": 3,
     "department": "keuangan ", "manager_id": "E100", "timezone": "Asia/Makassar"},
    {"employee_id": 300, "name": "Agus", "email": "agus@example.co.id", "grade": 2,
     "exit_date": "2020-01-31", "manager_id": "E200"},
]
FIELDS = ("employee_id", "full_name", "email", "grade", "job_title", "department_record_id",
          "location_record_id", "manager__employee_id", "time_zone", "languages", "hire_date",
          "birth_date", "exit_date", "active")


def _state() -> list[tuple[Any, ...]]:
    return list(Employee.objects.order_by("employee_id").values_list(*FIELDS))


def _post(client: Any, records: list[dict[str, Any]]) -> Any:
    return client.post("/api/v1/employees/bulk", json.dumps({"employees": records}),
                       content_type="application/json")


def test_same_result_as_the_file_import(make_token: Any, hr_user: Any) -> None:
    client = api_client(make_token(hr_user))
    response = _post(client, RECORDS)
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 3
    through_api = _state()
    Employee.objects.all().delete()
    headers = ["employee_id", "name", "email", "grade", "department", "location", "job_title",
               "languages", "hire_date", "birth_date", "manager_id", "timezone", "exit_date"]
    rows = [[str(r.get(h, "")) if not isinstance(r.get(h), list) else "|".join(r[h])
             for h in headers] for r in RECORDS]
    people_services.employee_import_apply(content=write_csv(headers, rows), file_name="a.csv",
                                          by=hr_user)
    assert _state() == through_api
    by_id = {row[0]: row for row in through_api}
    assert by_id["E100"][4] == "=CFO"  # a formula-looking title is kept as text
    assert by_id["E200"][5] == "Keuangan"  # spelt like the existing department
    assert by_id["300"][-1] is False  # left in 2020: inactive


def test_repeat_changes_nothing(make_token: Any, hr_user: Any) -> None:
    client = api_client(make_token(hr_user))
    assert _post(client, RECORDS).status_code == 200
    before = _state()
    again = _post(client, RECORDS).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    assert _state() == before


def test_left_out_keeps_null_clears(make_token: Any, hr_user: Any) -> None:
    client = api_client(make_token(hr_user))
    assert _post(client, RECORDS).status_code == 200
    body = _post(client, [{"employee_id": "E100", "job_title": None},
                          {"employee_id": "E200", "grade": 4}]).json()
    assert body["updated"] == 2
    budi = Employee.objects.get(employee_id="E100")
    assert (budi.job_title, budi.grade, budi.department_record_id) == ("", 12, "Keuangan")
    assert Employee.objects.get(employee_id="E200").grade == 4


def test_row_errors_and_nothing_written(make_token: Any, hr_user: Any) -> None:
    client = api_client(make_token(hr_user))
    bad = [*RECORDS[:2], {"employee_id": "E400", "name": "Tanpa Email", "grade": 1},
           {"employee_id": "E500", "name": "Loop", "email": "loop@example.co.id", "grade": 1,
            "birth_date": "31-31-2000"}]
    response = _post(client, bad)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert {(e["row"], e["field"]) for e in errors} == {(2, "email"), (3, "birth_date")}
    assert all(e["message"] for e in errors)
    assert not Employee.objects.exists()  # all or nothing


def test_row_errors_in_indonesian(make_token: Any, hr_user: Any) -> None:
    new = [{"employee_id": "E9", "name": "X"}]
    english = _post(api_client(make_token(hr_user), "en"), new).json()
    indonesian = _post(api_client(make_token(hr_user), "id"), new).json()
    assert english["errors"][0]["row"] == indonesian["errors"][0]["row"] == 0
    assert english["errors"][0]["message"] != indonesian["errors"][0]["message"]


def test_program_token_and_read_token_may_not_write_the_directory(
        make_token: Any, hr_user: Any) -> None:
    from terbalik.programs.models import Program
    from tests.programs.conftest import program_fields

    program = Program.objects.create(created_by=hr_user, **program_fields(name="P"))
    for secret in (make_token(hr_user, program=program), make_token(hr_user, scope="read")):
        assert _post(api_client(secret), RECORDS).status_code == 403
    assert not Employee.objects.exists()


def _skills_of(eid: str) -> tuple[list[str], list[str]]:
    employee = Employee.objects.get(employee_id=eid)
    return employee.skills_offered, employee.skills_wanted


def test_skill_columns_map_to_ids_and_unknown_terms_are_warnings(make_token: Any,
                                                                 hr_user: Any) -> None:
    """Issue 21: the import's skill columns, as lists or one separated text."""
    people_services.employee_import_apply(content=FULL, file_name="a.csv", by=None)
    client = api_client(make_token(hr_user))
    response = client.post("/api/v1/employees/bulk", json.dumps({"employees": [
        {"employee_id": "E2", "skills_offered": ["Medsos", "data analysis"],
         "skills_wanted": "python; zzqx"}]}), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["warnings"] == [{
        "row": 2, "column": "skills_wanted",
        "message": "No skill answers to “zzqx”; it is kept as typed."}]
    assert _skills_of("E2") == (["social-media", "data-analysis"], ["python", "zzqx"])
    detail = client.get("/api/v1/employees/E2").json()
    assert detail["skills_offered"] == ["social-media", "data-analysis"]

"""The import's number of database queries does not grow with the file (issue 15, item 7).

A 50,000-row import missed its 10 s target: the commit inserted new employees one management
level at a time (one INSERT batch per level and a rescan of all pending rows per level, so
quadratic on a deep hierarchy: 1,205 queries for a 1,200-deep chain), each level split again
into batches of 62 rows by SQLite's parameter limit, and existing employees were re-read in
chunks of 900 ids. Counting queries for N and 2N rows
catches any per-row or per-batch statement without measuring time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from terbalik.people import services
from terbalik.people.models import Department, Employee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ("employee_id,name,email,birth_date,grade,job_title,department,manager_id,languages,"
          "exit_date")


def company(rows: int) -> bytes:
    """A chain of managers written bottom-up: every manager appears after their reports."""
    lines = [HEADER]
    for n in range(rows, 0, -1):
        manager = f"E{n - 1:05d}" if n > 1 else ""
        left = "2020-01-31" if n % 7 == 0 else ""
        lines.append(f"E{n:05d},Orang {n},orang{n}@contoh.co.id,1990-01-{n % 28 + 1:02d},"
                     f"{n % 12 + 1},Staf,TI,{manager},id|en,{left}")
    return "\n".join(lines).encode()


def queries_for(content: bytes) -> tuple[int, int, int]:
    """Queries of the preview, of the commit on an empty directory, of an idempotent re-run."""
    Employee.objects.update(manager=None)
    Employee.objects.all().delete()
    Department.objects.all().delete()  # an empty directory: "TI" is created again
    with CaptureQueriesContext(connection) as preview:
        plan = services.employee_import_preview(content=content, file_name="big.csv")
    assert plan.ok, [str(e) for e in plan.errors[:3]]
    with CaptureQueriesContext(connection) as commit:
        plan = services.employee_import_apply(content=content, file_name="big.csv", by=None)
    assert plan.created == Employee.objects.count()
    with CaptureQueriesContext(connection) as again:
        plan = services.employee_import_apply(content=content, file_name="big.csv", by=None)
    assert plan.updated == 0 and plan.unchanged == plan.rows
    return len(preview), len(commit), len(again)


def test_query_count_does_not_grow_with_the_number_of_rows() -> None:
    # 600 and 1,200 rows: more than one batch of every old chunk size (62-row INSERTs on
    # SQLite, 500 on PostgreSQL, 900-id reads), so any per-batch query shows as a difference.
    small = queries_for(company(600))
    large = queries_for(company(1200))
    assert large == small


def test_a_large_commit_writes_exactly_what_the_file_says() -> None:
    services.employee_import_apply(content=company(1200), file_name="big.csv", by=None)
    assert Employee.objects.count() == 1200
    last = Employee.objects.get(employee_id="E01200")
    assert len(last.management_chain(limit=2000)) == 1199  # forward references all resolved
    assert last.manager is not None and last.manager.employee_id == "E01199"
    assert last.languages == ["id", "en"]
    assert last.birth_date == dt.date(1990, 1, 1200 % 28 + 1)
    assert last.grade == 1200 % 12 + 1
    assert last.time_zone == "Asia/Jakarta"
    assert Employee.objects.get(employee_id="E00001").manager is None
    leaver = Employee.objects.get(employee_id="E00007")
    assert leaver.active is False and leaver.exit_date == dt.date(2020, 1, 31)
    assert Employee.objects.filter(active=False).count() == 1200 // 7

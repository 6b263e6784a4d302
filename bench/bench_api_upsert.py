"""Benchmark: the bulk upsert of 10,000 employees through the REST API
(`POST /api/v1/employees/bulk` with a bearer token, through the whole middleware stack) must
give the same directory as the file import of the same company and stay under the target
(10 s); the ratio against the file import, measured in the same run, is printed.

    .venv/bin/python bench/bench_api_upsert.py [--rows 10000] [--target 10]

Own SQLite file in a temporary directory (BENCH_DATABASE_URL: PostgreSQL instead). Exit 1 on
a missed target or a different result. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_import import _clear, make_company, setup_django  # bench/ is on sys.path
from targets import finish

#: the company file's Indonesian headers -> the API's JSON fields
FIELDS = {"nik": "employee_id", "nama": "name", "email": "email", "tanggal_lahir": "birth_date",
          "golongan": "grade", "jabatan": "job_title", "departemen": "department",
          "id_atasan": "manager_id", "lokasi": "location", "zona_waktu": "timezone",
          "bahasa": "languages", "tanggal_masuk": "hire_date", "tanggal_keluar": "exit_date"}
STATE = ("employee_id", "full_name", "email", "birth_date", "grade", "job_title",
         "department_record_id", "manager__employee_id", "location_record_id", "time_zone",
         "languages", "hire_date", "exit_date", "active")


def records_of(content: bytes) -> list[dict[str, Any]]:
    """The company file as the JSON an HR system would send (empty cells left out)."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    out = []
    for row in reader:
        record: dict[str, Any] = {FIELDS[k]: v for k, v in row.items() if v}
        if "grade" in record:
            record["grade"] = int(record["grade"])
        if "languages" in record:
            record["languages"] = record["languages"].split("|")
        out.append(record)
    return out


def state() -> list[tuple[Any, ...]]:
    from terbalik.people.models import Employee

    return list(Employee.objects.order_by("employee_id").values_list(*STATE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--target", type=float, default=10.0)
    args = parser.parse_args()
    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="terbalik-bench-") as tmp:
        setup_django(Path(tmp))
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from terbalik.accounts.models import Role, User
        from terbalik.api import services as api_services
        from terbalik.people import services as people_services

        call_command("createcachetable", verbosity=0)
        print(f"Terbalik API bulk upsert benchmark: database {connection.vendor}, "
              f"Python {sys.version.split()[0]}, {args.rows:,} employees")
        admin = User.objects.create_user(email="bench-admin@example.co.id", password=None,
                                          role=Role.ADMIN)
        secret = api_services.token_create(by=admin, name="bench", scope="write").secret
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT_LANGUAGE="en")
        # a running server has its URLconf and modules loaded: one small request first
        warm = client.get("/api/v1/programs", secure=True)
        assert warm.status_code == 200, warm.content[:300]
        content = make_company(args.rows)
        body = json.dumps({"employees": records_of(content)})

        _clear()
        start = time.perf_counter()
        plan = people_services.employee_import_apply(content=content, file_name="bench.csv",
                                                     by=admin)
        file_time = time.perf_counter() - start
        assert plan.created == args.rows, plan.errors[:3]
        by_file = state()
        print(f"  baseline: file import (service, no HTTP)           {file_time:8.3f} s")

        _clear()
        start = time.perf_counter()
        response = client.post("/api/v1/employees/bulk", body, content_type="application/json",
                               secure=True)
        api_time = time.perf_counter() - start
        print(f"  API: POST /api/v1/employees/bulk ({len(body) / 1024:.0f} KiB JSON)  "
              f"{api_time:8.3f} s")
        if response.status_code != 200:
            missed.append(f"the API answered {response.status_code}: {response.content[:300]!r}")
        elif response.json()["created"] != args.rows:
            missed.append(f"the API created {response.json()['created']}, not {args.rows}")
        same = state() == by_file
        print(f"RESULT {'PASS' if same else 'FAIL'} same directory as the file import: {same}")
        if not same:
            missed.append("the API's directory differs from the file import's")

        start = time.perf_counter()
        again = client.post("/api/v1/employees/bulk", body, content_type="application/json",
                            secure=True)
        again_time = time.perf_counter() - start
        unchanged = again.status_code == 200 and again.json()["unchanged"] == args.rows
        print(f"  API: the same request again (idempotent)            {again_time:8.3f} s"
              f" — all unchanged: {unchanged}")
        if not unchanged:
            missed.append("repeating the request changed something")
        ok = api_time < args.target
        print(f"RESULT {'PASS' if ok else 'FAIL'} API bulk upsert of {args.rows:,} employees: "
              f"{api_time:.2f} s (target < {args.target:g} s) — "
              f"{api_time / file_time:.2f}x the file import")
        if not ok:
            missed.append(f"API bulk upsert took {api_time:.2f} s (target < {args.target:g} s)")
        _clear()
    finish(missed)


if __name__ == "__main__":
    main()

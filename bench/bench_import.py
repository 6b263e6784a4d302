"""Benchmark: import employee CSVs (preview + commit) of 10,000 and 50,000 rows into a fresh
database; each size must stay under the target (10 s), or the script exits 1.

    .venv/bin/python bench/bench_import.py [--rows 10000 50000] [--target 10] [--naive-rows 1000]

Uses its own SQLite file in a temporary directory (set BENCH_DATABASE_URL to run against
PostgreSQL instead; that database is migrated and its employees are deleted first). Prints
the timings and ratios against baselines measured in the same run:
  * parsing the same file with csv.DictReader (the floor: reading without any checking),
  * a naive per-row `update_or_create` loop, measured (never extrapolated) on a company of
    `--naive-rows` rows, against Terbalik's own preview + commit of that same small company.
Every figure is printed with its target; a missed target makes the exit status 1.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from targets import finish  # bench/targets.py (the script folder is on sys.path)

FIRST = ["Adi", "Ayu", "Bambang", "Budi", "Citra", "Dewi", "Dimas", "Eko", "Fitri", "Gita",
         "Hendra", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Putri", "Rizky",
         "Sari", "Taufik", "Utami", "Wahyu", "Yoga"]
LAST = ["Hartono", "Kusuma", "Lubis", "Nasution", "Pratama", "Purba", "Santoso", "Saputra",
        "Siregar", "Suharto", "Sutrisno", "Tanjung", "Wibowo", "Wijaya"]
DEPARTMENTS = ["Keuangan", "Pemasaran", "Penjualan", "Operasional", "TI", "SDM", "Hukum",
               "Produksi", "Logistik", "Layanan Pelanggan"]
CITIES = [("Jakarta", "Asia/Jakarta"), ("Surabaya", "Asia/Jakarta"), ("Bandung", "Asia/Jakarta"),
          ("Makassar", "Asia/Makassar"), ("Denpasar", "Asia/Makassar"),
          ("Jayapura", "Asia/Jayapura")]
HEADER = ["nik", "nama", "email", "tanggal_lahir", "golongan", "jabatan", "departemen",
          "id_atasan", "lokasi", "zona_waktu", "bahasa", "tanggal_masuk", "tanggal_keluar"]


def make_company(rows: int, seed: int = 20261127) -> bytes:
    """A deterministic company: a pyramid of managers, rows shuffled (forward references)."""
    rng = random.Random(seed)
    people: list[list[str]] = []
    by_grade: dict[int, list[str]] = {}
    for n in range(rows):
        # grade 12 at the top, most people at grades 1-4
        grade = 12 if n == 0 else max(1, min(11, int(rng.expovariate(0.45)) + 1))
        employee_id = f"K{n + 1:06d}"
        higher = [g for g in by_grade if g > grade]
        manager = rng.choice(by_grade[rng.choice(higher)]) if higher else ""
        if n and not manager:
            manager = "K000001"
        by_grade.setdefault(grade, []).append(employee_id)
        city, zone = rng.choice(CITIES)
        born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1962, 2003)}"
        hired = f"{rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        left = ""
        if rng.random() < 0.05:
            left = f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-15"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        people.append([
            employee_id, name, f"{name.lower().replace(' ', '.')}.{n + 1}@contoh.co.id", born,
            str(grade), f"Staf golongan {grade}", rng.choice(DEPARTMENTS), manager, city, zone,
            rng.choice(["id", "id|en", "id|jv", "id|en|jv", "id|su"]), hired, left,
        ])
    rng.shuffle(people)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(people)
    return buffer.getvalue().encode("utf-8-sig")


def timed(label: str, func: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"  {label:<52} {elapsed:8.3f} s")
    return elapsed, result


def setup_django(data_dir: Path) -> None:
    os.environ["TERBALIK_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "terbalik.settings"
    # Production settings (DEBUG off) need these; a throwaway key is fine for a local benchmark.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "0123456789abcdef" * 4)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    os.environ.setdefault("SITE_URL", "http://localhost")
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def naive_import(content: bytes, limit: int) -> None:
    """What a straightforward per-row implementation would do (no validation at all)."""
    from django.db import transaction

    from terbalik.people.models import Employee

    class Rollback(Exception):
        pass

    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    rows = [row for _, row in zip(range(limit), reader, strict=False)]
    try:
        with transaction.atomic():
            for row in rows:
                d, m, y = row["tanggal_lahir"].split("/")
                Employee.objects.update_or_create(
                    employee_id=row["nik"],
                    defaults={
                        "full_name": row["nama"], "email": row["email"],
                        "birth_date": f"{y}-{m}-{d}", "grade": int(row["golongan"]),
                        "job_title": row["jabatan"], "department": row["departemen"],
                        "location": row["lokasi"], "time_zone": row["zona_waktu"],
                        "languages": row["bahasa"].split("|"),
                        "hire_date": row["tanggal_masuk"] or None,
                        "exit_date": row["tanggal_keluar"] or None,
                    },
                )
            for row in rows:
                if row["id_atasan"]:
                    manager = Employee.objects.filter(employee_id=row["id_atasan"]).first()
                    Employee.objects.filter(employee_id=row["nik"]).update(manager=manager)
            raise Rollback
    except Rollback:
        pass


def _clear() -> None:
    from terbalik.people.models import Employee

    Employee.objects.update(manager=None)
    Employee.objects.all().delete()


def preview_and_commit(content: bytes) -> tuple[float, float, Any]:
    from terbalik.people import services

    preview_time, plan = timed("preview", lambda: services.employee_import_preview(
        content=content, file_name="bench.csv"))
    assert plan.ok, [str(e) for e in plan.errors[:5]]
    apply_time, plan = timed("commit (recomputes the plan, then writes)",
                             lambda: services.employee_import_apply(
                                 content=content, file_name="bench.csv", by=None))
    return preview_time, apply_time, plan


def run_size(rows: int, target: float) -> bool:
    """Preview + commit of `rows` rows on an empty directory; True when under `target`."""
    from terbalik.people import services
    from terbalik.people.models import Employee

    _clear()
    content = make_company(rows)
    print(f"Terbalik, {rows:,} rows ({len(content) / 1024:.0f} KiB CSV, fresh database):")
    parse_time, _ = timed("baseline: csv.DictReader parse only", lambda: sum(
        1 for _ in csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline=""),
                                  delimiter=";")))
    preview_time, apply_time, plan = preview_and_commit(content)
    assert plan.created == rows and Employee.objects.count() == rows
    again_time, plan = timed("same file again (idempotent: all unchanged)",
                             lambda: services.employee_import_apply(
                                 content=content, file_name="bench.csv", by=None))
    assert plan.unchanged == rows
    changed = content.replace(b";Staf golongan 3;", b";Staf senior golongan 3;")
    update_time, plan = timed("a sync that changes some job titles",
                              lambda: services.employee_import_apply(
                                  content=changed, file_name="bench.csv", by=None))
    total = preview_time + apply_time
    ok = total < target
    print(f"RESULT {'PASS' if ok else 'FAIL'} preview + commit of {rows:,} rows: {total:.2f} s "
          f"(target < {target:g} s) — {rows / total:,.0f} rows/s, "
          f"{total / parse_time:.0f}x the parse-only time")
    print(f"  idempotent re-import: {again_time:.2f} s; update of {plan.updated:,} rows: "
          f"{update_time:.2f} s")
    return ok


def run_naive_baseline(rows: int) -> bool:
    """Naive per-row import and Terbalik on the same small company, both measured."""
    _clear()
    content = make_company(rows)
    print(f"Baseline, same run: naive per-row update_or_create vs Terbalik, {rows:,} rows:")
    naive_time, _ = timed("naive update_or_create (measured, rolled back)",
                          lambda: naive_import(content, rows))
    preview_time, apply_time, _plan = preview_and_commit(content)
    total = preview_time + apply_time
    ok = total < naive_time
    print(f"RESULT {'PASS' if ok else 'FAIL'} Terbalik {total:.2f} s vs naive {naive_time:.2f} s "
          f"on {rows:,} rows: {naive_time / total:.1f}x (target: faster than naive, > 1.0x)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--target", type=float, default=10.0,
                        help="seconds allowed for preview + commit of each size")
    parser.add_argument("--naive-rows", type=int, default=1_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="terbalik-bench-") as tmp:
        setup_django(Path(tmp))
        from django.db import connection

        print(f"Terbalik import benchmark: database {connection.vendor}, "
              f"Python {sys.version.split()[0]}")
        results = [run_naive_baseline(args.naive_rows)]
        for rows in args.rows:
            print()
            results.append(run_size(rows, args.target))
        _clear()
    finish([f"{n} size(s) or baseline(s): see the RESULT FAIL lines above"
            for n in [results.count(False)] if n])


if __name__ == "__main__":
    main()

"""Benchmark: what hostile spreadsheets cost now that the import refuses them early.

    .venv/bin/python bench/bench_sheet_limits.py

Issue 13 measured, per preview: a 175 KB XLSX compression bomb 92 s and 2 GB, a header with a
million columns a 9 MB page, a 450,000-row CSV 13 s and +400 MB. Each hostile file is read
with the default limits and compared with a baseline measured in the same run:

  * the bomb and the wide header against reading an ordinary 10,000-row file of that kind;
  * the 450,000-row CSV against reading a CSV of exactly the row limit (100,000 rows).

Prints time and peak Python memory (tracemalloc) with ratios; exits 1 when a target is missed.
Never part of the test suite.
"""

from __future__ import annotations

import io
import os
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terbalik.settings")

import django  # noqa: E402

django.setup()

from terbalik.people.spreadsheet import (  # noqa: E402
    SheetLimits,
    UnreadableFile,
    read_sheet,
    write_xlsx,
)

HEADER = ["employee_id", "name", "email", "grade", "department"]
LIMITS = SheetLimits()  # the defaults, whatever the environment says


def rows(n: int) -> list[list[Any]]:
    return [[f"K{i:07d}", f"Karyawan {i}", f"k{i}@contoh.co.id", 1 + i % 12, "Pemasaran"]
            for i in range(n)]


def csv_bytes(n: int) -> bytes:
    lines = [",".join(HEADER)] + [",".join(str(v) for v in row) for row in rows(n)]
    return ("\r\n".join(lines) + "\r\n").encode()


def bomb(unpacked_mib: int) -> bytes:
    """A valid workbook whose sheet XML is padded with `unpacked_mib` MiB of whitespace."""
    source = zipfile.ZipFile(io.BytesIO(write_xlsx(HEADER, rows(1))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if not info.filename.startswith("xl/worksheets/"):
                target.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            with target.open(info.filename, "w", force_zip64=True) as member:
                member.write(head + b"<sheetData>")
                chunk = b" " * (1 << 20)
                for _ in range(unpacked_mib):
                    member.write(chunk)
                member.write(tail)
    return out.getvalue()


def measure(label: str, content: bytes, name: str) -> tuple[float, int, str]:
    """Best of two untraced runs for the time; a third run under tracemalloc for the peak."""
    elapsed = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        outcome = _read(content, name)
        elapsed = min(elapsed, time.perf_counter() - start)
    tracemalloc.start()
    _read(content, name)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  {label:<44} {len(content) / 1024:>10,.0f} KB {elapsed:8.3f} s "
          f"{peak / 1_048_576:8.1f} MB  {outcome[:80]}")
    return elapsed, peak, outcome


def _read(content: bytes, name: str) -> str:
    try:
        sheet = read_sheet(content, name, limits=LIMITS)
    except UnreadableFile as exc:
        return f"refused: {exc.message}"
    return f"read {len(sheet.rows):,} rows"


def main() -> int:
    from django.utils import translation

    translation.activate("en")
    print("file                                               size       time     peak")
    base_xlsx_t, base_xlsx_m, _ = measure("baseline: 10,000-row XLSX", write_xlsx(
        HEADER, rows(10_000)), "a.xlsx")
    bomb_t, bomb_m, bomb_out = measure("bomb: XLSX unpacking to 2 GiB", bomb(2048), "b.xlsx")
    wide = (",".join(f"x{i}" for i in range(1_000_000)) + "\r\nA1\r\n").encode()
    wide_t, wide_m, wide_out = measure("a header with 1,000,000 columns", wide, "w.csv")
    limit_t, limit_m, _ = measure("baseline: CSV at the limit (100,000 rows)",
                                  csv_bytes(LIMITS.max_rows), "l.csv")
    long_t, long_m, long_out = measure("a 450,000-row CSV", csv_bytes(450_000), "p.csv")

    checks: list[tuple[str, float, float, Callable[[], bool]]] = [
        ("bomb time / 10,000-row XLSX", bomb_t / base_xlsx_t, 0.5,
         lambda: bomb_out.startswith("refused")),
        ("bomb peak memory / 10,000-row XLSX", bomb_m / base_xlsx_m, 0.5, lambda: True),
        ("wide header time / CSV at the row limit", wide_t / limit_t, 1.0,
         lambda: wide_out.startswith("refused")),
        ("wide header peak memory / CSV at the row limit", wide_m / limit_m, 2.0, lambda: True),
        ("450,000 rows time / CSV at the row limit", long_t / limit_t, 1.5,
         lambda: long_out.startswith("refused")),
        ("450,000 rows peak memory / CSV at the row limit", long_m / limit_m, 1.5, lambda: True),
    ]
    failed = 0
    print()
    for label, ratio, target, refused in checks:
        ok = ratio <= target and refused()
        failed += not ok
        print(f"  {label:<48} {ratio:8.2f}  (target <= {target}) "
              f"{'ok' if ok else 'MISSED' if refused() else 'NOT REFUSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Set-based writes for large imports: a constant number of statements, whatever the size.

`bulk_create` compiles every value through the ORM and cuts the rows into batches (62 rows
per INSERT on SQLite, because of its parameter limit); for 50,000 employees that was most of
the import's time. The values reaching this module were parsed and checked by the import
plan, so they are only adapted to what the driver takes:
  * SQLite: one `executemany` (a C loop inside sqlite3, logged as one query);
  * PostgreSQL: one statement over `unnest()` of one text array per column, cast back to the
    column's type by the server (an `executemany` there still costs one round of server work
    per row).
Identifiers come from the model and are quoted; every value is a bound parameter.
Used only by `people.services` inside its transaction.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.db import connection, models

from .models import Employee


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return str(value)


def insert_employees(records: list[dict[str, Any]], *, now: datetime) -> None:
    """INSERT new employees with their manager left empty (see `link_managers`).

    A record holds field values by name; absent fields take the model's default."""
    if not records:
        return
    fields = [f for f in Employee._meta.concrete_fields
              if not f.primary_key and f.name != "manager"]
    defaults = {f.name: f.get_default() for f in fields}
    stamped = {"created_at", "updated_at"}
    table = _quoted(Employee._meta.db_table)
    columns = ", ".join(_quoted(f.column) for f in fields)
    if connection.vendor == "postgresql":
        arrays: list[list[str | None]] = [
            [_as_text(now if f.name in stamped else rec.get(f.name, defaults[f.name]))
             for rec in records]
            for f in fields
        ]
        names = [f"c{i}" for i in range(len(fields))]
        casts = ", ".join(f"u.{n}::{f.db_type(connection)}"
                          for n, f in zip(names, fields, strict=True))
        unnest = ", ".join(["%s::text[]"] * len(fields))
        sql = (f"INSERT INTO {table} ({columns}) SELECT {casts} "  # noqa: S608
               f"FROM unnest({unnest}) AS u({', '.join(names)})")
        with connection.cursor() as cursor:
            cursor.execute(sql, arrays)
        return
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    rows = []
    for rec in records:
        row = []
        for f in fields:
            if f.name in stamped:
                row.append(stamp)
                continue
            value = rec[f.name] if f.name in rec else defaults[f.name]
            if isinstance(f, models.JSONField):
                value = f.get_db_prep_save(value, connection)
            elif isinstance(f, models.DateField):
                value = ops.adapt_datefield_value(value)
            row.append(value)
        rows.append(row)
    marks = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                           rows)


def link_managers(links: list[tuple[int, int]]) -> None:
    """Set manager_id for (employee pk, manager pk) pairs in one statement."""
    if not links:
        return
    table = _quoted(Employee._meta.db_table)
    manager = _quoted(Employee._meta.get_field("manager").column)
    pk = _quoted(Employee._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} AS e SET {manager} = v.m "  # noqa: S608
                f"FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, m) WHERE e.{pk} = v.id",
                [[e for e, _m in links], [m for _e, m in links]],
            )
        else:
            cursor.executemany(f"UPDATE {table} SET {manager} = %s WHERE {pk} = %s",  # noqa: S608
                               [(m, e) for e, m in links])

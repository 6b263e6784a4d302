"""Set-based writes for large imports: a constant number of statements, whatever the size.

`bulk_create` compiles every value through the ORM and cuts the rows into batches (62 rows
per INSERT on SQLite, because of its parameter limit); for 50,000 employees that was most of
the import's time. The values reaching this module were parsed and checked by the import
plan, so they are only adapted to what the driver takes:
  * SQLite: one `executemany` (a C loop inside sqlite3, logged as one query);
  * PostgreSQL: primary keys drawn from the sequence in one query, then one INSERT over
    `unnest()` of one text array per column, cast back to the column's type by the server,
    managers included (an `executemany` there costs a statement per row, and a second pass
    setting managers rewrites every row and all its indexes).
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


def create_employees(records: list[dict[str, Any]], *, now: datetime,
                     pk_of: dict[str, int]) -> None:
    """INSERT new employees, managers included; `pk_of` (employee id -> pk of everybody in the
    directory) is completed with the new ones. A record holds field values by name (its
    "manager" an employee id); absent fields take the model's default."""
    if not records:
        return
    if connection.vendor == "postgresql":
        # Take the primary keys from the sequence first, so each row goes in once with its
        # manager already set (foreign keys are checked at commit: order does not matter).
        table = connection.ops.quote_name(Employee._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, Employee._meta.pk.column, len(records)],  # type: ignore[union-attr]
            )
            pks = [pk for (pk,) in cursor.fetchall()]
        pk_of.update((rec["employee_id"], pk) for rec, pk in zip(records, pks, strict=True))
        _insert_postgresql(records, pks=pks, pk_of=pk_of, now=now)
        return
    _insert_sqlite(records, now=now)
    pk_of.update(Employee.objects.values_list("employee_id", "pk"))
    _link_managers_sqlite([(pk_of[rec["employee_id"]], pk_of[rec["manager"]])
                           for rec in records if rec.get("manager")])


def _fields() -> list[models.Field[Any, Any]]:
    return [f for f in Employee._meta.concrete_fields
            if not f.primary_key and f.name != "manager"]


_STAMPED = ("created_at", "updated_at")


def _insert_postgresql(records: list[dict[str, Any]], *, pks: list[int],
                       pk_of: dict[str, int], now: datetime) -> None:
    fields = _fields()
    defaults = {f.name: f.get_default() for f in fields}
    arrays: list[list[str | None]] = [[str(pk) for pk in pks]]
    arrays.append([str(pk_of[rec["manager"]]) if rec.get("manager") else None
                   for rec in records])
    arrays.extend(
        [_as_text(now if f.name in _STAMPED else rec.get(f.name, defaults[f.name]))
         for rec in records]
        for f in fields
    )
    pk_field = Employee._meta.pk
    manager_field = Employee._meta.get_field("manager")
    all_fields = [pk_field, manager_field, *fields]
    columns = ", ".join(_quoted(f.column) for f in all_fields)  # type: ignore[union-attr]
    names = [f"c{i}" for i in range(len(all_fields))]
    casts = ", ".join(f"u.{n}::{f.db_type(connection)}"  # type: ignore[union-attr]
                      for n, f in zip(names, all_fields, strict=True))
    unnest = ", ".join(["%s::text[]"] * len(all_fields))
    table = _quoted(Employee._meta.db_table)
    sql = (f"INSERT INTO {table} ({columns}) SELECT {casts} "  # noqa: S608
           f"FROM unnest({unnest}) AS u({', '.join(names)})")
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


def _insert_sqlite(records: list[dict[str, Any]], *, now: datetime) -> None:
    """One executemany, managers left empty (`_link_managers_sqlite` sets them)."""
    fields = _fields()
    defaults = {f.name: f.get_default() for f in fields}
    table = _quoted(Employee._meta.db_table)
    columns = ", ".join(_quoted(f.column) for f in fields)
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    rows = []
    for rec in records:
        row = []
        for f in fields:
            if f.name in _STAMPED:
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


def _link_managers_sqlite(links: list[tuple[int, int]]) -> None:
    """Set manager_id for (employee pk, manager pk) pairs with one executemany."""
    if not links:
        return
    table = _quoted(Employee._meta.db_table)
    manager = _quoted(Employee._meta.get_field("manager").column)
    pk = _quoted(Employee._meta.pk.column)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {manager} = %s WHERE {pk} = %s",  # noqa: S608
                           [(m, e) for e, m in links])

"""The shared cache: Django's database cache, which spares live entries as long as it can.

The cache holds the sign-in and e-mail throttles (django-allauth's rate limits). Django's
database cache keeps at most MAX_ENTRIES rows (300 by default) and, past that, deletes a third
of the table by key order, live entries included: a flood of requests from many addresses
(or a launch-day wave of sign-ins) would wipe the throttle history of the accounts being
attacked. Here, past MAX_ENTRIES, only expired rows are deleted, and not on every write: at
most once every EXPIRED_CULL_EVERY writes. The table still has a hard ceiling (CEILING_FACTOR
× MAX_ENTRIES): a flood that reaches it loses its soonest-expiring rows, a batch at a time,
so a long-lived throttle entry outlives a flood of short ones.

A write is one statement on PostgreSQL and SQLite (an upsert), not Django's three (COUNT(*)
of the whole table, SELECT of the key, then INSERT or UPDATE): a password sign-in writes the
cache about twenty times (allauth's locks and rate-limit histories). The table is counted
only when it might have grown past a threshold since the last count: after a count of N rows,
the next writes of this process are at most `(threshold - N) // WRITERS` new rows, so the
limits hold as long as no more than WRITERS processes write at once. `add` stays atomic: a
concurrent insert of the same key makes PostgreSQL wait for it and then keep the live row.
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

CEILING_FACTOR = 10
EXPIRED_CULL_EVERY = 100
#: writers assumed at once: threads of gunicorn workers and db_workers of all machines (each
#: thread has its own cache object, so its own count since the last COUNT)
WRITERS = 64
_UPSERT_VENDORS = ("postgresql", "sqlite")


class ThrottleSafeDatabaseCache(DatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self._ceiling = self._max_entries * CEILING_FACTOR
        self._writes_over_limit = 0
        self._uncounted = 0  # writes left before the table must be counted again

    def _base_set(self, mode: str, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT) -> bool:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in _UPSERT_VENDORS:
            return bool(super()._base_set(mode, key, value, timeout))
        timeout = self.get_backend_timeout(timeout)
        now = tz_now().replace(microsecond=0)
        if timeout is None:
            exp = datetime.max  # noqa: DTZ901 - as Django: adapted below, never expires
        else:
            exp = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        exp = exp.replace(microsecond=0)
        ops = connection.ops
        table = ops.quote_name(self._table)
        key_col, value_col, expires_col = (
            ops.quote_name(name) for name in ("cache_key", "value", "expires")
        )
        with connection.cursor() as cursor:
            self._count_and_cull(db, cursor, now)
            adapted_exp = ops.adapt_datetimefield_value(exp)
            if mode == "touch":
                sql = f"UPDATE {table} SET {expires_col} = %s WHERE {key_col} = %s"  # noqa: S608
                params: list[Any] = [adapted_exp, key]
            else:
                encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode(
                    "latin1"
                )
                # add: the existing row is replaced only when it has expired
                only_expired = f" WHERE {table}.{expires_col} < %s" if mode == "add" else ""
                sql = (
                    f"INSERT INTO {table} ({key_col}, {value_col}, {expires_col}) "  # noqa: S608
                    f"VALUES (%s, %s, %s) ON CONFLICT ({key_col}) DO UPDATE SET "
                    f"{value_col} = excluded.{value_col}, "
                    f"{expires_col} = excluded.{expires_col}{only_expired}"
                )
                params = [key, encoded, adapted_exp]
                if mode == "add":
                    params.append(ops.adapt_datetimefield_value(now))
            try:
                if connection.in_atomic_block:  # a failure must not break the caller's transaction
                    with transaction.atomic(using=db):
                        cursor.execute(sql, params)
                else:
                    cursor.execute(sql, params)
            except DatabaseError:
                return False  # as Django's: a write that fails is a miss, not an error
            return bool(cursor.rowcount)

    def _count_and_cull(self, db: str, cursor: Any, now: Any) -> None:
        """Count the table when it may have passed MAX_ENTRIES or the ceiling since the last
        count (see the module's docstring), and cull as Django's cache would at that count."""
        if self._uncounted > 0:
            self._uncounted -= 1
            return
        table = connections[db].ops.quote_name(self._table)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - table name only
        num = cursor.fetchone()[0]
        if num > self._max_entries:
            self._cull(db, cursor, now, num)
            self._uncounted = 0  # over the limit: counted as before, culled now and then
        else:
            self._uncounted = (self._max_entries - num) // WRITERS

    def _cull(self, db: str, cursor: Any, now: Any, num: int) -> None:
        """Past MAX_ENTRIES the expired rows, now and then; at the ceiling the soonest to expire."""
        at_ceiling = num >= self._ceiling
        if not at_ceiling and self._writes_over_limit % EXPIRED_CULL_EVERY:
            self._writes_over_limit += 1
            return
        self._writes_over_limit = 1
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        expires = connection.ops.quote_name("expires")
        key = connection.ops.quote_name("cache_key")
        cursor.execute(
            f"DELETE FROM {table} WHERE {expires} < %s",  # noqa: S608 - table and column names only
            [connection.ops.adapt_datetimefield_value(now)],
        )
        remaining = num - max(cursor.rowcount, 0)
        if remaining < self._ceiling:
            return
        # down to the ceiling less a tenth of it, so the next writes do not each delete one row
        excess = remaining - self._ceiling + max(1, self._ceiling // 10)
        cursor.execute(
            f"DELETE FROM {table} WHERE {key} IN ("  # noqa: S608 - table and column names only
            f"SELECT {key} FROM {table} ORDER BY {expires}, {key} LIMIT %s)",
            [excess],
        )

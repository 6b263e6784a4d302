"""The shared cache: Django's database cache, which spares live entries as long as it can.

The cache holds the sign-in and e-mail throttles (django-allauth's rate limits). Django's
database cache keeps at most MAX_ENTRIES rows (300 by default) and, past that, deletes a third
of the table by key order, live entries included: a flood of requests from many addresses
(or a launch-day wave of sign-ins) would wipe the throttle history of the accounts being
attacked. Here, past MAX_ENTRIES, only expired rows are deleted, and not on every write: at
most once every EXPIRED_CULL_EVERY writes. The table still has a hard ceiling (CEILING_FACTOR
× MAX_ENTRIES): a flood that reaches it loses its soonest-expiring rows, a batch at a time,
so a long-lived throttle entry outlives a flood of short ones.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections

CEILING_FACTOR = 10
EXPIRED_CULL_EVERY = 100


class ThrottleSafeDatabaseCache(DatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self._ceiling = self._max_entries * CEILING_FACTOR
        self._writes_over_limit = 0

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

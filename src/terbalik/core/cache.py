"""The shared cache: Django's database cache, which never evicts a live entry.

The cache holds the sign-in and e-mail throttles (django-allauth's rate limits). Django's
database cache keeps at most MAX_ENTRIES rows (300 by default) and, past that, deletes a third
of the table by key order, live entries included: a flood of requests from many addresses
(or a launch-day wave of sign-ins) would wipe the throttle history of the accounts being
attacked. Here only expired rows are ever deleted, and the limit at which they are is high
(settings.CACHES), so the cull's DELETE runs rarely too.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections


class ThrottleSafeDatabaseCache(DatabaseCache):
    def _cull(self, db: str, cursor: Any, now: Any, num: int) -> None:
        """Delete the expired rows only (Django's cull would go on to live ones)."""
        connection = connections[db]
        cursor.execute(
            "DELETE FROM %s WHERE %s < %%s" % (  # noqa: S608 - table and column names only
                connection.ops.quote_name(self._table), connection.ops.quote_name("expires")),
            [connection.ops.adapt_datetimefield_value(now)],
        )

"""Django's database sessions, read with one prepared statement (SESSION_ENGINE).

Every signed-in request reads its session. Django's database backend does it with
`Session.objects.get(session_key=..., expire_date__gt=now)`, and building that query (the ORM's
compiler) costs more CPU than running it. The statement never changes, so it is written once
here; what is read, written, expired and rotated is Django's, unchanged.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The live session row (session_data only), or None after forgetting the key."""
        key = self.session_key
        if key:
            model = self.model
            connection = connections[router.db_for_read(model)]
            quote = connection.ops.quote_name
            sql = (
                f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(timezone.now())])
                row = cursor.fetchone()
            if row is not None:
                return model(session_key=key, session_data=row[0])
        self._session_key = None
        return None

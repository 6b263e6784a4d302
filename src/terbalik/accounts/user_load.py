"""The session's user and their directory entry, read with a statement compiled once.

Every signed-in request loads its user (AuthenticationMiddleware -> EmailBackend.get_user):
`User.objects.select_related("employee").get(pk=...)`. Building that query (filter, clone,
the compiler walking 32 columns) cost about three times what running it and making the two
model instances cost (0.63 ms against 0.14 ms of CPU, bench/bench_request_cost.py's company).
Its SQL never changes, only the id: core/compiled.py compiles it once per connection.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.query import MAX_GET_RESULTS

from terbalik.core.compiled import Compiled

from .models import User


def _user(pk: int) -> QuerySet[User]:
    # what get(pk=...) runs: no ORDER BY, LIMIT 21
    return User._default_manager.select_related("employee").filter(pk=pk).order_by()[
        :MAX_GET_RESULTS]


_compiled_user = Compiled(User, _user)


def user_with_employee(pk: Any) -> User | None:
    """What `User._default_manager.select_related("employee").get(pk=pk)` returns, or None."""
    found = _compiled_user(pk)
    return found[0] if found else None

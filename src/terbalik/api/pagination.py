"""Cursor pagination: stable ordering by primary key, an opaque signed cursor.

A page is `{"items": [...], "next_cursor": "..." | null}`; pass `next_cursor` back as
`?cursor=` for the next page. The cursor is signed, so a made-up one is refused (422)
instead of skipping rows; rows added while paging appear when their key is after the cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core import signing
from django.db.models import QuerySet

from .problems import BadCursor

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_SALT = "terbalik.api.cursor"

T = TypeVar("T")


def encode(last_pk: int) -> str:
    return signing.dumps(last_pk, salt=_SALT, compress=False)


def decode(cursor: str) -> int:
    try:
        value = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature as exc:
        raise BadCursor from exc
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadCursor
    return value


def page(qs: QuerySet[Any], *, cursor: str | None, limit: int,
         render: Callable[[Any], T]) -> dict[str, Any]:
    """One page of `qs` in primary-key order, each row rendered with `render`."""
    qs = qs.order_by("pk")
    if cursor:
        qs = qs.filter(pk__gt=decode(cursor))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [render(row) for row in rows],
        "next_cursor": encode(rows[-1].pk) if more and rows else None,
    }

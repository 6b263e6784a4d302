"""Claim a row of an outbox for one worker, with a lease, and mark it only while still holding it.

The protocol every outbox follows (notify's e-mail log was the first; webhooks' deliveries use
these helpers):

1. `claim`: one conditional UPDATE moves a free row to its "busy" state, sets the lease and
   adds one to the attempt counter. Of two workers exactly one wins; the attempt number it
   gets back is its fencing token.
2. The worker does the outside work (send the e-mail, POST the webhook).
3. `finish`: one UPDATE that only matches while the attempt counter is still the worker's, so
   a worker that lost its lease (a sweep handed the row to another one) cannot overwrite the
   newer attempt's result.

A worker that dies between 1 and 3 leaves the row busy; the app's scheduled sweep hands it out
again once the lease has passed, so the outside work happens again under the same id (the
receiver drops the repeat).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Model, Q


def claim(
    model: type[Model],
    *,
    pk: int,
    free: Q,
    now: dt.datetime,
    lease: dt.timedelta,
    busy: dict[str, Any],
    attempts_field: str = "attempts",
    lease_field: str = "lease_until",
) -> int | None:
    """Take row `pk` when it matches `free`: set `busy` fields, the lease and one more attempt.
    Returns the attempt number (the fencing token for `finish`), or None when it was not free."""
    taken = model._default_manager.filter(free, pk=pk).update(
        **busy, **{lease_field: now + lease, attempts_field: F(attempts_field) + 1}
    )
    if not taken:
        return None
    attempts: int = model._default_manager.values_list(attempts_field, flat=True).get(pk=pk)
    return attempts


def finish(
    model: type[Model], *, pk: int, attempt: int, attempts_field: str = "attempts",
    **fields: Any,
) -> bool:
    """Write `fields` to row `pk` if attempt `attempt` still holds it; False when it does not."""
    return bool(
        model._default_manager.filter(pk=pk, **{attempts_field: attempt}).update(**fields)
    )

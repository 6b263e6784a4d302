"""The webhooks app's only write path: subscriptions, emitting events, delivering them.

Other apps call `emit(event, subject)` inside the transaction of the change they report: when
some active subscription wants the event, one delivery row per subscription is written in that
transaction (an outbox: no event without its change, no change without its event) and handed
to a worker after the commit. With nobody subscribed, `emit` costs one indexed query.

Delivery follows the outbox protocol of `terbalik.core.leases` (the one notify's e-mails
follow): claim with a lease, POST with the signature headers, mark delivered only while still
holding the lease. A failed attempt is retried after WEBHOOKS_RETRY_SCHEDULE (1 min, 5 min,
30 min, 2 h, 12 h by default), then the delivery is marked failed. The scheduled `sweep` hands
out due retries and the rows whose worker died.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit, leases
from terbalik.core.service_errors import ServiceError

from . import payloads, signing, transport
from .models import EVENTS, PING, Delivery, DeliveryState, Subscription

logger = logging.getLogger(__name__)

#: a row handed to the task queue is handed out again by the sweep after this many leases
QUEUE_GRACE_LEASES = 4
EVENT_NAMESPACE = uuid.UUID("6f0e5b0c-3c1e-4a8e-9a57-7465726b616c")  # ids of keyed events


# --- settings ------------------------------------------------------------------------------


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.WEBHOOKS_LEASE_SECONDS)


def queue_grace() -> dt.timedelta:
    return lease() * QUEUE_GRACE_LEASES


def retry_schedule() -> list[dt.timedelta]:
    """The waits after the 1st, 2nd, ... failed attempt; one more failure gives up."""
    return [dt.timedelta(seconds=s) for s in settings.WEBHOOKS_RETRY_SCHEDULE]


def max_attempts() -> int:
    return len(settings.WEBHOOKS_RETRY_SCHEDULE) + 1


def allow_private() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS)


# --- subscriptions -------------------------------------------------------------------------


def _clean(*, target_url: str, events: Iterable[str]) -> tuple[str, list[str]]:
    errors: dict[str, list[str]] = {}
    target_url = (target_url or "").strip()
    problem = transport.url_problem(target_url, allow_private=allow_private())
    if problem:
        errors["target_url"] = [problem]
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen or set(events) - set(EVENTS):
        errors["events"] = [_("Choose at least one event from the list.")]
    if errors:
        raise ServiceError(errors, code="subscription_refused")
    return target_url, chosen


@transaction.atomic
def subscription_create(
    *, by: Any, target_url: str, events: Iterable[str], program: Any = None,
    description: str = "", active: bool = True,
) -> Subscription:
    """A new subscription with a fresh signing secret (shown to its creator once)."""
    target_url, chosen = _clean(target_url=target_url, events=events)
    now = timezone.now()
    subscription = Subscription.objects.create(
        target_url=target_url, events=chosen, program=program,
        description=description.strip()[:200], secret=signing.new_secret(), active=active,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        created_at=now, updated_at=now,
    )
    audit.record(action="webhooks.subscription_create", actor=by, target=subscription,
                 details={"url": target_url, "events": chosen})
    return subscription


@transaction.atomic
def subscription_update(
    *, subscription: Subscription, by: Any, target_url: str, events: Iterable[str],
    program: Any = None, description: str = "", active: bool = True,
) -> Subscription:
    target_url, chosen = _clean(target_url=target_url, events=events)
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.target_url, subscription.events = target_url, chosen
    subscription.program, subscription.active = program, active
    subscription.description = description.strip()[:200]
    subscription.updated_at = timezone.now()
    subscription.save()
    audit.record(action="webhooks.subscription_update", actor=by, target=subscription,
                 details={"url": target_url, "events": chosen, "active": active})
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription, by: Any) -> None:
    """Delete the subscription and its delivery log; queued deliveries are not sent."""
    audit.record(action="webhooks.subscription_delete", actor=by, target=subscription,
                 details={"url": subscription.target_url})
    subscription.delete()


@transaction.atomic
def secret_reveal(*, subscription: Subscription, by: Any) -> str:
    """The signing secret, for a platform admin; every reveal is in the audit log."""
    audit.record(action="webhooks.secret_reveal", actor=by, target=subscription)
    return subscription.secret


# --- emitting --------------------------------------------------------------------------------


def event_id_for(key: str = "") -> str:
    """A new event id, or the one id of the cause `key` (the same cause never makes two)."""
    value = uuid.uuid5(EVENT_NAMESPACE, key) if key else uuid.uuid4()
    return f"evt_{value.hex}"


def emit(event: str, subject: Any, *, key: str = "", now: dt.datetime | None = None,
         **facts: Any) -> int:
    """Queue `event` about `subject` for every active subscription that wants it; returns how
    many deliveries were written. Call it inside the transaction of the change; the deliveries
    go out after the commit. `key` names the cause when the caller may report it more than
    once (each subscription gets the event once); `facts` go to the payload builder."""
    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    wanting = [s for s in Subscription.objects.filter(active=True).only("id", "events",
                                                                          "program_id")
               if event in s.events]
    if not wanting:
        return 0
    data = payloads.BUILDERS[event](subject, **facts)
    program_id = data.get("program_id")
    wanting = [s for s in wanting if s.program_id in (None, program_id)]
    return len(_enqueue(wanting, event=event, data=data, event_id=event_id_for(key),
                        keyed=bool(key), now=now))


def _enqueue(subscriptions: list[Subscription], *, event: str, data: dict[str, Any],
             event_id: str, keyed: bool = False,
             now: dt.datetime | None = None) -> list[Delivery]:
    """One delivery per subscription, dispatched after the commit. A keyed event (its id
    derived from its cause) skips the subscriptions that already have it."""
    if not subscriptions:
        return []
    now = now or timezone.now()
    body = payloads.envelope(event_id=event_id, event_type=event, data=data, at=now)
    done = set(Delivery.objects.filter(event_id=event_id, subscription__in=subscriptions)
               .values_list("subscription_id", flat=True)) if keyed else set()
    written: list[Delivery] = []
    for subscription in subscriptions:
        if subscription.pk in done:
            continue
        fields = {"subscription_id": subscription.pk, "event_id": event_id, "event_type": event,
                  "payload": body, "next_attempt_at": now, "lease_until": now + queue_grace(),
                  "created_at": now}
        try:
            with transaction.atomic():
                row = Delivery.objects.create(**fields)
        except IntegrityError:  # a parallel transaction reported the same cause
            continue
        transaction.on_commit(functools.partial(dispatch, row.pk), robust=True)
        written.append(row)
    return written


@transaction.atomic
def ping(*, subscription: Subscription, by: Any) -> Delivery:
    """The "send test" button: a `ping` event to this subscription only (even inactive)."""
    (row,) = _enqueue([subscription], event=PING, data=payloads.ping(subscription),
                      event_id=event_id_for())
    audit.record(action="webhooks.ping", actor=by, target=subscription)
    return row


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by: Any) -> Delivery:
    """"Retry now" for a failed delivery: one more attempt at once (same event id)."""
    now = timezone.now()
    updated = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.FAILED).update(
        state=DeliveryState.PENDING, next_attempt_at=now, lease_until=now + queue_grace())
    if not updated:
        raise ServiceError(_("Only a failed delivery can be retried."), code="retry_refused")
    audit.record(action="webhooks.delivery_retry", actor=by, target=delivery)
    transaction.on_commit(functools.partial(dispatch, delivery.pk), robust=True)
    return Delivery.objects.get(pk=delivery.pk)


# --- delivering ------------------------------------------------------------------------------


def dispatch(delivery_id: int) -> None:
    """Hand the delivery to a worker (WEBHOOKS_SEND="worker") or post it in this process
    ("inline": development). Either way it goes through `deliver`."""
    if settings.WEBHOOKS_SEND == "inline":
        deliver(delivery_id=delivery_id)
        return
    from .tasks import deliver_webhook  # tasks import this module

    deliver_webhook.enqueue(delivery_id)


def _claim(delivery_id: int, now: dt.datetime) -> int | None:
    """Pending and due, or sending with a lease that ran out (its worker died)."""
    free = (Q(state=DeliveryState.PENDING, next_attempt_at__lte=now)
            | Q(state=DeliveryState.SENDING, lease_until__lt=now))
    return leases.claim(Delivery, pk=delivery_id, free=free, now=now, lease=lease(),
                        busy={"state": DeliveryState.SENDING, "last_attempt_at": now})


def deliver(*, delivery_id: int, now: dt.datetime | None = None) -> str:
    """One attempt: claim, POST signed, record the answer. Returns "delivered", "retry",
    "failed" or "taken" (another worker has it, or it is not due).

    A crash after the POST and before the mark leaves the row "sending"; the sweep hands it
    out once the lease has passed and it goes again with the same `webhook-id`, so the
    receiver can drop the repeat."""
    now = now or timezone.now()
    attempt = _claim(delivery_id, now)
    if attempt is None:
        return "taken"
    row = Delivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if row is None:  # its subscription was deleted meanwhile
        return "taken"
    body = signing.body_of(row.payload)
    headers = signing.headers(secret=row.subscription.secret, msg_id=row.event_id,
                              timestamp=int(now.timestamp()), body=body)
    status: int | None = None
    answer_body, error = "", ""
    refused = False
    try:
        answer = transport.post(row.subscription.target_url, body=body, headers=headers,
                                timeout=settings.WEBHOOKS_TIMEOUT_SECONDS,
                                allow_private=allow_private())
        status, answer_body = answer.status, answer.body
    except transport.Refused as exc:
        refused, error = True, f"refused: {exc}"
    except Exception as exc:  # network, TLS, timeout: retry later, never crash the worker
        error = repr(exc)[:2000]
    if status is not None and 200 <= status < 300:
        leases.finish(Delivery, pk=delivery_id, attempt=attempt, state=DeliveryState.DELIVERED,
                      delivered_at=timezone.now(), lease_until=None, next_attempt_at=None,
                      response_status=status, response_body=answer_body, last_error="")
        return "delivered"
    if status is not None:
        error = f"HTTP {status}" + (" (redirects are not followed)" if 300 <= status < 400
                                    else "")
    give_up = refused or attempt >= max_attempts()
    waits = retry_schedule()
    due = None if give_up else now + waits[min(attempt, len(waits)) - 1]
    leases.finish(
        Delivery, pk=delivery_id, attempt=attempt,
        state=DeliveryState.FAILED if give_up else DeliveryState.PENDING,
        next_attempt_at=due, lease_until=due, response_status=status,
        response_body=answer_body, last_error=error,
    )
    logger.warning("webhook %s to subscription %s attempt %s failed: %s", row.event_id,
                   row.subscription_id, attempt, error)
    return "failed" if give_up else "retry"


def sweep(*, now: dt.datetime | None = None, batch: int = 500) -> int:
    """The scheduled job: hand to the queue the deliveries whose `lease_until` has passed —
    retries that are due, rows whose task was lost, and rows whose worker died while sending
    (those that used up their attempts are marked failed). Rows are claimed with
    `select_for_update(skip_locked=True)`, so two sweeps never share one. Returns how many
    were handed out."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(state__in=[DeliveryState.PENDING, DeliveryState.SENDING],
                    lease_until__lt=now)
            .order_by("lease_until").values_list("pk", "state", "attempts")[:batch]
        )
        dead = [pk for pk, state, attempts in rows
                if state == DeliveryState.SENDING and attempts >= max_attempts()]
        again = [pk for pk, _state, _attempts in rows if pk not in dead]
        Delivery.objects.filter(pk__in=dead).update(
            state=DeliveryState.FAILED, lease_until=None, next_attempt_at=None,
            last_error="lease ran out")
        Delivery.objects.filter(pk__in=again).update(
            state=DeliveryState.PENDING, next_attempt_at=now, lease_until=now + queue_grace())
        for pk in again:
            transaction.on_commit(functools.partial(dispatch, pk), robust=True)
    if dead:
        logger.error("webhooks: %s deliveries given up after their lease ran out", len(dead))
    return len(again)

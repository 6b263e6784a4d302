"""The notify app's only write path: preferences, calendar feeds and once-only sends."""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terbalik.core import audit, leases
from terbalik.core.service_errors import ServiceError

from . import channels, emails
from .models import (
    OPTIONAL_KINDS,
    CalendarFeed,
    Channel,
    EmailPreference,
    NotificationLog,
    SendStatus,
)

logger = logging.getLogger(__name__)


def wants(user: Any, kind: str) -> bool:
    """Does this person want optional e-mails of this kind? Transactional kinds always go."""
    if user is None or not getattr(user, "is_active", True):
        return False
    if kind not in OPTIONAL_KINDS:
        return True
    pref = EmailPreference.objects.filter(user=user).first()
    return pref is None or kind not in pref.muted_kinds


@transaction.atomic
def preferences_set(*, user: Any, wanted: Iterable[str]) -> EmailPreference:
    """Keep the optional kinds in `wanted`, mute the others."""
    wanted = set(wanted)
    unknown = wanted - set(OPTIONAL_KINDS)
    if unknown:
        raise ServiceError({"kinds": [_("Choose from the listed kinds of e-mail.")]})
    pref, _created = EmailPreference.objects.select_for_update().get_or_create(user=user)
    pref.muted_kinds = sorted(set(OPTIONAL_KINDS) - wanted)
    pref.save(update_fields=["muted_kinds", "updated_at"])
    return pref


def _new_token() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_feed_get(*, user: Any) -> CalendarFeed:
    """The user's feed, created on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user, token=_new_token(), created_at=timezone.now())
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: Any) -> CalendarFeed:
    """Replace the token: the old address stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return calendar_feed_get(user=user)
    feed.token = _new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    audit.record(action="notify.calendar_feed_revoke", actor=user, target=feed)
    return feed


def claim(*, key: str, kind: str, user: Any = None, now: Any = None, sent: bool = True) -> bool:
    """Record the cause `key` without a message; False when it was recorded before (by us or
    a parallel run)."""
    return _record(key=key, kind=kind, user=user, now=now, mail=None, sent=sent) is not None


def _record(
    *, key: str, kind: str, user: Any, now: Any, mail: EmailMessage | None, sent: bool = True
) -> NotificationLog | None:
    """Insert the log row for `key` (queued with its message, or skipped without one); None
    when the key is already there."""
    key = key[:200]
    if NotificationLog.objects.filter(key=key, channel=Channel.EMAIL).exists():
        return None
    now = now or timezone.now()
    fields: dict[str, Any] = {"sent": sent, "status": SendStatus.SKIPPED}
    if mail is not None:
        fields.update(
            sent=True, status=SendStatus.QUEUED, message=emails.to_data(mail),
            message_id=emails.message_id(key), lease_until=timezone.now() + queue_grace(),
        )
    try:
        with transaction.atomic():
            return NotificationLog.objects.create(
                key=key, kind=kind, user=user, created_at=now, **fields
            )
    except IntegrityError:
        return None


def fresh_key(prefix: str) -> str:
    """A key for a message whose cause has no natural key (it still goes out once)."""
    return f"{prefix}:{uuid.uuid4().hex}"


@transaction.atomic
def record_message(*, key: str, kind: str, user: Any, mail: EmailMessage,
                   now: Any = None) -> bool:
    """Log the rendered `mail` under `key` and hand it to a worker after the commit; False
    when `key` was recorded before."""
    row = _record(key=key, kind=kind, user=user, now=now, mail=mail)
    if row is None:
        return False
    emails.defer(functools.partial(dispatch, row.pk))
    return True


@transaction.atomic
def notify_once(
    *,
    key: str,
    kind: str,
    user: Any,
    build: Callable[[], emails.Message],
    calendar: emails.CalendarPart | None = None,
    now: Any = None,
    to: str = "",
    language: str = "",
    reply_to: list[str] | None = None,
) -> bool:
    """E-mail `user` once for the cause `key`, if they want this kind; True when it was queued.

    `to` overrides the address (e.g. the one typed on the sign-in page), `language` the
    user's own (e.g. the page's, for someone who never chose one), `reply_to` where answers
    go (e.g. the HR person who wrote a nudge) instead of the no-reply sender. The message is
    rendered now, in that language, and logged with the key; a worker sends it after the commit.
    The log row is written even when the person muted the kind, so switching it back on later
    does not replay old causes.
    """
    address = to or getattr(user, "email", "")
    if not (wants(user, kind) and not emails.is_muted()):
        claim(key=key, kind=kind, user=user, now=now, sent=False)
        return False
    language = language or emails.language_of(user)
    with translation.override(language):
        message = build()
    return queue_built(key=key, kind=kind, user=user, message=message, language=language,
                       address=address, calendar=calendar, reply_to=reply_to, now=now,
                       chat=not to)


@transaction.atomic
def queue_built(
    *, key: str, kind: str, user: Any, message: emails.Message, language: str, address: str,
    calendar: emails.CalendarPart | None = None, reply_to: list[str] | None = None,
    now: Any = None, chat: bool = True,
) -> bool:
    """Log the built `message` for every channel the person chose: the e-mail to `address`
    (when there is one) and, when `chat` and the key is new, one row per chosen chat channel
    (`chat.fan_out`); each is sent by a worker after the commit. True when anything was queued.
    `chat` is off when the address was typed by someone (not the person's own)."""
    if address:
        mail = emails.render_message(to=address, language=language, message=message,
                                     calendar=calendar, reply_to=reply_to)
        new = record_message(key=key, kind=kind, user=user, mail=mail, now=now)
    else:
        new = claim(key=key, kind=kind, user=user, now=now, sent=False)
    if not new:  # the cause was recorded before: no channel replays it
        return False
    from . import chat as chat_services  # chat builds on this module

    chats = chat_services.fan_out(key=key, kind=kind, user=user, message=message,
                                  language=language, now=now) if chat else 0
    return bool(address) or chats > 0


@transaction.atomic
def deliver_once(*, key: str, kind: str, user: Any, mail: EmailMessage, now: Any = None) -> bool:
    """Like `notify_once` for an e-mail its app renders with its own templates (already in the
    recipient's language): logged once under `key`, sent after the commit; True when queued."""
    if not (wants(user, kind) and getattr(user, "email", "") and not emails.is_muted()):
        claim(key=key, kind=kind, user=user, now=now, sent=False)
        return False
    if not record_message(key=key, kind=kind, user=user, mail=mail, now=now):
        return False
    from . import chat as chat_services  # chat builds on this module

    chat_services.fan_out(key=key, kind=kind, user=user, message=emails.message_of(mail),
                          language=emails.language_of(user), now=now)
    return True


# --- the way out: dispatch, claim with a lease, send, mark; the sweep retries ---------------


#: statuses after which the stored message is no longer needed (and is cleared)
DONE = (SendStatus.SENT, SendStatus.FAILED, SendStatus.SKIPPED)
#: a message waiting in the task queue is handed out again only after this many leases, so a
#: backed-up queue (tasks waiting longer than one lease) is not filled with duplicates
QUEUE_GRACE_LEASES = 4


def lease() -> dt.timedelta:
    """How long a worker may take to send a message before the sweep hands it out again
    (NOTIFY_LEASE_SECONDS)."""
    return dt.timedelta(seconds=settings.NOTIFY_LEASE_SECONDS)


def queue_grace() -> dt.timedelta:
    """How long a message handed to the task queue waits for a worker before the sweep takes
    its task for lost and enqueues it again."""
    return lease() * QUEUE_GRACE_LEASES


def dispatch(log_id: int) -> None:
    """Hand the logged message to a worker (NOTIFY_SEND="worker") or send it in this process
    ("inline": development and tests). Either way it goes through `send_logged`."""
    if settings.NOTIFY_SEND == "inline":
        send_logged(log_id=log_id)
        return
    from .tasks import send_message  # tasks import this module

    send_message.enqueue(log_id)


def claim_for_send(*, log_id: int, now: dt.datetime) -> int | None:
    """Take the message for sending: one conditional UPDATE, so of two workers exactly one
    wins. A queued row is free; a row in "sending" only once its lease ran out (its worker
    died). Returns the attempt number (the fencing token for `_finish`), or None."""
    free = Q(status=SendStatus.QUEUED) | Q(status=SendStatus.SENDING, lease_until__lt=now)
    return leases.claim(NotificationLog, pk=log_id, free=free, now=now, lease=lease(),
                        busy={"status": SendStatus.SENDING})


def _finish(log_id: int, attempt: int, **fields: Any) -> bool:
    """Mark the row if this worker still holds it. A message that is done (sent or given up)
    loses its stored text in the same UPDATE: it may hold a sign-in code or a password-reset
    link, which must not stay readable in the database or its backups."""
    if fields.get("status") in DONE:
        fields["message"] = {}
    return leases.finish(NotificationLog, pk=log_id, attempt=attempt, **fields)


def send_logged(*, log_id: int, now: dt.datetime | None = None) -> str:
    """Send one logged message once in effect: claim, send on its channel (an e-mail under its
    Message-ID), mark sent. A chat message the person no longer allows (consent withdrawn,
    channel switched off) is marked skipped instead; see README "Chat notifications" for what
    each channel guarantees.

    A crash after the send and before the mark leaves the row in "sending": the sweep hands it
    out again when the lease ends and it goes again with the same Message-ID, which lets the
    receiving side drop the repeat. A failed send goes back to the queue with a back-off, and
    is given up (failed, logged) after NOTIFY_MAX_ATTEMPTS."""
    now = now or timezone.now()
    attempt = claim_for_send(log_id=log_id, now=now)
    if attempt is None:
        return "taken"
    row = NotificationLog.objects.get(pk=log_id)
    channel = channels.get(row.channel)
    if row.channel != Channel.EMAIL:
        from . import chat as chat_services  # chat builds on this module

        refusal = chat_services.refusal(row)
        if refusal:  # consent withdrawn, channel switched off: never sent
            _finish(log_id, attempt, status=SendStatus.SKIPPED, lease_until=None,
                    last_error=refusal)
            return "skipped"
        out = channels.Outgoing(to=row.message.get("to", ""), payload=row.message["payload"],
                                key=row.key, attempt=attempt)
    else:
        out = channels.Outgoing(to="", payload=row.message, key=row.key, attempt=attempt,
                                message_id=row.message_id)
    try:
        channel.send(out)
    except Exception as exc:  # any transport error: retry later, never crash the worker
        permanent = isinstance(exc, channels.ChannelError) and exc.permanent
        give_up = permanent or attempt >= settings.NOTIFY_MAX_ATTEMPTS
        # a ChannelError's text is safe (no address, no token); e-mail errors as before
        error = str(exc) if isinstance(exc, channels.ChannelError) else repr(exc)
        logger.warning("notify %s (%s) attempt %s failed: %s", row.key, row.channel, attempt,
                       error)
        _finish(
            log_id, attempt, last_error=error[:2000],
            status=SendStatus.FAILED if give_up else SendStatus.QUEUED,
            lease_until=None if give_up else now + min(lease() * attempt, dt.timedelta(hours=1)),
        )
        return "failed" if give_up else "retry"
    _finish(log_id, attempt, status=SendStatus.SENT, sent_at=timezone.now(), lease_until=None)
    return "sent"


def sweep(*, now: dt.datetime | None = None, batch: int = 1000) -> int:
    """Hand out again the messages whose lease ran out: "sending" ones whose worker died (after
    one lease), queued ones nobody took (their task was lost: after `queue_grace`, several
    leases, so a merely backed-up queue is not doubled) and failed sends due for a retry. Rows
    are claimed with `select_for_update(skip_locked=True)` (PostgreSQL), so two sweeps never
    share one; a
    message that used up its attempts is marked failed. Returns how many were handed out."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = (
            NotificationLog.objects.select_for_update(skip_locked=True)
            .filter(status__in=[SendStatus.QUEUED, SendStatus.SENDING], lease_until__lt=now)
            .order_by("lease_until")
        )
        rows = list(stale.values_list("pk", "attempts")[:batch])
        dead = [pk for pk, attempts in rows if attempts >= settings.NOTIFY_MAX_ATTEMPTS]
        again = [pk for pk, attempts in rows if attempts < settings.NOTIFY_MAX_ATTEMPTS]
        NotificationLog.objects.filter(pk__in=dead).update(
            status=SendStatus.FAILED, lease_until=None, last_error="lease ran out", message={}
        )
        NotificationLog.objects.filter(pk__in=again).update(
            status=SendStatus.QUEUED, lease_until=now + queue_grace()
        )
        for pk in again:
            emails.defer(functools.partial(dispatch, pk))
    if dead:
        logger.error("notify: %s messages given up after %s attempts", len(dead),
                     settings.NOTIFY_MAX_ATTEMPTS)
    return len(again)

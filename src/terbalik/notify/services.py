"""The notify app's only write path: preferences, calendar feeds and once-only sends."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError

from . import emails
from .models import OPTIONAL_KINDS, CalendarFeed, EmailPreference, NotificationLog


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
    """Record the cause `key`; False when it was recorded before (by us or a parallel run)."""
    if NotificationLog.objects.filter(key=key).exists():
        return False
    try:
        with transaction.atomic():
            NotificationLog.objects.create(
                key=key[:200], kind=kind, user=user, created_at=now or timezone.now(), sent=sent
            )
    except IntegrityError:
        return False
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
) -> bool:
    """E-mail `user` once for the cause `key`, if they want this kind; True when it was sent.

    `to` overrides the address (e.g. the one typed on the sign-in page), `language` the
    user's own (e.g. the page's, for someone who never chose one). The log row is written even
    when the person muted the kind, so switching it back on later does not replay old causes.
    """
    allowed = wants(user, kind) and bool(to or getattr(user, "email", ""))
    if not claim(key=key, kind=kind, user=user, now=now, sent=allowed):
        return False
    if allowed:
        emails.send(user=user, build=build, calendar=calendar, to=to, language=language)
    return allowed


@transaction.atomic
def deliver_once(*, key: str, kind: str, user: Any, mail: EmailMessage, now: Any = None) -> bool:
    """Like `notify_once` for an e-mail its app renders with its own templates (already in the
    recipient's language): logged once under `key`, sent after the commit; True when queued."""
    allowed = wants(user, kind) and bool(getattr(user, "email", "")) and not emails.is_muted()
    if not claim(key=key, kind=kind, user=user, now=now, sent=allowed):
        return False
    if allowed:
        emails.defer(mail.send)
    return allowed

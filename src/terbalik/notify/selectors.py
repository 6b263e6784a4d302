"""Reads of the notify app for its pages."""

from __future__ import annotations

from typing import Any

from .models import CalendarFeed, EmailPreference


def muted_kinds(user: Any) -> set[str]:
    """The kinds of e-mail `user` asked not to receive."""
    pref = EmailPreference.objects.filter(user=user).first()
    return set(pref.muted_kinds if pref else [])


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The calendar feed whose secret address ends in `token`, with its user, if any."""
    return CalendarFeed.objects.select_related("user").filter(token=token).first()

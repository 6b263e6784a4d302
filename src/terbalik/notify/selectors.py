"""Reads of the notify app for its pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .channels import chat_channels
from .models import CalendarFeed, Channel, ChatPreference, EmailPreference, ProgramChatChannel


def muted_kinds(user: Any) -> set[str]:
    """The kinds of e-mail `user` asked not to receive."""
    pref = EmailPreference.objects.filter(user=user).first()
    return set(pref.muted_kinds if pref else [])


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The calendar feed whose secret address ends in `token`, with its user, if any."""
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


@dataclass(frozen=True)
class ChannelStatus:
    """One chat channel as the preferences page shows it."""

    name: str
    label: str
    available: bool  # the person can choose it now
    chosen: bool
    reason: str = ""  # why it is unavailable (translated), "" when available
    consent_at: Any = None  # WhatsApp: when consent was given
    number: str = ""  # WhatsApp: the number in the profile (digits)


def chat_preference(user: Any) -> ChatPreference | None:
    return ChatPreference.objects.filter(user=user).first()


def chat_status(user: Any) -> list[ChannelStatus]:
    """Every chat channel for `user`: can they choose it, did they, and if not, why not."""
    from .chat import whatsapp_number

    pref = chat_preference(user)
    chosen = set(pref.channels) if pref else set()
    rows = []
    for channel in chat_channels(configured_only=False):
        reason = ""
        number = ""
        if not channel.configured():
            reason = _("Not set up on this server: the platform administrator has not "
                       "connected %(channel)s.") % {"channel": channel.label}
        elif channel.name == Channel.WHATSAPP:
            number = whatsapp_number(user)
            if not number:
                reason = _("Add your WhatsApp number to your contact profile first.")
        if channel.name == Channel.WHATSAPP and not number:
            number = whatsapp_number(user)
        rows.append(ChannelStatus(
            name=channel.name, label=str(channel.label), available=not reason,
            chosen=channel.name in chosen, reason=reason, number=number,
            consent_at=pref.whatsapp_consent_at if pref and channel.name == Channel.WHATSAPP
            else None,
        ))
    return rows


def program_channels(program: Any) -> dict[str, ProgramChatChannel]:
    """The program's chat channels by channel name."""
    return {c.channel: c for c in ProgramChatChannel.objects.filter(program=program)}


def program_channels_language(program: Any) -> str:
    """The language the program's chat posts are written in ("" when none is set)."""
    found = ProgramChatChannel.objects.filter(program=program).values_list("language", flat=True)
    return found.first() or ""

"""Chat notifications next to e-mail: the write path for chat preferences, WhatsApp consent and
program chat channels, and the fan-out of a message to the channels a person chose.

Part of the notify services (`notify.services` calls `fan_out`; views call the setters).
Every chat message is one NotificationLog row per (key, channel), written in the transaction of
its cause and sent by the same worker, lease and sweep as e-mail (`services.send_logged`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError

from . import channels, emails
from .channels.teams import webhook_allowed
from .channels.whatsapp import number_digits
from .models import (
    CHAT_CHANNELS,
    PROGRAM_CHANNELS,
    Channel,
    ChatPreference,
    NotificationLog,
    ProgramChatChannel,
    SendStatus,
)

#: kinds that never go to a chat: sign-in codes and password-reset links (a chat account is
#: not the mailbox the person proved they own, and chat histories are long-lived)
EMAIL_ONLY_KINDS = frozenset({"account"})


def whatsapp_number(user: Any) -> str:
    """The digits of the WhatsApp number in the person's profile ("" when none)."""
    from terbalik.people.selectors import profile_of  # people sits above notify

    profile = profile_of(getattr(user, "employee", None))
    return number_digits(profile.whatsapp) if profile else ""


def _target(name: str, user: Any, pref: ChatPreference) -> str:
    """Where the person's messages on channel `name` go; "" when they cannot."""
    if name == Channel.SLACK:
        return pref.slack_user_id
    if name == Channel.TEAMS:
        return pref.teams_webhook_url if webhook_allowed(pref.teams_webhook_url) else ""
    if name == Channel.WHATSAPP:
        number = whatsapp_number(user)
        consented = pref.whatsapp_consent_at is not None and number
        return number if consented and number == pref.whatsapp_consent_number else ""
    return ""


def _record_chat(*, key: str, kind: str, user: Any, channel: str, to: str,
                 payload: dict[str, Any], now: dt.datetime | None) -> NotificationLog | None:
    """The queued row for (key, channel); None when it exists already."""
    from .services import queue_grace

    key = key[:200]
    if NotificationLog.objects.filter(key=key, channel=channel).exists():
        return None
    try:
        with transaction.atomic():
            return NotificationLog.objects.create(
                key=key, channel=channel, kind=kind, user=user,
                created_at=now or timezone.now(), sent=True, status=SendStatus.QUEUED,
                message={"to": to, "payload": payload},
                lease_until=timezone.now() + queue_grace(),
            )
    except IntegrityError:
        return None


def _queue(row: NotificationLog | None) -> int:
    if row is None:
        return 0
    from .services import dispatch

    emails.defer(functools.partial(dispatch, row.pk))
    return 1


def fan_out(*, key: str, kind: str, user: Any, message: emails.Message, language: str,
            now: dt.datetime | None = None) -> int:
    """Queue `message` (built in `language`) on each configured chat channel the person chose
    and can be reached on; returns how many rows were queued."""
    if user is None or kind in EMAIL_ONLY_KINDS or emails.is_muted():
        return 0
    pref = ChatPreference.objects.filter(user=user).first()
    if pref is None or not pref.channels:
        return 0
    queued = 0
    for name in CHAT_CHANNELS:
        channel = channels.get(name)
        if name not in pref.channels or not channel.configured():
            continue
        to = _target(name, user, pref)
        if not to:
            continue
        with translation.override(language):
            payload = channel.render(message)
        queued += _queue(_record_chat(key=key, kind=kind, user=user, channel=name, to=to,
                                      payload=payload, now=now))
    return queued


@transaction.atomic
def program_post_once(*, key: str, program: Any, build: Callable[[], emails.Message],
                      now: dt.datetime | None = None) -> int:
    """Post a program's announcement once for the cause `key` to each chat channel HR set
    for it, in that channel's language; returns how many posts were queued."""
    if emails.is_muted():
        return 0
    queued = 0
    for setting in ProgramChatChannel.objects.filter(program=program).order_by("channel"):
        channel = channels.get(setting.channel)
        if not channel.configured():
            continue
        with translation.override(setting.language):
            payload = channel.render(build())
        queued += _queue(_record_chat(key=key, kind="program", user=None,
                                      channel=setting.channel, to=setting.target,
                                      payload=payload, now=now))
    return queued


def program_test_post(*, program: Any, by: Any) -> int:
    """A test post to each of the program's chat channels, so HR sees the connection works;
    returns how many were queued (0 when the program has no channel)."""
    from .services import fresh_key

    name = program.name

    def build() -> emails.Message:
        return emails.Message(
            subject=_("Test message from Terbalik"),
            paragraphs=[_("The announcements of the reverse mentoring program %(program)s "
                          "will appear in this channel.") % {"program": name}],
            link=emails.site_url(), link_label=_("Open Terbalik"),
        )

    queued = program_post_once(key=fresh_key(f"program-test:{program.pk}"), program=program,
                               build=build)
    audit.record(action="notify.program_channels_test", actor=by, target=program,
                 details={"posts": queued})
    return queued


def refusal(row: NotificationLog) -> str:
    """Why this queued chat message must not go now ("" when it may): checked by the worker
    right before sending, so a consent withdrawn after queueing still stops it."""
    channel = channels.get(row.channel)
    if not channel.configured():
        return f"{row.channel}: not configured"
    if row.user_id is None:  # a program's post: HR may have removed the channel meanwhile
        return ""
    pref = ChatPreference.objects.filter(user_id=row.user_id).first()
    if pref is None or row.channel not in pref.channels:
        return f"{row.channel}: switched off by the person"
    if row.channel == Channel.WHATSAPP:
        if pref.whatsapp_consent_at is None:
            return "whatsapp: consent withdrawn"
        if row.message.get("to") != pref.whatsapp_consent_number:
            return "whatsapp: number changed since consent"
    return ""


def _cancel_queued(*, user: Any, channel_names: Iterable[str], why: str) -> int:
    """Stop the person's waiting messages on these channels (never sent; text cleared)."""
    return NotificationLog.objects.filter(
        user=user, channel__in=list(channel_names),
        status__in=[SendStatus.QUEUED, SendStatus.SENDING],
    ).update(status=SendStatus.SKIPPED, lease_until=None, message={}, last_error=why)


# --- a person's choices --------------------------------------------------------------------


def slack_lookup(*, user: Any) -> str:
    """The person's Slack user ID, looked up by their e-mail (outside any transaction: it is
    a call to Slack). Raises ServiceError when there is no such member or Slack cannot answer.
    """
    try:
        found = channels.get(Channel.SLACK).lookup_user(user.email)  # type: ignore[attr-defined]
    except channels.ChannelError:
        raise ServiceError({"chat_channels": [
            _("Slack could not be reached to find your account. Try again later.")]}) from None
    if not found:
        raise ServiceError({"chat_channels": [
            _("There is no Slack account with your e-mail address in the workspace.")]})
    return str(found)


def chat_preferences_set(*, user: Any, chosen: Iterable[str], teams_webhook_url: str = "",
                         whatsapp_consent: bool = False,
                         only_configured: bool = True) -> ChatPreference:
    """Keep the chat channels in `chosen` (configured ones only; e-mail always goes).

    Slack: the Slack account is looked up by the person's e-mail when first chosen. Teams:
    the person's Workflows webhook address (an allowed host). WhatsApp: only with the number
    in their profile and `whatsapp_consent`, kept with its time and number; no consent means
    WhatsApp is off and whatever waits for WhatsApp is stopped at once. `only_configured=False`
    keeps a choice of a channel the server has not set up (the demo shows such a choice; it
    sends nothing until the channel is configured).
    """
    chosen = {c for c in chosen if c in CHAT_CHANNELS}
    available = {c.name for c in channels.chat_channels(configured_only=only_configured)}
    if chosen - available:
        raise ServiceError({"chat_channels": [_("Choose from the listed chat channels.")]})
    current = ChatPreference.objects.filter(user=user).first()
    slack_id = ""
    if Channel.SLACK in chosen:
        known = current and current.slack_user_id and current.slack_email == user.email
        slack_id = current.slack_user_id if known else slack_lookup(user=user)  # type: ignore[union-attr]
    return _chat_preferences_write(user=user, chosen=chosen, slack_id=slack_id,
                                   teams_webhook_url=teams_webhook_url.strip(),
                                   whatsapp_consent=whatsapp_consent)


@transaction.atomic
def _chat_preferences_write(*, user: Any, chosen: set[str], slack_id: str,
                            teams_webhook_url: str, whatsapp_consent: bool) -> ChatPreference:
    errors: dict[str, list[str]] = {}
    if Channel.TEAMS in chosen and not webhook_allowed(teams_webhook_url):
        errors["teams_webhook_url"] = [_(
            "Paste the address of your Teams workflow webhook (an https address of an allowed "
            "Microsoft host).")]
    number = whatsapp_number(user)
    if Channel.WHATSAPP in chosen and not number:
        errors["chat_channels"] = [_("Add your WhatsApp number to your contact profile first.")]
    elif Channel.WHATSAPP in chosen and not whatsapp_consent:
        errors["whatsapp_consent"] = [_("To receive WhatsApp messages, give your consent.")]
    if errors:
        raise ServiceError(errors)
    pref, _created = ChatPreference.objects.select_for_update().get_or_create(user=user)
    now = timezone.now()
    had_consent = pref.whatsapp_consent_at is not None
    wants_whatsapp = Channel.WHATSAPP in chosen and whatsapp_consent
    if wants_whatsapp and not (had_consent and pref.whatsapp_consent_number == number):
        pref.whatsapp_consent_at, pref.whatsapp_consent_number = now, number
        audit.record(action="notify.whatsapp_consent_given", actor=user, target=pref)
    elif not wants_whatsapp and had_consent:
        _whatsapp_withdraw(pref=pref, user=user, now=now)
    stopped = set(pref.channels) - chosen
    pref.channels = sorted(chosen)
    if slack_id:
        pref.slack_user_id, pref.slack_email = slack_id, user.email
    # the personal webhook address is a credential: kept only while Teams is chosen
    pref.teams_webhook_url = teams_webhook_url if Channel.TEAMS in chosen else ""
    pref.save()
    if stopped:
        _cancel_queued(user=user, channel_names=stopped, why="switched off by the person")
    return pref


def _whatsapp_withdraw(*, pref: ChatPreference, user: Any, now: dt.datetime) -> None:
    pref.whatsapp_consent_at, pref.whatsapp_consent_number = None, ""
    pref.whatsapp_withdrawn_at = now
    pref.channels = [c for c in pref.channels if c != Channel.WHATSAPP]
    _cancel_queued(user=user, channel_names=[Channel.WHATSAPP], why="whatsapp: consent withdrawn")
    audit.record(action="notify.whatsapp_consent_withdrawn", actor=user, target=pref)


@transaction.atomic
def whatsapp_consent_withdraw(*, user: Any) -> ChatPreference | None:
    """Withdraw WhatsApp consent: nothing more goes to WhatsApp, waiting messages included."""
    pref = ChatPreference.objects.select_for_update().filter(user=user).first()
    if pref is None or pref.whatsapp_consent_at is None:
        return pref
    _whatsapp_withdraw(pref=pref, user=user, now=timezone.now())
    pref.save()
    return pref


# --- HR: a program's chat channels ---------------------------------------------------------


@transaction.atomic
def program_channels_set(*, program: Any, by: Any, language: str,
                         targets: dict[str, str]) -> list[ProgramChatChannel]:
    """Set where the program's announcements are posted: `targets` maps a configured program
    channel to its destination (a Slack channel ID, a Teams webhook address); an empty
    destination removes that channel."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ServiceError({"language": [_("Choose one of the listed languages.")]})
    errors: dict[str, list[str]] = {}
    configured = {c.name for c in channels.chat_channels()} & set(PROGRAM_CHANNELS)
    clean = {name: (value or "").strip() for name, value in targets.items()}
    for name, value in clean.items():
        if name not in configured:
            errors[name] = [_("This channel is not set up on this server.")]
        elif value and name == Channel.SLACK and not _slack_channel_id(value):
            errors[name] = [_("Enter the Slack channel ID, e.g. C0123456789.")]
        elif value and name == Channel.TEAMS and not webhook_allowed(value):
            errors[name] = [_(
                "Paste the address of the channel's Teams workflow webhook (an https address "
                "of an allowed Microsoft host).")]
    if errors:
        raise ServiceError(errors)
    for name, value in clean.items():
        if not value:
            ProgramChatChannel.objects.filter(program=program, channel=name).delete()
            continue
        ProgramChatChannel.objects.update_or_create(
            program=program, channel=name,
            defaults={"target": value, "language": language, "updated_by": by},
        )
    ProgramChatChannel.objects.filter(program=program).update(language=language)
    audit.record(action="notify.program_channels_set", actor=by, target=program,
                 details={"channels": sorted(n for n, v in clean.items() if v)})
    return list(ProgramChatChannel.objects.filter(program=program).order_by("channel"))


def _slack_channel_id(value: str) -> bool:
    return value[:1] in ("C", "G") and value[1:].isalnum() and 8 <= len(value) <= 20 \
        and value.upper() == value

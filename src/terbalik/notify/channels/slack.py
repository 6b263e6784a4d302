"""Slack through its Web API with the official SDK (slack-sdk's WebClient).

A person's messages go to their direct-message conversation with the app (`chat.postMessage`
to their Slack user ID, found once with `users.lookupByEmail`); a program's to a channel the app
was invited to. Blocks carry the text, `text` the notification fallback. Each message carries
its key's digest as Slack message metadata: a repeated attempt after a worker died mid-send asks
`conversations.history` whether the message is already there and does not post it twice.

Bot token scopes: chat:write, users:read, users:read.email, im:write, im:history (and
channels:history / groups:history for program channels).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from ..emails import Message
from .base import Channel, ChannelError, Outgoing, message_lines, permanent_status, text

logger = logging.getLogger(__name__)

EVENT_TYPE = "terbalik_notification"
#: the Slack API errors that another attempt cannot fix
PERMANENT_ERRORS = {
    "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive",
    "token_revoked", "no_permission", "missing_scope", "user_not_found", "users_not_found",
    "cannot_dm_bot", "user_disabled", "invalid_blocks", "msg_too_long", "not_authed",
}


def _escape(value: str) -> str:
    """mrkdwn control characters (https://api.slack.com/reference/surfaces/formatting)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def client() -> WebClient:
    base = settings.SLACK_API_URL
    return WebClient(
        token=settings.SLACK_BOT_TOKEN, base_url=base if base.endswith("/") else base + "/",
        timeout=settings.CHAT_TIMEOUT_SECONDS,
        retry_handlers=[],  # the outbox retries, after recording; the SDK must not resend
    )


def _error(exc: SlackApiError) -> ChannelError:
    response = exc.response
    status = getattr(response, "status_code", 0) or 0
    code = ""
    if isinstance(getattr(response, "data", None), dict):
        code = str(response.data.get("error", ""))[:60]
    permanent = code in PERMANENT_ERRORS or (status and permanent_status(status) and not code)
    return ChannelError(f"slack: HTTP {status} {code}".strip(), permanent=bool(permanent))


class SlackChannel(Channel):
    name = "slack"
    label = _("Slack")

    def configured(self) -> bool:
        return bool(settings.SLACK_BOT_TOKEN)

    def lookup_user(self, email: str) -> str:
        """The Slack user ID of the workspace member with this e-mail, "" when none.
        Raises ChannelError when Slack cannot be asked."""
        try:
            response = client().users_lookupByEmail(email=email)
        except SlackApiError as exc:
            data = getattr(exc.response, "data", None)
            if isinstance(data, dict) and data.get("error") == "users_not_found":
                return ""
            raise _error(exc) from None
        except Exception as exc:
            raise ChannelError(f"slack: {type(exc).__name__}") from None
        user = response.get("user") or {}
        return str(user.get("id", ""))

    def render(self, message: Message) -> dict[str, Any]:
        subject = text(message.subject)
        blocks: list[dict[str, Any]] = [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{_escape(subject)}*"}},
        ]
        for line in message_lines(message):
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _escape(line)}})
        if message.link:
            label = text(message.link_label) or text(_("Open Terbalik"))
            blocks.append({"type": "actions", "elements": [{
                "type": "button", "text": {"type": "plain_text", "text": label[:75]},
                "url": message.link,
            }]})
        return {"text": subject, "blocks": blocks[:50]}

    def deliver(self, out: Outgoing) -> None:
        try:
            client().chat_postMessage(
                channel=out.to, text=out.payload["text"], blocks=out.payload["blocks"],
                unfurl_links=False,
                metadata={"event_type": EVENT_TYPE, "event_payload": {"key": out.key_digest}},
            )
        except SlackApiError as exc:
            raise _error(exc) from None

    def already_delivered(self, out: Outgoing) -> bool:
        """Look for our key's digest in the conversation's recent messages. When Slack refuses
        the question itself (a token without the history scopes), the answer is "not known":
        the message is posted again (at least once, as Teams and WhatsApp)."""
        web = client()
        try:
            channel = out.to
            if channel.startswith(("U", "W")):  # a person: their conversation with the app
                opened = web.conversations_open(users=channel)
                channel = str((opened.get("channel") or {}).get("id", ""))
            history = web.conversations_history(channel=channel, limit=100,
                                                include_all_metadata=True)
        except SlackApiError as exc:
            error = _error(exc)
            if error.permanent:
                logger.warning("notify: cannot check Slack for an earlier copy (%s)", error)
                return False
            raise error from None
        for item in history.get("messages") or []:
            meta = item.get("metadata") or {}
            if (meta.get("event_type") == EVENT_TYPE
                    and (meta.get("event_payload") or {}).get("key") == out.key_digest):
                return True
        return False

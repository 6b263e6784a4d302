"""Microsoft Teams through incoming webhooks: an Adaptive Card in a `message` envelope.

The card format is the one both kinds of Teams webhook accept: a channel's Workflows webhook
("Post to a channel when a webhook request is received") for a program, and a person's own
Workflows webhook ("Post to a chat when a webhook request is received") for their messages. The
webhook address is the credential; only hosts in TEAMS_WEBHOOK_HOSTS are accepted (no posting
to arbitrary addresses from the server).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..emails import Message
from .base import Channel, ChannelError, Outgoing, host_allowed, message_lines, text
from .http import post_json


def webhook_allowed(url: str) -> bool:
    return host_allowed(url, settings.TEAMS_WEBHOOK_HOSTS)


class TeamsChannel(Channel):
    name = "teams"
    label = _("Microsoft Teams")

    def configured(self) -> bool:
        return bool(settings.TEAMS_WEBHOOK_HOSTS)

    def render(self, message: Message) -> dict[str, Any]:
        body: list[dict[str, Any]] = [{
            "type": "TextBlock", "text": text(message.subject), "weight": "Bolder",
            "size": "Medium", "wrap": True,
        }]
        body += [{"type": "TextBlock", "text": line, "wrap": True}
                 for line in message_lines(message)]
        card: dict[str, Any] = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard", "version": "1.4", "body": body,
        }
        if message.link:
            card["actions"] = [{
                "type": "Action.OpenUrl", "url": message.link,
                "title": text(message.link_label) or text(_("Open Terbalik")),
            }]
        return {"type": "message", "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": None, "content": card,
        }]}

    def deliver(self, out: Outgoing) -> None:
        if not webhook_allowed(out.to):  # the allowed hosts may have changed since
            raise ChannelError("teams: webhook host not allowed", permanent=True)
        post_json(out.to, out.payload, name=self.name)

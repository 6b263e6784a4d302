"""The channels a message can go out on, behind one interface (`base.Channel`).

`get(name)` gives the channel; `chat_channels()` the configured chat channels in display order.
"""

from __future__ import annotations

from .base import Channel, ChannelError, Outgoing
from .email import EmailChannel
from .slack import SlackChannel
from .teams import TeamsChannel
from .whatsapp import WhatsAppChannel

__all__ = ["Channel", "ChannelError", "Outgoing", "get", "chat_channels", "ALL"]

ALL: dict[str, Channel] = {
    c.name: c for c in (EmailChannel(), SlackChannel(), TeamsChannel(), WhatsAppChannel())
}


def get(name: str) -> Channel:
    return ALL[name]


def chat_channels(*, configured_only: bool = True) -> list[Channel]:
    return [c for name, c in ALL.items()
            if name != "email" and (c.configured() or not configured_only)]

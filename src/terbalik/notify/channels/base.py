"""The channel interface: render a `notify.emails.Message` into a channel's format, send it.

A channel never logs or raises anything that holds a credential (a bot token, a webhook
address, a phone number): transport failures become a `ChannelError` with a short, safe text.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.utils.functional import Promise

from ..emails import Message


class ChannelError(Exception):
    """A send failed. `permanent` when trying again cannot help (a 4xx other than 408/429:
    a revoked webhook, an unknown user, a rejected template): the message is given up at once.
    The text is safe to log and to keep in the notify log."""

    def __init__(self, text: str, *, permanent: bool = False) -> None:
        super().__init__(text)
        self.permanent = permanent


def permanent_status(status: int) -> bool:
    return 400 <= status < 500 and status not in (408, 429)


@dataclass(frozen=True)
class Outgoing:
    """One stored message for a channel: the destination and the rendered payload (what
    `Channel.render` returned), kept in the notify log until it is sent."""

    to: str
    payload: dict[str, Any]
    key: str  # the idempotency key of the cause
    attempt: int  # 1 on the first try
    message_id: str = ""  # e-mail only: the Message-ID derived from the key

    @property
    def key_digest(self) -> str:
        """The key as sent to a provider: a digest, since keys may hold tokens."""
        return hashlib.sha256(self.key.encode()).hexdigest()[:40]


def text(value: Any) -> str:
    """A lazily translated string (or anything) as plain text."""
    return str(value) if isinstance(value, Promise | str) else ("" if value is None else str(value))


def message_lines(message: Message) -> list[str]:
    return [text(p) for p in message.paragraphs if text(p).strip()]


class Channel:
    """One way out. Subclasses set `name` and `label` and implement the hooks below."""

    name: ClassVar[str] = ""
    label: ClassVar[Any] = ""

    def configured(self) -> bool:
        """Are the server's variables for this channel set? An unconfigured channel is hidden."""
        raise NotImplementedError

    def render(self, message: Message) -> dict[str, Any]:
        """The message in this channel's format (JSON-ready), in the active language."""
        raise NotImplementedError

    def deliver(self, out: Outgoing) -> None:
        """Send `out` once; raise ChannelError on failure. Called by `send`."""
        raise NotImplementedError

    def already_delivered(self, out: Outgoing) -> bool:
        """On a repeated attempt: can the provider tell that `out` arrived before? Only a
        transport that can be asked answers True; the default cannot know."""
        return False

    def send(self, out: Outgoing) -> None:
        """Send, turning any transport error into a safe ChannelError (no address, no token)."""
        try:
            if out.attempt > 1 and self.already_delivered(out):
                return
            self.deliver(out)
        except ChannelError:
            raise
        except Exception as exc:  # the exception text may hold the address: keep the type only
            raise ChannelError(f"{self.name}: {type(exc).__name__}") from None


def host_allowed(url: str, allowed: list[str]) -> bool:
    """Is `url` an address we may post to? Its host must be one of `allowed` or below one;
    https only, plain http only for a loopback address named in `allowed` (tests,
    development)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    if not host or parts.username or parts.password:
        return False
    listed = any(host == a.lower() or host.endswith("." + a.lower().lstrip(".")) for a in allowed)
    if not listed:
        return False
    if parts.scheme == "https":
        return True
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    return parts.scheme == "http" and loopback

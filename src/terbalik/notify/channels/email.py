"""E-mail: the message as plain text + HTML (`notify.emails`), sent over SMTP under a
Message-ID derived from the idempotency key, so a receiving server can drop a repeat."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .. import emails
from .base import Channel, Outgoing


class EmailChannel(Channel):
    name = "email"
    label = _("E-mail")

    def configured(self) -> bool:
        return True  # always available

    def render(self, message: emails.Message) -> dict[str, Any]:
        """E-mail is rendered by `emails.render` (it needs the address, calendar part and
        reply-to); the stored form is `emails.to_data` of that."""
        raise NotImplementedError("use notify.emails.render")

    def send(self, out: Outgoing) -> None:
        # SMTP errors carry no credential; they are kept as they are (the log shows them)
        emails.from_data(out.payload, msgid=out.message_id).send()

"""E-mail: the message as plain text + HTML (`notify.emails`), sent over SMTP under a
Message-ID derived from the idempotency key, so a receiving server can drop a repeat."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .. import emails
from .base import Channel, Outgoing, text


class EmailChannel(Channel):
    name = "email"
    label = _("E-mail")

    def configured(self) -> bool:
        return True  # always available

    def render(self, message: emails.Message) -> dict[str, Any]:
        """Subject and the plain-text and HTML bodies, in the active language. (Sending also
        needs the address, calendar part and reply-to: `emails.render_message` adds them.)"""
        language = translation.get_language() or settings.LANGUAGE_CODE
        plain, html = emails.bodies(message, language)
        return {"subject": text(message.subject), "text": plain, "html": html}

    def send(self, out: Outgoing) -> None:
        # SMTP errors carry no credential; they are kept as they are (the log shows them)
        emails.from_data(out.payload, msgid=out.message_id).send()

"""WhatsApp through Meta's WhatsApp Business Cloud API (`POST /{phone-number-id}/messages`).

Messages a business starts must use a template Meta approved. Terbalik sends one utility
template (WHATSAPP_TEMPLATE_NAME) with three body parameters: {{1}} the subject, {{2}} the
text, {{3}} the link; one approved translation per language (WHATSAPP_TEMPLATE_LANGUAGES maps
our language codes to Meta's, e.g. "en:en,id:id"). Only to people who gave their consent for
the number in their profile; checked again just before each send.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..emails import Message
from .base import Channel, Outgoing, message_lines, text
from .http import post_json

#: template parameters may hold no new lines or tabs, nor more than 4 spaces in a row
_SPACES = re.compile(r"\s+")
PARAMETER_LIMIT = 1000


def _parameter(value: str) -> str:
    value = _SPACES.sub(" ", value).strip()
    return value if len(value) <= PARAMETER_LIMIT else value[: PARAMETER_LIMIT - 1] + "…"


def number_digits(number: str) -> str:
    """The number as the API wants it: country code and digits only."""
    return re.sub(r"\D", "", number or "")


class WhatsAppChannel(Channel):
    name = "whatsapp"
    label = _("WhatsApp")

    def configured(self) -> bool:
        return bool(settings.WHATSAPP_ACCESS_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID
                    and settings.WHATSAPP_TEMPLATE_NAME)

    def render(self, message: Message) -> dict[str, Any]:
        language = translation.get_language() or settings.LANGUAGE_CODE
        code = settings.WHATSAPP_TEMPLATE_LANGUAGES.get(
            language, settings.WHATSAPP_TEMPLATE_LANGUAGES.get(language.split("-")[0], language)
        )
        parameters = [text(message.subject), " ".join(message_lines(message)),
                      message.link or settings.SITE_URL]
        return {"template": {
            "name": settings.WHATSAPP_TEMPLATE_NAME,
            "language": {"code": code},
            "components": [{"type": "body", "parameters": [
                {"type": "text", "text": _parameter(p) or "-"} for p in parameters
            ]}],
        }}

    def deliver(self, out: Outgoing) -> None:
        url = (f"{settings.WHATSAPP_API_URL.rstrip('/')}/"
               f"{settings.WHATSAPP_PHONE_NUMBER_ID}/messages")
        body = {
            "messaging_product": "whatsapp", "recipient_type": "individual",
            "to": out.to, "type": "template", **out.payload,
            # comes back in Meta's status webhooks: lets an operator match a delivery report
            "biz_opaque_callback_data": out.key_digest,
        }
        post_json(url, body, name=self.name,
                  headers={"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"})

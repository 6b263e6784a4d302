"""The demo company's chat choices: no chat channel is configured on a demo server, yet the
preferences page shows a person who chose WhatsApp with consent (and why nothing goes there)."""

from __future__ import annotations

from terbalik.accounts.models import User
from terbalik.core.demo import DOMAIN

from . import chat
from .models import ChatPreference


def build_demo_chat() -> int:
    """The demo mentor chose WhatsApp, with consent, for the number in their profile; returns
    how many choices were written (0 on a second run)."""
    user = User.objects.filter(email=f"mentor@{DOMAIN}").first()
    if user is None or ChatPreference.objects.filter(user=user).exists():
        return 0
    if not chat.whatsapp_number(user):
        return 0
    chat.chat_preferences_set(user=user, chosen=["whatsapp"], whatsapp_consent=True,
                              only_configured=False)
    return 1

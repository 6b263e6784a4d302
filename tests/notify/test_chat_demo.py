"""The demo company shows chat choices on a server with no chat channel configured."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from terbalik.accounts.models import User
from terbalik.core.demo import DOMAIN
from terbalik.notify.demo import build_demo_chat
from terbalik.notify.models import ChatPreference

pytestmark = pytest.mark.django_db


def test_demo_mentor_chose_whatsapp_with_consent_and_the_page_says_why_nothing_goes(
        client, chat_off):
    call_command("demo", stdout=io.StringIO())
    mentor = User.objects.get(email=f"mentor@{DOMAIN}")
    pref = ChatPreference.objects.get(user=mentor)
    assert pref.channels == ["whatsapp"] and pref.whatsapp_consent_at is not None
    assert build_demo_chat() == 0  # idempotent
    client.force_login(mentor)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("notify:preferences")).content.decode()
    assert "You agreed to receive WhatsApp messages at +" in page
    assert "You chose this channel, but until it is available your messages go by e-mail only." \
        in page
    assert "the platform administrator has not connected WhatsApp" in page

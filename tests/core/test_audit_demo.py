"""The demo company shows the audit trail: who looked at what, and roles recorded."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from terbalik.accounts.models import Role, User
from terbalik.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_demo_trail_is_visible_to_the_platform_admin_and_written_once() -> None:
    call_command("demo", stdout=io.StringIO())
    viewed = set(AuditEntry.objects.filter(action__endswith="_viewed").values_list(
        "action", flat=True))
    assert {"reports.dashboard_viewed", "pairs.hr_pair_viewed", "people.profile_viewed",
            "pairs.partner_profile_viewed"} <= viewed
    mine = AuditEntry.objects.exclude(action="people.employee_import")  # re-imports are real
    count = mine.count()
    call_command("demo", stdout=io.StringIO())
    assert mine.count() == count

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(User.objects.get(role=Role.ADMIN))
    response = client.get(reverse("core:audit"))
    text = response.content.decode()
    assert "Viewed a program dashboard" in text
    assert "sponsor@" in text
    roles = client.get(reverse("core:audit"), {"kind": "roles"})
    assert "User created (role recorded)" in roles.content.decode()

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_navigation_follows_role(client):
    EmployeeFactory()
    client.force_login(UserFactory(role=Role.HR))
    hr_page = client.get(reverse("core:home")).content.decode()
    assert reverse("people:list") in hr_page
    client.force_login(UserFactory(role=Role.PARTICIPANT))
    participant_page = client.get(reverse("core:home")).content.decode()
    assert reverse("people:list") not in participant_page
    client.force_login(UserFactory(role=Role.SPONSOR))
    sponsor_page = client.get(reverse("core:home")).content.decode()
    assert reverse("people:list") not in sponsor_page
    assert reverse("admin:index") not in sponsor_page


def test_home_shows_directory_counts_to_hr(client, hr_user):
    EmployeeFactory(department="A")
    EmployeeFactory(department="B", active=False)
    client.force_login(hr_user)
    response = client.get(reverse("core:home"))
    assert response.context["directory"] == {"total": 2, "active": 1, "departments": 2}


def test_base_layout_is_accessible(client, hr_user):
    client.force_login(hr_user)
    page = client.get(reverse("core:home")).content.decode()
    assert 'name="viewport"' in page
    assert '<main id="main"' in page
    assert 'href="#main"' in page  # skip link
    assert "<nav" in page and "aria-label" in page
    # everything is vendored: no script or stylesheet from another host (a bare "cdn" test
    # failed whenever a random CSRF token happened to contain those letters)
    assert not re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="(?:https?:)?//', page)


def test_participant_home_leads_to_their_pair_matching_and_surveys(client, participant_user):
    client.force_login(participant_user)
    page = client.get(reverse("core:home")).content.decode()
    for name in ("pairs:mine", "matching:my_list", "surveys:my", "programs:browse"):
        assert reverse(name) in page

"""Issue 16: on a participant's own directory page the management chain linked to 404s."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_participant_sees_chain_names_without_links_to_pages_they_cannot_open(client):
    boss = EmployeeFactory(full_name="Big Boss")
    manager = EmployeeFactory(full_name="Mid Manager", manager=boss)
    me = EmployeeFactory(manager=manager)
    user = UserFactory(role="participant", employee=me, email=me.email)
    client.force_login(user)
    page = client.get(reverse("people:detail", args=[me.employee_id]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mid Manager" in page and "Big Boss" in page
    for other in (manager, boss):
        url = reverse("people:detail", args=[other.employee_id])
        assert url not in page
        assert client.get(url).status_code == 404  # why a link would be wrong


def test_hr_sees_chain_names_as_links(client, hr_user):
    boss = EmployeeFactory(full_name="Big Boss")
    me = EmployeeFactory(manager=boss)
    client.force_login(hr_user)
    page = client.get(reverse("people:detail", args=[me.employee_id])).content.decode()
    url = reverse("people:detail", args=[boss.employee_id])
    assert f'href="{url}"' in page
    assert client.get(url).status_code == 200

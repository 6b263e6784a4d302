"""Every people view: anonymous, wrong role, another user's data, right role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.people.models import ImportBatch

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

HR_ONLY_GET = [
    ("people:list", {}),
    ("people:export_csv", {}),
    ("people:export_xlsx", {}),
    ("people:import", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), HR_ONLY_GET)
def test_hr_pages_send_anonymous_to_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "kwargs"), HR_ONLY_GET)
@pytest.mark.parametrize("role", [Role.PARTICIPANT, Role.SPONSOR])
def test_hr_pages_refuse_other_roles(client, name, kwargs, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403


@pytest.mark.parametrize(("name", "kwargs"), HR_ONLY_GET)
@pytest.mark.parametrize("role", [Role.HR, Role.ADMIN])
def test_hr_pages_open_for_hr_and_admin(client, name, kwargs, role):
    EmployeeFactory()
    client.force_login(UserFactory(role=role))
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_detail_anonymous_goes_to_login(client):
    employee = EmployeeFactory()
    response = client.get(reverse("people:detail", args=[employee.employee_id]))
    assert response.status_code == 302


def test_participant_sees_only_own_entry(client, participant_user):
    other = EmployeeFactory()
    client.force_login(participant_user)
    own = client.get(reverse("people:detail", args=[participant_user.employee.employee_id]))
    assert own.status_code == 200
    assert client.get(reverse("people:detail", args=[other.employee_id])).status_code == 404


def test_sponsor_sees_no_individual_entry(client, sponsor_user):
    other = EmployeeFactory()
    client.force_login(sponsor_user)
    assert client.get(reverse("people:detail", args=[other.employee_id])).status_code == 404


def test_hr_sees_detail_with_management_chain(client, hr_user):
    top = EmployeeFactory(full_name="Ibu Direktur", grade=12)
    middle = EmployeeFactory(full_name="Pak Manajer", grade=8, manager=top)
    person = EmployeeFactory(full_name="Staf Baru", grade=2, manager=middle)
    client.force_login(hr_user)
    response = client.get(reverse("people:detail", args=[person.employee_id]))
    assert response.status_code == 200
    chain = [(row["employee"].full_name, row["openable"]) for row in response.context["chain"]]
    assert chain == [("Pak Manajer", True), ("Ibu Direktur", True)]
    assert b"Ibu Direktur" in response.content


def _batch(user):
    return ImportBatch.objects.create(
        created_by=user, file_name="x.csv", content=b"employee_id,name,email,grade\n"
    )


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("people:import_preview", "get"),
        ("people:import_apply", "post"),
        ("people:import_discard", "post"),
    ],
)
def test_import_batch_views_permissions(client, hr_user, name, method):
    batch = _batch(hr_user)
    url = reverse(name, args=[batch.pk])
    # anonymous
    assert getattr(client, method)(url).status_code == 302
    # wrong role
    client.force_login(UserFactory(role=Role.PARTICIPANT))
    assert getattr(client, method)(url).status_code == 403
    # another HR user's upload is invisible
    client.force_login(UserFactory(role=Role.HR))
    assert getattr(client, method)(url).status_code == 404
    # the owner
    client.force_login(hr_user)
    assert getattr(client, method)(url).status_code in (200, 302)


def test_apply_and_discard_refuse_get(client, hr_user):
    """A GET (a reload, issue 16) applies and discards nothing: back to the preview/upload."""
    batch = _batch(hr_user)
    client.force_login(hr_user)
    apply = client.get(reverse("people:import_apply", args=[batch.pk]))
    assert apply.status_code == 302
    assert apply["Location"] == reverse("people:import_preview", args=[batch.pk])
    discard = client.get(reverse("people:import_discard", args=[batch.pk]))
    assert discard.status_code == 302 and discard["Location"] == reverse("people:import")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW

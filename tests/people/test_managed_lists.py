"""Departments and locations as records: normalised by the import, renamed and merged by HR
(issue 17 item 5)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.core.models import AuditEntry
from terbalik.core.service_errors import ServiceError
from terbalik.people import services
from terbalik.people.models import Department, Employee, Location

from ..factories import EmployeeFactory, UserFactory
from .test_import_apply import apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEAD = b"employee_id,name,email,grade,department,location\n"


def test_import_makes_one_department_of_case_and_space_variants() -> None:
    apply(HEAD + b"E1,A,a@x.co.id,3,Keuangan,Jakarta\nE2,B,b@x.co.id,3,keuangan ,jakarta\n"
                 b"E3,C,c@x.co.id,3,  KEUANGAN,  Jakarta  \nE4,D,d@x.co.id,3,Finance,\n")
    assert list(Department.objects.values_list("name", flat=True)) == ["Finance", "Keuangan"]
    assert list(Location.objects.values_list("name", flat=True)) == ["Jakarta"]
    assert {e.department for e in Employee.objects.all()} == {"Keuangan", "Finance"}
    assert Employee.objects.get(employee_id="E4").location == ""


def test_a_variant_spelling_of_a_known_department_changes_nothing() -> None:
    apply(HEAD + b"E1,A,a@x.co.id,3,Keuangan,Jakarta\n")
    plan = apply(b"employee_id,department,location\nE1,keuangan ,JAKARTA\n")
    assert (plan.updated, plan.unchanged) == (0, 1)
    assert Department.objects.count() == 1


def test_factories_and_fixtures_find_the_record_by_key() -> None:
    a = EmployeeFactory(department="Pemasaran ")
    b = EmployeeFactory(department="pemasaran")
    assert a.department == b.department == "Pemasaran"
    assert Department.objects.get().name == "Pemasaran"


def test_merge_moves_every_employee_and_deletes_the_source() -> None:
    hr = UserFactory(role=Role.HR)
    for _ in range(3):
        EmployeeFactory(department="Finance")
    EmployeeFactory(department="Keuangan")
    finance, keuangan = Department.objects.get(name="Finance"), Department.objects.get(
        name="Keuangan")
    assert services.named_record_merge(source=finance, target=keuangan, by=hr) == 3
    assert list(Department.objects.values_list("name", flat=True)) == ["Keuangan"]
    assert set(Employee.objects.values_list("department_record", flat=True)) == {"Keuangan"}
    assert AuditEntry.objects.filter(action="people.department_merge").count() == 1


def test_merge_into_itself_is_refused() -> None:
    EmployeeFactory(department="Keuangan")
    keuangan = Department.objects.get()
    with pytest.raises(ServiceError):
        services.named_record_merge(source=keuangan, target=keuangan, by=None)


def test_rename_carries_the_employees() -> None:
    e = EmployeeFactory(department="Keuangn")
    services.named_record_rename(record=Department.objects.get(), name=" Keuangan ", by=None)
    e.refresh_from_db()
    assert e.department == "Keuangan"
    assert Department.objects.get().key == "keuangan"


def test_rename_to_another_records_name_is_refused_with_a_field_error() -> None:
    EmployeeFactory(department="Keuangan")
    EmployeeFactory(department="Finance")
    with pytest.raises(ServiceError) as info:
        services.named_record_rename(record=Department.objects.get(name="Finance"),
                                     name="KEUANGAN", by=None)
    assert "already exists" in str(info.value.error_dict["name"][0].messages[0])
    assert Department.objects.count() == 2


def _hr(client, hr_user):
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    return client


def test_list_page_counts_employees_without_growing_queries(client, hr_user,
                                                            django_assert_max_num_queries):
    for i in range(30):
        EmployeeFactory(department=f"Dept {i % 6}", location=f"Kota {i % 4}")
    _hr(client, hr_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("people:records", args=["departments"]))
    rows = list(response.context["page"].object_list)
    assert [(r.name, r.n) for r in rows][:2] == [("Dept 0", 5), ("Dept 1", 5)]
    locations = client.get(reverse("people:records", args=["locations"]))
    assert len(locations.context["page"].object_list) == 4


def test_merge_view_needs_the_confirmation_then_redirects(client, hr_user):
    EmployeeFactory(department="Finance")
    EmployeeFactory(department="Keuangan")
    finance = Department.objects.get(name="Finance")
    keuangan = Department.objects.get(name="Keuangan")
    _hr(client, hr_user)
    url = reverse("programs:record_edit", args=["departments", finance.pk])
    response = client.post(url, {"action": "merge", "target": keuangan.pk})
    assert response.status_code == 200
    assert "confirm" in response.context["merge"].errors
    assert Department.objects.count() == 2
    response = client.post(url, {"action": "merge", "target": keuangan.pk, "confirm": "on"})
    assert response.status_code == 302
    assert list(Department.objects.values_list("name", flat=True)) == ["Keuangan"]
    assert client.post(url, {"action": "merge", "target": keuangan.pk,
                             "confirm": "on"}).status_code == 404  # twice: nothing more


def test_rename_view_shows_the_refusal_on_the_field(client, hr_user):
    EmployeeFactory(department="Keuangan")
    EmployeeFactory(department="Finance")
    finance = Department.objects.get(name="Finance")
    _hr(client, hr_user)
    url = reverse("programs:record_edit", args=["departments", finance.pk])
    response = client.post(url, {"action": "rename", "name": "keuangan"})
    assert "already exists" in response.context["rename"].errors["name"][0]
    response = client.post(url, {"action": "rename", "name": "Keuangan & Akuntansi"})
    assert response.status_code == 302
    assert Department.objects.filter(name="Keuangan & Akuntansi").exists()


@pytest.mark.parametrize("who", ["anonymous", "participant", "sponsor"])
def test_list_pages_are_for_hr_only(client, who):
    EmployeeFactory(location="Jakarta")
    location = Location.objects.get()
    if who != "anonymous":
        client.force_login(UserFactory(role=Role.PARTICIPANT if who == "participant"
                                       else Role.SPONSOR))
    for url in (reverse("people:records", args=["locations"]),
                reverse("programs:record_edit", args=["locations", location.pk])):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "login" in response.url
        else:
            assert response.status_code == 403
    response = client.post(reverse("programs:record_edit", args=["locations", location.pk]),
                           {"action": "rename", "name": "Bandung"})
    assert Location.objects.get().name == "Jakarta"


def test_unknown_list_is_not_found(client, hr_user):
    _hr(client, hr_user)
    assert client.get(reverse("people:records", args=["skills"])).status_code == 404

"""The directory's and the survey recipient filter's option lists (issue 17 item 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ..factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _people():
    for i in range(6):
        EmployeeFactory(full_name=f"Keu {i}", department="Keuangan", grade=3 + i % 2)
    for i in range(3):
        EmployeeFactory(full_name=f"Pem {i}", department="Pemasaran", grade=7)


def test_directory_filters_list_each_department_and_grade_once_with_counts(client, hr_user):
    _people()
    client.force_login(hr_user)
    form = client.get(reverse("people:list")).context["form"]
    departments = form.fields["department"].choices[1:]
    grades = form.fields["grade"].choices[1:]
    assert departments == [("Keuangan", "Keuangan (6)"), ("Pemasaran", "Pemasaran (3)")]
    assert grades == [(3, "3 (3)"), (4, "4 (3)"), (7, "7 (3)")]


def test_directory_page_renders_each_option_once(client, hr_user):
    client.force_login(hr_user)
    for i in range(40):
        EmployeeFactory(full_name=f"Orang {i}", department="Keuangan", grade=3)
    html = client.get(reverse("people:list")).content.decode()
    assert html.count('<option value="Keuangan"') == 1
    assert html.count('<option value="3"') == 1


def test_directory_query_count_is_constant(client, hr_user, django_assert_max_num_queries):
    client.force_login(hr_user)
    boss = EmployeeFactory(grade=12, department="Direksi")
    for i in range(45):
        EmployeeFactory(department=f"Dept {i % 7}", grade=1 + i % 5, manager=boss)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("people:list"))
    assert response.status_code == 200

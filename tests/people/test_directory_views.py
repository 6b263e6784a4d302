from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_list_searches_filters_and_paginates(client, hr_user):
    boss = EmployeeFactory(full_name="Bos Besar", grade=12, department="Direksi")
    for i in range(60):
        EmployeeFactory(
            full_name=f"Staf {i:02d}", grade=2 + i % 3, department="Penjualan", manager=boss
        )
    EmployeeFactory(full_name="Budi Keluar", grade=4, department="Keuangan", active=False)
    client.force_login(hr_user)
    url = reverse("people:list")

    first = client.get(url)
    assert first.context["total"] == 62
    assert len(first.context["page"].object_list) == 50
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 12

    assert client.get(url, {"q": "budi"}).context["total"] == 1
    assert client.get(url, {"department": "Penjualan"}).context["total"] == 60
    assert client.get(url, {"grade": "3"}).context["total"] == 20
    assert client.get(url, {"active": "no"}).context["total"] == 1
    assert client.get(url, {"q": "tidak-ada"}).context["total"] == 0


def test_list_query_count_does_not_grow_with_rows(client, hr_user):
    boss = EmployeeFactory(grade=12)
    client.force_login(hr_user)
    url = reverse("people:list")
    for _ in range(5):
        EmployeeFactory(manager=boss)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(40):
        EmployeeFactory(manager=boss)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert len(many) <= 10


def test_export_respects_filters(client, hr_user):
    EmployeeFactory(employee_id="A1", department="Penjualan")
    EmployeeFactory(employee_id="B2", department="Keuangan")
    client.force_login(hr_user)
    response = client.get(reverse("people:export_csv"), {"department": "Keuangan"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["employee_id"] for r in rows] == ["B2"]


def test_empty_directory_shows_a_way_forward(client, hr_user):
    client.force_login(hr_user)
    response = client.get(reverse("people:list"))
    assert reverse("people:import").encode() in response.content

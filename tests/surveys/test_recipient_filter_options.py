"""The recipient filter lists each department once, with its count (issue 17 item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from terbalik.surveys import services

from ..factories import EmployeeFactory
from .conftest import T, likert

pytestmark = pytest.mark.django_db


def test_recipient_filter_lists_each_department_once_with_counts(client, hr_user, make_survey):
    for i in range(5):
        EmployeeFactory(full_name=f"Keu {i}", department="Keuangan")
    EmployeeFactory(full_name="Pem", department="Pemasaran")
    EmployeeFactory(full_name="Gone", department="Hukum", active=False)
    survey = make_survey([likert(T("Satu", "One"))])
    opens = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    instance = services.survey_instance_create(
        survey=survey, by=hr_user, title="t", opens_at=opens, closes_at=opens + dt.timedelta(30))
    client.force_login(hr_user)
    form = client.get(reverse("surveys:recipients", args=[instance.pk])).context["form"]
    assert form.fields["department"].choices[1:] == [
        ("Keuangan", "Keuangan (5)"), ("Pemasaran", "Pemasaran (1)")]

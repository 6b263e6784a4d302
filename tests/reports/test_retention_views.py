"""The retention section on the page and in the PDF: labelled observational, the method, the
follow-up, exclusions and the stratified log-rank p; hidden for small groups (sponsors)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from terbalik.people.models import Employee

from ..factories import EmployeeFactory
from .conftest import add_pairs

pytestmark = pytest.mark.django_db

DAY0 = dt.date(2026, 3, 2)


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def followed(report_program):
    pairs = add_pairs(report_program, 6, department="Keuangan")
    Employee.objects.filter(pk=pairs[0].mentor.employee_id).update(
        exit_date=DAY0 - dt.timedelta(days=5))  # left before the start: excluded
    Employee.objects.filter(pk=pairs[1].mentor.employee_id).update(
        exit_date=DAY0 + dt.timedelta(days=90))
    for k in range(6):
        EmployeeFactory(grade=1, department="Keuangan", hire_date=dt.date(2023, 1, 1),
                        exit_date=DAY0 + dt.timedelta(days=60) if k < 3 else None)
    return report_program


@time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC), tick=False)
def test_page_labels_retention_observational_with_method_and_test(en, followed, hr_user):
    en.force_login(hr_user)
    page = en.get(reverse("reports:dashboard", args=[followed.pk])).content.decode()
    assert "data-observational" in page and "Observational comparison." in page
    assert "Log-rank test stratified by grade band and department" in page
    assert "1 mentor who left before their pair started is not counted." in page
    assert "no figure is given beyond that" in page


@time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC), tick=False)
def test_pdf_labels_retention_observational(en, followed, hr_user):
    import pypdfium2 as pdfium

    en.force_login(hr_user)
    response = en.get(reverse("reports:report_pdf", args=[followed.pk]))
    document = pdfium.PdfDocument(response.content)
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    document.close()
    flat = " ".join(text.split())
    assert "Observational comparison." in flat and "Log-rank test" in flat


def test_sponsor_sees_small_groups_hidden(en, report_program, sponsor):
    add_pairs(report_program, 3)
    en.force_login(sponsor)
    page = en.get(reverse("reports:dashboard", args=[report_program.pk])).content.decode()
    assert "Hidden: fewer than 5 people." in page and "Log-rank test" not in page

"""Blank cells keep the stored value; "-" clears it; the preview shows old → new
(issue 17 item 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.people import batches, services
from terbalik.people.models import Employee

from .test_import_apply import FULL, apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_blank_manager_column_keeps_every_manager() -> None:
    apply(FULL)
    plan = apply(b"employee_id,manager_id,location,job_title\nE2,,,\nE3,, ,\n")
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 2)
    putri = Employee.objects.get(employee_id="E2")
    assert putri.manager.employee_id == "E1"
    assert (putri.location, putri.job_title) == ("Makassar", "Analis")
    assert Employee.objects.get(employee_id="E3").manager.employee_id == "E1"


def test_blank_cells_keep_every_kind_of_field() -> None:
    apply(FULL)
    plan = apply(b"employee_id,name,email,birth_date,grade,job_title,department,manager_id,"
                 b"location,timezone,languages,hire_date,exit_date\n"
                 b"E3,,,,,,,,,,,,\n")
    assert (plan.updated, plan.unchanged) == (0, 1)
    yoga = Employee.objects.get(employee_id="E3")
    assert (yoga.full_name, yoga.grade, yoga.time_zone, yoga.languages, str(yoga.exit_date),
            yoga.active) == ("Yoga Pratama", 3, "Asia/Jakarta", ["id", "jv"], "2024-03-31", False)


def test_a_dash_clears_the_value() -> None:
    apply(FULL)
    plan = apply(b"employee_id,manager_id,location,languages,exit_date\nE3,-, - ,-,-\n")
    assert plan.updated == 1
    yoga = Employee.objects.get(employee_id="E3")
    assert (yoga.manager, yoga.location, yoga.languages, yoga.exit_date, yoga.active) == (
        None, "", [], None, True)


def test_a_dash_cannot_clear_a_name_an_email_or_a_grade() -> None:
    apply(FULL)
    with pytest.raises(services.ImportRefused) as info:
        apply(b"employee_id,name,email,grade\nE2,-,-,-\n")
    assert [(e.row, e.column) for e in info.value.plan.errors] == [
        (2, "name"), (2, "email"), (2, "grade")]


def test_a_quoted_dash_is_a_literal_dash() -> None:
    apply(FULL)
    apply(b"employee_id,job_title\nE2,'-\n")
    assert Employee.objects.get(employee_id="E2").job_title == "-"


def test_a_new_employee_with_blank_required_cells_is_refused_by_name() -> None:
    with pytest.raises(services.ImportRefused) as info:
        apply(b"employee_id,name,email,grade\nN1,,n1@contoh.co.id,\n")
    assert [(e.row, e.column) for e in info.value.plan.errors] == [(2, "name"), (2, "grade")]


def test_preview_shows_old_and_new_value_of_each_changed_field(client, hr_user) -> None:
    apply(FULL)
    batch = batches.import_batch_create(
        by=hr_user, file_name="x.csv",
        content=b"employee_id,job_title,location,manager_id\nE2,Analis Senior,-,\n")
    plan = batches.import_batch_preview(batch=batch)
    [row] = plan.changes
    assert [(c.column, c.old, c.new) for c in row.changes] == [
        ("job_title", "Analis", "Analis Senior"), ("location", "Makassar", "")]
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    html = client.get(reverse("people:import_preview", args=[batch.pk])).content.decode()
    assert "Analis → Analis Senior" in html
    assert "Makassar → —" in html


def test_import_help_documents_the_clear_marker(client, hr_user) -> None:
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    html = client.get(reverse("people:import")).content.decode()
    assert "An empty cell keeps the current value" in html
    assert "<code>-</code>" in html

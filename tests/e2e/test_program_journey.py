"""HR creates a program from a template and opens recruitment; an employee applies on a phone."""

from __future__ import annotations

import pytest
from django.utils import translation

from terbalik.accounts.models import Role
from terbalik.programs.models import Program

from ..factories import PASSWORD, EmployeeFactory, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def test_hr_opens_a_program_and_an_employee_applies_from_a_phone(page, phone):
    UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    EmployeeFactory(grade=2, employee_id="J001", full_name="Dimas Pratama")
    senior = EmployeeFactory(grade=10, employee_id="S001", full_name="Bu Ratna Sari")
    UserFactory(email="ratna@contoh.co.id", role=Role.PARTICIPANT, employee=senior, language="id")

    # HR, desktop: create from the digital-skills template and open recruitment
    sign_in(page, "hr@contoh.co.id", PASSWORD)
    page.goto(page.base_url + "/programs/manage/new/")
    page.get_by_label("Reverse mentoring: digital skills").check()
    page.get_by_role("button", name="Create the program").click()
    page.wait_for_url("**/goal/")
    assert page.locator("input[name=name]").input_value() == "Reverse mentoring: digital skills"
    page.locator("input[name=name]").fill("Digital skills for leaders 2027")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/manage/*/")
    page.get_by_role("button", name="Move to Recruiting").click()
    page.wait_for_load_state()
    assert page.locator("[data-status]").first.get_attribute("data-status") == "recruiting"
    program = Program.objects.get()
    assert program.name == "Digital skills for leaders 2027"

    # employee, phone, Indonesian: read the page, apply as a mentee, see the status
    sign_in(phone, "ratna@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + f"/programs/{program.pk}/")
    assert phone.locator("html").get_attribute("lang") == "id"
    assert phone.get_by_role("heading", name="Digital skills for leaders 2027").is_visible()
    assert phone.locator("[data-why-not=mentor]").is_visible()  # grade 10 cannot mentor
    phone.locator("a[href$='?role=mentee']").click()
    phone.wait_for_url("**/apply/?role=mentee")
    phone.locator("input[name=skills_wanted]").fill("media sosial, python")
    phone.locator("input[name=commitment]").check()
    phone.locator("#apply-submit").click()
    phone.wait_for_url("**/programs/mine/*/")
    status = phone.locator("#enrollment-status")
    assert status.get_attribute("data-status") == "pending"
    assert status.inner_text().strip() == in_indonesian("Waiting for HR")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    enrollment = program.enrollments.get()
    assert enrollment.intake["skills_wanted"] == ["media sosial", "python"]

"""HR creates a program from a template and opens recruitment; an employee applies on a phone."""

from __future__ import annotations

import pytest
from django.utils import translation
from playwright.sync_api import expect

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
    page.wait_for_url("**/status/")  # the move cannot be undone: HR confirms it
    page.get_by_role("button", name="Yes, move to Recruiting").click()
    page.wait_for_url("**/manage/*/")
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
    phone.locator("input[name=skills_other]").fill("media sosial, python")
    phone.locator("input[name=commitment]").check()
    phone.locator("input[name=privacy_notice]").check()
    phone.locator("#apply-submit").click()
    phone.wait_for_url("**/programs/mine/*/")
    status = phone.locator("#enrollment-status")
    assert status.get_attribute("data-status") == "pending"
    assert status.inner_text().strip() == in_indonesian("Waiting for HR")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    enrollment = program.enrollments.get()
    assert enrollment.intake["skills_wanted"] == ["social-media", "python"]  # issue 21


def test_hr_invites_a_newcomer_who_sets_a_password_and_accepts_on_a_phone(page, phone):
    """Closed mode end to end: the invitee has no password yet (HR's invitation made the
    account); from the invitation link they get one, sign in and accept."""
    from django.core import mail

    from terbalik.programs.models import InvitationStatus, MeasurementItem

    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    EmployeeFactory(grade=10, employee_id="S001")
    EmployeeFactory(
        grade=2, employee_id="J002", full_name="Putri Anjani", email="putri@contoh.co.id"
    )
    program = Program.objects.create(
        name="Customer insight 2027",
        objective="insight",
        enrollment_mode="closed",
        status="recruiting",
        mentor_grade_max=5,
        mentee_grade_min=8,
        mentor_places=5,
        mentee_places=5,
        channels=["video"],
        commitment="Saya hadir di setiap sesi.",
        created_by=hr,
    )
    program.owners.add(hr)
    MeasurementItem.objects.create(program=program, template_key="confidence", phase="before")

    sign_in(page, "hr@contoh.co.id", PASSWORD)
    page.goto(page.base_url + f"/programs/manage/{program.pk}/invite/?role=mentor")
    page.get_by_label("Putri Anjani").check()
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_text("1 invitation sent.")).to_be_visible()
    [invitation_mail] = [m for m in mail.outbox if m.to == ["putri@contoh.co.id"]]
    link = invitation_mail.body.split("/programs/invitation/")[1].split()[0]
    link = "/programs/invitation/" + link

    phone.goto(phone.base_url + link)
    phone.locator("button[value=password]").click()
    phone.wait_for_selector("#password-link-sent")
    reset = mail.outbox[-1].body.split("/password/reset/")[1].split()[0]
    phone.goto(phone.base_url + "/password/reset/" + reset)
    phone.locator("input[name=new_password1]").fill("Kopi-tubruk-2027!")
    phone.locator("input[name=new_password2]").fill("Kopi-tubruk-2027!")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/complete/")

    phone.goto(phone.base_url + link)
    phone.locator("main a.btn-primary").click()  # sign in, then back to the invitation
    phone.locator("#password-form input[name=login]").fill("putri@contoh.co.id")
    phone.locator("#password-form input[name=password]").fill("Kopi-tubruk-2027!")
    phone.locator("#password-form button[type=submit]").click()
    phone.wait_for_url("**/programs/invitation/**")
    assert phone.locator("select[name=skills_wanted]").count() == 0  # mentor questions only
    assert phone.locator("select[name=skills_offered]").count() == 1
    phone.locator("input[name=skills_other]").fill("tiktok, e-commerce")
    phone.locator("input[name=commitment]").check()
    phone.locator("input[name=privacy_notice]").check()
    phone.locator("button[value=accept]").click()
    phone.wait_for_url("**/programs/mine/*/")
    assert phone.locator("#enrollment-status").get_attribute("data-status") == "approved"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert program.invitations.get().status == InvitationStatus.ACCEPTED

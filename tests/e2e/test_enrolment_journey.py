"""An employee signs in on a phone, finds the open program on home and applies in three
screens; one confirmation e-mail arrives (loopback SMTP server)."""

from __future__ import annotations

import pytest
from django.utils import translation

from terbalik.accounts.models import Role
from terbalik.programs.models import Program

from ..factories import PASSWORD, EmployeeFactory, UserFactory
from .conftest import pick_skill, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def test_employee_applies_from_home_in_three_screens_with_one_email(phone, smtp):
    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR)
    senior = EmployeeFactory(grade=10, employee_id="S001", full_name="Bu Ratna Sari")
    UserFactory(
        email="ratna@contoh.co.id", role=Role.PARTICIPANT, employee=senior, language="id"
    )
    program = Program.objects.create(
        name="Digital skills for leaders 2027",
        description="Juniors coach leaders on digital tools.",
        status="recruiting",
        enrollment_mode="open",
        mentor_grade_max=5,
        mentee_grade_min=8,
        mentee_places=5,
        mentor_places=5,
        channels=["video"],
        commitment="Saya hadir di setiap sesi.",
        created_by=hr,
    )
    program.owners.add(hr)

    sign_in(phone, "ratna@contoh.co.id", PASSWORD)
    screens: list[str] = []
    phone.on(
        "framenavigated",
        lambda frame: frame == phone.main_frame and screens.append(frame.url),
    )
    phone.goto(phone.base_url + "/")
    card = phone.locator(f'[data-open-program="{program.pk}"]')
    assert card.get_by_text("Digital skills for leaders 2027").is_visible()
    assert card.locator("[data-apply-role=mentor]").count() == 0  # grade 10 cannot mentor
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    card.locator("[data-apply-role=mentee]").click()
    phone.wait_for_url("**/apply/?role=mentee")
    # issue 21: skills not picked from the list are typed freely; interests are picked
    phone.locator("input[name=skills_other]").fill("media sosial, python")
    pick_skill(phone, "interests", "musik")
    phone.locator("input[name=optional_data]").check()
    phone.locator("input[name=commitment]").check()
    phone.locator("input[name=privacy_notice]").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("#apply-submit").click()
    phone.wait_for_url("**/programs/mine/*/")
    status = phone.locator("#enrollment-status")
    assert status.get_attribute("data-status") == "pending"
    thanks = in_indonesian("Thank you, your application was received.")
    assert phone.get_by_text(thanks).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert len(screens) <= 3, screens

    enrollment = program.enrollments.get()
    assert enrollment.intake["skills_wanted"] == ["social-media", "python"]
    assert enrollment.intake["interests"] == ["music"]
    assert [rcpt for rcpt, _msg in smtp.messages] == [["ratna@contoh.co.id"]]
    [(_rcpt, message)] = smtp.messages
    with translation.override("id"):
        subject = translation.gettext("Application received: %(program)s") % {
            "program": program.name
        }
    assert message["Subject"] == subject

"""Issue 21: a senior employee on a phone, in Indonesian, picks skills in the searchable
multi-select by typing an Indonesian synonym, only with the keyboard; without JavaScript the
plain multi-select does the same job. The stored answers are canonical skill ids."""

from __future__ import annotations

import pytest
from django.utils import translation

from terbalik.accounts.models import Role
from terbalik.programs.models import Program

from ..factories import PASSWORD, EmployeeFactory, UserFactory
from .conftest import _open, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def _program() -> Program:
    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR)
    senior = EmployeeFactory(grade=10, employee_id="S001", full_name="Pak Bambang")
    UserFactory(email="bambang@contoh.co.id", role=Role.PARTICIPANT, employee=senior,
                language="id")
    program = Program.objects.create(
        name="Mentoring terbalik 2027", description="Digital.", status="recruiting",
        enrollment_mode="open", mentor_grade_max=5, mentee_grade_min=8, mentee_places=5,
        mentor_places=5, channels=["video"], commitment="Saya hadir.", created_by=hr)
    program.owners.add(hr)
    return program


def test_mentee_picks_skills_by_typing_indonesian_synonyms_with_the_keyboard(phone):
    program = _program()
    sign_in(phone, "bambang@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + f"/programs/{program.pk}/apply/?role=mentee")
    box = phone.locator("#id_skills_wanted-search")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-describedby") == "id_skills_wanted_helptext"
    # the visible label now names the combobox; the plain select is hidden but still submits
    assert phone.locator("label[for=id_skills_wanted-search]").count() == 1
    assert phone.locator("select[name=skills_wanted]").is_hidden()

    box.fill("medsos")  # a synonym, not the label
    listbox = phone.locator("#" + box.get_attribute("aria-controls"))
    first = listbox.locator("[role=option]").first
    assert first.inner_text() == "Media sosial"  # the label in the person's language
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Enter")
    chips = phone.locator(".skill-chip")
    assert chips.first.inner_text().strip() == "Media sosial"
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == ""

    box.fill("analitik data")  # another synonym, moving with the arrows
    assert listbox.locator("[role=option]").first.inner_text() == "Analisis data"
    box.press("ArrowDown")
    box.press("ArrowUp")
    box.press("Enter")
    assert chips.count() == 2

    box.fill("kecerdasan buatan gen")
    listbox.locator("[role=option]", has_text="AI generatif").click()
    assert chips.count() == 3
    box.press("Backspace")  # empty input: removes the last chip
    assert chips.count() == 2
    phone.get_by_role("button", name=in_indonesian("Remove %s") % "Media sosial").click()
    assert [c.strip() for c in chips.all_inner_texts()] == ["Analisis data"]
    box.fill("zzqx")
    assert listbox.locator("[role=option]").count() == 0
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"

    selected = phone.locator("select[name=skills_wanted] option:checked")
    assert [o.get_attribute("value") for o in selected.all()] == ["data-analysis"]
    phone.locator("input[name=skills_other]").fill("ngoding COBOL")
    phone.locator("input[name=commitment]").check()
    phone.locator("input[name=privacy_notice]").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.locator("#apply-submit").click()
    phone.wait_for_url("**/programs/mine/*/")

    enrollment = program.enrollments.get()
    assert enrollment.intake["skills_wanted"] == ["data-analysis", "ngoding cobol"]
    assert enrollment.intake["unmapped"] == {"skills_wanted": ["ngoding COBOL"]}


def test_without_javascript_the_plain_multi_select_works(browser, live_server,
                                                         _site_is_the_live_server):
    program = _program()
    for page in _open(browser, live_server, viewport={"width": 375, "height": 812},
                      locale="id-ID", java_script_enabled=False):
        sign_in(page, "bambang@contoh.co.id", PASSWORD)
        page.goto(page.base_url + f"/programs/{program.pk}/apply/?role=mentee")
        assert page.locator("#id_skills_wanted-search").count() == 0
        select = page.locator("select[name=skills_wanted]")
        assert select.is_visible()
        select.select_option(["social-media", "generative-ai"])
        page.locator("input[name=commitment]").check()
        page.locator("input[name=privacy_notice]").check()
        page.locator("#apply-submit").click()
        page.wait_for_url("**/programs/mine/*/")
    assert program.enrollments.get().intake["skills_wanted"] == ["social-media", "generative-ai"]


def test_mentee_answers_the_intake_survey_skills_with_the_keyboard_on_a_phone(phone):
    """The intake questionnaire's skills question uses the same combobox: typed synonyms in
    Indonesian, keys only, autosaved as soon as a skill is picked; ids are stored."""
    from datetime import timedelta

    from django.utils import timezone

    from terbalik.surveys import services
    from terbalik.surveys.models import QuestionType, Response
    from terbalik.surveys.services import QuestionData

    from ..surveys.conftest import T

    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR)
    senior = EmployeeFactory(grade=10, employee_id="S001", full_name="Pak Bambang")
    person = UserFactory(email="bambang@contoh.co.id", role=Role.PARTICIPANT, employee=senior,
                         language="id")
    survey = services.survey_create(by=hr, title=T("Kuesioner awal", "Intake"))
    services.question_add(survey=survey, by=hr, data=QuestionData(
        type=QuestionType.SKILLS, text=T("Keterampilan yang ingin dikembangkan", "Skills"),
        profile_field="skills_to_develop"))
    instance = services.survey_instance_create(
        survey=survey, by=hr, title="Rekrutmen", opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=7))
    services.survey_instance_add_recipients(instance=instance, users=[person], by=hr)
    question = services.survey_current_version(survey).questions.get()

    sign_in(phone, "bambang@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + f"/surveys/my/{instance.pk}/")
    box = phone.locator(f"#id_q{question.pk}-search")
    assert box.get_attribute("role") == "combobox"
    assert phone.locator(f"label[for=id_q{question.pk}-search]").count() == 1
    assert box.get_attribute("aria-describedby") == f"id_q{question.pk}_helptext"
    phone.keyboard.press("Tab")
    for _step in range(20):  # reach the combobox with Tab only
        if phone.evaluate("() => document.activeElement.getAttribute('role')") == "combobox":
            break
        phone.keyboard.press("Tab")
    phone.keyboard.type("medsos")
    listbox = phone.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.locator("[role=option]").first.inner_text() == "Media sosial"
    phone.keyboard.press("Enter")
    chips = phone.locator(".skill-chip")
    assert chips.first.inner_text().strip() == "Media sosial"
    # the pick reaches the autosave (a change event), as a ticked box would
    phone.wait_for_function("() => document.getElementById('autosave-status').textContent.trim()")
    assert Response.objects.get().answers.get().value == ["social-media"]
    phone.keyboard.type("analitik data")
    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("Enter")
    assert chips.count() == 2
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    with phone.expect_navigation():
        phone.locator("button[name=action][value=submit]").click()
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    assert response.answers.get().value == ["social-media", "data-analysis"]

"""Survey journeys in Chromium: a participant answers on a phone in Indonesian; HR reorders."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from terbalik.accounts.models import Role
from terbalik.surveys import services
from terbalik.surveys.models import QuestionType, Response
from terbalik.surveys.services import QuestionData

from ..factories import PASSWORD, EmployeeFactory, UserFactory
from ..surveys.conftest import T, likert, opt
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AGREE = {
    "1": T("Sangat tidak setuju", "Strongly disagree"),
    "2": T("Tidak setuju", "Disagree"),
    "3": T("Netral", "Neutral"),
    "4": T("Setuju", "Agree"),
    "5": T("Sangat setuju", "Strongly agree"),
}


def _survey(hr):
    survey = services.survey_create(by=hr, title=T("Survei kepercayaan diri", "Confidence survey"))
    for data in [
        likert(T("Saya percaya diri memakai aplikasi kerja", "I am confident with work apps"),
               scale_labels=AGREE),
        QuestionData(type=QuestionType.MULTIPLE, text=T("Topik yang diminati", "Topics"),
                     options=[opt("ai", "Alat AI", "AI tools"), opt("data", "Data", "Data"),
                              opt("social", "Media sosial", "Social media")]),
        QuestionData(type=QuestionType.LONG_TEXT, text=T("Harapan Anda", "Your hopes"),
                     required=False),
    ]:
        services.question_add(survey=survey, by=hr, data=data)
    return survey


def test_participant_answers_on_a_phone_in_indonesian(phone):
    from datetime import timedelta

    from django.utils import timezone

    hr = UserFactory(role=Role.HR)
    employee = EmployeeFactory(grade=10, full_name="Bu Ratna")
    person = UserFactory(role=Role.PARTICIPANT, employee=employee, email="ratna@contoh.co.id",
                         language="id")
    survey = _survey(hr)
    instance = services.survey_instance_create(
        survey=survey, by=hr, title="Sebelum program", opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    services.survey_instance_add_recipients(instance=instance, users=[person], by=hr)

    sign_in(phone, "ratna@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + "/surveys/my/")
    assert phone.locator("html").get_attribute("lang") == "id"
    phone.locator(f"a[href='/surveys/my/{instance.pk}/']").click()
    phone.get_by_role("heading", name="Survei kepercayaan diri").wait_for()

    likert_group = phone.get_by_role("group", name="Saya percaya diri memakai aplikasi kerja")
    likert_group.get_by_label("Setuju", exact=True).check()
    # saved as you go (HTMX), then resumed after a reload
    expect(phone.locator("#autosave-status")).to_have_text(re.compile(r"\S"))
    assert "text-danger" not in phone.locator("#autosave-status").inner_html()
    assert Response.objects.get().status == Response.Status.DRAFT
    phone.reload()
    assert phone.get_by_label("Setuju", exact=True).is_checked()
    with phone.expect_navigation():
        phone.locator("button[name=action][value=save]").click()
    expect(phone.get_by_label("Setuju", exact=True)).to_be_checked()

    # submitting without the required multiple-choice question names it, linked to the field
    phone.get_by_label("Harapan Anda").fill("Lebih lancar memakai spreadsheet")
    phone.locator("button[name=action][value=submit]").click()
    summary = phone.locator("#error-summary")
    summary.wait_for()
    link = summary.get_by_role("link", name="Topik yang diminati", exact=False)
    assert link.is_visible()
    link.click()
    topics = phone.get_by_role("group", name="Topik yang diminati")
    assert phone.get_by_label("Harapan Anda").input_value() == "Lebih lancar memakai spreadsheet"

    # nothing is wider than the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    topics.get_by_label("Data", exact=True).check()
    topics.get_by_label("Alat AI").check()
    with phone.expect_navigation():
        phone.locator("button[name=action][value=submit]").click()
    assert phone.url.split("#")[0].endswith("/surveys/my/")
    response = Response.objects.get()
    assert response.status == Response.Status.SUBMITTED
    values = {a.question.key: a.value for a in response.answers.select_related("question")}
    assert sorted(values.values(), key=str) == sorted(
        [4, ["ai", "data"], "Lebih lancar memakai spreadsheet"], key=str)


def test_hr_reorders_questions_with_the_keyboard(page):
    hr = UserFactory(role=Role.HR, email="hr@contoh.co.id", language="en")
    survey = _survey(hr)
    sign_in(page, "hr@contoh.co.id", PASSWORD)
    page.goto(page.base_url + f"/surveys/{survey.pk}/")
    items = page.locator("#question-list li .fw-semibold")
    assert items.first.inner_text() == "I am confident with work apps"
    down = page.get_by_role("button", name="Move “I am confident with work apps” down")
    down.focus()
    page.keyboard.press("Enter")
    expect(items.first).to_have_text("Topics")
    # focus stays on the moved question's button, so it can be moved again
    assert page.evaluate("document.activeElement.id").startswith("down-")
    assert [q.text["en"] for q in services.survey_current_version(survey).questions.order_by(
        "position")] == ["Topics", "I am confident with work apps", "Your hopes"]


def test_results_charts_fit_a_phone(phone):
    """Answer labels on the bar charts are shortened to fit 375 px; the table keeps them whole."""
    from datetime import timedelta

    from django.utils import timezone

    hr = UserFactory(role=Role.HR, email="hr@contoh.co.id", language="id")
    survey = services.survey_create(by=hr, title=T("Saluran", "Channels"))
    long_label = "Panggilan video lewat Teams, Zoom atau Google Meet dari rumah"
    services.question_add(survey=survey, by=hr, data=QuestionData(
        type=QuestionType.SINGLE, text=T("Saluran favorit", "Favourite channel"),
        options=[opt("video", long_label), opt("chat", "Chat")]))
    instance = services.survey_instance_create(
        survey=survey, by=hr, title="Pulsa", opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    people = [UserFactory(role=Role.PARTICIPANT, employee=EmployeeFactory()) for _i in range(2)]
    services.survey_instance_add_recipients(instance=instance, users=people, by=hr)
    (question,) = services.survey_current_version(survey).questions.all()
    for person in people:
        services.response_submit(instance=instance, user=person, answers={question.pk: "video"})

    sign_in(phone, "hr@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + f"/surveys/results/{instance.pk}/")
    phone.locator(f"#chart-{question.pk}[style*='box-sizing']").wait_for()  # chart drawn
    ticks = phone.evaluate(
        f"Chart.getChart('chart-{question.pk}').scales.y.ticks.map(t => t.label)")
    width = phone.evaluate(f"document.getElementById('chart-{question.pk}').parentNode.clientWidth")
    assert ticks[0].endswith("…") and len(ticks[0]) <= max(8, width // 16)
    assert ticks[1] == "Chat"
    assert phone.get_by_role("cell", name=long_label).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

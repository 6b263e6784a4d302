"""A program whose measurement plan scheduled its own sendings: the participants answer before
and after, and once the post sending has closed the outcome page shows the verdict on exactly
those sendings."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from terbalik.accounts.models import Role
from terbalik.programs import services as programs
from terbalik.programs.models import Enrollment, EnrollmentStatus, MeasurementPhase
from terbalik.surveys import planning
from terbalik.surveys.answering import response_record
from terbalik.surveys.models import PlannedSending, SurveyInstance

from ..factories import PASSWORD, EmployeeFactory, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MENTEES = 8


def _answers(instance: SurveyInstance, right: int) -> dict[int, object]:
    """The first `right` questions answered correctly, the rest wrongly."""
    answers: dict[int, object] = {}
    for n, question in enumerate(instance.version.questions.order_by("position", "id")):
        correct = sorted(question.correct_values)
        wrong = next(str(o["value"]) for o in question.options if not o.get("correct"))
        value = correct if n < right else [wrong]
        answers[question.pk] = value if question.is_multi else value[0]
    return answers


def _scheduled_program(hr):
    """Chosen four months ago, so both of its scheduled sendings have closed by now."""
    from terbalik.surveys.templates_data import surveys_templates_install

    surveys_templates_install()  # transactional tests flush the migration-installed templates
    chosen = timezone.now() - dt.timedelta(days=120)
    with time_machine.travel(chosen, tick=False):
        program = programs.program_create_from_template(
            by=hr, template_key="digital_skills", language="en",
            start=timezone.localdate() + dt.timedelta(days=10))
        for k in range(MENTEES):
            employee = EmployeeFactory(grade=10, email=f"mentee{k}@contoh.co.id")
            user = UserFactory(role=Role.PARTICIPANT, email=employee.email, employee=employee)
            Enrollment.objects.create(program=program, employee=employee, user=user,
                                      role="mentee", status=EnrollmentStatus.APPROVED,
                                      applied_at=timezone.now())
        planning.run_due()  # the scheduler adds the approved mentees as recipients
    return program


def test_the_plan_scheduled_sendings_and_the_outcome_compares_them(page):
    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    program = _scheduled_program(hr)
    links = {link.moment: link.instance for link in PlannedSending.objects.filter(
        program=program, template_key="digital_literacy")}
    pre, post = links[MeasurementPhase.BEFORE], links[MeasurementPhase.AFTER]
    assert post.pre_instance == pre and post.status == "closed"
    for k, user in enumerate(pre.recipients.order_by("email")):
        # before: 4 to 10 of 16 right; after: 5 more each (some a little less)
        response_record(instance=pre, user=user, answers=_answers(pre, 4 + k % 7),
                        submitted_at=pre.opens_at + dt.timedelta(hours=5))
        response_record(instance=post, user=user, answers=_answers(post, 9 + k % 7 - k % 2),
                        submitted_at=post.opens_at + dt.timedelta(hours=5))

    sign_in(page, "hr@contoh.co.id", PASSWORD)
    page.goto(page.base_url + f"/programs/manage/{program.pk}/")
    scheduled = page.locator("#scheduled")
    scheduled.wait_for()
    assert scheduled.get_by_role("link", name=pre.title).is_visible()
    scheduled.get_by_role("link", name=post.title).click()
    page.wait_for_url(f"**/surveys/sendings/{post.pk}/")
    assert page.get_by_text(post.title).first.is_visible()

    page.goto(page.base_url + f"/reports/programs/{program.pk}/")
    verdict = page.locator("[data-verdict]")
    verdict.wait_for()
    assert verdict.get_attribute("data-verdict") == "met"
    compared = page.locator(".compared-sendings").first
    assert compared.get_attribute("data-scheduled") == "true"
    text = compared.inner_text()
    assert pre.title in text and post.title in text


def test_hr_moves_a_scheduled_sending_on_the_program_page(page):
    from terbalik.surveys.templates_data import surveys_templates_install

    surveys_templates_install()
    hr = UserFactory(email="hr3@contoh.co.id", role=Role.HR, language="en")
    start = timezone.localdate() + dt.timedelta(days=30)
    program = programs.program_create_from_template(
        by=hr, template_key="digital_skills", language="en", start=start)
    pre = PlannedSending.objects.get(program=program, template_key="confidence",
                                     moment=MeasurementPhase.BEFORE)
    sign_in(page, "hr3@contoh.co.id", PASSWORD)
    page.goto(page.base_url + f"/programs/manage/{program.pk}/")
    page.locator(f"tr[data-plan-link='{pre.pk}']").get_by_role("link", name="Change dates").click()
    page.locator("input[name=opens_on]").wait_for()
    # a survey before the program may not run into it: refused, with the reason on the field
    page.locator("input[name=opens_on]").fill((start - dt.timedelta(days=10)).isoformat())
    page.locator("input[name=last_day]").fill((start + dt.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Save the dates").click()
    page.get_by_text("must end before its start").wait_for()
    page.locator("input[name=last_day]").fill((start - dt.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Save the dates").click()
    page.wait_for_url(f"**/programs/manage/{program.pk}/")
    row = page.locator(f"tr[data-plan-link='{pre.pk}']")
    assert "dates set by HR" in row.inner_text()
    pre.refresh_from_db()
    pre.instance.refresh_from_db()
    assert pre.moved_by_hr
    assert timezone.localtime(pre.instance.opens_at).date() == start - dt.timedelta(days=10)

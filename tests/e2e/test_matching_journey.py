"""A mentee chooses a mentor on a phone-sized screen; the mentor accepts; HR sees the pair."""

from __future__ import annotations

import pytest

from terbalik.accounts.models import Role
from terbalik.matching.models import ChoiceRequest
from terbalik.pairs.models import Pair
from terbalik.programs.models import Enrollment, Program, Status

from ..factories import PASSWORD, EmployeeFactory, UserFactory
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _matching_urls(settings):
    settings.ROOT_URLCONF = "tests.matching_app.urls"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def person(employee_id, name, grade, email, language, dept):
    employee = EmployeeFactory(
        employee_id=employee_id, full_name=name, grade=grade, department=dept
    )
    return UserFactory(
        email=email, role=Role.PARTICIPANT, employee=employee, language=language, full_name=name
    )


def enroll(program, user, role, skills, interests):
    key = "skills_offered" if role == "mentor" else "skills_wanted"
    return Enrollment.objects.create(
        program=program,
        employee=user.employee,
        user=user,
        role=role,
        status="approved",
        intake={key: skills, "interests": interests, "languages": ["id"], "capacity": 1},
        applied_at="2027-01-05T09:00:00+07:00",
    )


def test_mentee_chooses_on_a_phone_and_the_mentor_accepts(phone, page):
    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    program = Program.objects.create(
        name="Digital skills 2027", status=Status.MATCHING, created_by=hr
    )
    program.owners.add(hr)
    mentee = person("S001", "Bu Ratna Sari", 10, "ratna@contoh.co.id", "id", "Keuangan")
    dimas = person("J001", "Dimas Pratama", 2, "dimas@contoh.co.id", "en", "TI")
    person_b = person("J002", "Sinta Dewi", 3, "sinta@contoh.co.id", "id", "Pemasaran")
    person_c = person("J003", "Rudi Hartono", 1, "rudi@contoh.co.id", "id", "Desain")
    me = enroll(program, mentee, "mentee", ["python", "media sosial"], ["musik"])
    mentor = enroll(program, dimas, "mentor", ["python", "media sosial"], ["musik"])
    enroll(program, person_b, "mentor", ["media sosial"], [])
    enroll(program, person_c, "mentor", ["canva"], ["musik"])

    # mentee, phone, Indonesian: three cards with explanations, pick the best one
    sign_in(phone, "ratna@contoh.co.id", PASSWORD)
    phone.goto(phone.base_url + f"/matching/mine/{me.pk}/")
    assert phone.locator("html").get_attribute("lang") == "id"
    cards = phone.locator(".mentor-card")
    assert cards.count() == 3
    first = cards.first
    assert "Dimas Pratama" in first.inner_text()
    assert "Python" in first.inner_text()  # skills by their label (issue 21)
    # nothing overflows the 375 px screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    first.locator("button[type=submit]").click()
    phone.wait_for_selector("#pending-request")
    request = ChoiceRequest.objects.get(mentee=me)
    assert request.mentor == mentor and request.status == "pending"

    # mentor, desktop, English: accept
    sign_in(page, "dimas@contoh.co.id", PASSWORD)
    page.goto(page.base_url + f"/matching/mine/{mentor.pk}/")
    assert "Bu Ratna Sari" in page.locator(".choice-request").inner_text()
    with page.expect_navigation():
        page.locator(f"form[action$='/request/{request.pk}/accept/'] button").click()
    pair = Pair.objects.get(mentee=me)
    assert pair.mentor == mentor and pair.source == "choice"

    # back on the phone, the mentee sees their mentor
    phone.goto(phone.base_url + f"/matching/mine/{me.pk}/")
    assert "Dimas Pratama" in phone.locator(".alert-success").inner_text()
    assert phone.locator(".mentor-card").count() == 0


def test_hr_watches_a_background_run_finish(page, settings):
    from django.db import transaction

    from terbalik.matching import services
    from terbalik.matching.models import MatchRun

    settings.TERBALIK_MATCH_INLINE_LIMIT = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    hr = UserFactory(email="hr@contoh.co.id", role=Role.HR, language="en")
    program = Program.objects.create(name="Insight 2027", status=Status.MATCHING, created_by=hr)
    program.owners.add(hr)
    enroll(
        program,
        person("S001", "Bu Ratna Sari", 10, "ratna@contoh.co.id", "id", "Keuangan"),
        "mentee",
        ["python"],
        [],
    )
    enroll(
        program,
        person("J001", "Dimas Pratama", 2, "dimas@contoh.co.id", "en", "TI"),
        "mentor",
        ["python"],
        [],
    )

    sign_in(page, "hr@contoh.co.id", PASSWORD)
    page.goto(page.base_url + f"/matching/program/{program.pk}/")
    page.get_by_role("button", name="Start a matching run").click()
    page.wait_for_url("**/matching/run/*/")
    bar = page.get_by_role("progressbar")
    assert bar.get_attribute("aria-valuenow") == "0"
    match_run = MatchRun.objects.get()
    assert match_run.background and match_run.status == "queued"
    # the worker picks it up; the page follows without a reload by the user
    with transaction.atomic():
        services.run_execute(run_id=match_run.pk)
    page.wait_for_selector("text=Proposed pairs")
    assert "Dimas Pratama" in page.locator("table").last.inner_text()

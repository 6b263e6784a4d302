from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbalik.core.models import AuditEntry
from terbalik.programs import overview, services
from terbalik.programs.models import EnrollmentStatus, Program, Status

from ..factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hr_reads_english(hr_user):
    """Pages are asserted in English; without a language a user gets Indonesian."""
    hr_user.language = "en"
    hr_user.save(update_fields=["language"])


def test_hr_creates_a_program_from_a_template(client, hr_user):
    client.force_login(hr_user)
    response = client.post(reverse("programs:new"), {"template": "digital_skills"})
    program = Program.objects.get()
    assert response.url == reverse("programs:edit_goal", args=[program.pk])
    assert program.owners.get() == hr_user
    assert program.measurements.count() >= 4


def test_design_form_shows_field_errors_and_saves_nothing(client, program, hr_user):
    client.force_login(hr_user)
    page = client.get(reverse("programs:edit_design", args=[program.pk]))
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(
        channels=["video"],
        departments_included="",
        departments_excluded="",
        weight_skill="0",
        weight_interest="0",
        weight_diversity="0",
    )
    data = {k: v for k, v in data.items() if not isinstance(v, list) or k == "channels"}
    response = client.post(reverse("programs:edit_design", args=[program.pk]), data)
    assert response.status_code == 200
    assert "At least one matching weight must be above zero." in response.content.decode()
    data["weight_skill"] = "1"
    data["departments_excluded"] = "Keuangan, Hukum"
    response = client.post(reverse("programs:edit_design", args=[program.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    program.refresh_from_db()
    assert program.departments_excluded == ["Keuangan", "Hukum"]
    assert program.channels == ["video"]


def test_transition_view_says_what_is_missing(client, program, hr_user):
    client.force_login(hr_user)
    response = client.post(
        reverse("programs:transition", args=[program.pk]), {"to": "matching"}, follow=True
    )
    text = response.content.decode()
    assert "No approved mentors yet." in text and "No approved mentees yet." in text
    program.refresh_from_db()
    assert program.status == Status.RECRUITING


def test_employee_applies_and_sees_their_status(client, program, make_person):
    user = make_person(9, language="en")
    client.force_login(user)
    page = client.get(reverse("programs:public", args=[program.pk]))
    assert page.context["can_apply"]
    assert page.context["why_not"]["mentor"] == ["Mentors need grade 5 or lower; yours is 9."]
    response = client.post(
        reverse("programs:apply", args=[program.pk]),
        {"role": "mentee", "skills_wanted": "Python", "capacity": 1, "commitment": "on",
            "privacy_notice": "on"},
    )
    enrollment = program.enrollments.get()
    assert response.url == reverse("programs:my_enrollment", args=[enrollment.pk])
    status_page = client.get(response.url)
    assert 'data-status="pending"' in status_page.content.decode()


def test_apply_view_shows_why_not_and_requires_commitment(client, program, make_person):
    client.force_login(make_person(3, language="en"))
    response = client.post(
        reverse("programs:apply", args=[program.pk]),
        {"role": "mentee", "skills_wanted": "python", "capacity": 1, "commitment": "on",
            "privacy_notice": "on"},
    )
    assert response.status_code == 200
    assert "Mentees need grade 8 or higher; yours is 3." in response.content.decode()
    response = client.post(
        reverse("programs:apply", args=[program.pk]),
        {"role": "mentee", "skills_wanted": "python", "capacity": 1},
    )
    assert "Accept the commitment statement to take part." in response.content.decode()
    assert not program.enrollments.exists()


def test_waitlisted_applicant_sees_their_position(client, make_program, make_person, apply_as):
    program = make_program(mentee_places=1)
    apply_as(program, make_person(9))
    apply_as(program, make_person(9))
    mine = apply_as(program, make_person(9))
    client.force_login(mine.user)
    response = client.get(reverse("programs:my_enrollment", args=[mine.pk]))
    assert response.context["position"] == 2


def test_withdraw_needs_confirmation(client, program, make_person, apply_as):
    e = apply_as(program, make_person(9))
    client.force_login(e.user)
    client.post(reverse("programs:withdraw", args=[e.pk]), {})
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.PENDING
    client.post(reverse("programs:withdraw", args=[e.pk]), {"confirm": "yes"})
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.WITHDRAWN


def test_hr_removes_with_confirmation(client, program, hr_user, make_person, apply_as):
    e = apply_as(program, make_person(9))
    client.force_login(hr_user)
    target = reverse("programs:decide", args=[program.pk, e.pk, "remove"])
    assert "Confirm" in client.get(target).content.decode()
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.PENDING
    client.post(target, {"reason": "changed role"})
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.REMOVED and e.reason == "changed role"


def test_hr_invites_from_the_directory_with_filters(client, make_program, hr_user):
    closed = make_program(enrollment_mode="closed")
    it = EmployeeFactory(grade=2, department="Teknologi Informasi")
    EmployeeFactory(grade=2, department="Keuangan")
    EmployeeFactory(grade=2, department="Teknologi Informasi", birth_date=dt.date(1970, 1, 1))
    client.force_login(hr_user)
    page = client.get(
        reverse("programs:invite", args=[closed.pk]),
        {"role": "mentor", "department": "Teknologi Informasi", "age_band": "30_39"},
    )
    assert [e for e, _reasons in page.context["candidates"]] == [it]
    client.post(
        reverse("programs:invite", args=[closed.pk]),
        {"role": "mentor", "department": "Teknologi Informasi", "employee": [it.employee_id]},
    )
    assert closed.invitations.get().employee == it


def test_promotion_page_has_link_announcement_and_qr(client, program, hr_user):
    client.force_login(hr_user)
    page = client.get(reverse("programs:promote", args=[program.pk]))
    text = page.content.decode()
    link = f"https://terbalik.example/programs/{program.pk}/"  # SITE_URL (conftest)
    assert link in text and "<svg" in text
    [(code_id, _n, text_id), (code_en, _m, text_en)] = page.context["announcements"]
    assert (code_id, code_en) == ("id", "en")
    assert link in text_id and link in text_en and program.name in text_en
    assert "Places: 2 mentees and 2 mentors." in text_en
    qr = client.get(reverse("programs:qr", args=[program.pk]))
    assert qr["Content-Type"] == "image/svg+xml"
    assert "attachment" in qr["Content-Disposition"]
    assert b"<svg" in qr.content


def test_overview_counts_places_and_gaps(program, make_person, apply_as, hr_user):
    for _ in range(2):
        apply_as(
            program, make_person(9), intake={"skills_wanted": "python, excel", "languages": "id"}
        )
    apply_as(program, make_person(9), intake={"skills_wanted": "python", "languages": "id"})
    apply_as(
        program,
        make_person(2),
        "mentor",
        intake={"skills_offered": "excel", "languages": "en", "capacity": 1},
    )
    ov = overview.build(program)
    mentee = next(r for r in ov.roles if r.role == "mentee")
    assert mentee.by_status["pending"] == 2 and mentee.by_status["waitlisted"] == 1
    assert mentee.places_left == 0
    assert ov.gaps == [
        "3 mentees want 'Python'; no mentor offers it.",  # the skill's label (issue 21)
        "3 mentees speak 'id'; no mentor does.",
        "Mentors can take 1 mentees in total, but 3 applied.",
    ]
    assert ov.next_status == "matching" and ov.missing


def test_program_list_query_count_does_not_grow(
    client, hr_user, make_program, django_assert_max_num_queries
):
    client.force_login(hr_user)
    for _ in range(3):
        make_program()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programs:list"))
    for _ in range(20):
        make_program()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("programs:list"))
    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 23
    with django_assert_max_num_queries(8):
        client.get(reverse("programs:list"))


def test_enrollment_list_query_count_does_not_grow(client, program, hr_user, make_person, apply_as):
    program.mentee_places = 50
    program.save()
    client.force_login(hr_user)
    apply_as(program, make_person(9))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programs:enrollments", args=[program.pk]))
    for _ in range(10):
        apply_as(program, make_person(9))
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("programs:enrollments", args=[program.pk]))
    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 11


def test_transition_through_the_view_is_audited(client, make_program, hr_user):
    EmployeeFactory(grade=2)
    EmployeeFactory(grade=10)
    program = make_program(status="draft")
    client.force_login(hr_user)
    client.post(
        reverse("programs:transition", args=[program.pk]), {"to": "recruiting", "confirm": "yes"}
    )
    program.refresh_from_db()
    assert program.status == "recruiting"
    assert AuditEntry.objects.filter(action="program.transition", actor=hr_user).count() == 1


def test_measurement_plan_view(client, program, hr_user):
    client.force_login(hr_user)
    data = {
        "plan-TOTAL_FORMS": "2",
        "plan-INITIAL_FORMS": "1",
        "plan-0-template_key": "digital_literacy",
        "plan-0-phase": "before",
        "plan-0-offset_days": "-7",
        "plan-0-respondents": "mentees",
        "plan-1-template_key": "confidence",
        "plan-1-phase": "after",
        "plan-1-offset_days": "7",
        "plan-1-respondents": "both",
    }
    response = client.post(reverse("programs:edit_plan", args=[program.pk]), data)
    assert response.status_code == 302
    assert list(program.measurements.values_list("template_key", "phase")) == [
        ("digital_literacy", "before"),
        ("confidence", "after"),
    ]
    services.places_left(program=program, role="mentee")


def test_invite_page_query_count_does_not_grow(client, make_program, hr_user):
    """The invite page reads through programs.selectors: more people in the directory and
    more invitations sent do not add queries."""
    closed = make_program(enrollment_mode="closed")
    client.force_login(hr_user)
    url = reverse("programs:invite", args=[closed.pk])
    query = {"role": "mentor", "department": "Teknologi Informasi"}
    first = EmployeeFactory(grade=2, department="Teknologi Informasi")
    client.post(url, {**query, "employee": [first.employee_id]})
    with CaptureQueriesContext(connection) as few:
        client.get(url, query)
    more = [EmployeeFactory(grade=2, department="Teknologi Informasi") for _ in range(6)]
    client.post(url, {**query, "employee": [e.employee_id for e in more[:3]]})
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, query)
    assert len(many) == len(few)
    assert page.context["candidate_total"] == 7 and page.context["invitation_total"] == 4


def test_browse_query_count_does_not_grow(
    client, make_program, make_person, apply_as, django_assert_max_num_queries
):
    """The browse page lists recruiting programs and the person's applications through
    selectors, in a fixed number of queries."""
    from terbalik.programs.models import Status

    user = make_person(9, language="en")
    client.force_login(user)

    def more(n: int, start: int) -> None:
        for i in range(start, start + n):
            program = make_program(name=f"Open {i}", status=Status.RECRUITING, mentee_places=10)
            apply_as(program, user)

    more(1, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programs:browse"))
    more(6, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("programs:browse")).content.decode()
    assert all(f"Open {i}" in page for i in range(7))

"""HR enrols chosen employees directly (issue 12, item 4): eligibility still checked, one e-mail
each, idempotent; the page finds people by search and filters."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from terbalik.accounts.models import Role, User
from terbalik.core.models import AuditEntry
from terbalik.notify.models import NotificationLog
from terbalik.programs import services
from terbalik.programs.models import EnrollmentSource, EnrollmentStatus, Status

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def enrol(program, employees, hr_user, role="mentee"):
    return services.enrollment_enrol_directly(
        program=program, employees=employees, role=role, by=hr_user
    )


def test_enrols_eligible_people_once_with_one_email_each(make_program, hr_user):
    program = make_program(enrollment_mode="closed")
    senior = EmployeeFactory(grade=9, full_name="Bu Ratna")  # no account yet
    junior = EmployeeFactory(grade=2, full_name="Dimas")  # cannot be a mentee
    result = enrol(program, [senior, junior], hr_user)
    [enrollment] = result.enrolled
    assert enrollment.employee == senior
    assert enrollment.status == EnrollmentStatus.APPROVED
    assert enrollment.source == EnrollmentSource.DIRECT
    assert enrollment.user == User.objects.get(employee=senior)  # the account was made
    assert [(e, r) for e, r in result.skipped][0][0] == junior
    assert "Mentees need grade" in result.skipped[0][1]
    assert [m.to for m in mail.outbox] == [[senior.email]]
    assert NotificationLog.objects.filter(key=f"programs.enrollment.{enrollment.pk}.direct")
    assert AuditEntry.objects.filter(action="enrollment.direct").count() == 1
    again = enrol(program, [senior], hr_user)  # the same choice sent twice
    assert again.enrolled == [] and again.skipped[0][1] == "already takes part"
    assert len(mail.outbox) == 1
    assert program.enrollments.count() == 1


def test_places_and_waitlist_apply(make_program, hr_user):
    program = make_program(mentee_places=1)
    first, second = EmployeeFactory(grade=9), EmployeeFactory(grade=10)
    result = enrol(program, [first, second], hr_user)
    assert [e.status for e in result.enrolled] == [
        EnrollmentStatus.APPROVED,
        EnrollmentStatus.WAITLISTED,
    ]
    with translation.override("id"):  # the recipient's language (none chosen: Indonesian)
        waitlist = translation.gettext(
            "All places are taken for now, so you are on the waitlist and move up "
            "automatically when a place frees up."
        )
    assert waitlist in mail.outbox[1].body and waitlist not in mail.outbox[0].body


def test_line_manager_approval_still_applies_then_the_place_is_confirmed(make_program, hr_user):
    program = make_program(manager_approval=True)
    boss = EmployeeFactory(grade=14)
    person = EmployeeFactory(grade=9, manager=boss)
    [enrollment] = enrol(program, [person], hr_user).enrolled
    assert enrollment.status == EnrollmentStatus.MANAGER_PENDING
    services.manager_decide(enrollment=enrollment, approve=True)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.APPROVED  # HR's choice is HR's approval


def test_people_with_an_open_invitation_are_skipped(make_program, hr_user):
    program = make_program(enrollment_mode="closed")
    person = EmployeeFactory(grade=9)
    services.invitation_send(program=program, employees=[person], role="mentee", by=hr_user)
    result = enrol(program, [person], hr_user)
    assert result.enrolled == [] and "already invited" in result.skipped[0][1]


def test_only_while_recruiting_and_with_a_known_role(make_program, hr_user):
    program = make_program(status=Status.DRAFT)
    with pytest.raises(services.ServiceError):
        enrol(program, [EmployeeFactory(grade=9)], hr_user)
    with pytest.raises(services.ServiceError):
        enrol(make_program(), [EmployeeFactory(grade=9)], hr_user, role="boss")
    assert not mail.outbox


def test_page_searches_filters_and_enrols_with_post_redirect_get(client, make_program, hr_user):
    program = make_program(enrollment_mode="closed")
    ratna = EmployeeFactory(grade=9, full_name="Ratna Sari", department="Keuangan")
    EmployeeFactory(grade=9, full_name="Budi Santoso", department="Keuangan")
    hr_user.language = "en"
    hr_user.save(update_fields=["language"])
    client.force_login(hr_user)
    target = reverse("programs:enrol_direct", args=[program.pk])
    page = client.get(target, {"role": "mentee", "q": "ratna"})
    assert [e for e, _r in page.context["candidates"]] == [ratna]
    data = {"role": "mentee", "q": "ratna", "employee": [ratna.employee_id]}
    first = client.post(target, data)
    second = client.post(target, data)
    assert first.status_code == second.status_code == 302
    assert first.url.startswith(target) and "q=ratna" in first.url
    assert program.enrollments.get().employee == ratna
    assert len(mail.outbox) == 1
    page = client.get(first.url)
    [(employee, reasons)] = page.context["candidates"]
    assert reasons == ["already takes part"]


def test_page_queries_do_not_grow_with_the_list(client, make_program, hr_user):
    program = make_program()
    client.force_login(hr_user)
    target = reverse("programs:enrol_direct", args=[program.pk])
    EmployeeFactory(grade=9)
    client.get(target, {"role": "mentee"})
    with CaptureQueriesContext(connection) as few:
        client.get(target, {"role": "mentee"})
    for n in range(15):
        EmployeeFactory(grade=8 + n % 4, department=f"D{n % 3}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(target, {"role": "mentee"})
    assert len(page.context["candidates"]) == 16
    assert len(many.captured_queries) == len(few.captured_queries)


def test_permissions(client, make_program, hr_user, admin_user, participant_user, sponsor_user):
    program = make_program()
    target = reverse("programs:enrol_direct", args=[program.pk])
    response = client.get(target)
    assert response.status_code == 302 and "/login/" in response.url
    other_participant = UserFactory(
        role=Role.PARTICIPANT, employee=EmployeeFactory(grade=9), email="o@example.co.id"
    )
    for user in (participant_user, other_participant, sponsor_user):
        client.force_login(user)
        assert client.get(target).status_code == 403
        assert client.post(target, {"role": "mentee"}).status_code == 403
    client.force_login(UserFactory(role=Role.HR, email="other-hr@example.co.id"))
    assert client.get(target).status_code == 404
    assert client.post(target, {"role": "mentee"}).status_code == 404
    for user in (hr_user, admin_user):
        client.force_login(user)
        assert client.get(target).status_code == 200
    assert not program.enrollments.exists()

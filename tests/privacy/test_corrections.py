"""Correcting directory data: the person asks, HR approves (the people service edits the
employee) or rejects with a reason; e-mails both ways, once, in the recipient's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.core.models import AuditEntry
from terbalik.notify.models import NotificationLog
from terbalik.privacy.models import CorrectionRequest, CorrectionStatus
from terbalik.programs import services as program_services
from terbalik.programs.models import ParticipantRole

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _enrol(program, employees, by):
    result = program_services.enrollment_enrol_directly(
        program=program, employees=employees, role=ParticipantRole.MENTEE, by=by)
    assert not result.skipped
    mail.outbox.clear()


@pytest.fixture
def person(make_person, program, hr_user):
    """Enrolled in a program `hr_user` owns (HR answers the requests of their programs' people)."""
    user = make_person(9, full_name="Budi Santoso", language="en",
                       birth_date=dt.date(1980, 5, 1))
    _enrol(program, [user.employee], hr_user)
    return user


@pytest.fixture
def hr_id(db):
    return UserFactory(role=Role.HR, email="hr.id@example.co.id", language="id")


def test_request_goes_to_hr_once_in_their_language(client, person, hr_id, program):
    program.owners.add(hr_id)  # a second HR manager of the person's program
    client.force_login(person)
    url = reverse("privacy:correction_new")
    data = {"field": "birth_date", "requested_value": "1980-05-02", "note": "one day off"}
    for _ in range(2):  # a double submit
        response = client.post(url, data)
        assert response.status_code == 302 and response.url == reverse("privacy:mine")
    request = CorrectionRequest.objects.get()
    assert (request.status, request.current_value, request.requested_value) == (
        CorrectionStatus.PENDING, "1980-05-01", "1980-05-02")
    to_hr = [m for m in mail.outbox if m.to == [hr_id.email]]
    assert len(to_hr) == 1
    assert "Permintaan koreksi" in to_hr[0].subject  # Indonesian: HR's own language
    assert NotificationLog.objects.filter(key__startswith="privacy.correction.").count() == 2
    page = client.get(reverse("privacy:mine")).content.decode()
    assert "1980-05-02" in page and "Waiting for HR" in page


def test_bad_input_names_the_field_and_writes_nothing(client, person):
    client.force_login(person)
    page = client.post(reverse("privacy:correction_new"),
                       {"field": "salary", "requested_value": ""}).content.decode()
    assert "Select a valid choice" in page
    assert not CorrectionRequest.objects.exists()


def test_hr_approves_through_the_people_service_and_the_person_is_told(
        client, person, hr_user):
    client.force_login(person)
    client.post(reverse("privacy:correction_new"),
                {"field": "birth_date", "requested_value": "1980-05-02"})
    request = CorrectionRequest.objects.get()
    mail.outbox.clear()
    client.force_login(hr_user)
    page = client.get(reverse("privacy:corrections")).content.decode()
    assert "Budi Santoso" in page
    url = reverse("privacy:correction_decide", args=[request.pk])
    assert 'value="1980-05-02"' in client.get(url).content.decode()
    for _ in range(2):
        response = client.post(url, {"decision": "approve", "value": "1980-05-02"})
        assert response.status_code in (200, 302)
    person.employee.refresh_from_db()
    assert person.employee.birth_date == dt.date(1980, 5, 2)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (CorrectionStatus.APPROVED, hr_user)
    assert AuditEntry.objects.filter(action="people.correct").count() == 1
    told = [m for m in mail.outbox if m.to == [person.email]]
    assert len(told) == 1 and "was corrected" in told[0].body


def test_hr_rejects_with_a_reason_only(client, person, hr_user):
    client.force_login(person)
    client.post(reverse("privacy:correction_new"),
                {"field": "grade", "requested_value": "10"})
    request = CorrectionRequest.objects.get()
    client.force_login(hr_user)
    url = reverse("privacy:correction_decide", args=[request.pk])
    page = client.post(url, {"decision": "reject"}).content.decode()
    assert "Say why the data is not corrected." in page
    request.refresh_from_db()
    assert request.status == CorrectionStatus.PENDING
    client.post(url, {"decision": "reject", "reason": "Grade 9 is right per the HRIS."})
    request.refresh_from_db()
    person.employee.refresh_from_db()
    assert request.status == CorrectionStatus.REJECTED and person.employee.grade == 9
    told = [m for m in mail.outbox if m.to == [person.email]]
    assert len(told) == 1 and "Grade 9 is right per the HRIS." in told[0].body


def test_an_invalid_value_from_hr_is_refused_and_nothing_changes(client, person, hr_user):
    client.force_login(person)
    client.post(reverse("privacy:correction_new"),
                {"field": "manager", "requested_value": "my boss"})
    request = CorrectionRequest.objects.get()
    client.force_login(hr_user)
    url = reverse("privacy:correction_decide", args=[request.pk])
    page = client.post(url, {"decision": "approve", "value": "NOPE-1"}).content.decode()
    assert "No other employee has the employee ID “NOPE-1”." in page
    request.refresh_from_db()
    assert request.status == CorrectionStatus.PENDING
    boss = EmployeeFactory(employee_id="BOSS-1")
    client.post(url, {"decision": "approve", "value": "BOSS-1"})
    person.employee.refresh_from_db()
    assert person.employee.manager == boss


def test_participants_and_sponsors_cannot_see_or_answer_requests(
        client, person, make_person, sponsor_user):
    client.force_login(person)
    client.post(reverse("privacy:correction_new"),
                {"field": "grade", "requested_value": "10"})
    request = CorrectionRequest.objects.get()
    url = reverse("privacy:correction_decide", args=[request.pk])
    for user in (person, make_person(3), sponsor_user):
        client.force_login(user)
        assert client.get(reverse("privacy:corrections")).status_code == 403
        assert client.post(url, {"decision": "approve"}).status_code == 403
    request.refresh_from_db()
    assert request.status == CorrectionStatus.PENDING


def test_a_person_without_a_directory_entry_cannot_ask(client, sponsor_user):
    client.force_login(sponsor_user)
    response = client.post(reverse("privacy:correction_new"),
                           {"field": "grade", "requested_value": "10"})
    assert response.status_code == 404
    assert not CorrectionRequest.objects.exists()


def test_hr_list_queries_do_not_grow(client, hr_user, program,
                                    django_assert_max_num_queries):
    from terbalik.privacy import services

    employees = []
    for n in range(6):
        employee = EmployeeFactory(full_name=f"Peserta {n}", grade=9)
        employees.append(employee)
        user = UserFactory(email=f"p{n}@example.co.id", employee=employee)
        services.correction_request_create(user=user, field="grade", requested_value="3")
    _enrol(program, employees, hr_user)
    client.force_login(hr_user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("privacy:corrections")).content.decode()
    assert all(f"Peserta {n}" in page for n in range(6))


def test_hr_of_another_program_neither_sees_nor_answers_the_request(
        client, person, make_program):
    client.force_login(person)
    client.post(reverse("privacy:correction_new"),
                {"field": "grade", "requested_value": "10"})
    request = CorrectionRequest.objects.get()
    other_hr = UserFactory(role=Role.HR, email="hr.other@example.co.id", language="en")
    make_program(owner=other_hr)
    client.force_login(other_hr)
    page = client.get(reverse("privacy:corrections"))
    assert page.status_code == 200 and "Budi Santoso" not in page.content.decode()
    url = reverse("privacy:correction_decide", args=[request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve", "value": "10"}).status_code == 404
    request.refresh_from_db()
    person.employee.refresh_from_db()
    assert request.status == CorrectionStatus.PENDING and person.employee.grade == 9


def test_a_platform_admin_answers_requests_of_people_in_no_program(
        client, make_person, admin_user, hr_user):
    loner = make_person(9, full_name="Sendiri Saja", language="en")
    client.force_login(loner)
    client.post(reverse("privacy:correction_new"),
                {"field": "grade", "requested_value": "10"})
    request = CorrectionRequest.objects.get()
    url = reverse("privacy:correction_decide", args=[request.pk])
    client.force_login(hr_user)  # owns no program the person is in
    assert "Sendiri Saja" not in client.get(reverse("privacy:corrections")).content.decode()
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    assert "Sendiri Saja" in client.get(reverse("privacy:corrections")).content.decode()
    assert client.get(url).status_code == 200


def test_only_hr_who_may_open_the_request_are_told(client, person, make_program, admin_user):
    """Review finding: every HR user was e-mailed the person's name and field, also HR of
    programs the person is not in (who get a 404 on the request)."""
    other_hr = UserFactory(role=Role.HR, email="hr.other@example.co.id", language="en")
    make_program(owner=other_hr)
    client.force_login(person)
    client.post(reverse("privacy:correction_new"), {"field": "grade", "requested_value": "10"})
    told = {address for m in mail.outbox for address in m.to}
    assert other_hr.email not in told and admin_user.email not in told
    assert len([m for m in mail.outbox if "Correction requested" in m.subject]) == 1


def test_requests_of_people_in_no_program_go_to_the_platform_admins(
        client, make_person, admin_user, hr_user):
    loner = make_person(9, full_name="Sendiri Saja", language="en")
    client.force_login(loner)
    client.post(reverse("privacy:correction_new"), {"field": "grade", "requested_value": "10"})
    told = {address for m in mail.outbox for address in m.to}
    assert admin_user.email in told and hr_user.email not in told


def test_the_decide_service_applies_the_same_rule_as_the_page(person, make_program):
    from terbalik.privacy.services.corrections import (
        correction_decide,
        correction_request_create,
    )

    request = correction_request_create(user=person, field="grade", requested_value="10")
    other_hr = UserFactory(role=Role.HR, email="hr.other@example.co.id")
    make_program(owner=other_hr)
    with pytest.raises(ValidationError):
        correction_decide(request=request, by=other_hr, approve=True)
    request.refresh_from_db()
    assert request.status == CorrectionStatus.PENDING

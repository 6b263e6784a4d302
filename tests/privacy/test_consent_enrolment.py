"""Consent at each enrolment path: applying, accepting an invitation, direct enrolment by HR
(asked at the first visit, see test_notice); optional data asked separately (issue 20)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.core.models import AuditEntry
from terbalik.privacy import notice
from terbalik.privacy.models import ConsentKind, ConsentMethod, ConsentRecord
from terbalik.programs import services as program_services
from terbalik.programs import tokens
from terbalik.programs.models import Enrollment

pytestmark = pytest.mark.django_db

APPLY = {"role": "mentee", "skills_wanted": "Python", "capacity": 1, "commitment": "on"}


def test_applying_records_the_notice_with_version_time_and_how(client, program, make_person):
    user = make_person(9)
    client.force_login(user)
    response = client.post(reverse("programs:apply", args=[program.pk]),
                           {**APPLY, "privacy_notice": "on"})
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(employee=user.employee)
    row = ConsentRecord.objects.get()
    assert (row.user, row.employee, row.kind, row.method, row.notice_version) == (
        user, user.employee, ConsentKind.NOTICE, ConsentMethod.APPLICATION,
        notice.current().number)
    assert row.at is not None and row.details == {"enrollment": enrollment.pk}
    assert AuditEntry.objects.filter(action="privacy.notice_accept", actor=user).count() == 1


def test_no_application_without_accepting_the_notice(client, program, make_person):
    user = make_person(9)
    client.force_login(user)
    page = client.post(reverse("programs:apply", args=[program.pk]), APPLY).content.decode()
    assert "Accept the privacy notice to take part." in page
    assert not Enrollment.objects.exists() and not ConsentRecord.objects.exists()


def test_optional_interests_need_their_own_consent_and_are_not_required(
        client, program, make_person):
    user = make_person(9)
    client.force_login(user)
    url = reverse("programs:apply", args=[program.pk])
    page = client.post(url, {**APPLY, "privacy_notice": "on", "interests": "music"})
    assert "Interests are optional data" in page.content.decode()
    assert not Enrollment.objects.exists()
    client.post(url, {**APPLY, "privacy_notice": "on", "interests": "music",
                      "optional_data": "on"})
    enrollment = Enrollment.objects.get()
    assert enrollment.intake["interests"] == ["music"]
    kinds = set(ConsentRecord.objects.values_list("kind", flat=True))
    assert kinds == {ConsentKind.NOTICE, ConsentKind.OPTIONAL}


def test_joining_without_optional_data_records_no_optional_consent(
        client, program, make_person):
    client.force_login(make_person(9))
    client.post(reverse("programs:apply", args=[program.pk]), {**APPLY, "privacy_notice": "on"})
    assert Enrollment.objects.count() == 1
    assert list(ConsentRecord.objects.values_list("kind", flat=True)) == [ConsentKind.NOTICE]


def test_applying_twice_keeps_one_enrollment_and_one_consent(client, program, make_person):
    client.force_login(make_person(9))
    url = reverse("programs:apply", args=[program.pk])
    for _ in range(2):
        client.post(url, {**APPLY, "privacy_notice": "on"})
    assert Enrollment.objects.count() == 1
    assert ConsentRecord.objects.count() == 1


def test_accepting_an_invitation_records_the_notice(client, make_program, hr_user, make_person):
    closed = make_program(enrollment_mode="closed", name="Customer insight")
    user = make_person(2)
    sent = program_services.invitation_send(program=closed, employees=[user.employee],
                                            role="mentor", by=hr_user).sent[0]
    path = reverse("programs:invitation", args=[tokens.invitation_token(sent.pk)])
    client.force_login(user)
    data = {"answer": "accept", "skills_offered": "tiktok", "capacity": 2, "commitment": "on"}
    page = client.post(path, data).content.decode()
    assert "Accept the privacy notice to take part." in page
    assert not ConsentRecord.objects.exists()
    client.post(path, {**data, "privacy_notice": "on"})
    row = ConsentRecord.objects.get()
    assert (row.method, row.kind) == (ConsentMethod.INVITATION, ConsentKind.NOTICE)
    assert Enrollment.objects.get().source == "invitation"


def test_direct_enrolment_records_nothing_until_the_person_accepts(enrolled):
    assert Enrollment.objects.filter(employee=enrolled.employee).exists()
    assert not ConsentRecord.objects.exists()
    from terbalik.privacy import selectors

    assert selectors.needs_notice(enrolled)

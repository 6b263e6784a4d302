from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from terbalik.core.models import AuditEntry
from terbalik.programs import services, tokens
from terbalik.programs.models import EnrollmentStatus, InvitationStatus

from ..factories import EmployeeFactory

pytestmark = pytest.mark.django_db

INTAKE = {"skills_offered": "tiktok", "commitment": "on", "privacy_notice": "on"}


@pytest.fixture
def closed(make_program):
    return make_program(enrollment_mode="closed", name="Customer insight")


def test_invitations_are_sent_personally_and_skip_ineligible_people(closed, hr_user, make_person):
    mentor = make_person(2, language="en")
    no_account = EmployeeFactory(grade=3, email="new@example.co.id")
    senior = EmployeeFactory(grade=10)
    result = services.invitation_send(
        program=closed, employees=[mentor.employee, no_account, senior], role="mentor", by=hr_user
    )
    assert [i.employee for i in result.sent] == [mentor.employee, no_account]
    assert result.skipped == [(senior, "Mentors need grade 5 or lower; yours is 10.")]
    assert {tuple(m.to) for m in mail.outbox} == {(mentor.email,), ("new@example.co.id",)}
    english = next(m for m in mail.outbox if m.to == [mentor.email])
    assert english.subject == "Invitation: Customer insight"
    assert "https://terbalik.example/programs/invitation/" in english.body
    assert english.alternatives and "text/html" in english.alternatives[0][1]
    assert no_account.user.role == "participant"  # an account was made so they can sign in
    assert AuditEntry.objects.filter(action="invitation.send").count() == 2
    again = services.invitation_send(
        program=closed, employees=[mentor.employee], role="mentor", by=hr_user
    )
    assert again.sent == [] and again.skipped[0][1] == "already invited"


def test_invitations_only_for_closed_recruiting_programs(program, make_program, hr_user):
    with pytest.raises(services.ServiceError, match="invitation-only"):
        services.invitation_send(program=program, employees=[], role="mentor", by=hr_user)
    draft = make_program(enrollment_mode="closed", status="draft")
    with pytest.raises(services.ServiceError, match="Open recruitment"):
        services.invitation_send(program=draft, employees=[], role="mentor", by=hr_user)


def _invite(closed, hr_user, user, role="mentor"):
    result = services.invitation_send(
        program=closed, employees=[user.employee], role=role, by=hr_user
    )
    invitation = result.sent[0]
    return invitation, reverse("programs:invitation", args=[tokens.invitation_token(invitation.pk)])


def test_accepting_through_the_link_enrolls_as_approved(closed, hr_user, make_person, client):
    user = make_person(2)
    invitation, path = _invite(closed, hr_user, user)
    client.force_login(user)
    assert client.get(path).status_code == 200
    response = client.post(path, {**INTAKE, "answer": "accept", "capacity": 2})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    enrollment = invitation.enrollment
    assert response.status_code == 302
    assert response.url == reverse("programs:my_enrollment", args=[enrollment.pk])
    assert enrollment.status == EnrollmentStatus.APPROVED
    assert enrollment.intake["skills_offered"] == ["tiktok"]
    # reused link
    response = client.get(path)
    assert response.status_code == 410 and response.context["kind"] == "used"


def test_declining(closed, hr_user, make_person, client):
    user = make_person(2)
    invitation, path = _invite(closed, hr_user, user)
    client.force_login(user)
    asked = client.post(path, {"answer": "decline"})
    assert asked.status_code == 200 and 'id="confirm-decline"' in asked.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT  # one tap does not decline
    client.post(path, {"answer": "decline", "confirm": "yes"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert not closed.enrollments.exists()


def test_expired_link(closed, hr_user, make_person, client):
    user = make_person(2)
    with time_machine.travel(timezone.now() - dt.timedelta(days=15)):
        _invitation, path = _invite(closed, hr_user, user)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 410
    assert response.context["kind"] == "expired"
    assert "expired" in response.content.decode()


def test_tampered_link(closed, hr_user, make_person, client):
    user = make_person(2)
    invitation, _path = _invite(closed, hr_user, user)
    client.force_login(user)
    forged = tokens.invitation_token(invitation.pk).replace(f"{invitation.pk}:", "999:", 1)
    response = client.get(reverse("programs:invitation", args=[forged]))
    assert response.status_code == 400
    assert response.context["kind"] == "invalid"


def test_someone_elses_invitation_is_404(closed, hr_user, make_person, client):
    invitee, other = make_person(2), make_person(2)
    _invitation, path = _invite(closed, hr_user, invitee)
    client.force_login(other)
    assert client.get(path).status_code == 404


def test_anonymous_is_asked_to_sign_in(closed, hr_user, make_person, client):
    """Signed out, the link offers sign-in (back to this link) or a link to choose a password;
    it shows no form and answers nothing."""
    invitation, path = _invite(closed, hr_user, make_person(2))
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["login_url"] == "/login/?" + urlencode({"next": path})
    assert f'href="{response.context["login_url"]}"' in html
    assert "skills_offered" not in html
    response = client.post(path, {"answer": "decline", "confirm": "yes"})
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT


def test_accepting_when_full_goes_to_the_waitlist(make_program, hr_user, make_person):
    closed = make_program(enrollment_mode="closed", mentor_places=1)
    a, b = make_person(2), make_person(3)
    result = services.invitation_send(
        program=closed, employees=[a.employee, b.employee], role="mentor", by=hr_user
    )
    first = services.invitation_accept(
        invitation=result.sent[0], user=a, intake={"skills_offered": "x"}, commitment_accepted=True
    )
    second = services.invitation_accept(
        invitation=result.sent[1], user=b, intake={"skills_offered": "x"}, commitment_accepted=True
    )
    assert first.status == EnrollmentStatus.APPROVED
    assert second.status == EnrollmentStatus.WAITLISTED
    services.enrollment_withdraw(enrollment=first, by=a)
    second.refresh_from_db()
    assert second.status == EnrollmentStatus.APPROVED

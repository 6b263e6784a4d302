"""HR cancels or resends an invitation (issue 12, item 4)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from terbalik.accounts.models import Role, User
from terbalik.programs import services, tokens
from terbalik.programs.models import InvitationStatus

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(make_program, hr_user):
    program = make_program(enrollment_mode="closed")
    person = EmployeeFactory(grade=9, full_name="Bu Ratna")
    [sent] = services.invitation_send(
        program=program, employees=[person], role="mentee", by=hr_user
    ).sent
    mail.outbox.clear()
    return sent


def invitee_of(invitation) -> User:
    """The account the invitation made, reading English."""
    user = User.objects.get(employee=invitation.employee)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def link_path(message) -> str:
    return "/programs/invitation/" + message.body.split("/programs/invitation/")[1].split()[0]


def test_cancel_asks_first_then_cancels_once(client, invitation, hr_user):
    hr_user.language = "en"
    hr_user.save(update_fields=["language"])
    client.force_login(hr_user)
    target = reverse("programs:invitation_cancel", args=[invitation.program_id, invitation.pk])
    page = client.get(target)
    assert page.status_code == 200 and 'id="confirm-cancel"' in page.content.decode()
    unconfirmed = client.post(target, {})
    assert unconfirmed.status_code == 200  # no confirmation: the question again, nothing done
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT
    for _ in range(2):  # sent twice: same outcome
        response = client.post(target, {"confirm": "yes"})
        assert response.status_code == 302
        assert response.url == reverse("programs:invite", args=[invitation.program_id])
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.CANCELLED
    assert not mail.outbox
    assert 'id="not-open"' in client.get(target).content.decode()


def test_a_cancelled_link_shows_a_clear_page_signed_in_or_out(client, invitation, hr_user):
    link = reverse("programs:invitation", args=[tokens.invitation_token(invitation.pk)])
    services.invitation_cancel(invitation=invitation, by=hr_user)
    response = client.get(link)
    assert response.status_code == 410
    assert 'data-kind="cancelled"' in response.content.decode()
    invitee = invitee_of(invitation)
    client.force_login(invitee)
    for response in (client.get(link), client.post(link, {"answer": "accept"})):
        assert response.status_code == 410
        assert "HR cancelled this invitation" in response.content.decode()
    assert not invitation.program.enrollments.exists()


def test_only_open_invitations_can_be_cancelled_or_resent(invitation, hr_user):
    services.invitation_cancel(invitation=invitation, by=hr_user)
    with pytest.raises(services.ServiceError):
        services.invitation_cancel(invitation=invitation, by=hr_user)
    with pytest.raises(services.ServiceError):
        services.invitation_resend(invitation=invitation, by=hr_user, click="abc")


def test_resend_is_one_email_per_click_with_a_fresh_link_and_not_too_often(invitation, hr_user):
    later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(later, tick=False):
        assert services.invitation_resend(invitation=invitation, by=hr_user, click="c1")
        assert not services.invitation_resend(invitation=invitation, by=hr_user, click="c1")
        with pytest.raises(services.ServiceError, match="send it again in 15 minutes"):
            services.invitation_resend(invitation=invitation, by=hr_user, click="c2")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [invitation.employee.email]
    invitation.refresh_from_db()
    assert invitation.sent_at == later  # the new link counts its 14 days from now
    with time_machine.travel(later + dt.timedelta(minutes=16), tick=False):
        assert services.invitation_resend(invitation=invitation, by=hr_user, click="c2")
    assert len(mail.outbox) == 2


def test_resend_view_repeats_safely(client, invitation, hr_user):
    client.force_login(hr_user)
    target = reverse("programs:invitation_resend", args=[invitation.program_id, invitation.pk])
    invite_page = reverse("programs:invite", args=[invitation.program_id])
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        click = client.get(invite_page).context["click"]
        for _ in range(3):  # a double click and a reload of the POST
            response = client.post(target, {"click": click})
            assert response.status_code == 302 and response.url == invite_page
    assert len(mail.outbox) == 1
    # never on a GET: a reload of the address (issue 16) shows the invitations, sends nothing
    back = client.get(target)
    assert back.status_code == 302 and back.url == invite_page
    assert len(mail.outbox) == 1


def test_resend_link_answers_the_invitation(client, invitation, hr_user):
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        services.invitation_resend(invitation=invitation, by=hr_user, click="c1")
    invitee = invitee_of(invitation)
    client.force_login(invitee)
    assert client.get(link_path(mail.outbox[0])).status_code == 200


@pytest.mark.parametrize("name", ["programs:invitation_cancel", "programs:invitation_resend"])
def test_permissions(
    name, client, invitation, hr_user, admin_user, participant_user, sponsor_user, make_program
):
    target = reverse(name, args=[invitation.program_id, invitation.pk])
    response = client.post(target, {})
    assert response.status_code == 302 and "/login/" in response.url
    invitee = invitee_of(invitation)
    for user in (participant_user, invitee, sponsor_user):
        client.force_login(user)
        assert client.post(target, {"confirm": "yes", "click": "x"}).status_code == 403
    other_hr = UserFactory(role=Role.HR, email="other-hr@example.co.id")
    other_program = make_program(owner=other_hr, enrollment_mode="closed")
    client.force_login(other_hr)
    assert client.post(target, {"confirm": "yes", "click": "x"}).status_code == 404
    # this invitation through the other HR's own program: still not theirs
    wrong = reverse(name, args=[other_program.pk, invitation.pk])
    assert client.post(wrong, {"confirm": "yes", "click": "x"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.SENT and not mail.outbox
    if name == "programs:invitation_cancel":
        for user in (hr_user, admin_user):
            client.force_login(user)
            assert client.get(target).status_code == 200

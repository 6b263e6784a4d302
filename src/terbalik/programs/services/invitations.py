"""Personal invitations of closed (invitation-only) programs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from terbalik.accounts import services as account_services
from terbalik.accounts.models import Role, User
from terbalik.core import audit
from terbalik.notify.models import NotificationLog
from terbalik.people.models import Employee

from .. import emails, tokens
from ..eligibility import reasons_not_eligible
from ..models import (
    LIVE,
    Enrollment,
    EnrollmentMode,
    EnrollmentSource,
    Invitation,
    InvitationStatus,
    ParticipantRole,
    Program,
    Status,
)
from .enrollment import create_enrollment
from .errors import ENROLLMENT_REFUSED, ServiceError


@dataclass
class InvitationResult:
    sent: list[Invitation] = field(default_factory=list)
    skipped: list[tuple[Employee, str]] = field(default_factory=list)


def invitation_link(invitation: Invitation, base_url: str = "") -> str:
    path = reverse("programs:invitation", args=[tokens.invitation_token(invitation.pk)])
    return emails.site_url(base_url) + path


def ensure_account(employee: Employee) -> User:
    """The employee's account, made (participant, no password) when they have none yet."""
    user = User.objects.filter(employee=employee).first()
    if user is None:
        user = User.objects.filter(email=employee.email).first()
    if user is None:
        user = account_services.user_create(
            email=employee.email,
            password=None,
            role=Role.PARTICIPANT,
            full_name=employee.full_name,
            employee=employee,
        )
    return user


@transaction.atomic
def invitation_send(
    *,
    program: Program,
    employees: Iterable[Employee],
    role: str,
    by: User,
    base_url: str = "",
) -> InvitationResult:
    """Invite each employee personally; ineligible or already involved people are skipped
    with the reason."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.enrollment_mode != EnrollmentMode.CLOSED:
        raise ServiceError([_("Invitations are for invitation-only programs.")])
    if program.status != Status.RECRUITING:
        raise ServiceError([_("Open recruitment before inviting people.")])
    if role not in ParticipantRole.values:
        raise ServiceError([_("Choose whether you invite mentors or mentees.")])
    result = InvitationResult()
    now = timezone.now()
    for employee in employees:
        reasons = reasons_not_eligible(program=program, employee=employee, role=role)
        if reasons:
            result.skipped.append((employee, " ".join(reasons)))
            continue
        if Enrollment.objects.filter(program=program, employee=employee, status__in=LIVE).exists():
            result.skipped.append((employee, _("already takes part")))
            continue
        if program.invitations.filter(employee=employee, status=InvitationStatus.SENT).exists():
            result.skipped.append((employee, _("already invited")))
            continue
        ensure_account(employee)
        invitation = Invitation.objects.create(
            program=program, employee=employee, role=role, invited_by=by, sent_at=now
        )
        audit.record(
            action="invitation.send",
            actor=by,
            target=invitation,
            details={"program": program.pk, "employee": employee.employee_id, "role": role},
        )
        emails.invitation(
            invitation=invitation,
            link=invitation_link(invitation, base_url),
            key=f"programs.invitation.{invitation.pk}.sent",
        )
        result.sent.append(invitation)
    return result


def _open_invitation(invitation: Invitation, user: User) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("program", "employee")
        .get(pk=invitation.pk)
    )
    if user.employee_id != invitation.employee_id:
        raise ServiceError([_("This invitation is for someone else.")], code=ENROLLMENT_REFUSED)
    if invitation.status != InvitationStatus.SENT:
        raise ServiceError([_("This invitation was already answered.")], code=ENROLLMENT_REFUSED)
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User,
    intake: dict[str, Any],
    commitment_accepted: bool,
    base_url: str = "",
) -> Enrollment:
    invitation = _open_invitation(invitation, user)
    enrollment = create_enrollment(
        program=invitation.program,
        user=user,
        role=invitation.role,
        intake=intake,
        commitment_accepted=commitment_accepted,
        source=EnrollmentSource.INVITATION,
        base_url=base_url,
    )
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.enrollment = enrollment
    invitation.save()
    audit.record(action="invitation.accept", actor=user, target=invitation)
    return enrollment


#: a password link asked for again within this gap is the same request: the first link works
PASSWORD_LINK_GAP = timedelta(minutes=15)


def _password_link_key(*, user: User, invitation: Invitation, now: datetime) -> str:
    """The cause of a password-link e-mail: this account, this invitation and the moment the
    link was first asked for. A repeat within PASSWORD_LINK_GAP of that moment (a double tap,
    a reload) gets the same key, so notify sends nothing; a later request is a new cause."""
    prefix = f"programs.password_setup.{user.pk}.{invitation.pk}."
    recent = (NotificationLog.objects.filter(key__startswith=prefix,
                                             created_at__gte=now - PASSWORD_LINK_GAP)
              .order_by("-created_at").values_list("key", flat=True).first())
    return recent or f"{prefix}{int(now.timestamp())}"


@transaction.atomic
def invitation_password_link_send(*, invitation: Invitation, base_url: str = "") -> User:
    """E-mail the invitee a link to choose a password, so they can sign in and answer.

    Accounts made for invitees have no password, and the ordinary "forgot your password" page
    ignores such accounts. The signed invitation link proves the request comes from the invitee's
    own mailbox; the link goes only to the account's own address.
    """
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("program", "employee")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.SENT:
        raise ServiceError([_("This invitation was already answered.")], code=ENROLLMENT_REFUSED)
    user = ensure_account(invitation.employee)
    path = reverse(
        "accounts:password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    emails.password_setup(
        user=user, program=invitation.program, link=emails.site_url(base_url) + path,
        key=_password_link_key(user=user, invitation=invitation, now=timezone.now()),
    )
    audit.record(action="invitation.password_link", target=invitation)
    return user


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User) -> Invitation:
    invitation = _open_invitation(invitation, user)
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save()
    audit.record(action="invitation.decline", actor=user, target=invitation)
    return invitation


#: a resend click is refused when the last sending is more recent than this
RESEND_GAP = timedelta(minutes=15)


def _sent_invitation(invitation: Invitation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("program", "employee")
        .get(pk=invitation.pk)
    )
    if invitation.status != InvitationStatus.SENT:
        raise ServiceError(
            [
                _("This invitation is %(status)s: nothing to do.")
                % {"status": InvitationStatus(invitation.status).label.lower()}
            ]
        , code=ENROLLMENT_REFUSED)
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, by: User) -> Invitation:
    """HR withdraws an open invitation: its link stops working at once."""
    invitation = _sent_invitation(invitation)
    invitation.status = InvitationStatus.CANCELLED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    audit.record(
        action="invitation.cancel",
        actor=by,
        target=invitation,
        details={"program": invitation.program_id, "employee": invitation.employee.employee_id},
    )
    return invitation


@transaction.atomic
def invitation_resend(
    *, invitation: Invitation, by: User, click: str, base_url: str = ""
) -> bool:
    """E-mail the invitation again with a fresh link (another 14 days).

    `click` identifies one press of the button (a random value in the page): sending the same
    click again (double click, reload) sends nothing. A new click within RESEND_GAP of the last
    sending is refused, so the invitee is not flooded. Returns True when an e-mail went out now.
    """
    invitation = _sent_invitation(invitation)
    click = "".join(ch for ch in click if ch.isalnum())[:40]
    if not click:
        raise ServiceError(
            [_("Reload the page and press the button again.")], code=ENROLLMENT_REFUSED
        )
    key = f"programs.invitation.{invitation.pk}.resend.{click}"
    if NotificationLog.objects.filter(key=key).exists():
        return False
    now = timezone.now()
    if now - invitation.sent_at < RESEND_GAP:
        minutes = -(-int((RESEND_GAP - (now - invitation.sent_at)).total_seconds()) // 60)
        raise ServiceError(
            [
                _(
                    "The invitation to %(name)s was sent a moment ago. You can send it again "
                    "in %(minutes)d minutes."
                )
                % {"name": invitation.employee.full_name, "minutes": minutes}
            ]
        , code=ENROLLMENT_REFUSED)
    ensure_account(invitation.employee)
    invitation.sent_at = now
    invitation.save(update_fields=["sent_at"])
    emails.invitation(invitation=invitation, link=invitation_link(invitation, base_url), key=key)
    audit.record(
        action="invitation.resend",
        actor=by,
        target=invitation,
        details={"program": invitation.program_id, "employee": invitation.employee.employee_id},
    )
    return True

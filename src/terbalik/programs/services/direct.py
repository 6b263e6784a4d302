"""HR enrols chosen employees directly (closed recruitment without invitations)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.accounts.models import User
from terbalik.core import audit
from terbalik.people.models import Employee

from .. import emails
from ..eligibility import reasons_not_eligible
from ..models import (
    LIVE,
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    InvitationStatus,
    ParticipantRole,
    Program,
    Status,
)
from .enrollment import _admit, _locked, _status_link
from .errors import ServiceError
from .invitations import ensure_account


@dataclass
class DirectResult:
    enrolled: list[Enrollment] = field(default_factory=list)
    skipped: list[tuple[Employee, str]] = field(default_factory=list)


@transaction.atomic
def enrollment_enrol_directly(
    *,
    program: Program,
    employees: Iterable[Employee],
    role: str,
    by: User,
    base_url: str = "",
) -> DirectResult:
    """Enrol each employee as `role` without an application or invitation.

    The program's eligibility rules still apply; people who already take part or hold an open
    invitation are skipped with the reason, so sending the same choice twice enrols and e-mails
    nobody twice. Places and line-manager approval work as for an application; HR's choice
    counts as HR's approval. Each enrolled person gets one e-mail.
    """
    program = _locked(program)
    if program.status != Status.RECRUITING:
        raise ServiceError([_("Open recruitment before enrolling people.")])
    if role not in ParticipantRole.values:
        raise ServiceError([_("Choose whether you enrol mentors or mentees.")])
    result = DirectResult()
    people = list(employees)
    taking_part = set(
        program.enrollments.filter(
            employee__in=people, status__in=LIVE
        ).values_list("employee_id", flat=True)
    )
    invited = set(
        program.invitations.filter(
            employee__in=people, status=InvitationStatus.SENT
        ).values_list("employee_id", flat=True)
    )
    now = timezone.now()
    for employee in people:
        if employee.pk in taking_part:
            result.skipped.append((employee, _("already takes part")))
            continue
        if employee.pk in invited:
            reason = _("already invited: cancel the invitation first, or wait for the answer")
            result.skipped.append((employee, reason))
            continue
        reasons = reasons_not_eligible(program=program, employee=employee, role=role)
        if reasons:
            result.skipped.append((employee, " ".join(reasons)))
            continue
        user = ensure_account(employee)
        enrollment = Enrollment(
            program=program,
            employee=employee,
            user=user,
            role=role,
            source=EnrollmentSource.DIRECT,
            intake={},
            applied_at=now,
            decided_by=by,
            status=EnrollmentStatus.PENDING,
        )
        _admit(enrollment, program=program, now=now, base_url=base_url)
        taking_part.add(employee.pk)
        audit.record(
            action="enrollment.direct",
            actor=by,
            target=enrollment,
            details={"program": program.pk, "role": role, "status": enrollment.status},
        )
        emails.added_by_hr(enrollment=enrollment, link=_status_link(enrollment, base_url))
        result.enrolled.append(enrollment)
    return result

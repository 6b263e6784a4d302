"""Enrollment: applying, places and the waitlist, line-manager approval, HR decisions,
withdrawal and removal.

Places: enrollments waiting for the manager, waiting for HR, or approved hold a place of their
role. Beyond the places people join the waitlist (ordered by when they were waitlisted); when a
place frees up (withdrawal, removal, rejection, manager refusal, more places) the first in line is
promoted automatically and told by e-mail. Every path that takes or frees a place locks the
program row first (`select_for_update`), so two people can never take the same last place.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.accounts.models import User
from terbalik.core import audit
from terbalik.skills.selectors import skill_index
from terbalik.webhooks import services as webhooks

from .. import emails, tokens
from ..eligibility import reasons_not_eligible
from ..intake import clean_intake
from ..models import (
    HOLDING,
    LIVE,
    Enrollment,
    EnrollmentMode,
    EnrollmentSource,
    EnrollmentStatus,
    ManagerOutcome,
    ManagerSilence,
    ParticipantRole,
    Program,
    Status,
)
from .errors import ENROLLMENT_REFUSED, ServiceError

#: statuses in which recruitment decisions and waitlist promotion happen
RECRUITMENT_OPEN = (Status.RECRUITING, Status.MATCHING)


def _locked(program: Program) -> Program:
    return Program.objects.select_for_update().get(pk=program.pk)


def _status_link(enrollment: Enrollment, base_url: str = "") -> str:
    path = reverse("programs:my_enrollment", args=[enrollment.pk])
    return emails.site_url(base_url) + path


def manager_link(enrollment: Enrollment, base_url: str = "") -> str:
    path = reverse("programs:manager_decision", args=[tokens.manager_token(enrollment.pk)])
    return emails.site_url(base_url) + path


def places_left(*, program: Program, role: str) -> int | None:
    places = program.places_for(role)
    if places is None:
        return None
    held = program.enrollments.filter(role=role, status__in=HOLDING).count()
    return max(0, places - held)


def _enter(enrollment: Enrollment, *, now: datetime, base_url: str) -> None:
    """Give `enrollment` a place: manager approval first when needed, then HR (or approved)."""
    program = enrollment.program
    needs_manager = (
        program.manager_approval
        and enrollment.employee.manager_id is not None
        and enrollment.manager_outcome in (ManagerOutcome.NONE, ManagerOutcome.WAITING)
    )
    enrollment.waitlisted_at = None
    if needs_manager:
        enrollment.status = EnrollmentStatus.MANAGER_PENDING
        enrollment.manager_outcome = ManagerOutcome.WAITING
        enrollment.manager_requested_at = now
        enrollment.save()
        webhooks.emit("enrolment.changed", enrollment)
        emails.manager_request(enrollment=enrollment, link=manager_link(enrollment, base_url))
        return
    _after_manager(enrollment, now=now)


def _after_manager(enrollment: Enrollment, *, now: datetime) -> None:
    if enrollment.source in (EnrollmentSource.INVITATION, EnrollmentSource.DIRECT):
        enrollment.status = EnrollmentStatus.APPROVED
        enrollment.decided_at = now
    else:
        enrollment.status = EnrollmentStatus.PENDING
    enrollment.save()
    webhooks.emit("enrolment.changed", enrollment)


def _admit(enrollment: Enrollment, *, program: Program, now: datetime, base_url: str) -> None:
    """Place or waitlist a new enrollment; `program` must be locked by the caller."""
    left = places_left(program=program, role=enrollment.role)
    if left is not None and left <= 0:
        enrollment.status = EnrollmentStatus.WAITLISTED
        enrollment.waitlisted_at = now
        enrollment.save()
        webhooks.emit("enrolment.changed", enrollment)
        return
    _enter(enrollment, now=now, base_url=base_url)


def waitlist_promote(*, program: Program, role: str, base_url: str = "") -> list[Enrollment]:
    """Fill free places of `role` from the waitlist, first in line first."""
    with transaction.atomic():
        program = _locked(program)
        if program.status not in RECRUITMENT_OPEN:
            return []
        left = places_left(program=program, role=role)
        waiting = program.enrollments.filter(
            role=role, status=EnrollmentStatus.WAITLISTED
        ).select_related("employee", "employee__manager", "program")
        waiting = waiting.order_by("waitlisted_at", "applied_at", "id")
        if left is not None:
            waiting = waiting[:left]
        promoted = list(waiting)
        now = timezone.now()
        for enrollment in promoted:
            _enter(enrollment, now=now, base_url=base_url)
            audit.record(
                action="enrollment.promote",
                target=enrollment,
                details={"program": program.pk, "role": role, "status": enrollment.status},
            )
            emails.enrollment_update(
                enrollment=enrollment, kind="promoted", link=_status_link(enrollment, base_url)
            )
        return promoted


def _check_can_enroll(program: Program, employee: Any, role: str) -> None:
    if role not in ParticipantRole.values:
        raise ServiceError(
            [_("Choose whether you join as a mentor or as a mentee.")], code=ENROLLMENT_REFUSED
        )
    if program.status != Status.RECRUITING:
        raise ServiceError(
            [_("This program is not recruiting at the moment.")], code=ENROLLMENT_REFUSED
        )
    reasons = reasons_not_eligible(program=program, employee=employee, role=role)
    if reasons:
        raise ServiceError(reasons, code=ENROLLMENT_REFUSED)
    if Enrollment.objects.filter(program=program, employee=employee, status__in=LIVE).exists():
        raise ServiceError([_("You already applied to this program.")], code=ENROLLMENT_REFUSED)


def create_enrollment(
    *,
    program: Program,
    user: User,
    role: str,
    intake: dict[str, Any],
    commitment_accepted: bool,
    source: str,
    base_url: str,
) -> Enrollment:
    """Shared by applying and accepting an invitation; the caller holds the transaction."""
    program = _locked(program)
    employee = user.employee
    _check_can_enroll(program, employee, role)
    if not commitment_accepted:
        raise ServiceError(
            [_("Accept the commitment statement to take part.")], code=ENROLLMENT_REFUSED
        )
    now = timezone.now()
    enrollment = Enrollment(
        program=program,
        employee=employee,
        user=user,
        role=role,
        source=source,
        intake=clean_intake(intake, skill_index()),
        commitment_accepted_at=now,
        applied_at=now,
        status=EnrollmentStatus.PENDING,
    )
    _admit(enrollment, program=program, now=now, base_url=base_url)
    audit.record(
        action="enrollment.create",
        actor=user,
        target=enrollment,
        details={
            "program": program.pk,
            "role": role,
            "status": enrollment.status,
            "source": source,
        },
    )
    kind = "waitlisted" if enrollment.status == EnrollmentStatus.WAITLISTED else "received"
    if enrollment.status == EnrollmentStatus.APPROVED:
        kind = "approved"
    emails.enrollment_update(
        enrollment=enrollment, kind=kind, link=_status_link(enrollment, base_url)
    )
    return enrollment


@transaction.atomic
def enrollment_apply(
    *,
    program: Program,
    user: User,
    role: str,
    intake: dict[str, Any],
    commitment_accepted: bool,
    base_url: str = "",
) -> Enrollment:
    """An employee applies to an open program; raises ServiceError (code ENROLLMENT_REFUSED)
    saying why not."""
    if program.enrollment_mode != EnrollmentMode.OPEN:
        raise ServiceError([_("This program is by invitation only.")], code=ENROLLMENT_REFUSED)
    return create_enrollment(
        program=program,
        user=user,
        role=role,
        intake=intake,
        commitment_accepted=commitment_accepted,
        source=EnrollmentSource.APPLICATION,
        base_url=base_url,
    )


def _reload(enrollment: Enrollment) -> tuple[Program, Enrollment]:
    program = _locked(enrollment.program)
    fresh = Enrollment.objects.select_related("employee", "employee__manager", "program").get(
        pk=enrollment.pk
    )
    return program, fresh


def _refuse_unless(enrollment: Enrollment, allowed: tuple[str, ...]) -> None:
    if enrollment.status not in allowed:
        raise ServiceError(
            [
                _("This is not possible while the application is %(status)s.")
                % {"status": EnrollmentStatus(enrollment.status).label.lower()}
            ]
        , code=ENROLLMENT_REFUSED)


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, by: User, base_url: str = "") -> Enrollment:
    program, enrollment = _reload(enrollment)
    _refuse_unless(enrollment, (EnrollmentStatus.PENDING,))
    enrollment.status = EnrollmentStatus.APPROVED
    enrollment.decided_at = timezone.now()
    enrollment.decided_by = by
    enrollment.save()
    webhooks.emit("enrolment.changed", enrollment)
    audit.record(action="enrollment.approve", actor=by, target=enrollment)
    emails.enrollment_update(
        enrollment=enrollment, kind="approved", link=_status_link(enrollment, base_url)
    )
    return enrollment


def _end(
    enrollment: Enrollment,
    *,
    program: Program,
    status: str,
    by: User | None,
    reason: str,
    action: str,
    mail: str | None,
    base_url: str,
) -> Enrollment:
    held = enrollment.status in HOLDING
    enrollment.status = status
    enrollment.reason = reason.strip()
    enrollment.ended_at = enrollment.decided_at = timezone.now()
    enrollment.decided_by = by
    enrollment.save()
    webhooks.emit("enrolment.changed", enrollment)
    audit.record(
        action=action,
        actor=by,
        target=enrollment,
        details={"program": program.pk, "reason": enrollment.reason},
    )
    if mail:
        emails.enrollment_update(
            enrollment=enrollment, kind=mail, link=_status_link(enrollment, base_url)
        )
    if held:
        waitlist_promote(program=program, role=enrollment.role, base_url=base_url)
    return enrollment


@transaction.atomic
def enrollment_reject(
    *, enrollment: Enrollment, by: User, reason: str = "", base_url: str = ""
) -> Enrollment:
    program, enrollment = _reload(enrollment)
    _refuse_unless(
        enrollment,
        (EnrollmentStatus.PENDING, EnrollmentStatus.MANAGER_PENDING, EnrollmentStatus.WAITLISTED),
    )
    return _end(
        enrollment,
        program=program,
        status=EnrollmentStatus.REJECTED,
        by=by,
        reason=reason,
        action="enrollment.reject",
        mail="rejected",
        base_url=base_url,
    )


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by: User, base_url: str = "") -> Enrollment:
    """The participant leaves (any live status); their place goes to the waitlist."""
    program, enrollment = _reload(enrollment)
    if enrollment.user_id != by.pk and enrollment.employee_id != by.employee_id:
        raise ServiceError([_("Only the participant can withdraw.")], code=ENROLLMENT_REFUSED)
    _refuse_unless(enrollment, LIVE)
    return _end(
        enrollment,
        program=program,
        status=EnrollmentStatus.WITHDRAWN,
        by=by,
        reason="",
        action="enrollment.withdraw",
        mail=None,
        base_url=base_url,
    )


@transaction.atomic
def enrollment_remove(
    *, enrollment: Enrollment, by: User, reason: str = "", base_url: str = ""
) -> Enrollment:
    """HR removes a participant (any live status); their place goes to the waitlist."""
    program, enrollment = _reload(enrollment)
    _refuse_unless(enrollment, LIVE)
    return _end(
        enrollment,
        program=program,
        status=EnrollmentStatus.REMOVED,
        by=by,
        reason=reason,
        action="enrollment.remove",
        mail="removed",
        base_url=base_url,
    )


def _manager_outcome(
    enrollment: Enrollment,
    *,
    program: Program,
    approve: bool,
    outcome: str,
    actor: User | None,
    base_url: str,
) -> Enrollment:
    now = timezone.now()
    enrollment.manager_outcome = outcome
    enrollment.manager_decided_at = now
    if approve:
        _after_manager(enrollment, now=now)
        audit.record(
            action="enrollment.manager_approve",
            actor=actor,
            target=enrollment,
            details={"outcome": outcome},
        )
        if enrollment.status == EnrollmentStatus.APPROVED:
            emails.enrollment_update(
                enrollment=enrollment, kind="approved", link=_status_link(enrollment, base_url)
            )
        return enrollment
    return _end(
        enrollment,
        program=program,
        status=EnrollmentStatus.MANAGER_REFUSED,
        by=actor,
        reason="",
        action="enrollment.manager_refuse",
        mail="manager_refused",
        base_url=base_url,
    )


@transaction.atomic
def manager_decide(
    *, enrollment: Enrollment, approve: bool, by: User | None = None, base_url: str = ""
) -> Enrollment:
    """The line manager answers through their e-mail link."""
    program, enrollment = _reload(enrollment)
    _refuse_unless(enrollment, (EnrollmentStatus.MANAGER_PENDING,))
    return _manager_outcome(
        enrollment,
        program=program,
        approve=approve,
        outcome=ManagerOutcome.APPROVED if approve else ManagerOutcome.REFUSED,
        actor=by,
        base_url=base_url,
    )


def manager_deadline(enrollment: Enrollment) -> datetime | None:
    if enrollment.manager_requested_at is None:
        return None
    return enrollment.manager_requested_at + timedelta(
        days=enrollment.program.manager_approval_days
    )


def manager_approvals_expire(*, now: datetime | None = None, base_url: str = "") -> int:
    """Apply the program's silence rule to manager requests older than its N days.

    Called by the scheduler; returns how many enrollments were decided by silence.
    """
    now = now or timezone.now()
    candidates = Enrollment.objects.filter(
        status=EnrollmentStatus.MANAGER_PENDING, manager_requested_at__isnull=False
    ).select_related("program")
    due = [e.pk for e in candidates if (manager_deadline(e) or now) <= now]
    decided = 0
    for pk in due:
        with transaction.atomic():
            enrollment = Enrollment.objects.select_related("program").get(pk=pk)
            program, enrollment = _reload(enrollment)
            if enrollment.status != EnrollmentStatus.MANAGER_PENDING:
                continue
            approve = program.manager_silence == ManagerSilence.APPROVE
            _manager_outcome(
                enrollment,
                program=program,
                approve=approve,
                outcome=(
                    ManagerOutcome.SILENT_APPROVED if approve else ManagerOutcome.SILENT_REFUSED
                ),
                actor=None,
                base_url=base_url,
            )
            decided += 1
    return decided

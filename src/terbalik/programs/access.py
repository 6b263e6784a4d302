"""What each user may see in the programs app; everything else is a 404.

Scoping decision: a program has `owners` (HR users). An HR program manager sees and manages the
programs they own (the creator owns a new program; owners can add colleagues); platform admins
see every program. Employees (any signed-in user linked to an employee) see the public page of a
program that recruits openly, or of a closed program they were invited to or take part in, and
only their own enrollments and invitations.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from terbalik.core.access import HR_ROLES, has_role, is_platform_admin

from .models import Enrollment, EnrollmentMode, Invitation, Program, Status

PUBLIC_STATUSES = (Status.RECRUITING, Status.MATCHING, Status.ACTIVE, Status.CLOSING)


#: `manager_scope`'s answers: every program (a platform admin), the programs one owns (HR)
ALL, OWNED = "all", "owned"


def manager_scope(user: Any) -> tuple[str, tuple[int, ...]] | None:
    """Which programs `user` manages, as plain data a compiled read can take (issue 18):
    (ALL, ()) for a platform admin, (OWNED, (user's id,)) for HR, None for anybody else."""
    if is_platform_admin(user):
        return ALL, ()
    if has_role(user, *HR_ROLES):
        return OWNED, (user.pk,)
    return None


def programs_in_scope(scope: str, *user_pk: int) -> QuerySet[Program]:
    """The programs of a `manager_scope` answer (`programs_in_scope(scope, *ids)`)."""
    return Program.objects.all() if scope == ALL else Program.objects.filter(owners=user_pk[0])


def programs_managed_by(user: Any) -> QuerySet[Program]:
    scope = manager_scope(user)
    if scope is None:
        return Program.objects.none()
    return programs_in_scope(scope[0], *scope[1])


def get_managed_program(user: Any, program_id: int) -> Program:
    return get_object_or_404(programs_managed_by(user), pk=program_id)


def programs_public_to(user: Any) -> QuerySet[Program]:
    if not getattr(user, "is_authenticated", False):
        return Program.objects.none()
    visible = Q(status__in=PUBLIC_STATUSES, enrollment_mode=EnrollmentMode.OPEN)
    if user.employee_id:
        visible |= Q(status__in=PUBLIC_STATUSES, invitations__employee_id=user.employee_id) | Q(
            enrollments__employee_id=user.employee_id
        )
    managed = programs_managed_by(user).values("pk")
    return Program.objects.filter(visible | Q(pk__in=managed)).distinct()


def get_public_program(user: Any, program_id: int) -> Program:
    return get_object_or_404(programs_public_to(user), pk=program_id)


def enrollments_of(user: Any) -> QuerySet[Enrollment]:
    if not getattr(user, "is_authenticated", False):
        return Enrollment.objects.none()
    mine = Q(user=user)
    if user.employee_id:
        mine |= Q(employee_id=user.employee_id)
    return Enrollment.objects.filter(mine).select_related("program", "employee")


def get_own_enrollment(user: Any, enrollment_id: int) -> Enrollment:
    return get_object_or_404(enrollments_of(user), pk=enrollment_id)


def get_managed_enrollment(user: Any, program: Program, enrollment_id: int) -> Enrollment:
    qs = Enrollment.objects.filter(program__in=programs_managed_by(user).values("pk"))
    return get_object_or_404(
        qs.filter(program=program).select_related("employee", "program", "user"), pk=enrollment_id
    )


def get_invitation(invitation_id: int, user: Any) -> Invitation:
    """The invitation behind a verified token, only for the invited employee."""
    if not getattr(user, "is_authenticated", False) or not user.employee_id:
        return get_object_or_404(Invitation.objects.none(), pk=invitation_id)
    return get_object_or_404(
        Invitation.objects.select_related("program", "employee").filter(
            employee_id=user.employee_id
        ),
        pk=invitation_id,
    )


def get_invitation_for_token(invitation_id: int) -> Invitation:
    """The invitation behind a verified token, for its signed-out holder (the token is the
    credential; the page shows only the program and offers sign-in)."""
    return get_object_or_404(
        Invitation.objects.select_related("program", "employee"), pk=invitation_id
    )


def get_enrollment_for_manager_token(enrollment_id: int) -> Enrollment:
    """The enrollment behind a verified manager-approval token (the token is the credential)."""
    return get_object_or_404(
        Enrollment.objects.select_related("program", "employee", "employee__manager"),
        pk=enrollment_id,
    )


def get_managed_invitation(user: Any, program_id: int, invitation_id: int) -> Invitation:
    """An invitation of a program `user` manages, fetched through that program, or 404."""
    program = get_managed_program(user, program_id)
    return get_object_or_404(
        Invitation.objects.filter(program=program).select_related("program", "employee"),
        pk=invitation_id,
    )

"""Reads of the programs app that more than one caller needs."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from .access import programs_managed_by
from .eligibility import reasons_not_eligible
from .models import (
    HOLDING,
    LIVE,
    Enrollment,
    EnrollmentMode,
    Invitation,
    InvitationStatus,
    ParticipantRole,
    Program,
    Status,
)


def open_programs_for(user: Any) -> list[tuple[Program, list[str]]]:
    """Open programs recruiting now that `user`'s employee may join, with the roles they may
    join as (the program's eligibility rules), leaving out programs they already take part in.

    A fixed number of queries whatever the number of programs.
    """
    if not getattr(user, "is_authenticated", False) or not user.employee_id:
        return []
    employee = user.employee
    joined = Enrollment.objects.filter(employee_id=employee.pk, status__in=LIVE).values(
        "program_id"
    )
    candidates = (
        Program.objects.filter(status=Status.RECRUITING, enrollment_mode=EnrollmentMode.OPEN)
        .exclude(pk__in=joined)
        .order_by("name", "pk")
    )
    found: list[tuple[Program, list[str]]] = []
    for program in candidates:
        roles = [
            role
            for role in ParticipantRole.values
            if not reasons_not_eligible(program=program, employee=employee, role=role)
        ]
        if roles:
            found.append((program, roles))
    return found


def held_places(programs: list[Program]) -> dict[tuple[int, str], int]:
    """Places held per (program id, role), in one query."""
    rows = (
        Enrollment.objects.filter(program__in=[p.pk for p in programs], status__in=HOLDING)
        .values("program_id", "role")
        .annotate(n=Count("pk"))
    )
    return {(row["program_id"], row["role"]): row["n"] for row in rows}


def invitations_of(user: Any, program: Program) -> QuerySet[Invitation]:
    """The program's invitations, for whoever manages it (none for anybody else)."""
    managed = programs_managed_by(user).filter(pk=program.pk)
    return (
        Invitation.objects.filter(program__in=managed)
        .select_related("employee")
        .order_by("-sent_at", "-id")
    )


def open_invitation_ids(program: Program) -> set[int]:
    return set(
        program.invitations.filter(status=InvitationStatus.SENT).values_list(
            "employee_id", flat=True
        )
    )


def live_employee_ids(program: Program) -> set[int]:
    return set(
        program.enrollments.filter(status__in=LIVE).values_list("employee_id", flat=True)
    )


__all__ = [
    "held_places",
    "invitations_of",
    "live_employee_ids",
    "open_invitation_ids",
    "open_programs_for",
]

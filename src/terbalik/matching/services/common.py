"""Shared read helpers of the matching services: capacity, load, settings, who is free."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from terbalik.core.service_errors import ServiceError
from terbalik.pairs.models import Pair, PairStatus
from terbalik.programs.models import (
    Enrollment,
    EnrollmentStatus,
    MatchingMode,
    ParticipantRole,
    Program,
    Status,
)

from ..models import ChoiceRequest, MatchingSettings, RequestStatus
from ..snapshot import capacity_of

#: program statuses in which matching may happen
MATCHING_STATUSES = (Status.RECRUITING, Status.MATCHING, Status.ACTIVE)


def settings_for(program: Program) -> MatchingSettings:
    found = MatchingSettings.objects.filter(program=program).first()
    return found or MatchingSettings(program=program)


def approved(program: Program, role: str) -> QuerySet[Enrollment]:
    return (
        Enrollment.objects.filter(program=program, role=role, status=EnrollmentStatus.APPROVED)
        .select_related("employee", "user", "program")
        .order_by("employee__employee_id", "pk")
    )


def mentor_load(program: Program) -> Counter[int]:
    """Places taken per mentor enrollment: active pairs plus requests waiting for an answer."""
    load: Counter[int] = Counter(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE).values_list(
            "mentor_id", flat=True
        )
    )
    load.update(
        ChoiceRequest.objects.filter(program=program, status=RequestStatus.PENDING).values_list(
            "mentor_id", flat=True
        )
    )
    return load


def free_places(mentor: Enrollment) -> int:
    taken = Pair.objects.filter(mentor=mentor, status=PairStatus.ACTIVE).count()
    taken += ChoiceRequest.objects.filter(mentor=mentor, status=RequestStatus.PENDING).count()
    return capacity_of(mentor) - taken


def require_matching_status(program: Program) -> None:
    if program.status not in MATCHING_STATUSES:
        raise ServiceError(
            _("Matching is not possible while the program is %(status)s.")
            % {"status": program.get_status_display()}
        )


def choice_allowed(program: Program) -> bool:
    return program.matching_mode in (MatchingMode.MENTEE_CHOOSES, MatchingMode.BOTH)


def choice_closed_reason(program: Program) -> str:
    """Why mentees cannot choose yet ('' when they can)."""
    if not choice_allowed(program):
        return _("In this program HR assigns the pairs.")
    if program.status not in MATCHING_STATUSES:
        return _("Matching has not started in this program.")
    mentors = approved(program, ParticipantRole.MENTOR).count()
    if mentors < program.min_mentors_before_choice:
        return _("Choosing opens when %(needed)d mentors are approved; %(count)d are so far.") % {
            "needed": program.min_mentors_before_choice,
            "count": mentors,
        }
    return ""


def is_person(enrollment: Enrollment, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return enrollment.user_id == user.pk or (
        bool(user.employee_id) and enrollment.employee_id == user.employee_id
    )

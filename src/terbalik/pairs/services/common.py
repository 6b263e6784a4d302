"""Shared helpers of the pairs services (no writes)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from terbalik.core.service_errors import ServiceError
from terbalik.programs.models import ParticipantRole

from ..models import Pair, PairStatus

CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30}


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def user_of(enrollment: Any) -> Any:
    """The account behind an enrollment (its own link, or the employee's account). The
    directory record's account, loaded with the pair (`access.RELATED`), is the same account
    in practice: it is used without a query when it is."""
    if enrollment.user_id:
        linked = _loaded_employee_user(enrollment)
        return linked if linked is not None and linked.pk == enrollment.user_id else (
            enrollment.user)
    return getattr(enrollment.employee, "user", None)


def _loaded_employee_user(enrollment: Any) -> Any:
    """The employee's account when the enrollment's employee and its account are already
    loaded (select_related), else None: never a query."""
    employee_field = type(enrollment).employee
    if not employee_field.is_cached(enrollment) or enrollment.employee is None:
        return None
    employee = enrollment.employee
    if not type(employee).user.is_cached(employee):
        return None
    return getattr(employee, "user", None)


def role_of(pair: Pair, user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    for role, enrollment in (
        (ParticipantRole.MENTOR, pair.mentor),
        (ParticipantRole.MENTEE, pair.mentee),
    ):
        if enrollment.user_id == user.pk or (
            user.employee_id and enrollment.employee_id == user.employee_id
        ):
            return str(role)
    return None


def enrollment_of(pair: Pair, role: str) -> Any:
    return pair.mentor if role == ParticipantRole.MENTOR else pair.mentee


def partner_role(role: str) -> str:
    return str(ParticipantRole.MENTEE if role == ParticipantRole.MENTOR else ParticipantRole.MENTOR)


def members(pair: Pair) -> list[tuple[str, Any]]:
    """(role, user) of both members who have an account."""
    out = []
    for role in (ParticipantRole.MENTOR, ParticipantRole.MENTEE):
        user = user_of(enrollment_of(pair, role))
        if user is not None:
            out.append((str(role), user))
    return out


def require_member(pair: Pair, user: Any) -> str:
    role = role_of(pair, user)
    if role is None:
        raise ServiceError(_("Only the two members of this pair can do this."))
    return role


def require_active(pair: Pair) -> None:
    if pair.status != PairStatus.ACTIVE:
        raise ServiceError(_("This pair has ended; its workspace is read-only."))


def person_name(pair: Pair, role: str) -> str:
    return enrollment_of(pair, role).employee.full_name

"""Who may be a mentor or a mentee of a program, and why not.

`reasons_not_eligible` returns translated sentences, one per failed rule; an empty list means
eligible. `eligible_employees` is the same rules as a query (used by lifecycle checks and the
invitation picker).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.people.models import Employee

from .models import ParticipantRole, Program, Seniority

GRADE_RULES = (Seniority.GRADE, Seniority.GRADE_AND_AGE)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` (0 when end is before start)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(0, months)


def months_before(day: dt.date, months: int) -> dt.date:
    """The latest date that is at least `months` whole months before `day`."""
    year, month = divmod(day.year * 12 + (day.month - 1) - months, 12)
    month += 1
    for d in range(day.day, 0, -1):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def grade_range(program: Program, role: str) -> tuple[int | None, int | None]:
    if role == ParticipantRole.MENTOR:
        low, high = program.mentor_grade_min, program.mentor_grade_max
        # with a grade-based seniority rule a mentor needs at least one mentee grade above
        if program.seniority_rule in GRADE_RULES and program.mentee_grade_max is not None:
            cap = program.mentee_grade_max - program.min_grade_gap
            high = cap if high is None else min(high, cap)
        return low, high
    low, high = program.mentee_grade_min, program.mentee_grade_max
    if program.seniority_rule in GRADE_RULES and program.mentor_grade_min is not None:
        floor = program.mentor_grade_min + program.min_grade_gap
        low = floor if low is None else max(low, floor)
    return low, high


def reasons_not_eligible(
    *, program: Program, employee: Employee | None, role: str, today: dt.date | None = None
) -> list[str]:
    today = today or timezone.localdate()
    if employee is None:
        return [_("Your account is not linked to an employee in the directory; ask HR.")]
    reasons: list[str] = []
    if not employee.active or (employee.exit_date and employee.exit_date <= today):
        reasons.append(_("Only current employees can take part."))
    low, high = grade_range(program, role)
    if low is not None or high is not None:
        if employee.grade is None:
            reasons.append(_("Your grade is not recorded in the directory; ask HR to add it."))
        elif low is not None and employee.grade < low:
            reasons.append(
                _("%(role)s need grade %(low)d or higher; yours is %(grade)d.")
                % {"role": _role_plural(role), "low": low, "grade": employee.grade}
            )
        elif high is not None and employee.grade > high:
            reasons.append(
                _("%(role)s need grade %(high)d or lower; yours is %(grade)d.")
                % {"role": _role_plural(role), "high": high, "grade": employee.grade}
            )
    if program.departments_included and employee.department not in program.departments_included:
        reasons.append(
            _("This program is for these departments: %(departments)s.")
            % {"departments": ", ".join(program.departments_included)}
        )
    if employee.department and employee.department in program.departments_excluded:
        reasons.append(
            _("The %(department)s department does not take part in this program.")
            % {"department": employee.department}
        )
    if program.min_tenure_months:
        if employee.hire_date is None:
            reasons.append(_("Your hire date is not recorded in the directory; ask HR to add it."))
        else:
            tenure = months_between(employee.hire_date, today)
            if tenure < program.min_tenure_months:
                reasons.append(
                    _("You need at least %(months)d months with the company; you have %(tenure)d.")
                    % {"months": program.min_tenure_months, "tenure": tenure}
                )
    return reasons


def _role_plural(role: str) -> str:
    return _("Mentors") if role == ParticipantRole.MENTOR else _("Mentees")


def eligible_employees(
    *, program: Program, role: str, today: dt.date | None = None
) -> QuerySet[Employee]:
    today = today or timezone.localdate()
    qs = Employee.objects.filter(active=True).filter(
        Q(exit_date__isnull=True) | Q(exit_date__gt=today)
    )
    low, high = grade_range(program, role)
    if low is not None:
        qs = qs.filter(grade__gte=low)
    if high is not None:
        qs = qs.filter(grade__lte=high)
    if program.departments_included:
        qs = qs.filter(department_record__in=program.departments_included)
    if program.departments_excluded:
        qs = qs.exclude(department_record__in=program.departments_excluded)
    if program.min_tenure_months:
        qs = qs.filter(hire_date__lte=months_before(today, program.min_tenure_months))
    return qs


def senior_enough(*, program: Program, mentor: Employee, mentee: Employee) -> bool:
    """The program's seniority rule for one pair (matching applies the engine's version of
    the same rule, `matching.engine`, to a whole snapshot)."""
    grade_ok = (
        mentor.grade is not None
        and mentee.grade is not None
        and mentee.grade >= mentor.grade + max(1, program.min_grade_gap)
    )
    known = mentor.birth_date is not None and mentee.birth_date is not None
    younger = known and mentor.birth_date > mentee.birth_date  # type: ignore[operator]
    rule = program.seniority_rule
    if rule == Seniority.GRADE:
        return grade_ok
    if rule == Seniority.AGE:
        return younger if known else grade_ok
    if rule == Seniority.GRADE_AND_AGE:
        return grade_ok and younger
    return grade_ok or younger


__all__ = [
    "eligible_employees",
    "grade_range",
    "months_before",
    "months_between",
    "reasons_not_eligible",
    "senior_enough",
]

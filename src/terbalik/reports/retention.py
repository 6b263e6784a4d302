"""Junior retention: participants (mentors) vs comparable non-participants.

Observational, not causal: people who sign up differ from those who do not.

Cohorts, both counted from the program's start (the first pair's start date, else the
program's start date):
- participants: employees who mentored in a pair of the program;
- comparison: employees with the same grade band and department as a participant, employed at
  the start, who never enrolled in any program.
Grade band: grades 1–2, 3–4, 5–6, … (`(grade + 1) // 2`).
Follow-up ends at the exit date (the event) or `as_of` (censored). Retention at 6 / 12 months
is the Kaplan–Meier estimate at 182 / 365 days; "known" counts those followed that long or
who left before (no estimate while nobody is known).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Min, Q

from terbalik.core.privacy import group_is_reportable
from terbalik.people.models import Employee
from terbalik.programs.models import Enrollment, Program

SIX_MONTHS = 182
TWELVE_MONTHS = 365


def kaplan_meier(durations: Sequence[float], events: Sequence[bool]) -> list[tuple[float, float]]:
    """Survival curve as steps [(0, 1.0), (t1, S(t1)), …] at each distinct event time.

    `events[i]` is True when person i left at `durations[i]`, False when still there
    (censored). Censoring at the same time as an event counts after the event (usual rule).
    """
    if len(durations) != len(events):
        raise ValueError("durations and events must have the same length")
    curve = [(0.0, 1.0)]
    survival = 1.0
    times = sorted({float(d) for d, e in zip(durations, events, strict=True) if e})
    for t in times:
        at_risk = sum(1 for d in durations if d >= t)
        left = sum(1 for d, e in zip(durations, events, strict=True) if e and d == t)
        if at_risk:
            survival *= 1 - left / at_risk
            curve.append((t, survival))
    return curve


def survival_at(curve: Sequence[tuple[float, float]], t: float) -> float:
    value = 1.0
    for time, s in curve:
        if time <= t:
            value = s
    return value


def grade_band(grade: int | None) -> int | None:
    return None if grade is None else (grade + 1) // 2


@dataclass
class Cohort:
    n: int
    left: int = 0
    suppressed: bool = False
    curve: list[tuple[float, float]] = field(default_factory=list)
    at_6: float | None = None
    at_12: float | None = None
    known_6: int = 0
    known_12: int = 0
    left_6: int = 0
    left_12: int = 0


@dataclass
class Retention:
    start: dt.date | None
    participants: Cohort
    comparison: Cohort

    @property
    def available(self) -> bool:
        return self.start is not None and not (
            self.participants.suppressed or self.comparison.suppressed
        )


def _cohort(rows: list[tuple[dt.date | None, dt.date | None]], start: dt.date,
            as_of: dt.date) -> Cohort:
    durations, events = [], []
    for _hire, exit_date in rows:
        if exit_date is not None and exit_date <= as_of:
            durations.append(float((exit_date - start).days))
            events.append(True)
        else:
            durations.append(float((as_of - start).days))
            events.append(False)
    cohort = Cohort(n=len(rows), left=sum(events))
    if not group_is_reportable(len(rows)):
        cohort.suppressed = True
        return cohort
    cohort.curve = kaplan_meier(durations, events)
    cohort.at_6 = survival_at(cohort.curve, SIX_MONTHS)
    cohort.at_12 = survival_at(cohort.curve, TWELVE_MONTHS)
    for days, attr in ((SIX_MONTHS, "6"), (TWELVE_MONTHS, "12")):
        known = sum(1 for d, e in zip(durations, events, strict=True) if d >= days or e)
        left = sum(1 for d, e in zip(durations, events, strict=True) if e and d < days)
        setattr(cohort, f"known_{attr}", known)
        setattr(cohort, f"left_{attr}", left)
        if not known:  # nobody followed that long yet: no estimate
            setattr(cohort, f"at_{attr}", None)
    return cohort


def program_start(program: Program) -> dt.date | None:
    first = program.pairs.aggregate(first=Min("started_at"))["first"]
    if first is not None:
        from django.utils import timezone

        return timezone.localtime(first).date()
    return program.start_date


def retention(*, program: Program, as_of: dt.date | None = None) -> Retention:
    """Two queries: participants, then the comparison group (filtered in the database)."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    start = program_start(program)
    if start is None:
        return Retention(None, Cohort(0, suppressed=True), Cohort(0, suppressed=True))
    mentors = list(
        Employee.objects.filter(program_enrollments__pairs_as_mentor__program=program)
        .distinct().values_list("pk", "grade", "department", "hire_date", "exit_date")
    )
    participants = [(h, e) for _pk, _g, _d, h, e in mentors]
    strata = {(grade_band(g), d) for _pk, g, d, _h, _e in mentors if g is not None}
    match = Q(pk__in=[])
    for band, department in strata:
        assert band is not None
        low, high = 2 * band - 1, 2 * band
        match |= Q(grade__gte=low, grade__lte=high, department=department)
    employed = Q(hire_date__lte=start) & (Q(exit_date__isnull=True) | Q(exit_date__gt=start))
    ever_enrolled = Enrollment.objects.values("employee_id")
    others = list(
        Employee.objects.filter(match & employed).exclude(pk__in=ever_enrolled)
        .values_list("hire_date", "exit_date")
    )
    return Retention(
        start=start,
        participants=_cohort(participants, start, as_of),
        comparison=_cohort(others, start, as_of),
    )

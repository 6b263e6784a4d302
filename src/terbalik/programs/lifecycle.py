"""The program lifecycle: allowed transitions and the prerequisites of each.

draft → recruiting → matching → active → closing → completed → archived. No other move is
allowed. `missing_for(program, to)` returns translated sentences naming what is missing; the
service `program_transition` refuses while that list is not empty.

Pairs live on a higher floor (the pairs app), so this module never asks for them: the caller
that can see pairs passes `published_pairs` (the count of the program's published pairs) into
`missing_for` / `program_transition`; without it matching → active is refused with
"no published pairs".
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .eligibility import eligible_employees
from .models import EnrollmentStatus, ParticipantRole, Program, Status, Term

TRANSITIONS: dict[str, str] = {
    Status.DRAFT: Status.RECRUITING,
    Status.RECRUITING: Status.MATCHING,
    Status.MATCHING: Status.ACTIVE,
    Status.ACTIVE: Status.CLOSING,
    Status.CLOSING: Status.COMPLETED,
    Status.COMPLETED: Status.ARCHIVED,
}

def next_status(program: Program) -> str | None:
    return TRANSITIONS.get(program.status)


def is_allowed(current: str, to: str) -> bool:
    return TRANSITIONS.get(current) == to


def design_gaps(program: Program) -> list[str]:
    """What the goal and design still lack before recruitment can open."""
    gaps: list[str] = []
    if not program.goal_specific.strip():
        gaps.append(_("The goal has no specific statement."))
    if not program.goal_metric.strip() or program.goal_target_value is None:
        gaps.append(_("The goal has no measure (metric and target value)."))
    if program.goal_deadline is None:
        gaps.append(_("The goal has no deadline."))
    if program.mentee_places is None or program.mentor_places is None:
        gaps.append(_("Places are not set for mentees and mentors."))
    elif program.mentee_places == 0 or program.mentor_places == 0:
        gaps.append(_("Places must be at least 1 for mentees and for mentors."))
    if program.term == Term.FIXED and (program.start_date is None or program.end_date is None):
        gaps.append(_("A fixed term needs a start and an end date."))
    if program.term == Term.ONGOING and not program.pair_months:
        gaps.append(_("An ongoing program needs the number of months each pair runs."))
    if not program.channels:
        gaps.append(_("No meeting channel is offered."))
    if not program.commitment.strip():
        gaps.append(_("The commitment statement participants accept is empty."))
    if not program.measurements.exists():
        gaps.append(_("The measurement plan is empty."))
    return gaps


def _counts(program: Program) -> dict[tuple[str, str], int]:
    rows = program.enrollments.values("role", "status").annotate(n=Count("id"))
    return {(r["role"], r["status"]): r["n"] for r in rows}


def missing_for(program: Program, to: str, *, published_pairs: int = 0) -> list[str]:
    """Why `program` cannot move to `to` now (empty list: it can).

    `published_pairs` is the number of pairs the program has published; only the move to
    active reads it, and the caller that can see pairs supplies it."""
    if not is_allowed(program.status, to):
        return [
            _("A program cannot go from %(current)s to %(target)s.")
            % {"current": Status(program.status).label, "target": Status(to).label}
        ]
    missing: list[str] = []
    if to == Status.RECRUITING:
        missing += design_gaps(program)
        if not missing:
            if not eligible_employees(program=program, role=ParticipantRole.MENTOR).exists():
                missing.append(_("No eligible mentors in the directory yet."))
            if not eligible_employees(program=program, role=ParticipantRole.MENTEE).exists():
                missing.append(_("No eligible mentees in the directory yet."))
    elif to == Status.MATCHING:
        counts = _counts(program)
        if not counts.get((ParticipantRole.MENTOR, EnrollmentStatus.APPROVED)):
            missing.append(_("No approved mentors yet."))
        if not counts.get((ParticipantRole.MENTEE, EnrollmentStatus.APPROVED)):
            missing.append(_("No approved mentees yet."))
    elif to == Status.ACTIVE:
        if published_pairs <= 0:
            missing.append(_("No published pairs: match and publish the pairs first."))
    elif to == Status.CLOSING:
        waiting = program.enrollments.filter(
            status__in=[EnrollmentStatus.PENDING, EnrollmentStatus.MANAGER_PENDING]
        ).count()
        if waiting:
            missing.append(
                ngettext(
                    "%(count)d application still waits for a decision.",
                    "%(count)d applications still wait for a decision.",
                    waiting,
                )
                % {"count": waiting}
            )
    elif to == Status.COMPLETED:
        if not program.closing_summary.strip():
            missing.append(_("Write the closing summary (outcomes and lessons) first."))
    return missing

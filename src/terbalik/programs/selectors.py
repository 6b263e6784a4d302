"""Reads of the programs app that more than one caller needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import router
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from terbalik.core.access import employees_visible_to
from terbalik.core.compiled import Compiled
from terbalik.people.models import Employee

from .access import enrollments_of, programs_managed_by, programs_public_to
from .eligibility import months_before, reasons_not_eligible
from .models import (
    HOLDING,
    LIVE,
    Enrollment,
    EnrollmentMode,
    EnrollmentStatus,
    Invitation,
    InvitationStatus,
    MeasurementItem,
    ParticipantRole,
    Program,
    Status,
)

#: what `open_programs_for` reads of a program: the card (name, description, places) and the
#: eligibility rules (`eligibility.reasons_not_eligible`). The home page asks on every view;
#: compiling all ~60 columns of a program cost more than the rest of the block.
OPEN_CARD_FIELDS = (
    "name", "description", "mentor_places", "mentee_places",
    "mentor_grade_min", "mentor_grade_max", "mentee_grade_min", "mentee_grade_max",
    "min_grade_gap", "seniority_rule", "departments_included", "departments_excluded",
    "min_tenure_months",
)


def _open_candidates(employee_pk: int) -> QuerySet[Program]:
    """Open programs recruiting now that the employee takes no part in yet (compiled once:
    `_open_cards`)."""
    joined = Enrollment.objects.filter(employee_id=employee_pk, status__in=LIVE).values(
        "program_id"
    )
    return (
        Program.objects.filter(status=Status.RECRUITING, enrollment_mode=EnrollmentMode.OPEN)
        .exclude(pk__in=joined)
        .only(*OPEN_CARD_FIELDS)
        .order_by("name", "pk")
    )


def _held_as(role: str) -> Coalesce:
    """Places held in the outer program by `role` (what `held_places` counts)."""
    held = (Enrollment.objects.filter(program=OuterRef("pk"), role=role, status__in=HOLDING)
            .order_by().values("program").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(held), 0)


def _open_card_rows(employee_pk: int) -> QuerySet[Program, tuple[Any, ...]]:
    """`_open_candidates`' columns in the model's order, then the places held per role."""
    return _open_candidates(employee_pk).annotate(
        **{f"held_{role}": _held_as(role) for role in ParticipantRole.values},
    ).values_list(*_card_columns(), *(f"held_{role}" for role in ParticipantRole.values))


def _card_columns() -> list[str]:
    # the order `Model.from_db` takes the values of some of its fields in
    wanted = {"id", *OPEN_CARD_FIELDS}
    return [f.attname for f in Program._meta.concrete_fields if f.attname in wanted]


#: the participant home asks on every view: one statement, compiled once per connection
#: (core/compiled.py), for the programs and the places they hold (it took two)
_open_cards = Compiled(Program, _open_card_rows)


def open_program_cards(user: Any) -> list[tuple[Program, list[str], dict[str, int]]]:
    """`open_programs_for`, each program with the places held in it per role (what
    `held_places` counts), in one query."""
    if not getattr(user, "is_authenticated", False) or not user.employee_id:
        return []
    employee = user.employee
    columns = _card_columns()
    db = router.db_for_read(Program)
    found: list[tuple[Program, list[str], dict[str, int]]] = []
    for row in _open_cards(employee.pk):
        program = Program.from_db(db, columns, row[:len(columns)])  # as .only() makes it
        roles = [
            role
            for role in ParticipantRole.values
            if not reasons_not_eligible(program=program, employee=employee, role=role)
        ]
        if roles:
            found.append((program, roles, dict(zip(ParticipantRole.values, row[len(columns):],
                                                   strict=True))))
    return found


def open_programs_for(user: Any) -> list[tuple[Program, list[str]]]:
    """Open programs recruiting now that `user`'s employee may join, with the roles they may
    join as (the program's eligibility rules), leaving out programs they already take part in.

    A fixed number of queries whatever the number of programs.
    """
    return [(program, roles) for program, roles, _held in open_program_cards(user)]


def _held(*program_pks: int) -> QuerySet[Enrollment, dict[str, Any]]:
    return (
        Enrollment.objects.filter(program__in=program_pks, status__in=HOLDING)
        .values("program_id", "role")
        .annotate(n=Count("pk"))
    )


_held_places = Compiled(Enrollment, _held)  # per number of programs; the home asks it


def held_places(programs: list[Program]) -> dict[tuple[int, str], int]:
    """Places held per (program id, role), in one query (none for no program, like the ORM's
    empty `IN`)."""
    if not programs:
        return {}
    rows = _held_places(*(p.pk for p in programs))
    return {(row["program_id"], row["role"]): row["n"] for row in rows}


def with_age_band(qs: QuerySet[Employee], band: str, today: dt.date) -> QuerySet[Employee]:
    """Employees in an age band ("u30", "30_39", "40_49", "50p"; empty: everyone)."""

    def born_before(years: int) -> dt.date:
        return months_before(today, years * 12)

    if band == "u30":
        return qs.filter(birth_date__gt=born_before(30))
    if band == "30_39":
        return qs.filter(birth_date__lte=born_before(30), birth_date__gt=born_before(40))
    if band == "40_49":
        return qs.filter(birth_date__lte=born_before(40), birth_date__gt=born_before(50))
    if band == "50p":
        return qs.filter(birth_date__lte=born_before(50))
    return qs


def directory_departments(user: Any) -> list[str]:
    directory = employees_visible_to(user).filter(active=True, department_record__isnull=False)
    return sorted(set(directory.values_list("department_record", flat=True)))


def directory_search(
    user: Any,
    *,
    q: str = "",
    department: str = "",
    grade_min: int | None = None,
    grade_max: int | None = None,
    age_band: str = "",
) -> QuerySet[Employee]:
    """Active employees `user` may see, found by name, e-mail or ID and filtered."""
    qs = employees_visible_to(user).filter(active=True).order_by("grade", "full_name")
    term = q.strip()
    if term:
        qs = qs.filter(
            Q(full_name__icontains=term) | Q(email__icontains=term) | Q(employee_id__iexact=term)
        )
    if department:
        qs = qs.filter(department_record=department)
    if grade_min is not None:
        qs = qs.filter(grade__gte=grade_min)
    if grade_max is not None:
        qs = qs.filter(grade__lte=grade_max)
    return with_age_band(qs, age_band, timezone.localdate())


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


def managed_programs_with_counts(user: Any, *, status: str = "") -> QuerySet[Program]:
    """Programs `user` manages, newest first, with live and approved enrollment counts;
    `status` (when a known one) narrows the list."""
    qs = programs_managed_by(user).annotate(
        live=Count("enrollments", filter=Q(enrollments__status__in=LIVE)),
        approved=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.APPROVED)),
    )
    if status in Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def measurement_items(program: Program) -> list[MeasurementItem]:
    return list(program.measurements.all())


def employees_by_ids(qs: QuerySet[Employee], employee_ids: list[str]) -> list[Employee]:
    """The employees of `qs` whose directory IDs were ticked (unknown IDs are ignored)."""
    return list(qs.filter(employee_id__in=employee_ids))


def first_and_total(qs: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows of `qs` and how many there are in all."""
    return list(qs[:limit]), qs.count()


def program_invitations(program: Program) -> QuerySet[Invitation]:
    return program.invitations.select_related("employee").order_by("-sent_at")


def program_enrollments(
    program: Program, *, status: str = "", role: str = ""
) -> QuerySet[Enrollment]:
    """A program's applications for the HR list, filtered by a known status and role."""
    qs = program.enrollments.select_related("employee").order_by("role", "applied_at", "id")
    if status in EnrollmentStatus.values:
        qs = qs.filter(status=status)
    if role in ParticipantRole.values:
        qs = qs.filter(role=role)
    return qs


def enrollment_with_employee(enrollment_id: int) -> Enrollment:
    """An enrollment a service just wrote, read back with its employee."""
    return Enrollment.objects.select_related("employee").get(pk=enrollment_id)


def recruiting_programs_public_to(user: Any) -> QuerySet[Program]:
    """Programs `user` may see that are recruiting now, by name (the browse page)."""
    return programs_public_to(user).filter(status=Status.RECRUITING).order_by("name")


def enrollments_newest_first(user: Any) -> QuerySet[Enrollment]:
    """`user`'s own applications, the latest first."""
    return enrollments_of(user).order_by("-applied_at")


def live_enrollment(user: Any, program: Program) -> Enrollment | None:
    """`user`'s application to `program` that still takes part, if any."""
    return enrollments_of(user).filter(program=program, status__in=LIVE).first()


def open_invitation(program: Program, employee: Employee) -> Invitation | None:
    """The invitation to `program` sent to `employee` and not answered yet, if any."""
    return program.invitations.filter(employee=employee, status=InvitationStatus.SENT).first()


def waitlist_position(enrollment: Enrollment) -> int:
    """1 for the first person waiting for this role, 2 for the next, and so on."""
    ahead = enrollment.program.enrollments.filter(
        role=enrollment.role,
        status=EnrollmentStatus.WAITLISTED,
        waitlisted_at__lt=enrollment.waitlisted_at,
    ).count()
    return ahead + 1


__all__ = [
    "directory_departments",
    "directory_search",
    "employees_by_ids",
    "enrollments_newest_first",
    "live_enrollment",
    "open_invitation",
    "recruiting_programs_public_to",
    "waitlist_position",
    "first_and_total",
    "managed_programs_with_counts",
    "measurement_items",
    "program_enrollments",
    "program_invitations",
    "held_places",
    "live_employee_ids",
    "open_invitation_ids",
    "open_program_cards",
    "open_programs_for",
    "with_age_band",
]


# --- HR's home ------------------------------------------------------------------------------

#: programs HR still works on (archived ones leave the home page)
RUNNING = (Status.DRAFT, Status.RECRUITING, Status.MATCHING, Status.ACTIVE, Status.CLOSING,
           Status.COMPLETED)


def _deadlines(program: Program) -> list[tuple[dt.date, str]]:
    from django.utils.translation import gettext as _

    return [
        (day, label) for day, label in (
            (program.start_date, _("Start")),
            (program.goal_deadline, _("Goal deadline")),
            (program.end_date, _("End")),
        ) if day is not None
    ]


def next_deadline(program: Program, today: dt.date) -> tuple[dt.date, str] | None:
    """The program's next date (start, goal deadline or end) from `today` on, with its name."""
    upcoming = sorted(d for d in _deadlines(program) if d[0] >= today)
    return upcoming[0] if upcoming else None


def _next_due(today: dt.date) -> Least:
    """`next_deadline` in SQL: the soonest of the program's dates from `today` on (a far
    date when none is ahead; each date is wrapped, as SQLite's MIN() is NULL with any NULL)."""
    far = Value(dt.date.max, output_field=DateField())
    return Least(*(
        Coalesce(Case(When(**{f"{name}__gte": today}, then=F(name))), far)
        for name in ("start_date", "goal_deadline", "end_date")
    ))


def cockpit_programs(user: Any, *, today: dt.date, limit: int = 20) -> list[dict[str, Any]]:
    """Programs `user` manages that are not archived, next deadline first, each with its
    phase, next deadline and applications waiting for HR (1 query)."""
    # Applications waiting counted in a subquery (the status index finds the few pending
    # ones), not by joining and grouping every enrollment of the programs with their whole
    # rows; and only the columns the home shows (`next_deadline` reads the three dates).
    pending = (Enrollment.objects.filter(program=OuterRef("pk"), status=EnrollmentStatus.PENDING)
               .order_by().values("program").annotate(n=Count("pk")).values("n"))
    programs = (
        programs_managed_by(user).filter(status__in=RUNNING)
        .only("name", "status", "start_date", "goal_deadline", "end_date", "created_at")
        .annotate(pending=Coalesce(Subquery(pending), 0), next_due=_next_due(today))
        # the soonest deadlines first in the database, then the limit: an old program with an
        # urgent date must not be left off by newer ones
        .order_by("next_due", "-created_at", "-id")[:limit]
    )
    return [{"program": p, "pending": p.pending, "deadline": next_deadline(p, today)}
            for p in programs]

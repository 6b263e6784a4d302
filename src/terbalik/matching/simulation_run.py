"""Executing a what-if simulation: the people, both settings through the engine, progress.

Both `services.simulation_start` (small populations, inline) and the worker task
(`tasks.execute_simulation`) call `simulation_execute`; this module imports neither.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from terbalik.people.models import Employee
from terbalik.programs.eligibility import eligible_employees
from terbalik.programs.models import LIVE, Enrollment, ParticipantRole, Program

from . import simulate
from .models import Population, Simulation, SimulationStatus
from .snapshot import build_snapshot, capacity_of

#: seconds between two progress writes
PROGRESS_EVERY = 0.3


def _applicants(program: Program) -> tuple[list[Enrollment], list[Enrollment]]:
    live: QuerySet[Enrollment] = (
        Enrollment.objects.filter(program=program, status__in=LIVE)
        .select_related("employee", "employee__department_record", "user", "program")
        .order_by("employee__employee_id", "pk")
    )
    mentees = [e for e in live if e.role == ParticipantRole.MENTEE]
    mentors = [e for e in live if e.role == ParticipantRole.MENTOR]
    return mentees, mentors


def _directory(program: Program) -> tuple[list[Enrollment], list[Enrollment]]:
    """Everyone the program's eligibility rules admit, as unsaved enrollments (no intake yet:
    skills and interests are unknown, so scores rest on the department mix). Someone
    eligible for both roles is counted as a mentee."""

    def people(role: str) -> list[Employee]:
        return list(
            eligible_employees(program=program, role=role)
            .select_related("department_record")
            .order_by("employee_id", "pk")
        )

    mentees = people(ParticipantRole.MENTEE)
    taken = {e.pk for e in mentees}
    mentors = [e for e in people(ParticipantRole.MENTOR) if e.pk not in taken]

    def as_enrollments(employees: list[Employee], role: str) -> list[Enrollment]:
        return [Enrollment(program=program, employee=e, role=role, intake={}) for e in employees]

    return (as_enrollments(mentees, ParticipantRole.MENTEE),
            as_enrollments(mentors, ParticipantRole.MENTOR))


def population_rows(
    program: Program, population: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Engine rows for the chosen people, and each department key's display name."""
    pick = _directory if population == Population.DIRECTORY else _applicants
    mentees, mentors = pick(program)
    rows = build_snapshot(mentees=mentees, mentors=[(e, capacity_of(e)) for e in mentors])
    labels: dict[str, str] = {}
    for enrollment in (*mentees, *mentors):
        name = " ".join(enrollment.employee.department.split())
        labels.setdefault(name.casefold(), name)
    return rows, labels


def population_size(program: Program, population: str) -> int:
    if population == Population.DIRECTORY:
        mentees = eligible_employees(program=program, role=ParticipantRole.MENTEE)
        mentors = eligible_employees(program=program, role=ParticipantRole.MENTOR)
        return int(mentees.count() + mentors.exclude(pk__in=mentees.values("pk")).count())
    return Enrollment.objects.filter(program=program, status__in=LIVE).count()


def simulation_execute(*, simulation_id: int) -> Simulation:
    """Run a queued simulation (safe to call twice: only a queued one runs)."""
    claimed = Simulation.objects.filter(
        pk=simulation_id, status=SimulationStatus.QUEUED
    ).update(status=SimulationStatus.RUNNING)
    simulation = Simulation.objects.select_related("program").get(pk=simulation_id)
    if not claimed:
        return simulation
    last = [0.0, ""]

    def progress_for(side: str) -> simulate.Progress:
        def report(step: str, done: int, total: int) -> None:
            now = time.monotonic()
            if side == last[1] and now - last[0] < PROGRESS_EVERY and done < total:
                return
            last[0], last[1] = now, side
            # one engine step is a fraction of its side; "assign" closes it
            share = done / total if total else 0
            Simulation.objects.filter(pk=simulation_id).update(
                progress_step=side, progress_done=int(1000 * share), progress_total=1000
            )

        return report

    knobs = simulation.knobs
    try:
        rows, labels = population_rows(simulation.program, simulation.population)
        result = {
            "current": simulate.side(rows, knobs["current"], capacity=None, objective="total",
                                     labels=labels, progress=progress_for("current")),
            "what_if": simulate.side(rows, knobs["what_if"], capacity=knobs.get("capacity"),
                                     objective=knobs.get("objective", "total"),
                                     labels=labels, progress=progress_for("what_if")),
        }
    except Exception as exc:  # the page shows the failure; nothing else was changed
        Simulation.objects.filter(pk=simulation_id).update(
            status=SimulationStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    else:
        Simulation.objects.filter(pk=simulation_id).update(
            status=SimulationStatus.DONE, result=result, finished_at=timezone.now(),
            progress_step="what_if", progress_done=1000, progress_total=1000,
        )
    simulation.refresh_from_db()
    return simulation

"""/programs, their enrollments and their outcomes."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from terbalik.core.access import find_employee
from terbalik.core.service_errors import ServiceError
from terbalik.programs import selectors as program_selectors
from terbalik.programs import services as program_services
from terbalik.programs.access import (
    get_managed_enrollment,
    get_managed_program,
    programs_managed_by,
)
from terbalik.programs.models import Enrollment, Program
from terbalik.reports import outcomes as report_outcomes
from terbalik.reports import retention as report_retention
from terbalik.reports.access import get_reported_program

from .. import pagination
from ..auth import require_write, token_of
from ..schemas import (
    EnrollmentIn,
    EnrollmentOut,
    EnrollmentPage,
    EnrollmentStateIn,
    OutcomesOut,
    ProgramIn,
    ProgramOut,
    ProgramPage,
    responses,
)
from .common import check_program, in_token_program, require_hr, require_unbound, user_of

router = Router(tags=["programs"])


def program_out(p: Program) -> dict[str, Any]:
    return {"id": p.pk, "name": p.name, "status": p.status, "objective": p.objective,
            "description": p.description, "enrollment_mode": p.enrollment_mode,
            "start_date": p.start_date, "end_date": p.end_date,
            "mentee_places": p.mentee_places, "mentor_places": p.mentor_places}


def enrollment_out(e: Enrollment) -> dict[str, Any]:
    return {"id": e.pk, "program_id": e.program_id, "employee_id": e.employee.employee_id,
            "name": e.employee.full_name, "role": e.role, "status": e.status,
            "source": e.source, "applied_at": e.applied_at, "decided_at": e.decided_at}


def _managed(request: Any, program_id: int) -> Program:
    user = require_hr(request)
    return check_program(request, get_managed_program(user, program_id))


@router.get("/programs", response=responses({200: ProgramPage}), url_name="program_list")
def program_list(request: Any, cursor: str | None = None,
                 limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT)
                 ) -> dict[str, Any]:
    """The programs the token's account manages (platform admins: all)."""
    user = require_hr(request)
    qs = in_token_program(request, programs_managed_by(user), "pk")
    return pagination.page(qs, cursor=cursor, limit=limit, render=program_out)


@router.get("/programs/{program_id}", response=responses({200: ProgramOut}),
            url_name="program_detail")
def program_detail(request: Any, program_id: int) -> dict[str, Any]:
    return program_out(_managed(request, program_id))


@router.post("/programs", response=responses({201: ProgramOut}), url_name="program_create")
def program_create(request: Any, payload: ProgramIn) -> Status:
    """A new program in draft, owned by the token's account (the web form's service)."""
    require_write(request)
    require_unbound(request)
    user = require_hr(request)
    fields = payload.model_dump()
    program = program_services.program_create(
        by=user, name=fields.pop("name").strip(), objective=fields.pop("objective"), **fields)
    return Status(201, program_out(program))


# --- enrollments ------------------------------------------------------------------------------

@router.get("/programs/{program_id}/enrollments", response=responses({200: EnrollmentPage}),
            url_name="enrollment_list")
def enrollment_list(request: Any, program_id: int, cursor: str | None = None,
                    limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                    status: str = "", role: str = "") -> dict[str, Any]:
    program = _managed(request, program_id)
    qs = program_selectors.program_enrollments(program, status=status, role=role)
    return pagination.page(qs, cursor=cursor, limit=limit, render=enrollment_out)


@router.post("/programs/{program_id}/enrollments", response=responses({201: EnrollmentOut}),
             url_name="enrollment_create")
def enrollment_create(request: Any, program_id: int, payload: EnrollmentIn
                      ) -> Status:
    """Enrol an employee directly (recruiting programs; eligibility, places and the line
    manager's approval apply as on HR's page)."""
    require_write(request)
    program = _managed(request, program_id)
    user = user_of(request)
    employee = find_employee(user, payload.employee_id)
    if employee is None:
        raise ServiceError({"employee_id": [_("No employee has this employee ID.")]},
                           code="unknown_employee")
    result = program_services.enrollment_enrol_directly(
        program=program, employees=[employee], role=payload.role, by=user)
    if not result.enrolled:
        reason = result.skipped[0][1] if result.skipped else _("not enrolled")
        raise ServiceError({"employee_id": [str(reason)]}, code="enrollment_refused")
    enrollment = program_selectors.enrollment_with_employee(result.enrolled[0].pk)
    return Status(201, enrollment_out(enrollment))


@router.post("/programs/{program_id}/enrollments/{enrollment_id}/state",
             response=responses({200: EnrollmentOut}), url_name="enrollment_state")
def enrollment_state(request: Any, program_id: int, enrollment_id: int,
                     payload: EnrollmentStateIn) -> dict[str, Any]:
    """Approve, reject or remove an enrollment (HR's decisions on the enrollments page)."""
    require_write(request)
    program = _managed(request, program_id)
    user = user_of(request)
    enrollment = get_managed_enrollment(user, program, enrollment_id)
    if payload.action == "approve":
        program_services.enrollment_approve(enrollment=enrollment, by=user)
    elif payload.action == "reject":
        program_services.enrollment_reject(enrollment=enrollment, by=user,
                                           reason=payload.reason)
    else:
        program_services.enrollment_remove(enrollment=enrollment, by=user,
                                           reason=payload.reason)
    return enrollment_out(get_managed_enrollment(user, program, enrollment_id))


# --- outcomes ---------------------------------------------------------------------------------

def _row(row: Any) -> dict[str, Any]:
    result = row.result
    return {"label": str(row.label), "n": result.n if result else None,
            "mean_before": result.mean_before if result else None,
            "mean_after": result.mean_after if result else None,
            "suppressed": bool(row.suppressed)}


@router.get("/programs/{program_id}/outcomes", response=responses({200: OutcomesOut}),
            url_name="program_outcomes")
def program_outcomes(request: Any, program_id: int) -> dict[str, Any]:
    """The program report's verdict and its before/after measures, as aggregates only (groups
    under the minimum size suppressed), for HR and for the program's sponsors."""
    user = user_of(request)
    if token_of(request).program_id not in (None, program_id):
        raise Http404
    program, _people = get_reported_program(user, program_id)
    found = report_outcomes.outcomes(program=program, people=False)
    kept = report_retention.retention(program=program, as_of=timezone.localdate())
    verdict = report_outcomes.program_verdict(program=program, found=found, retention=kept)
    statistics = verdict.verdict.as_json() if verdict.verdict is not None else {}
    return {
        "program_id": program.pk,
        "verdict": {
            "code": verdict.code, "label": str(verdict.label), "measure": str(verdict.measure),
            "headline": str(verdict.headline), "details": [str(d) for d in verdict.details],
            "conclusion": str(verdict.conclusion), "target_line": str(verdict.target_line),
            "suppressed": verdict.suppressed, "n": verdict.n, "statistics": statistics,
        },
        "outcomes": [{"key": o.key, "label": str(o.label), "rows": [_row(r) for r in o.rows]}
                     for o in found],
    }



"""/employees: the directory (HR only), and its bulk upsert with the import's rules."""

from __future__ import annotations

from typing import Any

from ninja import Query, Router

from terbalik.core.access import get_employee
from terbalik.people.importing import RowError
from terbalik.people.models import Employee

from .. import pagination, selectors, services
from ..auth import require_write
from ..schemas import EmployeeOut, EmployeePage, UpsertIn, UpsertOut, responses
from .common import require_hr, require_unbound, user_of

router = Router(tags=["employees"])


def employee_out(e: Employee) -> dict[str, Any]:
    return {
        "employee_id": e.employee_id, "name": e.full_name, "email": e.email, "grade": e.grade,
        "job_title": e.job_title, "department": e.department_record_id,
        "location": e.location_record_id,
        "manager_id": e.manager.employee_id if e.manager_id else None,
        "time_zone": e.time_zone, "languages": list(e.languages or []),
        "birth_date": e.birth_date, "hire_date": e.hire_date, "exit_date": e.exit_date,
        "active": e.active, "skills_offered": list(e.skills_offered or []),
        "skills_wanted": list(e.skills_wanted or []),
    }


def plan_warning(warning: RowError) -> dict[str, Any]:
    return {"row": warning.row, "column": warning.column, "message": str(warning.message)}


@router.get("/employees", response=responses({200: EmployeePage}), url_name="employee_list")
def employee_list(request: Any, cursor: str | None = None,
                  limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
                  active: bool | None = None) -> dict[str, Any]:
    """The directory in a stable order. HR program managers and platform admins."""
    require_unbound(request)
    user = require_hr(request)
    qs = selectors.directory_rows(user, active=active)
    return pagination.page(qs, cursor=cursor, limit=limit, render=employee_out)


@router.post("/employees/bulk", response=responses({200: UpsertOut}),
             url_name="employee_bulk_upsert")
def employee_bulk_upsert(request: Any, payload: UpsertIn) -> dict[str, Any]:
    """Create or update employees by employee_id with exactly the directory import's rules:
    all or nothing (row errors in `errors`, row = position in `employees`); sending the same
    list again changes nothing. A field left out keeps the stored value, null clears it."""
    require_write(request)
    require_unbound(request)
    user = require_hr(request)
    records = [e.model_dump(exclude_unset=True) for e in payload.employees]
    plan = services.employees_upsert(records=records, by=user)
    return {"rows": plan.rows, "created": plan.created, "updated": plan.updated,
            "unchanged": plan.unchanged, "notices": [str(n) for n in plan.notices],
            "warnings": [plan_warning(w) for w in plan.warnings]}


@router.get("/employees/{employee_id}", response=responses({200: EmployeeOut}),
            url_name="employee_detail")
def employee_detail(request: Any, employee_id: str) -> dict[str, Any]:
    """One employee by employee_id (HR; a participant's token: only themselves)."""
    require_unbound(request)
    return employee_out(get_employee(user_of(request), employee_id))

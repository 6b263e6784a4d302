"""Request and response shapes of the API (they make the OpenAPI document)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class ProblemError(Schema):
    row: int | None = Field(None, description="0-based position in a bulk request, or null")
    field: str = ""
    message: str


class Problem(Schema):
    """RFC 9457 problem details (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemError] | None = None


#: the refusals every authenticated operation may answer with
READ_PROBLEMS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 404: Problem,
                                  422: Problem, 429: Problem}


def responses(ok: dict[int, Any]) -> dict[int, Any]:
    return {**ok, **READ_PROBLEMS}


# --- employees -------------------------------------------------------------------------------

class EmployeeOut(Schema):
    employee_id: str
    name: str
    email: str
    grade: int | None
    job_title: str
    department: str | None
    location: str | None
    manager_id: str | None = Field(description="the manager's employee_id")
    time_zone: str
    languages: list[str]
    birth_date: dt.date | None
    hire_date: dt.date | None
    exit_date: dt.date | None
    active: bool
    skills_offered: list[str] = Field(description="canonical skill ids, then unmapped terms")
    skills_wanted: list[str] = Field(description="canonical skill ids, then unmapped terms")


class EmployeePage(Schema):
    items: list[EmployeeOut]
    next_cursor: str | None


Cell = str | int | float | bool | list[str] | dt.date | None


class EmployeeIn(Schema):
    """One employee as the directory import reads it: `employee_id` identifies them; a field
    left out keeps the stored value, `null` clears it (like "-" in a file)."""

    employee_id: str | int
    name: Cell = None
    email: Cell = None
    birth_date: Cell = None
    grade: Cell = None
    job_title: Cell = None
    department: Cell = None
    manager_id: Cell = None
    location: Cell = None
    timezone: Cell = None
    languages: Cell = None
    hire_date: Cell = None
    exit_date: Cell = None
    skills_offered: Cell = Field(None, description=(
        "skill ids, labels or synonyms (Indonesian or English): a list, or one text separated "
        "by |, ; or ,"))
    skills_wanted: Cell = Field(None, description="like skills_offered")


class UpsertIn(Schema):
    employees: list[EmployeeIn] = Field(min_length=1)


class UpsertWarning(Schema):
    row: int | None = Field(description="record i is row i + 2")
    column: str
    message: str


class UpsertOut(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int
    notices: list[str]
    warnings: list[UpsertWarning] = Field(
        description="not refusals: skill terms no skill answers to (kept as typed)")


# --- programs --------------------------------------------------------------------------------

class ProgramOut(Schema):
    id: int
    name: str
    status: str
    objective: str
    description: str
    enrollment_mode: str
    start_date: dt.date | None
    end_date: dt.date | None
    mentee_places: int | None
    mentor_places: int | None


class ProgramPage(Schema):
    items: list[ProgramOut]
    next_cursor: str | None


class ProgramIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    objective: Literal["digital_skills", "inclusion", "leadership", "retention", "insight",
                       "engagement", "other"]
    objective_other: str = Field("", max_length=200)
    description: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    mentee_places: int | None = Field(None, ge=0, le=100_000)
    mentor_places: int | None = Field(None, ge=0, le=100_000)


# --- enrollments -----------------------------------------------------------------------------

class EnrollmentOut(Schema):
    id: int
    program_id: int
    employee_id: str
    name: str
    role: str
    status: str
    source: str
    applied_at: dt.datetime
    decided_at: dt.datetime | None


class EnrollmentPage(Schema):
    items: list[EnrollmentOut]
    next_cursor: str | None


class EnrollmentIn(Schema):
    employee_id: str = Field(min_length=1, max_length=50)
    role: Literal["mentor", "mentee"]


class EnrollmentStateIn(Schema):
    action: Literal["approve", "reject", "remove"]
    reason: str = Field("", max_length=2000)


# --- pairs and meetings ----------------------------------------------------------------------

class Person(Schema):
    employee_id: str
    name: str


class PairOut(Schema):
    id: int
    program_id: int
    mentor: Person
    mentee: Person
    status: str
    source: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


class PairPage(Schema):
    items: list[PairOut]
    next_cursor: str | None


class MeetingOut(Schema):
    id: int
    pair_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    channel: str
    status: str
    outcome: str


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_cursor: str | None


class MeetingIn(Schema):
    date: dt.date = Field(description="local date in time_zone")
    time: dt.time = Field(description="local wall-clock time in time_zone")
    time_zone: str = Field("Asia/Jakarta", max_length=64)
    minutes: int | None = Field(None, ge=15, le=240)
    channel: str = Field("", max_length=20)
    location: str = Field("", max_length=300)


class MeetingConfirmIn(Schema):
    answer: Literal["held", "not_held", "rescheduled"]
    rating: int | None = Field(None, ge=1, le=5)
    comment: str = Field("", max_length=2000)


class CheckInOut(Schema):
    meeting_id: int
    role: str
    answer: str
    rating: int | None
    outcome: str


# --- outcomes --------------------------------------------------------------------------------

class VerdictOut(Schema):
    """The program report's verdict on the objective's measure (aggregates only)."""

    code: str = Field(description="met, not_met, inconclusive, insufficient_data or no_target")
    label: str
    measure: str
    headline: str
    details: list[str]
    conclusion: str
    target_line: str
    suppressed: bool = Field(description="the group is under the minimum size to report")
    n: int
    statistics: dict[str, float | int | str | None]


class OutcomeRowOut(Schema):
    label: str
    n: int | None
    mean_before: float | None
    mean_after: float | None
    suppressed: bool


class OutcomeOut(Schema):
    key: str
    label: str
    rows: list[OutcomeRowOut]


class OutcomesOut(Schema):
    program_id: int
    verdict: VerdictOut
    outcomes: list[OutcomeOut]

"""From the database to the engine's plain data, and back: snapshots and configuration.

A snapshot is a list of plain dicts, one per participant (the engine's `Participant` fields
plus the enrollment id). It is stored on the run, so replaying it gives the same result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings

from terbalik.matching.engine import MatchConfig, Participant, config_from_mapping
from terbalik.people.models import Employee
from terbalik.programs.intake import normalise_items
from terbalik.programs.models import Enrollment, ParticipantRole, Program
from terbalik.skills.normalise import SkillIndex
from terbalik.skills.selectors import skill_index

#: grades used when the directory has none: such a mentee has nobody below them and such a
#: mentor is above everybody, so a missing grade never makes a pair eligible
MISSING_MENTEE_GRADE = 0
MISSING_MENTOR_GRADE = 10_000
_FIELDS = ("skills", "interests", "languages", "avoid")


def capacity_of(enrollment: Enrollment) -> int:
    """How many mentees a mentor offered to take (at least one)."""
    try:
        value = int((enrollment.intake or {}).get("capacity") or 1)
    except (TypeError, ValueError):
        value = 1
    return max(1, value)


def config_mapping(program: Program, *, top: int = 3) -> dict[str, Any]:
    return {
        "weights": {
            "skill": float(program.weight_skill),
            "interest": float(program.weight_interest),
            "diversity": float(program.weight_diversity),
        },
        "seniority": program.seniority_rule,
        "min_score": 0.0,
        "top": top,
    }


#: what a run maximises after the number of matches: "total" score, or "fair" (the lowest
#: score first, then the total; `engine.fair`). Kept in the run's configuration mapping.
OBJECTIVES = ("total", "fair")


def config_of(mapping: dict[str, Any]) -> MatchConfig:
    return config_from_mapping({k: v for k, v in mapping.items() if k != "objective"})


def objective_of(mapping: dict[str, Any]) -> str:
    value = mapping.get("objective", "total")
    return value if value in OBJECTIVES else "total"


def _profile(enrollment: Enrollment, skills: SkillIndex) -> dict[str, list[str]]:
    """Intake answers, completed from intake surveys where the enrollment lacks a field.

    Skills and interests go through the taxonomy: canonical ids (answers stored before the
    taxonomy, and survey option values, map here too), then terms no skill answers to."""
    intake = dict(enrollment.intake or {})
    wanted = "skills_offered" if enrollment.role == ParticipantRole.MENTOR else "skills_wanted"
    keys = (wanted, "interests", "languages", "avoid")
    if any(not intake.get(k) for k in keys[:3]) and enrollment.user_id:
        from terbalik.surveys.services import survey_profile_values

        extra = survey_profile_values(user=enrollment.user)
        # the surveys' profile field for the skills a mentee wants has its own name
        if extra.get("skills_to_develop") and not extra.get("skills_wanted"):
            extra["skills_wanted"] = extra["skills_to_develop"]
        for key in keys:
            if not intake.get(key) and extra.get(key):
                intake[key] = extra[key]
    employee = enrollment.employee
    limit = settings.SKILLS_MAX_PER_PERSON
    # the directory's skills (the employee import) where neither intake form named any;
    # lists are cut at the limit every intake path enforces (older data may be longer)
    directory = getattr(employee, wanted, None) or []
    return {
        "skills": skills.canonical(intake.get(wanted) or directory)[:limit],
        "interests": skills.canonical(intake.get("interests") or [])[:limit],
        "languages": normalise_items(intake.get("languages") or employee.languages or []),
        "avoid": normalise_items(intake.get("avoid") or []),
    }


def _ancestors_map() -> dict[int, int | None]:
    return dict(Employee.objects.values_list("pk", "manager_id"))


def nearest_in(pk: Any, chain: dict[Any, Any], inside: set[Any]) -> Any:
    """The closest manager above `pk` who is in `inside` (the chain through others is kept)."""
    seen = {pk}
    current = chain.get(pk)
    while current is not None and current not in seen:
        if current in inside:
            return current
        seen.add(current)
        current = chain.get(current)
    return None


def build_snapshot(
    *, mentees: Iterable[Enrollment], mentors: Iterable[tuple[Enrollment, int]]
) -> list[dict[str, Any]]:
    """Engine rows for these mentees and mentors (each with its free capacity, >= 1)."""
    rows: list[tuple[Enrollment, int]] = [(e, 1) for e in mentees] + [
        (e, cap) for e, cap in mentors if cap >= 1
    ]
    chain = _ancestors_map()
    skills = skill_index()
    inside = {e.employee_id for e, _ in rows}
    by_pk = {e.employee_id: e.employee.employee_id for e, _ in rows}
    out: list[dict[str, Any]] = []
    for enrollment, capacity in rows:
        employee = enrollment.employee
        mentor = enrollment.role == ParticipantRole.MENTOR
        grade = employee.grade
        if grade is None:
            grade = MISSING_MENTOR_GRADE if mentor else MISSING_MENTEE_GRADE
        boss = nearest_in(employee.pk, chain, inside)
        out.append(
            {
                "enrollment": enrollment.pk,
                "employee_id": employee.employee_id,
                "role": enrollment.role,
                "grade": int(grade),
                "name": employee.full_name,
                "birth_date": employee.birth_date.isoformat() if employee.birth_date else None,
                "department": " ".join(employee.department.split()).casefold(),
                "manager_id": by_pk[boss] if boss is not None else "",
                "capacity": int(capacity),
                **_profile(enrollment, skills),
            }
        )
    return out


def pseudonymised(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows without names and with stand-in birth dates in the same order (issue 20).

    The engine never reads a name, and it only compares birth dates (who is younger), so
    replaying the pseudonymised rows gives the same result; employee ids stay (they order the
    engine's tie-breaks and link the result to the proposals)."""
    distinct = sorted({r["birth_date"] for r in rows if r.get("birth_date")})
    start = dt.date(1, 1, 1)
    stand_in = {v: (start + dt.timedelta(days=n)).isoformat() for n, v in enumerate(distinct)}
    return [
        {**row, "name": "", "birth_date": stand_in.get(row.get("birth_date") or "")}
        for row in rows
    ]


def pseudonymise_snapshots(program: Program) -> int:
    """Pseudonymise the stored snapshots of the program's finished runs (at publish)."""
    from .models import MatchRun, RunStatus

    runs = MatchRun.objects.filter(program=program).exclude(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exclude(snapshot=[])
    count = 0
    for run in runs.only("snapshot"):
        rows = pseudonymised(run.snapshot)
        if rows != run.snapshot:
            MatchRun.objects.filter(pk=run.pk).update(snapshot=rows)
            count += 1
    return count


def participant(row: dict[str, Any], **changes: Any) -> Participant:
    values = {**row, **changes}
    birth = values.get("birth_date")
    return Participant(
        employee_id=values["employee_id"],
        role=values["role"],
        grade=int(values["grade"]),
        name=values.get("name", ""),
        birth_date=dt.date.fromisoformat(birth) if isinstance(birth, str) else birth,
        department=values.get("department", ""),
        manager_id=values.get("manager_id", ""),
        skills=tuple(values.get("skills", ())),
        interests=tuple(values.get("interests", ())),
        languages=tuple(values.get("languages", ())),
        capacity=int(values.get("capacity", 1)),
        avoid=tuple(values.get("avoid", ())),
    )


def participants(snapshot: Sequence[dict[str, Any]]) -> list[Participant]:
    return [participant(row) for row in snapshot]


def details_of(pair: Any) -> dict[str, Any]:
    """A PairScore as JSON (for runs, proposals, requests and published pairs)."""
    return {
        "skill": pair.skill,
        "interest": pair.interest,
        "diversity": pair.diversity,
        "skills_taught": list(pair.skills_taught),
        "skills_wanted": pair.skills_wanted,
        "shared_interests": list(pair.shared_interests),
        "interests_listed": pair.interests_listed,
        "department_known": pair.department_known,
    }


def pair_score_of(mentor_id: str, score_micro: int, details: dict[str, Any]) -> Any:
    from terbalik.matching.engine import PairScore

    return PairScore(
        mentor_id=mentor_id,
        score_micro=int(score_micro),
        skill=float(details.get("skill", 0.0)),
        interest=float(details.get("interest", 0.0)),
        diversity=float(details.get("diversity", 0.0)),
        skills_taught=tuple(details.get("skills_taught", ())),
        skills_wanted=int(details.get("skills_wanted", 0)),
        shared_interests=tuple(details.get("shared_interests", ())),
        interests_listed=bool(details.get("interests_listed", False)),
        department_known=bool(details.get("department_known", False)),
    )

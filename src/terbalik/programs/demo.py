"""Demo programs for the demo company (`terbalik demo`): idempotent and deterministic.

- an open program on digital skills, recruiting, with approved, pending and waitlisted
  applications;
- an invitation-only program on customer and generational insight at the matching stage, with
  accepted (and a few declined) invitations.

People come from the demo directory (employee ids NMS1001…): mentors have grade 1–5, mentees
grade 8 or more. The employees behind the demo logins are left out so they can try applying.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from terbalik.accounts.models import User
from terbalik.people.models import Employee

from . import emails, services
from .eligibility import eligible_employees
from .models import EnrollmentStatus, ParticipantRole, Program, Status
from .services.invitations import ensure_account

OPEN_TEMPLATE = "digital_skills"
CLOSED_TEMPLATE = "insight"
START = dt.date(2027, 1, 11)

SKILLS = [
    "social media",
    "excel",
    "python",
    "data analysis",
    "video editing",
    "canva",
    "cloud storage",
    "online meetings",
    "generative ai",
    "cyber security",
]
INTERESTS = ["music", "football", "cooking", "travel", "photography", "reading", "gaming"]
#: the same skills as mentees type them in Indonesian (with the loanwords people use): the
#: skills taxonomy maps "analisis data" and the mentor's "data analysis" to one id, so an
#: Indonesian mentee and an English-speaking mentor meet on it
SKILLS_ID = [
    "medsos",
    "rumus excel",
    "pemrograman python",
    "analisis data",
    "edit video",
    "canva",
    "penyimpanan cloud",
    "rapat daring",
    "AI generatif",
    "keamanan siber",
]
INTERESTS_ID = [
    "musik", "sepak bola", "masak", "jalan-jalan", "fotografi", "baca buku", "main game",
]



def _intake(role: str, n: int, employee: Employee) -> dict[str, object]:
    mentor = role == ParticipantRole.MENTOR
    words, hobbies = (SKILLS, INTERESTS) if mentor else (SKILLS_ID, INTERESTS_ID)
    skills = [words[n % len(words)], words[(n * 3 + 1) % len(words)]]
    base: dict[str, object] = {
        "interests": [hobbies[n % len(hobbies)]],
        "languages": employee.languages or ["id"],
        "channels": ["in_person", "chat"] if n % 2 else ["video"],
    }
    if mentor:
        return {**base, "skills_offered": skills, "capacity": 1 + n % 2}
    return {**base, "skills_wanted": skills, "capacity": 1}


def _pool(program: Program, role: str, skip: set[int]) -> list[Employee]:
    qs = eligible_employees(program=program, role=role).exclude(pk__in=skip)
    if role == ParticipantRole.MENTOR:
        qs = qs.filter(grade__gte=1, grade__lte=5)
    else:
        qs = qs.filter(grade__gte=8, grade__lte=11)
    return list(qs.order_by("employee_id"))


def _demo_login_employees() -> set[int]:
    return set(
        User.objects.exclude(employee=None)
        .filter(email__regex=r"^(hr|mentor|mentee|sponsor|admin)@")
        .values_list("employee_id", flat=True)
    )


def _existing(hr_user: User, template: str) -> Program | None:
    return Program.objects.filter(template_key=template, owners=hr_user).order_by("id").first()


def _build_open(hr_user: User, skip: set[int]) -> Program:
    program = services.program_create_from_template(
        by=hr_user, template_key=OPEN_TEMPLATE, language="id", start=START
    )
    program = services.program_update(
        program=program,
        by=hr_user,
        changes={"mentee_places": 8, "mentor_places": 10, "mentor_grade_min": 1},
    )
    program = services.program_transition(program=program, to=Status.RECRUITING, by=hr_user)
    mentors = _pool(program, ParticipantRole.MENTOR, skip)[:7]
    mentees = _pool(program, ParticipantRole.MENTEE, skip)[:10]
    for role, people, approve in (
        (ParticipantRole.MENTOR, mentors, 5),
        (ParticipantRole.MENTEE, mentees, 5),
    ):
        for n, employee in enumerate(people):
            enrollment = services.enrollment_apply(
                program=program,
                user=ensure_account(employee),
                role=role,
                intake=_intake(role, n, employee),
                commitment_accepted=True,
            )
            if n < approve and enrollment.status == EnrollmentStatus.PENDING:
                services.enrollment_approve(enrollment=enrollment, by=hr_user)
    return program


def _build_closed(hr_user: User, skip: set[int]) -> Program:
    program = services.program_create_from_template(
        by=hr_user, template_key=CLOSED_TEMPLATE, language="id", start=START
    )
    program = services.program_update(
        program=program,
        by=hr_user,
        changes={"enrollment_mode": "closed", "mentee_places": 6, "mentor_places": 6},
    )
    program = services.program_transition(program=program, to=Status.RECRUITING, by=hr_user)
    for role in (ParticipantRole.MENTOR, ParticipantRole.MENTEE):
        # a different slice of the directory than the open program
        people = _pool(program, role, skip)[-7:]
        result = services.invitation_send(program=program, employees=people, role=role, by=hr_user)
        for n, invitation in enumerate(result.sent):
            user = ensure_account(invitation.employee)
            if n == len(result.sent) - 1:
                services.invitation_decline(invitation=invitation, user=user)
                continue
            services.invitation_accept(
                invitation=invitation,
                user=user,
                intake=_intake(role, n + 3, invitation.employee),
                commitment_accepted=True,
            )
    program = services.program_transition(program=program, to=Status.MATCHING, by=hr_user)
    return program


def build_demo_programs(*, hr_user: User) -> list[Program]:
    """Create the two demo programs once; a second call changes nothing."""
    programs: list[Program] = []
    with emails.muted(), transaction.atomic():
        skip = _demo_login_employees()
        for template, build in ((OPEN_TEMPLATE, _build_open), (CLOSED_TEMPLATE, _build_closed)):
            program = _existing(hr_user, template)
            if program is None:
                program = build(hr_user, skip)
            programs.append(program)
    return programs

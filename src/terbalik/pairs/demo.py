"""An active demo program with pairs in every health state (`terbalik demo`).

`build_demo_pairs(hr_user=...)` is idempotent and deterministic: all dates are offsets from a
reference moment (default: the start of the current hour), so the same health states come out
on every build. The pair of the `mentor@` and `mentee@` demo logins is on track, so a demo user
sees a live workspace. Program, enrollments, pairs, launch and agreements go through services;
past meetings, check-ins and goal history (which services only accept in the present) are
written directly, then health is computed through the service. E-mails are not sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from terbalik.accounts.models import User
from terbalik.notify import emails as notify_emails
from terbalik.people.models import Employee
from terbalik.programs import emails as program_emails
from terbalik.programs import services as program_services
from terbalik.programs.eligibility import eligible_employees
from terbalik.programs.models import EnrollmentStatus, ParticipantRole, Program, Status
from terbalik.programs.services.invitations import ensure_account

from . import services
from .models import (
    CheckIn,
    Goal,
    GoalProgress,
    Meeting,
    MeetingStatus,
    Note,
    Pair,
    TrainingResult,
)
from .services.meetings import outcome_of

TEMPLATE = "leadership"
STARTED_DAYS_AGO = 35
INTAKE = {"interests": ["reading"], "languages": ["id"], "channels": ["video"]}
#: skills in each side's own words: the Indonesian-speaking mentee types Indonesian, the
#: mentor English; the taxonomy maps both to the same ids (data-analysis, social-media, ...)
SKILLS_TYPED = {
    "mentee": {"skills_wanted": "analisis data, medsos, AI generatif"},
    "mentor": {"skills_offered": "data analysis, social media, generative AI",
               "languages": ["id", "en"]},
}


@dataclass
class Spec:
    """One demo pair: past meetings as (days ago, mentor answer, mentee answer, ratings)."""

    cadence: str
    started_days_ago: int
    past: list[tuple[int, str, str, tuple[int, ...]]] = field(default_factory=list)
    upcoming_days: list[int] = field(default_factory=list)
    goal_due_days: int = 45
    goal_progress: tuple[int, ...] = ()
    accepted: bool = True


H, N = "held", "not_held"
SPECS = [
    # 0: the demo logins — on track, weekly, meeting every week
    Spec("weekly", 35, [(28, H, H, (4, 5)), (21, H, H, (5, 5)), (14, H, H, (4, 4)),
                        (7, H, H, (5, 4))], [2, 9, 16], 45, (1, 2)),
    # 1: on track, every two weeks
    Spec("biweekly", 35, [(24, H, H, (4, 4)), (10, H, H, (5, 4))], [4], 60, (1,)),
    # 2: at risk: one-sided confirmation and low ratings
    Spec("weekly", 35, [(21, H, H, (2, 2)), (14, H, H, (2, 3)), (7, H, "", (3,))], [], 50),
    # 3: at risk: no meeting for 20 days (weekly) and an overdue goal
    Spec("weekly", 35, [(27, H, H, (4, 4)), (20, H, H, (4, 3))], [], -3),
    # 4: inactive: nothing held for more than four weeks, check-ins unanswered
    Spec("weekly", 35, [(33, H, H, (3, 4)), (26, "", "", ()), (19, "", "", ())], [], 40),
    # 5: on track: just started, the agreement waits for the mentee
    Spec("weekly", 5, [], [3], 80, (), accepted=False),
]



def _login_employee(prefix: str) -> Employee | None:
    user = User.objects.filter(email__startswith=f"{prefix}@").exclude(employee=None).first()
    return user.employee if user else None


def _people(program: Program) -> tuple[list[Employee], list[Employee]]:
    taken = set(
        Employee.objects.filter(program_enrollments__isnull=False).values_list("pk", flat=True)
    ) | set(
        User.objects.exclude(employee=None)
        .filter(email__regex=r"^(hr|mentor|mentee|sponsor|admin)@")
        .values_list("employee_id", flat=True)
    )

    def pool(role: str, low: int, high: int) -> list[Employee]:
        return list(
            eligible_employees(program=program, role=role).exclude(pk__in=taken)
            .filter(grade__gte=low, grade__lte=high).order_by("-employee_id")
        )

    mentors = pool(ParticipantRole.MENTOR, 1, 5)[: len(SPECS) - 1]
    mentees = pool(ParticipantRole.MENTEE, 8, 12)[: len(SPECS) - 1]
    login_mentor, login_mentee = _login_employee("mentor"), _login_employee("mentee")
    if login_mentor is not None and login_mentee is not None:
        return [login_mentor, *mentors], [login_mentee, *mentees]
    return mentors, mentees


def _existing(hr_user: Any) -> Program | None:
    return (
        Program.objects.filter(template_key=TEMPLATE, owners=hr_user, pairs__isnull=False)
        .order_by("id").first()
    )


def _enroll(program: Program, employee: Employee, role: str, hr_user: Any) -> Any:
    enrollment = program_services.enrollment_apply(
        program=program, user=ensure_account(employee), role=role,
        intake={**INTAKE, **SKILLS_TYPED.get(str(role), {})},
        commitment_accepted=True,
    )
    if enrollment.status == EnrollmentStatus.PENDING:
        enrollment = program_services.enrollment_approve(enrollment=enrollment, by=hr_user)
    return enrollment


def _history(pair: Pair, spec: Spec, n: int, reference: dt.datetime, hr_user: Any) -> None:
    mentor, mentee = services.common.user_of(pair.mentor), services.common.user_of(pair.mentee)
    started = reference - dt.timedelta(days=spec.started_days_ago)
    Pair.objects.filter(pk=pair.pk).update(started_at=started)
    pair.started_at = started
    for enrollment in (pair.mentor, pair.mentee):
        TrainingResult.objects.get_or_create(
            enrollment=enrollment,
            defaults={"score": 5, "attempts": 1, "answers": {},
                      "completed_at": started + dt.timedelta(days=1)},
        )
    agreement = services.agreement_update(
        pair=pair, by=mentor, channels=["video", "chat"], cadence=spec.cadence,
        session_minutes=45 if spec.cadence == "weekly" else 60,
        touchpoint="weekly" if spec.cadence != "weekly" else "none",
        touchpoint_note="Pesan singkat setiap Jumat" if spec.cadence != "weekly" else "",
        expectations="Datang tepat waktu, saling memberi umpan balik jujur.",
    )
    services.agreement_accept(pair=pair, by=mentor, version=agreement.version)
    if spec.accepted:
        services.agreement_accept(pair=pair, by=mentee, version=agreement.version)
    hour = dt.time(3, 0)  # 10:00 in Jakarta
    meetings: list[tuple[int, Any]] = [(-d, (a, b, r)) for d, a, b, r in spec.past]
    meetings += [(d, None) for d in spec.upcoming_days]
    for days, answers in meetings:
        start = dt.datetime.combine((reference + dt.timedelta(days=days)).date(), hour,
                                    tzinfo=dt.UTC)
        meeting = Meeting.objects.create(
            pair=pair, uid=f"demo-{pair.pk}-{days}@terbalik", starts_at=start,
            ends_at=start + dt.timedelta(minutes=45), time_zone="Asia/Jakarta",
            channel="video", location="https://meet.example/terbalik", created_by=mentor,
            updated_at=started, status=MeetingStatus.SCHEDULED,
        )
        if answers is None:
            continue
        mentor_answer, mentee_answer, ratings = answers
        given = []
        for role, user, answer, rating in (
            ("mentor", mentor, mentor_answer, ratings[0] if ratings else None),
            ("mentee", mentee, mentee_answer, ratings[1] if len(ratings) > 1 else None),
        ):
            if not answer:
                continue
            CheckIn.objects.create(meeting=meeting, role=role, user=user, answer=answer,
                                   rating=rating, at=start + dt.timedelta(hours=2))
            given.append(answer)
        meeting.outcome = outcome_of(given)
        meeting.save(update_fields=["outcome"])
    created = started + dt.timedelta(days=3)
    goal = Goal.objects.create(
        pair=pair,
        statement="Memimpin rapat tim mingguan dengan agenda tertulis dan ringkasan tindak lanjut",
        target_value=Decimal("6"), unit="rapat", baseline_value=0, current_value=0,
        achievable="Satu rapat per minggu, didampingi mentee.",
        relevance="Melatih kepemimpinan mentor dan efisiensi rapat tim.",
        due_date=(reference + dt.timedelta(days=spec.goal_due_days)).date(),
        created_by=mentee, created_at=created, last_progress_at=created,
    )
    for k, value in enumerate(spec.goal_progress, start=1):
        at = created + dt.timedelta(days=7 * k)
        GoalProgress.objects.create(goal=goal, value=value, by=mentor, at=at)
        Goal.objects.filter(pk=goal.pk).update(current_value=value, last_progress_at=at)
    if n == 0:
        Note.objects.create(pair=pair, author=mentee, created_at=started + dt.timedelta(days=8),
                            body="Coba gunakan templat agenda bersama sebelum rapat berikutnya.")
    services.pair_health_recompute(pair=pair, now=reference)


def build_demo_pairs(*, hr_user: Any, reference: dt.datetime | None = None) -> Program:
    """Create the running demo program once; a second call changes nothing."""
    existing = _existing(hr_user)
    if existing is not None:
        return existing
    reference = reference or timezone.now().replace(minute=0, second=0, microsecond=0)
    start = (reference - dt.timedelta(days=STARTED_DAYS_AGO)).date()
    with notify_emails.muted(), program_emails.muted(), transaction.atomic():
        program = program_services.program_create_from_template(
            by=hr_user, template_key=TEMPLATE, language="id", start=start
        )
        program = program_services.program_update(
            program=program, by=hr_user,
            changes={"mentee_places": len(SPECS), "mentor_places": len(SPECS),
                     "mentor_grade_min": 1, "cadence": "weekly"},
        )
        program = program_services.program_transition(
            program=program, to=Status.RECRUITING, by=hr_user
        )
        mentors, mentees = _people(program)
        count = min(len(mentors), len(mentees), len(SPECS))
        pairs_made = []
        for n in range(count):
            mentor = _enroll(program, mentors[n], ParticipantRole.MENTOR, hr_user)
            mentee = _enroll(program, mentees[n], ParticipantRole.MENTEE, hr_user)
            pairs_made.append((mentor, mentee))
        program = program_services.program_transition(
            program=program, to=Status.MATCHING, by=hr_user
        )
        pairs = [
            services.pair_create(program=program, mentor=mentor, mentee=mentee, by=hr_user)
            for mentor, mentee in pairs_made
        ]
        services.program_launch(
            program=program, by=hr_user, kickoff_place="Aula lantai 3 / Zoom",
            kickoff_at=dt.datetime.combine(start, dt.time(2, 0), tzinfo=dt.UTC),
        )
        for n, pair in enumerate(pairs):
            pair = Pair.objects.select_related(
                "program", "mentor__employee__user", "mentee__employee__user",
                "mentor__user", "mentee__user",
            ).get(pk=pair.pk)
            _history(pair, SPECS[n], n, reference, hr_user)
    program.refresh_from_db()
    return program

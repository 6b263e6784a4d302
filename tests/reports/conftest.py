"""Fixtures for the reports tests: programs with pairs, meetings and linked sendings."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import timezone

from terbalik.accounts.models import Role
from terbalik.pairs.models import (
    CheckIn,
    Goal,
    GoalStatus,
    Health,
    Meeting,
    MeetingOutcome,
    Pair,
    PairStatus,
    TrainingResult,
)
from terbalik.programs.models import (
    Enrollment,
    EnrollmentStatus,
    MeasurementItem,
    MeasurementPhase,
    ParticipantRole,
    Program,
    Status,
)
from terbalik.reports import services as report_services
from terbalik.surveys import services as survey_services
from terbalik.surveys.answering import response_record
from terbalik.surveys.models import Kind, Phase, QuestionType, Survey
from terbalik.surveys.services import QuestionData

from ..factories import EmployeeFactory, UserFactory
from ..programs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _send_mail_now,
    make_program,
    program_fields,
)

_seq = itertools.count(1)
START = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)  # a Monday, 10:00 in Jakarta


def add_pairs(program: Program, n: int, *, department: str = "Pemasaran",
              status: str = PairStatus.ACTIVE, health: str = Health.ON_TRACK,
              started: dt.datetime = START) -> list[Pair]:
    """n pairs of fresh employees, written directly (bulk) — read-side tests only."""
    employees = []
    for role_grade in (2, 10):
        for _i in range(n):
            k = next(_seq)
            employees.append(EmployeeFactory.build(
                employee_id=f"R{k:06d}", email=f"r{k}@example.co.id", grade=role_grade,
                department=department, hire_date=dt.date(2024, 1, 1),
            ))
    from terbalik.people.models import Department, Employee, name_key

    # bulk_create skips Employee.save(), which creates the department record
    Department.objects.get_or_create(name=department, defaults={"key": name_key(department)})
    Employee.objects.bulk_create(employees)
    mentors, mentees = employees[:n], employees[n:]
    enrollments = [
        Enrollment(program=program, employee=e, role=role, status=EnrollmentStatus.APPROVED,
                   applied_at=started - dt.timedelta(days=30))
        for group, role in ((mentors, ParticipantRole.MENTOR), (mentees, ParticipantRole.MENTEE))
        for e in group
    ]
    Enrollment.objects.bulk_create(enrollments)
    enrollments = list(Enrollment.objects.filter(program=program, employee__in=employees)
                       .order_by("role", "employee__employee_id"))
    by_employee = {e.employee_id: e for e in enrollments}
    pairs = [
        Pair(program=program, mentor=by_employee[m.pk], mentee=by_employee[t.pk],
             status=status, source="manual", started_at=started, health=health)
        for m, t in zip(mentors, mentees, strict=True)
    ]
    Pair.objects.bulk_create(pairs)
    return list(Pair.objects.filter(program=program, mentor__employee__in=mentors))


def add_meetings(pairs: list[Pair], weeks: int, *, held_every: int = 1,
                 ratings: tuple[int, int] | None = (4, 5)) -> None:
    """One meeting per pair per week from START; every `held_every`-th one held."""
    meetings = []
    for pair in pairs:
        for w in range(weeks):
            start = START + dt.timedelta(weeks=w)
            held = w % held_every == 0
            meetings.append(Meeting(
                pair=pair, uid=f"t-{pair.pk}-{w}-{next(_seq)}@terbalik", starts_at=start,
                ends_at=start + dt.timedelta(hours=1), time_zone="Asia/Jakarta",
                outcome=MeetingOutcome.HELD if held else MeetingOutcome.PENDING,
                updated_at=start,
            ))
    Meeting.objects.bulk_create(meetings)
    if ratings:
        checkins = [
            CheckIn(meeting=m, role=role, answer="held", rating=r, at=m.starts_at)
            for m in Meeting.objects.filter(pair__in=pairs, outcome=MeetingOutcome.HELD)
            for role, r in (("mentor", ratings[0]), ("mentee", ratings[1]))
        ]
        CheckIn.objects.bulk_create(checkins)


def add_goals(pairs: list[Pair], *, achieved_every: int = 2) -> None:
    Goal.objects.bulk_create([
        Goal(pair=p, statement=f"Goal {i}", target_value=5, unit="x", achievable="a",
             relevance="r", due_date=dt.date(2026, 6, 1),
             status=GoalStatus.ACHIEVED if i % achieved_every == 0 else GoalStatus.OPEN,
             created_at=START, last_progress_at=START)
        for i, p in enumerate(pairs)
    ])


def add_training(pairs: list[Pair], every: int = 1) -> None:
    TrainingResult.objects.bulk_create([
        TrainingResult(enrollment_id=e, score=5, attempts=1, completed_at=START)
        for i, p in enumerate(pairs) if i % every == 0 for e in (p.mentor_id, p.mentee_id)
    ])


@pytest.fixture
def en(client):
    """A test client that asks for English pages."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def report_program(make_program):  # noqa: F811
    """An active digital-skills program (target +20 %) measured before and after."""
    program = make_program(status=Status.ACTIVE)
    MeasurementItem.objects.create(program=program, template_key="digital_literacy",
                                   phase=MeasurementPhase.AFTER, position=1)
    return program


@pytest.fixture
def sponsor(db, report_program, hr_user):
    user = UserFactory(role=Role.SPONSOR, email="sponsor-r@example.co.id")
    report_services.sponsor_assign(program=report_program, user=user, by=hr_user)
    return user


def _opt(value: str, label: str, correct: bool = False) -> dict[str, Any]:
    return {"value": value, "label": {"id": label, "en": label}, "correct": correct}


@pytest.fixture
def make_quiz(hr_user):
    """A two-question test (2 points each) counted as a copy of the digital-literacy test."""

    def make() -> Survey:
        survey = survey_services.survey_create(
            by=hr_user, title={"id": "Kuis", "en": "Quiz"}, kind=Kind.TEST
        )
        for text in ("Q1", "Q2"):
            survey_services.question_add(survey=survey, by=hr_user, data=QuestionData(
                type=QuestionType.TEST, text={"id": text, "en": text}, points=2,
                options=[_opt("a", "right", True), _opt("b", "wrong")],
            ))
        template = Survey.objects.get(template_key="digital-literacy-test")
        Survey.objects.filter(pk=survey.pk).update(copied_from=template)
        survey.refresh_from_db()
        return survey

    return make


def score_answers(survey: Survey, percent: int) -> dict[int, str]:
    """Answers worth 0, 50 or 100 % of the points."""
    questions = list(survey.versions.first().questions.order_by("position"))
    right = {0: 0, 50: 1, 100: 2}[percent]
    return {q.pk: ("a" if i < right else "b") for i, q in enumerate(questions)}


@pytest.fixture
def pre_post_sendings(make_quiz, hr_user):
    """Pre and post sendings of the quiz linked to a program, with given scores per person."""

    def make(program: Program, before: list[int], after: list[int]):
        survey = make_quiz()
        users = [UserFactory(role=Role.PARTICIPANT) for _b in before]
        opens = timezone.now() - dt.timedelta(days=60)
        pre = survey_services.survey_instance_create(
            survey=survey, by=hr_user, title="pre", opens_at=opens,
            closes_at=opens + dt.timedelta(days=10), phase=Phase.PRE, program_id=program.pk)
        post = survey_services.survey_instance_create(
            survey=survey, by=hr_user, title="post", opens_at=opens + dt.timedelta(days=30),
            closes_at=opens + dt.timedelta(days=40), phase=Phase.POST, pre_instance=pre,
            program_id=program.pk)
        for instance, scores in ((pre, before), (post, after)):
            survey_services.survey_instance_add_recipients(instance=instance, users=users,
                                                           by=hr_user)
            for user, score in zip(users, scores, strict=True):
                if score is None:
                    continue
                response_record(instance=instance, user=user,
                                answers=score_answers(survey, score),
                                submitted_at=instance.opens_at + dt.timedelta(days=1))
        return pre, post

    return make

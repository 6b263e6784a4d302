"""The demo's finished program: a completed digital-skills program with a full report.

`build_demo_reports(*, hr_user)` is idempotent and deterministic. Call it after
`build_demo_surveys(hr_user=...)`: the program's mentees are the senior employees who took the
demo's pre/post digital-literacy test and confidence survey (June and October 2026).

Program, enrollments, pairs, launch, the end of each pair and the program's lifecycle go
through services; the demo's pre/post sendings are linked to the program with
`survey_instance_link_program`. Past meetings, check-ins and goals (which
services only accept in the present) are written directly, as in `pairs.demo`. The demo
sponsor login (`sponsor@…`) is assigned to every demo program. E-mails are not sent.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from terbalik.accounts.models import Role, User
from terbalik.notify import emails as notify_emails
from terbalik.pairs import services as pair_services
from terbalik.pairs.models import (
    CheckIn,
    Goal,
    GoalStatus,
    Meeting,
    MeetingOutcome,
    Pair,
    PairStatus,
    TrainingResult,
)
from terbalik.programs import emails as program_emails
from terbalik.programs import services as program_services
from terbalik.programs.eligibility import eligible_employees
from terbalik.programs.models import EnrollmentStatus, ParticipantRole, Program, Status
from terbalik.programs.services.invitations import ensure_account
from terbalik.surveys import services as survey_services
from terbalik.surveys.answering import response_record
from terbalik.surveys.models import Survey, SurveyInstance

from . import services

NAME = "Literasi Digital Pimpinan 2026"
SEED = 20261128
JAKARTA = ZoneInfo("Asia/Jakarta")
START = dt.date(2026, 6, 16)
WEEKS = 15
EVAL_OPENS = dt.datetime(2026, 10, 16, 8, 0, tzinfo=JAKARTA)
EVAL_CLOSES = dt.datetime(2026, 10, 30, 17, 0, tzinfo=JAKARTA)
WORKED = [
    "Sesi praktik langsung dengan spreadsheet bersama sangat membantu.",
    "Mentor menjelaskan media sosial dengan sabar dan contoh nyata.",
    "Jadwal mingguan membuat kami konsisten.",
]
DID_NOT_WORK = [
    "Beberapa pertemuan bentrok dengan rapat direksi.",
    "Waktu satu jam kadang terlalu singkat.",
]


#: what pairs write when they confirm a meeting (the feedback page groups them by theme)
SESSION_COMMENTS = [
    "Belajar membuat dasbor di spreadsheet, sangat bermanfaat.",
    "Jadwal bentrok dengan rapat direksi, kami pindah ke Jumat.",
    "Diskusi terbuka soal cara generasi muda memakai media sosial.",
    "Waktu satu jam terlalu singkat untuk latihan ChatGPT.",
    "Mentor saya sabar dan jelas menjelaskan aplikasi baru.",
    "Kami bahas perspektif pelanggan Gen Z, menarik sekali.",
    "Koneksi Zoom putus-putus, lebih baik tatap muka.",
    "Great session on prompt writing, very helpful.",
    "Still a bit confusing how the data dashboard refreshes.",
]


def _demo_sending(hr_user: Any, title: str) -> SurveyInstance | None:
    return SurveyInstance.objects.filter(created_by=hr_user, title=title).first()


def _link(sendings: list[SurveyInstance | None], program: Program, hr_user: Any) -> None:
    """The survey demo's pre/post sendings measured this program's mentees: link them."""
    for sending in sendings:
        if sending is not None:
            survey_services.survey_instance_link_program(
                instance=sending, program_id=program.pk, by=hr_user
            )


def _enroll(program: Program, user: User, role: str, hr_user: Any) -> Any:
    try:
        enrollment = program_services.enrollment_apply(
            program=program, user=user, role=role, commitment_accepted=True,
            intake={"interests": ["teknologi"], "languages": ["id"], "channels": ["video"]},
        )
    except Exception:  # noqa: BLE001 - not eligible for this program: leave the person out
        return None
    if enrollment.status == EnrollmentStatus.PENDING:
        enrollment = program_services.enrollment_approve(enrollment=enrollment, by=hr_user)
    return enrollment if enrollment.status == EnrollmentStatus.APPROVED else None


def _history(pair: Pair, rng: random.Random, started: dt.datetime,
             talk: random.Random) -> None:
    """A pair's weeks; `talk` picks the comments (its own stream: `rng`'s draws, and so the
    demo's hand-checked figures, stay as they were)."""
    Pair.objects.filter(pk=pair.pk).update(started_at=started)
    for enrollment in (pair.mentor, pair.mentee):
        TrainingResult.objects.get_or_create(enrollment=enrollment, defaults={
            "score": 5, "attempts": 1, "completed_at": started + dt.timedelta(days=2)})
    engagement = rng.random()
    for week in range(WEEKS):
        start = started + dt.timedelta(weeks=week, days=1)
        held = rng.random() < 0.6 + 0.35 * engagement
        meeting = Meeting.objects.create(
            pair=pair, uid=f"demo-report-{pair.pk}-{week}@terbalik", starts_at=start,
            ends_at=start + dt.timedelta(hours=1), time_zone="Asia/Jakarta", channel="video",
            updated_at=start,
            outcome=MeetingOutcome.HELD if held else MeetingOutcome.NOT_HELD,
        )
        answer = "held" if held else "not_held"
        for role in ("mentor", "mentee"):
            rating = max(1, min(5, round(3.4 + engagement + rng.gauss(0, 0.7)))) if held else None
            comment = talk.choice(SESSION_COMMENTS) if talk.random() < 0.3 else ""
            CheckIn.objects.create(meeting=meeting, role=role, answer=answer, rating=rating,
                                   comment=comment, at=start + dt.timedelta(hours=3))
    achieved = rng.random() < 0.7
    created = started + dt.timedelta(days=10)
    Goal.objects.create(
        pair=pair, statement="Membuat dasbor penjualan sendiri di spreadsheet bersama",
        target_value=Decimal("1"), unit="dasbor", baseline_value=0,
        current_value=Decimal("1") if achieved else 0, achievable="Latihan mingguan.",
        relevance="Keputusan berbasis data.", due_date=START + dt.timedelta(weeks=WEEKS),
        status=GoalStatus.ACHIEVED if achieved else GoalStatus.OPEN, created_at=created,
        last_progress_at=created, achieved_at=created + dt.timedelta(weeks=8) if achieved
        else None,
    )


def _evaluation(program: Program, hr_user: Any, users: list[User], rng: random.Random) -> None:
    template = Survey.objects.get(template_key="program-evaluation")
    instance = survey_services.survey_instance_create(
        survey=template, by=hr_user, title=f"Evaluasi akhir – {NAME}", opens_at=EVAL_OPENS,
        closes_at=EVAL_CLOSES, program_id=program.pk,
    )
    survey_services.survey_instance_add_recipients(instance=instance, users=users, by=hr_user)
    questions = {q.key: q for q in instance.version.questions.all()}
    for n, user in enumerate(users):
        if n % 9 == 4:
            continue  # a few never answer
        answers = {
            questions["overall"].pk: rng.choice([3, 4, 4, 5, 5]),
            questions["nps"].pk: rng.choice([6, 7, 8, 9, 9, 10, 10, 8]),
            questions["worked"].pk: rng.choice(WORKED),
            questions["did-not-work"].pk: rng.choice(DID_NOT_WORK),
            questions["continue"].pk: rng.choice(["yes", "yes", "maybe"]),
        }
        response_record(instance=instance, user=user, answers=answers,
                        submitted_at=EVAL_OPENS + dt.timedelta(days=1 + n % 10))


def _assign_sponsor(hr_user: Any) -> None:
    sponsor = User.objects.filter(email__startswith="sponsor@", role=Role.SPONSOR).first()
    if sponsor is None:
        return
    for program in Program.objects.filter(owners=hr_user):
        services.sponsor_assign(program=program, user=sponsor, by=hr_user)


def build_demo_reports(*, hr_user: Any) -> Program | None:
    """Create the finished program once (None when the survey demo is missing)."""
    existing = Program.objects.filter(name=NAME, owners=hr_user).first()
    if existing is not None:
        _assign_sponsor(hr_user)
        return existing
    pre_test = _demo_sending(hr_user, "Tes literasi digital – sebelum program")
    post_test = _demo_sending(hr_user, "Tes literasi digital – sesudah program")
    pre_conf = _demo_sending(hr_user, "Kepercayaan diri – sebelum program")
    post_conf = _demo_sending(hr_user, "Kepercayaan diri – sesudah program")
    if not (pre_test and post_test):
        return None
    rng = random.Random(SEED)
    talk = random.Random(SEED + 1)
    with notify_emails.muted(), program_emails.muted(), transaction.atomic():
        program = program_services.program_create_from_template(
            by=hr_user, template_key="digital_skills", language="id", start=START)
        seniors = list(User.objects.filter(survey_recipient_links__instance=pre_test)
                       .select_related("employee").order_by("email"))
        program = program_services.program_update(program=program, by=hr_user, changes={
            "name": NAME, "mentee_places": len(seniors), "mentor_places": len(seniors),
            "mentor_grade_min": 1, "cadence": "weekly", "manager_approval": False})
        program = program_services.program_transition(program=program, to=Status.RECRUITING,
                                                      by=hr_user)
        mentees = [e for e in (_enroll(program, u, ParticipantRole.MENTEE, hr_user)
                               for u in seniors) if e is not None]
        taken = set(User.objects.filter(email__regex=r"^(hr|mentor|mentee|sponsor|admin)@")
                    .exclude(employee=None).values_list("employee_id", flat=True))
        pool = (eligible_employees(program=program, role=ParticipantRole.MENTOR)
                .exclude(pk__in=taken).filter(grade__lte=5).order_by("employee_id"))
        mentors = []
        for employee in pool:
            if len(mentors) >= len(mentees):
                break
            enrollment = _enroll(program, ensure_account(employee), ParticipantRole.MENTOR, hr_user)
            if enrollment is not None:
                mentors.append(enrollment)
        program = program_services.program_transition(program=program, to=Status.MATCHING,
                                                      by=hr_user)
        pairs = [pair_services.pair_create(program=program, mentor=m, mentee=t, by=hr_user)
                 for m, t in zip(mentors, mentees, strict=False)]
        started = dt.datetime.combine(START, dt.time(10, 0), tzinfo=JAKARTA)
        pair_services.program_launch(program=program, by=hr_user, kickoff_at=started,
                                     kickoff_place="Aula lantai 3 / Zoom")
        for pair in pairs:
            _history(pair, rng, started, talk)
            pair_services.pair_end(pair=pair, by=hr_user, status=PairStatus.COMPLETED,
                                   reason="term ended")
        ended = dt.datetime.combine(START + dt.timedelta(weeks=WEEKS), dt.time(17, 0),
                                    tzinfo=JAKARTA)
        Pair.objects.filter(program=program).update(ended_at=ended)
        _link([pre_test, post_test, pre_conf, post_conf], program, hr_user)
        members = [u for p in Pair.objects.filter(program=program).select_related(
            "mentor__user", "mentee__user") for u in (p.mentor.user, p.mentee.user) if u]
        _evaluation(program, hr_user, members, rng)
        program = program_services.program_transition(program=program, to=Status.CLOSING,
                                                      by=hr_user)
        program = program_services.program_set_closing_summary(
            program=program, by=hr_user,
            summary="Skor tes literasi digital pimpinan naik sekitar 15 %, tetapi selang "
                    "kepercayaannya masih mencakup target 20 %: hasilnya belum dapat "
                    "disimpulkan, dan tanpa kelompok pembanding kenaikan itu belum tentu "
                    "disebabkan oleh program. Tahun depan: lebih banyak peserta dan jadwal "
                    "pertemuan yang lebih fleksibel.")
        program = program_services.program_transition(program=program, to=Status.COMPLETED,
                                                      by=hr_user)
    _assign_sponsor(hr_user)
    return program

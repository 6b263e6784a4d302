"""Demo data: a finished pre/post digital-literacy test and confidence survey, and a mentee
intake answered with skills picked in the skills list (canonical skill ids).

`build_demo_surveys(hr_user=...)` is idempotent and deterministic (fixed seed, fixed dates):
about 40 senior employees (grade 8 and up) take the test and the survey in June 2026 (before)
and again in October 2026 (after). Post scores are on average about 15 % higher, some
people do not improve, and a few never answer.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from terbalik.accounts.models import Role, User
from terbalik.accounts.services import user_create
from terbalik.people.models import Employee

from . import services
from .models import Phase, Question, QuestionType, Survey, SurveyInstance

SEED = 20261004
PEOPLE = 40
JAKARTA = ZoneInfo("Asia/Jakarta")
PRE_OPENS = datetime(2026, 6, 1, 8, 0, tzinfo=JAKARTA)
PRE_CLOSES = datetime(2026, 6, 15, 17, 0, tzinfo=JAKARTA)
POST_OPENS = datetime(2026, 10, 1, 8, 0, tzinfo=JAKARTA)
POST_CLOSES = datetime(2026, 10, 15, 17, 0, tzinfo=JAKARTA)

TEST_TITLE = {
    "id": "Tes literasi digital – Program 2026",
    "en": "Digital literacy test – 2026 program",
}
CONFIDENCE_TITLE = {
    "id": "Survei kepercayaan diri – Program 2026",
    "en": "Confidence survey – 2026 program",
}
INTAKE_TITLE = {
    "id": "Kuesioner awal mentee – Program 2026",
    "en": "Mentee intake – 2026 program",
}
INTAKE_PEOPLE = 12
#: what the demo's senior employees want to develop, and their interests (skill ids)
WANTED = ["social-media", "generative-ai", "data-analysis", "tiktok", "cybersecurity-hygiene",
          "collaboration-apps", "young-customers", "gen-z-insight", "dashboards", "canva"]
HOBBIES = ["music", "football", "travel", "photography", "reading", "cooking", "badminton"]
GOALS = [
    "Lebih percaya diri memakai media sosial untuk unit saya.",
    "Memahami cara generasi muda memakai aplikasi digital.",
    "Bisa membaca dasbor data sendiri tanpa menunggu tim analis.",
]
COMMENTS = [
    "Saya mulai memakai spreadsheet bersama dengan tim.",
    "Sesi tentang AI sangat membuka wawasan.",
    "Waktu pertemuan sering bentrok dengan rapat direksi.",
    "Mentor saya sabar menjelaskan media sosial.",
]


def _copy_for(template_key: str, title: dict[str, str], hr_user: Any) -> Survey:
    template = Survey.objects.get(template_key=template_key)
    survey = Survey.objects.filter(
        copied_from=template, created_by=hr_user, title__id=title["id"]
    ).first()
    return survey or services.survey_copy(survey=template, by=hr_user, title=title)


def _participants(rng: random.Random) -> list[User]:
    seniors = list(
        Employee.objects.filter(grade__gte=8, active=True).order_by("employee_id")
    )
    linked = {u.employee_id: u for u in User.objects.filter(employee__in=seniors)}
    existing = [e for e in seniors if e.pk in linked and linked[e.pk].role == Role.PARTICIPANT]
    others = [e for e in seniors if e.pk not in linked]
    chosen = existing + rng.sample(others, max(0, min(len(others), PEOPLE - len(existing))))
    users = []
    for employee in sorted(chosen, key=lambda e: e.employee_id):
        user = linked.get(employee.pk) or User.objects.filter(email=employee.email).first()
        if user is None:
            user = user_create(
                email=employee.email, password=None, role=Role.PARTICIPANT,
                full_name=employee.full_name, employee=employee,
            )
        users.append(user)
    return users


def _instance(survey: Survey, hr_user: Any, title: str, phase: str,
              pre: SurveyInstance | None, users: list[User]) -> tuple[SurveyInstance, bool]:
    found = SurveyInstance.objects.filter(
        created_by=hr_user, version__survey=survey, phase=phase, title=title
    ).first()
    if found is not None:
        return found, False
    opens, closes = ((PRE_OPENS, PRE_CLOSES) if phase in (Phase.PRE, Phase.NONE)
                     else (POST_OPENS, POST_CLOSES))
    instance = services.survey_instance_create(
        survey=survey, by=hr_user, title=title, opens_at=opens, closes_at=closes, phase=phase,
        pre_instance=pre,
    )
    services.survey_instance_add_recipients(instance=instance, users=users, by=hr_user)
    return instance, True


def _test_answer(rng: random.Random, question: Question, ability: float) -> Any:
    correct = sorted(question.correct_values)
    wrong = [str(o["value"]) for o in question.options if str(o["value"]) not in correct]
    difficulty = (sum(ord(c) for c in question.key) % 7) / 30  # 0 … 0.2, stable per question
    p = max(0.05, min(0.97, ability - difficulty))
    if len(correct) == 1:
        return correct[0] if rng.random() < p else rng.choice(wrong)
    if rng.random() < p:
        return correct
    return [rng.choice(correct), rng.choice(wrong)] if rng.random() < 0.5 else [rng.choice(correct)]


def _when(rng: random.Random, opens: datetime, closes: datetime) -> datetime:
    span = (closes - opens).total_seconds()
    return opens + (closes - opens) * (0.05 + 0.9 * rng.random()) if span > 0 else opens


def _intake_answer(rng: random.Random, question: Question) -> Any:
    if question.is_skills:
        pool = HOBBIES if question.skill_interests else WANTED
        return rng.sample(pool, rng.randint(2, 4))
    if question.type == QuestionType.LIKERT:
        return rng.randint(2, 4)
    if question.is_choice:
        values = [str(o["value"]) for o in question.options]
        return values[: rng.randint(1, min(2, len(values)))]
    if question.type == QuestionType.NUMBER:
        return 1
    return rng.choice(GOALS)


def _demo_intake(rng: random.Random, hr_user: Any, users: list[User]) -> int:
    """A mentee intake (the shipped template: skills in the searchable list) answered by the
    first seniors, the demo mentee among them."""
    intake = _copy_for("mentee-intake", INTAKE_TITLE, hr_user)
    chosen = users[:INTAKE_PEOPLE]
    instance, _new = _instance(intake, hr_user, "Kuesioner awal mentee", Phase.NONE, None,
                               chosen)
    questions = list(instance.version.questions.order_by("position"))
    created = 0
    for user in chosen:
        answers = {q.pk: _intake_answer(rng, q) for q in questions}
        if instance.responses.filter(user=user).exists():
            continue
        services.response_record(instance=instance, user=user, answers=answers,
                                 submitted_at=_when(rng, instance.opens_at, instance.closes_at))
        created += 1
    return created


@transaction.atomic
def build_demo_surveys(*, hr_user: Any) -> dict[str, int]:
    """Install templates and a finished pre/post test and confidence survey (idempotent)."""
    rng = random.Random(SEED)
    services.surveys_templates_install()
    test = _copy_for("digital-literacy-test", TEST_TITLE, hr_user)
    confidence = _copy_for("engagement-confidence", CONFIDENCE_TITLE, hr_user)
    users = _participants(rng)
    intakes = _demo_intake(random.Random(SEED + 1), hr_user, users)
    pre_test, new_pre = _instance(test, hr_user, "Tes literasi digital – sebelum program",
                                  Phase.PRE, None, users)
    post_test, new_post = _instance(test, hr_user, "Tes literasi digital – sesudah program",
                                    Phase.POST, pre_test, users)
    pre_conf, new_pre_c = _instance(confidence, hr_user, "Kepercayaan diri – sebelum program",
                                    Phase.PRE, None, users)
    post_conf, new_post_c = _instance(confidence, hr_user, "Kepercayaan diri – sesudah program",
                                      Phase.POST, pre_conf, users)
    created = 0
    if not (new_pre or new_post or new_pre_c or new_post_c):
        return {"people": len(users), "responses": intakes}
    test_qs = list(pre_test.version.questions.order_by("position"))
    conf_qs = list(pre_conf.version.questions.order_by("position"))
    for index, user in enumerate(users):
        ability = min(0.9, max(0.2, rng.gauss(0.55, 0.14)))
        gain = rng.gauss(0.13, 0.09)  # about +25 % on average; some people lose ground
        skip_pre = index % 17 == 5
        skip_post = index % 13 == 7
        confidence_base = rng.gauss(3.0, 0.6)
        confidence_gain = rng.gauss(0.45, 0.4)
        for instance, level, skip in (
            (pre_test, ability, skip_pre), (post_test, min(0.97, ability + gain), skip_post)
        ):
            if skip or instance.responses.filter(user=user).exists():
                continue
            answers = {q.pk: _test_answer(rng, q, level) for q in test_qs}
            services.response_record(
                instance=instance, user=user, answers=answers,
                submitted_at=_when(rng, instance.opens_at, instance.closes_at),
            )
            created += 1
        for instance, level, skip in (
            (pre_conf, confidence_base, skip_pre),
            (post_conf, confidence_base + confidence_gain, skip_post),
        ):
            if skip or instance.responses.filter(user=user).exists():
                continue
            answers: dict[int, Any] = {}
            for q in conf_qs:
                if q.type == QuestionType.LIKERT:
                    answers[q.pk] = max(1, min(5, round(level + rng.gauss(0, 0.6))))
                elif rng.random() < 0.15:
                    answers[q.pk] = rng.choice(COMMENTS)
            services.response_record(
                instance=instance, user=user, answers=answers,
                submitted_at=_when(rng, instance.opens_at, instance.closes_at),
            )
            created += 1
    return {"people": len(users), "responses": created + intakes}

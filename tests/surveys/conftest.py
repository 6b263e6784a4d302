"""Fixtures for the surveys tests: small surveys built through the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from terbalik.accounts.models import Role
from terbalik.notify import emails as notify_emails
from terbalik.programs.models import Program
from terbalik.reports import services as report_services
from terbalik.surveys import services
from terbalik.surveys.models import Kind, Phase, QuestionType, SurveyInstance
from terbalik.surveys.services import QuestionData

from ..factories import EmployeeFactory, UserFactory
from ..programs.conftest import program_fields


def T(id_text, en_text=""):  # noqa: N802
    return {"id": id_text, "en": en_text} if en_text else {"id": id_text}


def opt(value, id_text, en_text="", correct=False):
    return {"value": value, "label": T(id_text, en_text), "correct": correct}


def likert(text, **kw):
    return QuestionData(type=QuestionType.LIKERT, text=text, min_value=1, max_value=5, **kw)


def test_question(text, options, points=1, **kw):
    return QuestionData(type=QuestionType.TEST, text=text, options=options, points=points, **kw)


test_question.__test__ = False  # not a pytest test


@pytest.fixture(autouse=True)
def _send_mail_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test transactions never commit: deliver notify e-mails right away (test_emails.py
    checks the real on-commit path)."""
    monkeypatch.setattr(notify_emails, "defer", lambda send: send())


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def make_survey(hr_user):
    def make(questions, *, kind=Kind.CUSTOM, by=None, title=None):
        by = by or hr_user
        survey = services.survey_create(
            by=by, title=title or T("Survei uji", "Test survey"), kind=kind
        )
        for data in questions:
            services.question_add(survey=survey, by=by, data=data)
        return survey

    return make


@pytest.fixture
def make_instance(hr_user):
    def make(survey, users, *, by=None, phase=Phase.NONE, pre=None, title="Gelombang 1",
             opens=None, closes=None):
        now = timezone.now()
        instance = services.survey_instance_create(
            survey=survey,
            by=by or hr_user,
            title=title,
            opens_at=opens or now - timedelta(days=1),
            closes_at=closes or now + timedelta(days=7),
            phase=phase,
            pre_instance=pre,
        )
        services.survey_instance_add_recipients(instance=instance, users=users, by=by or hr_user)
        return instance

    return make


@pytest.fixture
def participants(db):
    def make(n, **kw):
        users = []
        for _i in range(n):
            employee = EmployeeFactory(grade=9)
            users.append(UserFactory(role=Role.PARTICIPANT, employee=employee, **kw))
        return users

    return make


@pytest.fixture
def quiz(make_survey):
    """A two-question test: q1 single-correct (2 points), q2 two correct of four (2 points)."""
    return make_survey(
        [
            test_question(T("Ibu kota Indonesia?", "Capital of Indonesia?"), [
                opt("a", "Jakarta", correct=True), opt("b", "Bandung"), opt("c", "Medan"),
            ], points=2),
            test_question(T("Mana yang aman?", "Which are safe?"), [
                opt("a", "VPN", correct=True), opt("b", "HTTPS", correct=True),
                opt("c", "Kata sandi sama"), opt("d", "Klik tautan asing"),
            ], points=2),
        ],
        kind=Kind.TEST,
    )


@pytest.fixture
def sponsored(hr_user):
    """Make a sending part of a program `sponsor` sponsors: sponsors see only those."""

    def link(instance, sponsor):
        program = Program.objects.create(created_by=hr_user, **program_fields())
        program.owners.add(hr_user)
        SurveyInstance.objects.filter(pk=instance.pk).update(program_id=program.pk)
        report_services.sponsor_assign(program=program, user=sponsor, by=hr_user)
        return program

    return link

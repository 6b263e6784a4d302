from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from terbalik.accounts.models import Role
from terbalik.notify import emails as notify_emails
from terbalik.programs.models import (
    MeasurementItem,
    MeasurementPhase,
    ParticipantRole,
    Program,
    Status,
)

from ..factories import EmployeeFactory, UserFactory

MENTEE_INTAKE = {"skills_wanted": "Python, social media", "languages": "id", "interests": "music"}
MENTOR_INTAKE = {"skills_offered": "social media", "languages": "id, en", "capacity": 2}


@pytest.fixture(autouse=True)
def _send_mail_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test transactions never commit: deliver the e-mails right away instead."""
    monkeypatch.setattr(notify_emails, "defer", lambda send: send())


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; e-mails still follow each recipient's language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _locmem_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://terbalik.example"


def program_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = dict(
        name="Digital skills 2027",
        objective="digital_skills",
        description="Juniors coach leaders on digital tools.",
        goal_specific="Every mentee uses two new tools.",
        goal_metric="digital-literacy score",
        goal_target_value=Decimal("20"),
        goal_unit="%",
        goal_deadline=dt.date(2027, 6, 30),
        mentor_grade_min=1,
        mentor_grade_max=5,
        mentee_grade_min=8,
        mentee_grade_max=12,
        min_grade_gap=1,
        mentee_places=2,
        mentor_places=2,
        start_date=dt.date(2027, 2, 1),
        end_date=dt.date(2027, 5, 1),
        channels=["in_person", "video"],
        commitment="I will attend every session.",
        status=Status.RECRUITING,
    )
    fields.update(overrides)
    return fields


@pytest.fixture
def make_program(hr_user):
    def make(owner=None, measurements: bool = True, **overrides: Any) -> Program:
        program = Program.objects.create(created_by=owner or hr_user, **program_fields(**overrides))
        program.owners.add(owner or hr_user)
        if measurements:
            MeasurementItem.objects.create(
                program=program, template_key="digital_literacy", phase=MeasurementPhase.BEFORE
            )
        return program

    return make


@pytest.fixture
def program(make_program):
    return make_program()


@pytest.fixture
def make_person(db):
    def make(grade: int, *, manager=None, language: str = "", **fields: Any):
        employee = EmployeeFactory(grade=grade, manager=manager, **fields)
        user = UserFactory(
            role=Role.PARTICIPANT,
            email=employee.email,
            employee=employee,
            language=language,
            full_name=employee.full_name,
        )
        return user

    return make


@pytest.fixture
def apply_as():
    from terbalik.programs import services

    def apply(program: Program, user, role: str = ParticipantRole.MENTEE, **kw: Any):
        intake = MENTEE_INTAKE if role == ParticipantRole.MENTEE else MENTOR_INTAKE
        return services.enrollment_apply(
            program=program,
            user=user,
            role=role,
            intake=kw.pop("intake", intake),
            commitment_accepted=kw.pop("commitment_accepted", True),
            **kw,
        )

    return apply

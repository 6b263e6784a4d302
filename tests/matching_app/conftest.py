"""Matching works on program enrollments: reuse the programs fixtures, plus a small company."""

from __future__ import annotations

from typing import Any

import pytest

from terbalik.programs.models import EnrollmentStatus, ParticipantRole, Status

from ..factories import EmployeeFactory
from ..programs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _send_mail_now,
    apply_as,
    make_person,
    make_program,
    program,
)


@pytest.fixture(autouse=True)
def _matching_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.matching_app.urls"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def enroll(make_person):  # noqa: F811
    """enroll(program, role, grade, skills=..., **employee fields) -> approved Enrollment."""
    from terbalik.programs.models import Enrollment

    counter = {"n": 0}

    def make(
        prog,
        role: str,
        grade: int,
        *,
        skills=(),
        interests=(),
        languages=("id",),
        capacity: int = 1,
        avoid=(),
        manager=None,
        status=EnrollmentStatus.APPROVED,
        **employee: Any,
    ):
        counter["n"] += 1
        user = make_person(grade, manager=manager, **employee)
        key = "skills_offered" if role == ParticipantRole.MENTOR else "skills_wanted"
        return Enrollment.objects.create(
            program=prog,
            employee=user.employee,
            user=user,
            role=role,
            status=status,
            intake={
                key: list(skills),
                "interests": list(interests),
                "languages": list(languages),
                "capacity": capacity,
                "avoid": list(avoid),
            },
            applied_at="2027-01-05T09:00:00+07:00",
        )

    return make


@pytest.fixture
def matching_program(make_program):  # noqa: F811
    return make_program(
        status=Status.MATCHING, mentee_places=50, mentor_places=50, min_mentors_before_choice=0
    )


@pytest.fixture
def small_company(matching_program, enroll):
    """Three mentees and three mentors with clear best matches."""
    p = matching_program
    mentors = [
        enroll(p, "mentor", 2, skills=["python", "excel"], interests=["music"], department="IT"),
        enroll(
            p, "mentor", 3, skills=["social media"], interests=["football"], department="Marketing"
        ),
        enroll(
            p,
            "mentor",
            1,
            skills=["canva", "video editing"],
            interests=["cooking"],
            department="Design",
            capacity=2,
        ),
    ]
    mentees = [
        enroll(
            p, "mentee", 9, skills=["python", "excel"], interests=["music"], department="Finance"
        ),
        enroll(
            p, "mentee", 10, skills=["social media"], interests=["football"], department="Finance"
        ),
        enroll(p, "mentee", 11, skills=["canva"], interests=["cooking"], department="Legal"),
    ]
    return p, mentors, mentees


__all__ = ["EmployeeFactory"]


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """Pages are asserted in English; the catalogue would otherwise serve Indonesian."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

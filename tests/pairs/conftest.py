"""Pairs are made of program enrollments: reuse the programs test fixtures."""

from __future__ import annotations

import pytest

from terbalik.notify import emails as notify_emails
from terbalik.pairs import services
from terbalik.pairs.models import TrainingResult
from terbalik.programs import services as program_services
from terbalik.programs.models import ParticipantRole, Status

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
def _notify_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Test transactions never commit: deliver notify e-mails right away."""
    monkeypatch.setattr(notify_emails, "defer", lambda send: send())


@pytest.fixture
def make_pair(make_program, make_person, apply_as, hr_user):  # noqa: F811
    """An active pair in an active program; both members passed the training by default."""

    def make(program=None, *, mentor_tz="Asia/Jakarta", mentee_tz="Asia/Jakarta",  # noqa: F811
             trained=True, mentor_language="en", mentee_language="en", mentee_user=None,
             **program_fields):
        if program is None:
            program_fields.setdefault("cadence", "weekly")
            program = make_program(measurements=False, **program_fields)
        type(program).objects.filter(pk=program.pk).update(
            status=Status.RECRUITING, mentee_places=None, mentor_places=None
        )
        program.refresh_from_db()
        mentor_user = make_person(2, language=mentor_language, time_zone=mentor_tz)
        if mentee_user is None:  # a given one: the same mentee in several programs
            mentee_user = make_person(10, language=mentee_language, time_zone=mentee_tz)
        mentor = apply_as(program, mentor_user, role=ParticipantRole.MENTOR)
        mentee = apply_as(program, mentee_user, role=ParticipantRole.MENTEE)
        for enrollment in (mentor, mentee):
            program_services.enrollment_approve(enrollment=enrollment, by=hr_user)
            enrollment.refresh_from_db()
        pair = services.pair_create(program=program, mentor=mentor, mentee=mentee, by=hr_user)
        type(program).objects.filter(pk=program.pk).update(status=Status.ACTIVE)
        program.refresh_from_db()
        if trained:
            from django.utils import timezone

            for enrollment in (mentor, mentee):
                TrainingResult.objects.create(
                    enrollment=enrollment, score=5, attempts=1, completed_at=timezone.now()
                )
        pair.mentor_user, pair.mentee_user = mentor_user, mentee_user
        return pair

    return make


@pytest.fixture
def pair(make_pair):
    return make_pair()


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """Pages are asserted in English; the catalogue would otherwise serve Indonesian."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

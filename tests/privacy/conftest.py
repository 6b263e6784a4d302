from __future__ import annotations

import pytest

from terbalik.accounts.models import Role
from terbalik.programs import services as program_services
from terbalik.programs.models import ParticipantRole

from ..factories import EmployeeFactory, UserFactory
from ..programs.conftest import (  # noqa: F401 - the programs' fixtures, reused
    _english,
    _locmem_mail,
    _send_mail_now,
    apply_as,
    make_program,
    program,
)


@pytest.fixture
def gate_on(settings):
    """The notice is asked at the next visit (off for the rest of the suite)."""
    settings.PRIVACY_NOTICE_AT_VISIT = True


@pytest.fixture
def enrolled(program, make_person, hr_user):  # noqa: F811 - the imported fixture
    """A participant enrolled directly by HR: no consent recorded yet."""
    user = make_person(9)
    program_services.enrollment_enrol_directly(
        program=program, employees=[user.employee], role=ParticipantRole.MENTEE, by=hr_user)
    return user


@pytest.fixture(autouse=True)
def _pages_in_english(client, hr_user):
    """Pages are asserted in English (without a language a user gets Indonesian); the
    Indonesian tests ask for it."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    hr_user.language = "en"
    hr_user.save(update_fields=["language"])


@pytest.fixture
def make_person(db):
    def make(grade: int, *, manager=None, language: str = "en", **fields):
        employee = EmployeeFactory(grade=grade, manager=manager, **fields)
        return UserFactory(role=Role.PARTICIPANT, email=employee.email, employee=employee,
                           language=language, full_name=employee.full_name)

    return make

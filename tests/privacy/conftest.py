from __future__ import annotations

import pytest

from terbalik.programs import services as program_services
from terbalik.programs.models import ParticipantRole

from ..programs.conftest import (  # noqa: F401 - the programs' fixtures, reused
    _english,
    _locmem_mail,
    _send_mail_now,
    apply_as,
    make_person,
    make_program,
    program,
)


@pytest.fixture
def gate_on(settings):
    """The notice is asked at the next visit (off for the rest of the suite)."""
    settings.PRIVACY_NOTICE_AT_VISIT = True


@pytest.fixture
def enrolled(program, make_person, hr_user):
    """A participant enrolled directly by HR: no consent recorded yet."""
    user = make_person(9)
    program_services.enrollment_enrol_directly(
        program=program, employees=[user.employee], role=ParticipantRole.MENTEE, by=hr_user)
    return user

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# programs, people and applications, as the programs tests make them
from ..programs.conftest import (  # noqa: E402, F401
    _locmem_mail,
    _send_mail_now,
    apply_as,
    make_person,
    make_program,
    program,
)


@pytest.fixture
def hr_user(hr_user):
    """HR reads English here (pages follow the user's language; assertions are in English)."""
    hr_user.language = "en"
    hr_user.save(update_fields=["language"])
    return hr_user

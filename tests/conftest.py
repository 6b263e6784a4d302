from __future__ import annotations

import os
import shutil

import pytest

from terbalik.accounts.models import Role

from .factories import EmployeeFactory, UserFactory
from .oidc import oidc_provider, sso  # noqa: F401  (a real OpenID Connect provider on loopback)
from .smtp import smtp  # noqa: F401  (a real SMTP server on loopback, for integration tests)

CHROMIUM = "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM) and shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAVE_CHROMIUM:
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config: pytest.Config) -> str | None:
    if not HAVE_CHROMIUM:
        return f"Chromium not found at {CHROMIUM}: browser journeys are skipped, the rest runs."
    return None


@pytest.fixture(autouse=True)
def _fast_hashing_and_english_default(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Staff MFA is on by default in production; tests that exercise it switch it on.
    settings.REQUIRE_STAFF_MFA = False
    # Participants are asked to accept a new privacy notice at their next visit in
    # production; tests/privacy switch it on.
    settings.PRIVACY_NOTICE_AT_VISIT = False


@pytest.fixture(autouse=True)
def _fresh_taxonomy():
    """Each test starts from its own database's skills: the process keeps the skill rows
    while the table's fingerprint (rows, newest change, highest id) holds, and a test's rows
    rolled back by the next test's could share one (SQLite reuses ids, time may be frozen)."""
    from terbalik.skills.selectors import forget

    forget()
    yield
    forget()


@pytest.fixture
def hr_user(db):
    return UserFactory(role=Role.HR, email="hr@example.co.id")


@pytest.fixture
def admin_user(db):
    return UserFactory(
        role=Role.ADMIN, is_staff=True, is_superuser=True, email="admin@example.co.id"
    )


@pytest.fixture
def participant_user(db):
    employee = EmployeeFactory(employee_id="P0001", full_name="Rina Participant", grade=2)
    return UserFactory(role=Role.PARTICIPANT, email="rina@example.co.id", employee=employee)


@pytest.fixture
def sponsor_user(db):
    return UserFactory(role=Role.SPONSOR, email="sponsor@example.co.id")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login

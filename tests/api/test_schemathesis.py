"""Property-based tests of the REST API against its own OpenAPI document (schemathesis):
for generated requests to every operation, with a read-and-write platform admin's token on
the demo company, the API never answers 5xx and every answer matches the documented schema
(status code, content type, body). A few examples per operation keep it quick (SQLite and
PostgreSQL both run it in CI)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis import checks as st_checks

EXAMPLES = 6


@pytest.fixture(scope="module")
def demo_token(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The demo company, and a read-and-write token of its platform admin (rolled back)."""
    from terbalik.accounts.models import User
    from terbalik.api import services

    # The requests go through the WSGI handler, whose request signals close the database
    # connection (and with it the test's transaction) after each one; Django's test client
    # disconnects them the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("demo", stdout=io.StringIO())
            admin = User.objects.get(email="admin@nusantara-maju.co.id")
            yield services.token_create(by=admin, name="schemathesis", scope="write").secret
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


def _schema() -> Any:
    from terbalik.api.v1 import api

    return schemathesis.openapi.from_dict(api.get_openapi_schema())


schema = _schema()
_APP: list[Any] = []


def _app() -> Any:
    """The project as a WSGI app, built on first use (its middleware reads the test DB)."""
    if not _APP:
        _APP.append(get_wsgi_application())
    return _APP[0]

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_matches_its_schema(case: Any, demo_token: str, django_settings: Any) -> None:
    case.call_and_validate(app=_app(), headers={"Authorization": f"Bearer {demo_token}",
                                    "Accept-Language": "en"}, checks=CHECKS)


@pytest.fixture
def django_settings(settings: Any) -> Any:
    settings.API_THROTTLE_RATE = None  # hundreds of requests a minute from one token
    return settings

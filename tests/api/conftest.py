from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from terbalik.accounts.models import Role
from terbalik.api import services
from tests.factories import UserFactory


@pytest.fixture
def issuer(db: Any) -> Any:
    """The platform admin who issues tokens."""
    return UserFactory(role=Role.ADMIN, email="issuer@example.co.id")


@pytest.fixture
def make_token(issuer: Any) -> Any:
    def make(user: Any = None, *, scope: str = "write", program: Any = None,
             name: str = "HRIS") -> str:
        return services.token_create(by=issuer, name=name, scope=scope, program=program,
                                     user=user).secret
    return make


def api_client(secret: str | None, language: str = "en") -> Client:
    headers: dict[str, str] = {"HTTP_ACCEPT_LANGUAGE": language}
    if secret:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return Client(**headers)

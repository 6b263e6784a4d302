"""The demo company's API tokens: the HR system's read-and-write token acting as HR (its
secret is printed by `terbalik demo` on the run that creates it, as the token page shows a new
secret once) and a revoked one, so /api/tokens/ shows both states."""

from __future__ import annotations

from typing import Any

from . import services
from .models import ApiToken

NAME = "HRIS nightly sync (demo)"


def build_demo_tokens(*, admin: Any, hr_user: Any) -> str | None:
    """The new token's secret, or None when the demo tokens exist already (idempotent)."""
    if ApiToken.objects.filter(name=NAME).exists():
        return None
    new = services.token_create(by=admin, name=NAME, scope="write", user=hr_user)
    old = services.token_create(by=admin, name="Old reporting script (demo)", scope="read")
    services.token_revoke(token=old.token, by=admin)
    return new.secret

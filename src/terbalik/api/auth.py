"""Bearer-token authentication and per-token throttling for the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from . import access, services
from .models import ApiToken
from .problems import ApiForbidden, NulCharacter


def _has_nul(request: HttpRequest) -> bool:
    """A NUL character anywhere in the path, query or body (PostgreSQL cannot store or compare
    text holding one, so it is refused before anything reads it)."""
    if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                     for key, values in request.GET.lists()):
        return True
    body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
    return b"\x00" in body or b"\\u0000" in body


class TokenAuth(HttpBearer):
    """`Authorization: Bearer tbk_...`: the live token, or a 401."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = access.token_for_secret(token.strip())
        if found is None:
            return None
        if _has_nul(request):
            raise NulCharacter
        services.token_touch(token=found)
        return found


class TokenThrottle(SimpleRateThrottle):
    """At most `API_THROTTLE_RATE` requests per token (e.g. "600/m"), read on every request so
    a changed setting applies at once. Stored in the default cache."""

    scope = "api_token"

    def __init__(self) -> None:
        self.rate = None
        self.num_requests, self.duration = None, None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.API_THROTTLE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.num_requests is None:
            return True
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


def token_of(request: Any) -> ApiToken:
    token = request.auth
    assert isinstance(token, ApiToken)
    return token


def require_write(request: Any) -> ApiToken:
    """The token, when its scope allows writing; a 403 problem otherwise."""
    from django.utils.translation import gettext as _

    token = token_of(request)
    if not token.can_write:
        raise ApiForbidden(_("This token may only read; ask a platform admin for a read-and-write "
                             "token."), code="read-only-token")
    return token

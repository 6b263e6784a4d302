"""Who may manage API tokens, and what a token may do.

A token acts as its account (`ApiToken.user`): every endpoint asks the same access helpers
as the web pages with that account. The token then narrows it: a read-only token may not
write, and a token limited to one program sees only that program (its enrollments, pairs,
meetings and outcomes); the directory is company-wide, so a program token may neither read
nor write it (`require_unbound`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from terbalik.accounts.access import may_sign_in
from terbalik.accounts.models import Role
from terbalik.core.access import is_platform_admin, role_required

from .models import ApiToken
from .services import SECRET_START, digest_of

admin_required = role_required(Role.ADMIN)


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    if not is_platform_admin(user):
        return ApiToken.objects.none()
    return ApiToken.objects.select_related("user", "created_by", "program", "revoked_by")


def get_token(user: Any, token_id: int) -> ApiToken:
    return get_object_or_404(tokens_visible_to(user), pk=token_id)


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token behind a bearer secret whose account may still sign in, or None."""
    if not secret.startswith(SECRET_START) or len(secret) > 200:
        return None
    token = (ApiToken.objects.select_related("user", "user__employee")
             .filter(digest=digest_of(secret), revoked_at__isnull=True).first())
    if token is None or not may_sign_in(token.user):
        return None
    return token


def within_program(qs: QuerySet[Any], program_id: int | None,
                   field: str = "program_id") -> QuerySet[Any]:
    """`qs` narrowed to one program (a program token's reach); all of it for `None`."""
    return qs if program_id is None else qs.filter(**{field: program_id})

"""Helpers the routers share: the acting account and the token's program limit."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from terbalik.core.access import HR_ROLES, has_role

from ..access import within_program
from ..auth import token_of
from ..problems import ApiForbidden


def user_of(request: Any) -> Any:
    """The account the token acts as: every access helper is asked with it."""
    return token_of(request).user


def require_hr(request: Any) -> Any:
    """Like the web pages' `hr_required`: other roles get a 403."""
    user = user_of(request)
    if not has_role(user, *HR_ROLES):
        raise ApiForbidden(_("The account behind this token is not an HR program manager."),
                           code="wrong-role")
    return user


def require_unbound(request: Any) -> None:
    """Company-wide resources (the directory, new programs) are out of a program token's reach."""
    if token_of(request).program_id is not None:
        raise ApiForbidden(_("This token is limited to one program; it cannot reach "
                             "company-wide data."), code="program-token")


def in_token_program(request: Any, qs: QuerySet[Any], field: str = "program_id") -> QuerySet[Any]:
    """`qs` narrowed to the token's program, when it has one."""
    return within_program(qs, token_of(request).program_id, field)


def check_program(request: Any, program: Any) -> Any:
    """404 for a program outside the token's program (as if it did not exist)."""
    from django.http import Http404

    program_id = token_of(request).program_id
    if program_id is not None and program.pk != program_id:
        raise Http404
    return program

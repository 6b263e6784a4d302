"""Access helpers: every view fetches what this user may see through these, or gets a 404.

Roles (see DESIGN.md): platform admin and HR program manager see the directory; participants
see only themselves; sponsors see aggregated reports only.

The sponsor policy lives here so that every app asks the same question: a sponsor sees only
the programs they sponsor (`reports.ProgramSponsor`, reached through the user's
`sponsored_programs` relation so no lower app imports reports) and, within them, only
aggregates of at least `core.privacy.MIN_GROUP_SIZE` people.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from terbalik.accounts.models import Role, User
from terbalik.people.models import Employee, ImportBatch

View = TypeVar("View", bound=Callable[..., HttpResponse])

HR_ROLES = (Role.HR, Role.ADMIN)


def is_platform_admin(user: Any) -> bool:
    """Signed in and a platform admin (superuser or the admin role); safe for anonymous."""
    return bool(getattr(user, "is_authenticated", False) and user.is_platform_admin)


def has_role(user: Any, *roles: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return role_sees(bool(user.is_superuser), user.role, roles)


def role_sees(superuser: bool, role: str, roles: tuple[str, ...]) -> bool:
    """Whether a signed-in person with this role has one of `roles` (a superuser has all):
    `has_role` without the user object, for the menu worked out once per role."""
    return superuser or role in roles


def role_required(*roles: str) -> Callable[[View], View]:
    """Anonymous users go to the login page; signed-in users without the role get a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


hr_required = role_required(*HR_ROLES)


def is_sponsor(user: Any) -> bool:
    """A sponsor sees aggregates only (a superuser with the role is an admin, not a sponsor)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and not user.is_superuser
        and user.role == Role.SPONSOR
    )


def programs_sponsored_by(user: Any) -> QuerySet[Any]:
    """Ids of the programs `user` sponsors; empty for anybody who is not a sponsor."""
    link = User._meta.get_field("sponsored_programs").related_model
    if not is_sponsor(user):
        return link.objects.none().values_list("program_id", flat=True)  # type: ignore[union-attr]
    return link.objects.filter(user=user).values_list(  # type: ignore[union-attr]
        "program_id", flat=True
    )


def employees_visible_to(user: Any) -> QuerySet[Employee]:
    if has_role(user, *HR_ROLES):
        return Employee.objects.all()
    if getattr(user, "is_authenticated", False) and user.employee_id:
        return Employee.objects.filter(pk=user.employee_id)
    return Employee.objects.none()


def get_employee(user: Any, employee_id: str) -> Employee:
    return get_object_or_404(
        employees_visible_to(user).select_related("manager"), employee_id=employee_id
    )


def find_employee(user: Any, employee_id: str) -> Employee | None:
    """The employee `user` may see with this directory ID, or None (forms that answer
    "nobody has this ID" instead of a 404)."""
    return employees_visible_to(user).filter(employee_id=employee_id).first()


def import_batches_visible_to(user: Any) -> QuerySet[ImportBatch]:
    if has_role(user, *HR_ROLES):
        return ImportBatch.objects.filter(created_by=user)
    return ImportBatch.objects.none()


def get_import_batch(user: Any, batch_id: int) -> ImportBatch:
    return get_object_or_404(import_batches_visible_to(user), pk=batch_id)

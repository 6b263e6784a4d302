"""Who may see or do what in the privacy app.

Correction requests are scoped like erasure requests (`erasure_access`): an HR program
manager sees and answers the requests of people enrolled in a program they own, a platform
admin every request (also of people in no program); anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from terbalik.core.access import is_platform_admin
from terbalik.programs.access import programs_managed_by
from terbalik.programs.models import Enrollment

from .models import CorrectionRequest


def may_use_own_data(user: Any) -> bool:
    """Anyone signed in may download their data; correction needs a directory entry."""
    return bool(getattr(user, "is_authenticated", False))


def require_employee(user: Any) -> Any:
    employee = getattr(user, "employee", None)
    if employee is None:
        raise Http404
    return employee


def may_resolve_corrections(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_hr)


def require_resolver(user: Any) -> None:
    if not may_resolve_corrections(user):
        raise PermissionDenied


def corrections_visible_to(user: Any) -> QuerySet[CorrectionRequest]:
    """The correction requests `user` may see and answer (see the module's docstring)."""
    requests = CorrectionRequest.objects.select_related("employee", "requested_by")
    if is_platform_admin(user):
        return requests.all()
    if not may_resolve_corrections(user):
        return requests.none()
    enrolled = Enrollment.objects.filter(program__in=programs_managed_by(user))
    return requests.filter(employee_id__in=enrolled.values("employee_id"))


def get_correction_for_resolver(user: Any, request_id: int) -> CorrectionRequest:
    require_resolver(user)
    return get_object_or_404(corrections_visible_to(user), pk=request_id)

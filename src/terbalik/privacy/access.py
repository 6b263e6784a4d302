"""Who may see or do what in the privacy app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

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


def get_correction_for_resolver(user: Any, request_id: int) -> CorrectionRequest:
    require_resolver(user)
    found = (CorrectionRequest.objects.select_related("employee", "requested_by")
             .filter(pk=request_id).first())
    if found is None:
        raise Http404
    return found

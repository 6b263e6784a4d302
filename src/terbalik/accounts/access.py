"""Who may sign in, and who must use a second factor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import Role


def has_left(employee: Any, *, today: dt.date | None = None) -> bool:
    """A directory employee who is inactive or whose exit date has come (the import's rule)."""
    if employee is None:
        return False
    if not employee.active:
        return True
    today = today or timezone.localdate()
    return employee.exit_date is not None and employee.exit_date <= today


def may_sign_in(user: Any) -> bool:
    """Active accounts whose directory entry (if any) is still current. Leavers are refused by
    every sign-in method and their sessions end; their program data stays."""
    if user is None or not getattr(user, "is_active", False):
        return False
    employee_id = getattr(user, "employee_id", None)
    return employee_id is None or not has_left(user.employee)


def needs_staff_mfa(user: Any) -> bool:
    """Platform admins and HR program managers need TOTP when REQUIRE_STAFF_MFA is on."""
    if not getattr(settings, "REQUIRE_STAFF_MFA", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or user.role in (Role.ADMIN, Role.HR))

"""Reads for the API token pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from terbalik.accounts.models import Role, User
from terbalik.core.access import employees_visible_to
from terbalik.people.models import Employee
from terbalik.programs.models import Program

from .access import tokens_visible_to
from .models import ApiToken


def token_rows(user: Any) -> QuerySet[ApiToken]:
    """Every token, live first, newest first (one query: accounts and program joined)."""
    return tokens_visible_to(user).order_by("revoked_at", "-created_at", "-pk")


def program_choices() -> QuerySet[Program]:
    return Program.objects.order_by("name", "pk")


def acting_accounts() -> QuerySet[User]:
    """Accounts a token may act as from the page: staff roles (HR, sponsors, admins)."""
    return User.objects.filter(is_active=True, role__in=(Role.ADMIN, Role.HR, Role.SPONSOR)
                               ).order_by("email")


def directory_rows(user: Any, *, active: bool | None = None) -> QuerySet[Employee]:
    """The employees `user` may see with their managers, only (in)active ones when asked."""
    qs = employees_visible_to(user).select_related("manager")
    return qs if active is None else qs.filter(active=active)

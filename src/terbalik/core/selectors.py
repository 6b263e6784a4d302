"""Reads of the core app for its pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from .access import employees_visible_to


def directory_summary(user: Any) -> dict[str, int]:
    """How many employees `user` may see, how many are active, in how many departments."""
    return employees_visible_to(user).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(active=True)),
        departments=Count("department_record", distinct=True),
    )

"""Who may see or change the directory's managed lists (departments, locations)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from terbalik.core.access import HR_ROLES, has_role

from .models import Department, Location, NamedRecord

#: the managed lists by their URL name
LISTS: dict[str, type[NamedRecord]] = {"departments": Department, "locations": Location}


def list_model(kind: str) -> type[NamedRecord]:
    try:
        return LISTS[kind]
    except KeyError:
        raise Http404 from None


def records_visible_to(user: Any, kind: str) -> QuerySet[Any]:
    """Every record of the list for HR (the directory is company-wide), nothing otherwise."""
    model = list_model(kind)
    return model.objects.all() if has_role(user, *HR_ROLES) else model.objects.none()


def get_record(user: Any, kind: str, record_id: int) -> NamedRecord:
    return get_object_or_404(records_visible_to(user, kind), pk=record_id)

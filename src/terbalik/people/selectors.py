"""Reads of the people directory for its pages (views only call these)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from terbalik.core.access import employees_visible_to, import_batches_visible_to

from .models import Employee, ImportBatch, Profile


def directory_choices(user: Any) -> tuple[list[str], list[int]]:
    """The departments and grades of the employees `user` may see, sorted, for the filters."""
    base = employees_visible_to(user)
    departments = sorted(
        d for d in base.exclude(department="").values_list("department", flat=True).distinct()
    )
    grades = sorted(
        g for g in base.exclude(grade=None).values_list("grade", flat=True).distinct()
    )
    return departments, grades


def directory_filtered(user: Any, data: dict[str, Any] | None) -> QuerySet[Employee]:
    """The employees `user` may see, narrowed by the directory filter form's cleaned data
    (`None`: no filter)."""
    qs = employees_visible_to(user).select_related("manager")
    if data is None:
        return qs
    if q := data.get("q", "").strip():
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(employee_id__iexact=q)
            | Q(email__icontains=q)
            | Q(job_title__icontains=q)
        )
    if data.get("department"):
        qs = qs.filter(department=data["department"])
    if data.get("grade") is not None:
        qs = qs.filter(grade=data["grade"])
    if data.get("active") == "yes":
        qs = qs.filter(active=True)
    elif data.get("active") == "no":
        qs = qs.filter(active=False)
    return qs


def by_employee_id(qs: QuerySet[Employee]) -> QuerySet[Employee]:
    return qs.order_by("employee_id")


def direct_reports(user: Any, employee: Employee) -> QuerySet[Employee]:
    """The people reporting to `employee` that `user` may see, by name."""
    return employees_visible_to(user).filter(manager=employee).order_by("full_name")


def management_chain_for(user: Any, employee: Employee) -> list[dict[str, Any]]:
    """`employee`'s managers from the direct one up, each with `openable`: whether `user`
    may open that manager's directory page (a link only then, never a link to a 404)."""
    chain = employee.management_chain()
    openable = set(
        employees_visible_to(user).filter(pk__in=[m.pk for m in chain]).values_list("pk", flat=True)
    )
    return [{"employee": m, "openable": m.pk in openable} for m in chain]


def recent_import_batches(user: Any, limit: int = 10) -> QuerySet[ImportBatch]:
    """The latest imports `user` may see, without their file content."""
    return import_batches_visible_to(user).defer("content")[:limit]


def profile_of(employee: Employee | None) -> Profile | None:
    """`employee`'s participant profile (photo, WhatsApp, channels), or None."""
    if employee is None:
        return None
    return Profile.objects.filter(employee=employee).first()

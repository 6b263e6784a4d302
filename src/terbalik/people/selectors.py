"""Reads of the people directory for its pages (views only call these)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from terbalik.core.access import employees_visible_to, import_batches_visible_to

from .access import LISTS, records_visible_to
from .models import Employee, ImportBatch, Profile


def value_counts(qs: QuerySet[Employee], field: str) -> list[tuple[Any, int]]:
    """Each distinct non-empty value of `field` among `qs`, sorted, with how many employees
    hold it. One query; the model's default ordering is cleared, since ordering by the name
    would add it to the GROUP BY and list a value once per employee."""
    rows = qs.exclude(**{field: None})
    return list(
        rows.order_by().values_list(field).annotate(n=Count("pk")).order_by(field)
    )


def directory_choices(user: Any) -> tuple[list[tuple[str, int]], list[tuple[int, int]]]:
    """The departments and grades of the employees `user` may see, each once, sorted, with
    the number of employees, for the filters."""
    base = employees_visible_to(user)
    return value_counts(base, "department_record"), value_counts(base, "grade")


def active_department_counts() -> list[tuple[str, int]]:
    """Every department of the active directory, once, with its number of employees."""
    return value_counts(Employee.objects.filter(active=True), "department_record")


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
        qs = qs.filter(department_record=data["department"])
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


def records_with_counts(user: Any, kind: str) -> QuerySet[Any]:
    """The departments or locations `user` may manage, by name, each with its number of
    employees (`n`), in one query."""
    return records_visible_to(user, kind).annotate(n=Count("employees")).order_by("name")


def merge_targets(user: Any, record: Any) -> QuerySet[Any]:
    """The other entries of `record`'s list, by name, to merge it into."""
    kind = next(k for k, model in LISTS.items() if isinstance(record, model))
    return records_visible_to(user, kind).exclude(pk=record.pk).order_by("name")


def record_employee_count(record: Any) -> int:
    return record.employees.count()

"""Reads of the core app for its pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from .access import employees_visible_to, import_batches_visible_to


def directory_summary(user: Any) -> dict[str, int]:
    """How many employees `user` may see, how many are active, in how many departments."""
    return employees_visible_to(user).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=Q(active=True)),
        departments=Count("department_record", distinct=True),
    )


def last_import(user: Any) -> Any:
    """The newest directory import `user` started (without the file), or None."""
    return import_batches_visible_to(user).defer("content").order_by("-created_at", "-pk").first()
def task_origin(*, task_id: str) -> str:
    """The request id that enqueued task `task_id`, or ""."""
    from .models import TaskOrigin

    return TaskOrigin.objects.filter(task_id=task_id[:64]).values_list(
        "request_id", flat=True).first() or ""


def heartbeats() -> dict[str, Any]:
    """{process name: when it was last seen working}."""
    from .models import Heartbeat

    return dict(Heartbeat.objects.values_list("name", "seen_at"))


def task_queue_stats() -> list[dict[str, Any]]:
    """Per queue: tasks waiting to run, the oldest one's enqueue time, tasks running."""
    from django.db.models import Min
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    rows = (DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY,
                                                    TaskResultStatus.RUNNING])
            .values("queue_name", "status")
            .annotate(n=Count("pk"), oldest=Min("enqueued_at"))
            .order_by("queue_name", "status"))
    return list(rows)

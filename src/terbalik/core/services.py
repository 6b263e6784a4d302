"""Core's writes: heartbeats of the background processes and the request id of a task."""

from __future__ import annotations

import datetime as dt
import socket

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Heartbeat, TaskOrigin

SCHEDULER = "scheduler"
WORKER = "worker"


@transaction.atomic
def heartbeat_record(*, name: str, now: dt.datetime | None = None) -> Heartbeat:
    """`name` (SCHEDULER or WORKER) was seen working just now on this host."""
    beat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"seen_at": now or timezone.now(), "host": socket.gethostname()[:200]}
    )
    return beat


@transaction.atomic
def task_origin_record(*, task_id: str, request_id: str) -> None:
    TaskOrigin.objects.update_or_create(task_id=task_id[:64],
                                        defaults={"request_id": request_id[:128]})


@transaction.atomic
def task_origin_forget(*, task_id: str) -> None:
    TaskOrigin.objects.filter(task_id=task_id[:64]).delete()


@transaction.atomic
def task_origins_prune(*, now: dt.datetime | None = None, keep: dt.timedelta | None = None
                       ) -> int:
    """Drop the request ids of tasks that never finished (a worker died mid-task) after
    `keep` (7 days); the scheduler calls it after every run. Returns how many went."""
    cutoff = (now or timezone.now()) - (keep or dt.timedelta(days=7))
    deleted, _per_model = TaskOrigin.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def task_results_prune(*, now: dt.datetime | None = None, batch: int = 1000) -> int:
    """Delete finished background tasks (succeeded or failed) older than TASK_RESULTS_KEEP_DAYS
    (a scheduled job: the worker heartbeat and every e-mail leave one row each). Deletes in
    batches of `batch`, each in its own short transaction, so a large backlog never holds one
    long lock; safe to run twice. Returns how many went."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.TASK_RESULTS_KEEP_DAYS)
    finished = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    )
    total = 0
    while True:
        with transaction.atomic():
            ids = list(finished.order_by().values_list("pk", flat=True)[:batch])
            if not ids:
                return total
            deleted, _per_model = DBTaskResult.objects.filter(pk__in=ids).delete()
        total += deleted
        if len(ids) < batch:
            return total

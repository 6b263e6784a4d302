"""Core's writes: heartbeats of the background processes and the request id of a task."""

from __future__ import annotations

import datetime as dt
import socket

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

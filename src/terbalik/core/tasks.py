"""Core's background task: the worker heartbeat the scheduler keeps in the queue."""

from __future__ import annotations

from django_tasks import task


@task()
def heartbeat() -> str:
    """Run by any `db_worker`: proves a worker is taking tasks (read by /readyz)."""
    from .services import WORKER, heartbeat_record

    heartbeat_record(name=WORKER)
    return "ok"


def heartbeat_enqueue() -> bool:
    """Enqueue a heartbeat unless one is already waiting (so they never pile up while no
    worker runs); True when one was enqueued."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=heartbeat.module_path, status=TaskResultStatus.READY).exists()
    if waiting:
        return False
    heartbeat.enqueue()
    return True

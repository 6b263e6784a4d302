"""Background work of the matching app (django-tasks; the `db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def execute_run(run_id: int) -> str:
    """Execute a queued matching run; returns its final status."""
    from .services import run_execute

    return run_execute(run_id=run_id).status


@task()
def matching_housekeeping() -> dict[str, int]:
    """For the periodic job: pass on unanswered choice requests, fail lost runs."""
    from django.utils import timezone

    from .services import choice_requests_expire, runs_fail_stale

    now = timezone.now()
    return {
        "requests_expired": choice_requests_expire(now=now),
        "runs_failed": runs_fail_stale(now=now),
    }

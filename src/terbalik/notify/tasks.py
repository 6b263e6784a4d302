"""Background tasks (django-tasks): the scheduler can enqueue the periodic run for a worker."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def tick() -> dict[str, str]:
    from .tick import run_due

    results: dict[str, Any] = run_due()
    return {name: str(value) for name, value in results.items()}

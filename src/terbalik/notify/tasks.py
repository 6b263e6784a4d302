"""Background tasks (django-tasks): the periodic run, and sending one logged message."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def tick() -> dict[str, str]:
    from .tick import run_due

    results: dict[str, Any] = run_due()
    return {name: str(value) for name, value in results.items()}


@task()
def send_message(log_id: int) -> str:
    """Send the message logged as `log_id` (notify.services.send_logged: claim, send, mark)."""
    from .services import send_logged

    return send_logged(log_id=log_id)

"""Background task (django-tasks): one delivery attempt."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Post delivery `delivery_id` (webhooks.services.deliver: claim, post, mark)."""
    from .services import deliver

    return deliver(delivery_id=delivery_id)

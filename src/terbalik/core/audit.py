"""The audit log's single write path."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEntry


def record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        details=details or {},
    )

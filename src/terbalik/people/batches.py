"""Write path for import batches (the uploaded file kept between preview and confirmation)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from terbalik.core import audit

from . import services
from .models import ImportBatch


@transaction.atomic
def import_batch_create(*, by: Any, file_name: str, content: bytes) -> ImportBatch:
    return ImportBatch.objects.create(created_by=by, file_name=file_name[:255], content=content)


def import_batch_preview(*, batch: ImportBatch) -> services.ImportPlan:
    return services.employee_import_preview(content=bytes(batch.content), file_name=batch.file_name)


@transaction.atomic
def import_batch_apply(*, batch: ImportBatch, by: Any) -> services.ImportPlan:
    """Import the batch's file; raises services.ImportRefused (and writes nothing) on errors."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        raise ValueError("batch already handled")
    plan = services.employee_import_apply(
        content=bytes(batch.content), file_name=batch.file_name, by=by
    )
    batch.status = ImportBatch.Status.APPLIED
    batch.summary = plan_summary(plan)
    batch.content = b""
    batch.save(update_fields=["status", "summary", "content"])
    return plan


@transaction.atomic
def import_batch_discard(*, batch: ImportBatch, by: Any) -> None:
    batch.status = ImportBatch.Status.DISCARDED
    batch.content = b""
    batch.save(update_fields=["status", "content"])
    audit.record(action="people.import_discarded", actor=by, target=batch)


def plan_summary(plan: services.ImportPlan) -> dict[str, int]:
    return {
        "created": plan.created,
        "updated": plan.updated,
        "unchanged": plan.unchanged,
        "errors": len(plan.errors),
    }

from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """An audit entry was about to be changed or deleted: the trail is append-only."""


# Set (in a context) only by `core.audit.purge_older_than`, the one deletion path.
_purging: ContextVar[bool] = ContextVar("terbalik_audit_purging", default=False)


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The audit trail is append-only: entries are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        if not _purging.get():
            raise AppendOnlyError(
                "The audit trail is append-only: only core.audit.purge_older_than deletes."
            )
        return super().delete()


class AuditEntry(models.Model):
    """Who did what, when. Written only through `terbalik.core.audit.record`; append-only.

    The model, its querysets and (on PostgreSQL) a database trigger refuse updates and
    deletes; the retention purge `core.audit.purge_older_than` is the only way out.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=100, blank=True)
    # the program the entry is about, when there is one (a plain number: core sits below
    # programs, and an entry outlives the program it names)
    program_id = models.PositiveIntegerField(_("program"), null=True, blank=True, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only: entries are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(
            "The audit trail is append-only: only core.audit.purge_older_than deletes."
        )


class FormSubmission(models.Model):
    """A one-time form token that was used, with what its first submission answered.

    Written only by `terbalik.core.once`: a repeat of the same token by the same person gets
    the same answer and does nothing else. Rows older than `once.LIFETIME` are deleted by the
    scheduler.
    """

    scope = models.CharField(max_length=64)  # sha256 of the user (or anonymous browser)
    token = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    done = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField(default=0)
    location = models.CharField(max_length=2000, blank=True)
    body = models.TextField(blank=True)  # an HTMX fragment's markup
    headers = models.JSONField(default=dict, blank=True)  # HX-* headers of a fragment
    cookies = models.TextField(blank=True)  # Set-Cookie lines of the first answer

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "token"], name="formsubmission_once"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.location or self.status}"
class Heartbeat(models.Model):
    """When a background process was last seen working ("scheduler", "worker"); read by
    /readyz and the metrics. Written only through `terbalik.core.services.heartbeat_record`."""

    name = models.CharField(_("process"), max_length=40, unique=True)
    seen_at = models.DateTimeField(_("last seen"))
    host = models.CharField(_("host"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class TaskOrigin(models.Model):
    """The request id that enqueued a background task, so the worker's log lines carry it.
    Deleted when the task finishes (see `terbalik.core.observability`)."""

    task_id = models.CharField(_("task"), max_length=64, unique=True)
    request_id = models.CharField(_("request id"), max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("task origin")
        verbose_name_plural = _("task origins")

    def __str__(self) -> str:
        return f"{self.task_id} <- {self.request_id}"

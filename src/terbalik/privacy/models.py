"""Privacy records (issue 20): consent and correction requests (written through
`privacy.services`), erasure requests and retention runs (through `privacy.erasure` and
`privacy.retention`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsentKind(models.TextChoices):
    NOTICE = "notice", _("Privacy notice accepted")
    OPTIONAL = "optional", _("Optional data agreed")
    OPTIONAL_WITHDRAWN = "optional_withdrawn", _("Optional data consent withdrawn")
    WITHDRAWN = "withdrawn", _("Consent withdrawn")


class ConsentMethod(models.TextChoices):
    APPLICATION = "application", _("Checkbox on the application form")
    INVITATION = "invitation", _("Checkbox on the invitation form")
    FIRST_VISIT = "first_visit", _("Checkbox at the first visit")
    ACCOUNT = "account", _("Account page")
    DEMO = "demo", _("Demo data")


class ConsentRecord(models.Model):
    """One consent event, append-only: a person accepted notice version N, agreed to or
    withdrew optional data, or withdrew consent altogether. The latest row of a kind wins."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records",
        verbose_name=_("account"),
    )
    employee = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.CASCADE,
        related_name="consent_records", verbose_name=_("employee"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    notice_version = models.PositiveSmallIntegerField(_("notice version"))
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} v{self.notice_version}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for HR")
    APPROVED = "approved", _("Corrected")
    REJECTED = "rejected", _("Not corrected")


class CorrectionField(models.TextChoices):
    """Directory fields a person cannot edit themselves (the directory is their source)."""

    FULL_NAME = "full_name", _("Full name")
    DEPARTMENT = "department", _("Department")
    GRADE = "grade", _("Grade")
    MANAGER = "manager", _("Manager")
    BIRTH_DATE = "birth_date", _("Birth date")


class CorrectionRequest(models.Model):
    """A person asks HR to correct a directory field; HR approves (the people service edits
    the employee) or rejects with a reason."""

    employee = models.ForeignKey(
        "people.Employee", on_delete=models.CASCADE, related_name="correction_requests",
        verbose_name=_("employee"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"),
    )
    field = models.CharField(_("field"), max_length=20, choices=CorrectionField.choices)
    current_value = models.CharField(_("current value"), max_length=200, blank=True)
    requested_value = models.CharField(_("correct value"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING, db_index=True,
    )
    created_at = models.DateTimeField(_("requested"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "field"], condition=models.Q(status="pending"),
                name="privacy_one_pending_correction_per_field",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.field} ({self.status})"


# --- erasure and retention (issue 20 parts 4-5, branch h-erase) ---------------------------


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for HR")
    DONE = "done", _("Erased")
    REJECTED = "rejected", _("Rejected")


class ErasureSource(models.TextChoices):
    SELF = "self", _("Asked by the person")
    HR = "hr", _("Recorded by HR")
    AUTOMATIC = "automatic", _("Retention period ended")


class ErasureRequest(models.Model):
    """A request to erase one person's data, its decision and what the erasure changed.

    Written only through `terbalik.privacy.erasure`. The person is an employee (and their
    account) or an account without a directory entry; after the erasure both rows remain
    under the pseudonym, so the request keeps pointing at them without naming them."""

    employee = models.ForeignKey(
        "people.Employee", null=True, blank=True, on_delete=models.CASCADE,
        related_name="erasure_requests", verbose_name=_("employee"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="erasure_requests", verbose_name=_("account"),
    )
    source = models.CharField(_("source"), max_length=10, choices=ErasureSource.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus.choices,
        default=ErasureStatus.PENDING, db_index=True,
    )
    #: the person's own words (cleared by the erasure)
    explanation = models.TextField(_("explanation"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    #: HR's reason for approving or rejecting (required)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    #: rows changed per kind of data, e.g. {"notes": 3, "photo": 1}
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(status="pending"),
                name="privacy_one_pending_erasure_per_employee",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"),
                name="privacy_one_pending_erasure_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"erasure {self.pk} ({self.status})"


class RetentionRun(models.Model):
    """One run of the retention task: what it removed, per kind of data.

    `day` is unique: the scheduler runs the task at most once a day (two schedulers racing
    insert the same day and one of them stops)."""

    day = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    removed = models.JSONField(_("removed"), default=dict, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"retention {self.day}"


# --- end of erasure and retention ---------------------------------------------------------

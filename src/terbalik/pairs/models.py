from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PairStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DISSOLVED = "dissolved", _("Dissolved")


class PairSource(models.TextChoices):
    CHOICE = "choice", _("Chosen by the mentee")
    BULK = "bulk", _("Optimal assignment")
    MANUAL = "manual", _("Set by HR")


class Pair(models.Model):
    """A published mentor–mentee pair of a program. Written only through `pairs.services`."""

    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        related_name="pairs",
        verbose_name=_("program"),
    )
    mentor = models.ForeignKey(
        "programs.Enrollment",
        on_delete=models.PROTECT,
        related_name="pairs_as_mentor",
        verbose_name=_("mentor"),
    )
    mentee = models.ForeignKey(
        "programs.Enrollment",
        on_delete=models.PROTECT,
        related_name="pairs_as_mentee",
        verbose_name=_("mentee"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PairStatus.choices, default=PairStatus.ACTIVE,
        db_index=True,
    )
    source = models.CharField(_("source"), max_length=10, choices=PairSource.choices)
    score = models.FloatField(_("match score"), null=True, blank=True)
    score_details = models.JSONField(_("score details"), default=dict, blank=True)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["started_at", "id"]
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="active"),
                name="pairs_one_active_pair_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor.employee.full_name} → {self.mentee.employee.full_name}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from terbalik.core.choices import ChoiceLabels


class PairStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DISSOLVED = "dissolved", _("Dissolved")


class PairSource(models.TextChoices):
    CHOICE = "choice", _("Chosen by the mentee")
    BULK = "bulk", _("Optimal assignment")
    MANUAL = "manual", _("Set by HR")


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    INACTIVE = "inactive", _("Inactive")


class Pair(ChoiceLabels, models.Model):
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
    health = models.CharField(
        _("health"), max_length=10, choices=Health.choices, default=Health.ON_TRACK, db_index=True
    )
    health_reasons = models.JSONField(_("health reasons"), default=list, blank=True)
    health_checked_at = models.DateTimeField(_("health checked"), null=True, blank=True)
    goals_shared = models.BooleanField(_("goals shared with HR"), default=False)
    term_ends_on = models.DateField(_("term ends"), null=True, blank=True)
    continue_mentor = models.BooleanField(_("mentor wants to continue"), default=False)
    continue_mentee = models.BooleanField(_("mentee wants to continue"), default=False)
    rollovers = models.PositiveSmallIntegerField(_("terms renewed"), default=0)

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

    @property
    def is_active(self) -> bool:
        return self.status == PairStatus.ACTIVE


from .models_cockpit import HealthRecord, Nudge  # noqa: E402
from .models_work import (  # noqa: E402  (split module, re-exported here)
    Agreement,
    CheckIn,
    CheckInAnswer,
    Goal,
    GoalProgress,
    GoalStatus,
    Launch,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Milestone,
    Note,
    Touchpoint,
    TrainingResult,
)

__all__ = [
    "Agreement",
    "CheckIn",
    "CheckInAnswer",
    "Goal",
    "GoalProgress",
    "GoalStatus",
    "Health",
    "HealthRecord",
    "Launch",
    "Meeting",
    "MeetingOutcome",
    "MeetingStatus",
    "Milestone",
    "Note",
    "Nudge",
    "Pair",
    "PairSource",
    "PairStatus",
    "Touchpoint",
    "TrainingResult",
]

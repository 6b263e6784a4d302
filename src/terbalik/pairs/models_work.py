"""What a pair does together: agreement, goals, notes, meetings and check-ins, training.

Imported through `terbalik.pairs.models`. Written only through `terbalik.pairs.services`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbalik.core.choices import ChoiceLabels
from terbalik.programs.models import Cadence


class Touchpoint(models.TextChoices):
    NONE = "none", _("No touchpoint between meetings")
    WEEKLY = "weekly", _("A weekly check-in message")
    BIWEEKLY = "biweekly", _("A check-in message every two weeks")


class Agreement(ChoiceLabels, models.Model):
    """How the pair works together. Any change clears both acceptances."""

    pair = models.OneToOneField(
        "pairs.Pair", on_delete=models.CASCADE, related_name="agreement", verbose_name=_("pair")
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    cadence = models.CharField(
        _("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(240)],
    )
    touchpoint = models.CharField(
        _("touchpoint"), max_length=10, choices=Touchpoint.choices, default=Touchpoint.NONE
    )
    touchpoint_note = models.CharField(_("touchpoint details"), max_length=300, blank=True)
    expectations = models.TextField(_("what we expect from each other"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    mentor_accepted_at = models.DateTimeField(_("mentor accepted"), null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(_("mentee accepted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"agreement of pair {self.pair_id}"

    @property
    def accepted(self) -> bool:
        return bool(self.mentor_accepted_at and self.mentee_accepted_at)

    @property
    def accepted_at(self):  # type: ignore[no-untyped-def]
        if not self.accepted:
            return None
        return max(self.mentor_accepted_at, self.mentee_accepted_at)  # type: ignore[type-var]


class GoalStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class Goal(ChoiceLabels, models.Model):
    """A SMART goal of the pair: specific, measurable (target + unit), achievable, relevant,
    time-bound (due date)."""

    pair = models.ForeignKey(
        "pairs.Pair", on_delete=models.CASCADE, related_name="goals", verbose_name=_("pair")
    )
    statement = models.TextField(_("specific goal"))
    target_value = models.DecimalField(_("measurable target"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50)
    baseline_value = models.DecimalField(
        _("starting value"), max_digits=12, decimal_places=2, default=0
    )
    current_value = models.DecimalField(
        _("current value"), max_digits=12, decimal_places=2, default=0
    )
    achievable = models.TextField(_("why it is achievable"))
    relevance = models.TextField(_("why it matters"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))
    last_progress_at = models.DateTimeField(_("last progress"))
    achieved_at = models.DateTimeField(_("achieved"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.statement[:60]

    @property
    def percent(self) -> int:
        span = self.target_value - self.baseline_value
        if span == 0:
            return 100 if self.current_value >= self.target_value else 0
        share = (self.current_value - self.baseline_value) / span * 100
        return int(max(0, min(100, share)))


class Milestone(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("goal")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class GoalProgress(models.Model):
    """One progress update; the list is the goal's history."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="progress", verbose_name=_("goal")
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self) -> str:
        return f"{self.value}"


class Note(models.Model):
    """A shared note only the two members of the pair can read (never HR)."""

    pair = models.ForeignKey(
        "pairs.Pair", on_delete=models.CASCADE, related_name="notes", verbose_name=_("pair")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"note {self.pk}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingOutcome(models.TextChoices):
    PENDING = "pending", _("Not confirmed yet")
    HELD = "held", _("Held")
    NOT_HELD = "not_held", _("Did not happen")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    DISPUTED = "disputed", _("The two answers differ")
    ONE_SIDED = "one_sided", _("Confirmed by one person only")


class Meeting(ChoiceLabels, models.Model):
    pair = models.ForeignKey(
        "pairs.Pair", on_delete=models.CASCADE, related_name="meetings", verbose_name=_("pair")
    )
    uid = models.CharField(_("calendar UID"), max_length=100, unique=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    series = models.UUIDField(_("series"), null=True, blank=True, db_index=True)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    location = models.CharField(_("place or link"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED, db_index=True,
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=MeetingOutcome.choices,
        default=MeetingOutcome.PENDING, db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("scheduled by"),
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"meeting {self.pk} {self.starts_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def new_uid() -> str:
        return f"{uuid.uuid4()}@terbalik"


class CheckInAnswer(models.TextChoices):
    HELD = "held", _("It took place")
    NOT_HELD = "not_held", _("It did not happen")
    RESCHEDULED = "rescheduled", _("We moved it")


class CheckIn(ChoiceLabels, models.Model):
    """One person's answer about one meeting."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("meeting")
    )
    role = models.CharField(_("role"), max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("person"),
    )
    answer = models.CharField(_("answer"), max_length=12, choices=CheckInAnswer.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("answered"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "role"], name="pairs_one_checkin_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.role}: {self.answer}"


class Launch(models.Model):
    """HR launched the program's running phase: kickoff date and announcement."""

    program = models.OneToOneField(
        "programs.Program", on_delete=models.CASCADE, related_name="pairs_launch",
        verbose_name=_("program"),
    )
    kickoff_at = models.DateTimeField(_("kickoff"))
    kickoff_place = models.CharField(_("kickoff place or link"), max_length=300, blank=True)
    launched_at = models.DateTimeField(_("launched"))
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("launched by"),
    )

    class Meta:
        verbose_name = _("launch")
        verbose_name_plural = _("launches")

    def __str__(self) -> str:
        return f"launch of program {self.program_id}"


class TrainingResult(models.Model):
    """A participant's run through the communication-skills module and its check."""

    enrollment = models.OneToOneField(
        "programs.Enrollment", on_delete=models.CASCADE, related_name="training",
        verbose_name=_("participant"),
    )
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("training result")
        verbose_name_plural = _("training results")

    def __str__(self) -> str:
        return f"training of {self.enrollment_id}"

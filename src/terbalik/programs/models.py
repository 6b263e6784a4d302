"""Programs: goal, design, lifecycle, enrollment, invitations and the waitlist.

Written only through `terbalik.programs.services`. Programs are scoped per HR owner: a program
has `owners` (HR users); HR users see the programs they own, platform admins see all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Objective(models.TextChoices):
    DIGITAL_SKILLS = "digital_skills", _("Digital skills")
    INCLUSION = "inclusion", _("Inclusion and diversity")
    LEADERSHIP = "leadership", _("Leadership development")
    RETENTION = "retention", _("Junior retention")
    INSIGHT = "insight", _("Customer and generational insight")
    ENGAGEMENT = "engagement", _("Engagement")
    OTHER = "other", _("Other")


class GoalDirection(models.TextChoices):
    INCREASE = "increase", _("Increase (higher is better)")
    DECREASE = "decrease", _("Decrease (lower is better)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECRUITING = "recruiting", _("Recruiting")
    MATCHING = "matching", _("Matching")
    ACTIVE = "active", _("Active")
    CLOSING = "closing", _("Closing")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class Seniority(models.TextChoices):
    GRADE = "grade", _("Mentor has a lower grade")
    AGE = "age", _("Mentor is younger")
    GRADE_AND_AGE = "grade_and_age", _("Mentor has a lower grade and is younger")
    GRADE_OR_AGE = "grade_or_age", _("Mentor has a lower grade or is younger")


class EnrollmentMode(models.TextChoices):
    OPEN = "open", _("Open sign-up")
    CLOSED = "closed", _("By invitation only")


class Term(models.TextChoices):
    FIXED = "fixed", _("Fixed start and end")
    ONGOING = "ongoing", _("Ongoing, each pair runs a set number of months")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video call")
    CHAT = "chat", _("Chat")


class MatchingMode(models.TextChoices):
    MENTEE_CHOOSES = "mentee_chooses", _("Mentee chooses from suggestions")
    HR_ASSIGNS = "hr_assigns", _("HR assigns")
    BOTH = "both", _("Both: mentees choose, HR assigns the rest")


class ManagerSilence(models.TextChoices):
    APPROVE = "approve", _("Silence counts as approval")
    REFUSE = "refuse", _("Silence counts as refusal")


class ParticipantRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


WEIGHT_FIELDS = ("weight_skill", "weight_interest", "weight_diversity")


def weight_errors(weights: dict[str, float | None]) -> dict[str, Any]:
    """Why these matching weights cannot be used (field -> translated message), or {}:
    none may be negative and not all may be zero (the engine would rank nobody)."""
    errors: dict[str, Any] = {}
    for name in WEIGHT_FIELDS:
        value = weights.get(name)
        if value is not None and value < 0:
            errors[name] = _("A weight cannot be negative.")
    if not errors and all(weights.get(name) == 0 for name in WEIGHT_FIELDS):
        errors["weight_skill"] = _("At least one matching weight must be above zero.")
    return errors


class Program(models.Model):
    # --- goal
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objective = models.CharField(
        _("objective"), max_length=30, choices=Objective.choices, default=Objective.DIGITAL_SKILLS
    )
    objective_other = models.CharField(_("other objective"), max_length=200, blank=True)
    method = models.TextField(_("method"), blank=True)
    goal_specific = models.TextField(_("specific goal"), blank=True)
    goal_metric = models.CharField(_("metric"), max_length=200, blank=True)
    goal_target_value = models.DecimalField(
        _("target value"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    goal_unit = models.CharField(_("unit"), max_length=50, blank=True)
    goal_direction = models.CharField(
        _("direction"), max_length=10, choices=GoalDirection.choices,
        default=GoalDirection.INCREASE,
        help_text=_("For a decrease, the target is the size of the wanted reduction."),
    )
    goal_achievable = models.TextField(_("why it is achievable"), blank=True)
    goal_relevance = models.TextField(_("relevance"), blank=True)
    goal_deadline = models.DateField(_("deadline"), null=True, blank=True)
    success_criteria = models.TextField(_("success criteria"), blank=True)
    template_key = models.CharField(_("template"), max_length=30, blank=True)

    # --- design: eligibility
    mentor_grade_min = models.PositiveSmallIntegerField(
        _("lowest mentor grade"), null=True, blank=True
    )
    mentor_grade_max = models.PositiveSmallIntegerField(
        _("highest mentor grade"), null=True, blank=True
    )
    mentee_grade_min = models.PositiveSmallIntegerField(
        _("lowest mentee grade"), null=True, blank=True
    )
    mentee_grade_max = models.PositiveSmallIntegerField(
        _("highest mentee grade"), null=True, blank=True
    )
    min_grade_gap = models.PositiveSmallIntegerField(_("minimum grade gap"), default=0)
    seniority_rule = models.CharField(
        _("seniority rule"), max_length=20, choices=Seniority.choices, default=Seniority.GRADE
    )
    departments_included = models.JSONField(_("departments included"), default=list, blank=True)
    departments_excluded = models.JSONField(_("departments excluded"), default=list, blank=True)
    min_tenure_months = models.PositiveSmallIntegerField(_("minimum tenure (months)"), default=0)

    # --- design: recruitment and format
    enrollment_mode = models.CharField(
        _("enrollment"), max_length=10, choices=EnrollmentMode.choices, default=EnrollmentMode.OPEN
    )
    mentee_places = models.PositiveIntegerField(_("places for mentees"), null=True, blank=True)
    mentor_places = models.PositiveIntegerField(_("places for mentors"), null=True, blank=True)
    term = models.CharField(_("term"), max_length=10, choices=Term.choices, default=Term.FIXED)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    pair_months = models.PositiveSmallIntegerField(_("months per pair"), null=True, blank=True)
    cadence = models.CharField(
        _("cadence"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("session length (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    training_pass_percent = models.PositiveSmallIntegerField(
        _("training pass mark (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of right answers the communication-skills check needs."),
    )
    expectations = models.TextField(_("expectations"), blank=True)
    commitment = models.TextField(_("commitment statement"), blank=True)
    matching_mode = models.CharField(
        _("matching mode"), max_length=20, choices=MatchingMode.choices, default=MatchingMode.BOTH
    )
    weight_skill = models.FloatField(_("skill weight"), default=0.6)
    weight_interest = models.FloatField(_("interest weight"), default=0.3)
    weight_diversity = models.FloatField(_("diversity weight"), default=0.1)
    manager_approval = models.BooleanField(_("line-manager approval"), default=False)
    manager_approval_days = models.PositiveSmallIntegerField(_("days the manager has"), default=5)
    manager_silence = models.CharField(
        _("when the manager does not answer"),
        max_length=10,
        choices=ManagerSilence.choices,
        default=ManagerSilence.APPROVE,
    )
    min_mentors_before_choice = models.PositiveSmallIntegerField(
        _("mentors needed before mentees choose"), default=0
    )

    # --- lifecycle
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    closing_summary = models.TextField(_("closing summary"), blank=True)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("owners"), related_name="owned_programs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(name: str, message: object) -> None:
            errors.setdefault(name, []).append(str(message))

        if self.objective == Objective.OTHER and not self.objective_other.strip():
            add("objective_other", _('Describe the objective when you choose "Other".'))
        for low, high in (
            ("mentor_grade_min", "mentor_grade_max"),
            ("mentee_grade_min", "mentee_grade_max"),
        ):
            a, b = getattr(self, low), getattr(self, high)
            if a is not None and b is not None and a > b:
                add(high, _("The highest grade must not be below the lowest grade."))
        for name, message in weight_errors(
            {f: getattr(self, f) for f in WEIGHT_FIELDS}
        ).items():
            add(name, message)
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            add("end_date", _("The end date must be after the start date."))
        if self.term == Term.ONGOING and self.pair_months == 0:
            add("pair_months", _("Pairs must run at least one month."))
        unknown = [c for c in self.channels or [] if c not in Channel.values]
        if unknown:
            add("channels", _("Unknown channel: %(channel)s.") % {"channel": ", ".join(unknown)})
        overlap = set(self.departments_included or []) & set(self.departments_excluded or [])
        if overlap:
            add(
                "departments_excluded",
                _("A department cannot be both included and excluded: %(departments)s.")
                % {"departments": ", ".join(sorted(overlap))},
            )
        if self.manager_approval and self.manager_approval_days < 1:
            add("manager_approval_days", _("Give the manager at least one day."))
        if errors:
            raise ValidationError(errors)

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels or []]

    def places_for(self, role: str) -> int | None:
        return self.mentor_places if role == ParticipantRole.MENTOR else self.mentee_places


class MeasurementPhase(models.TextChoices):
    BEFORE = "before", _("Before the pairs start")
    MIDPOINT = "midpoint", _("Halfway")
    AFTER = "after", _("After the program")
    EACH_SESSION = "each_session", _("After each session")


class Respondents(models.TextChoices):
    MENTEES = "mentees", _("Mentees")
    MENTORS = "mentors", _("Mentors")
    BOTH = "both", _("Mentors and mentees")


class MeasurementItem(models.Model):
    """One line of the measurement plan: which survey/test, before or after, and when."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("program")
    )
    template_key = models.CharField(_("survey or test"), max_length=40)
    phase = models.CharField(_("when"), max_length=20, choices=MeasurementPhase.choices)
    offset_days = models.SmallIntegerField(
        _("days from that moment"),
        default=0,
        help_text=_("Negative: before that moment; positive: after it."),
    )
    respondents = models.CharField(
        _("who answers"), max_length=10, choices=Respondents.choices, default=Respondents.BOTH
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["program", "position", "id"]
        verbose_name = _("measurement plan item")
        verbose_name_plural = _("measurement plan")

    def __str__(self) -> str:
        return f"{self.template_key} · {self.phase}"


class EnrollmentStatus(models.TextChoices):
    MANAGER_PENDING = "manager_pending", _("Waiting for the line manager")
    PENDING = "pending", _("Waiting for HR")
    APPROVED = "approved", _("Approved")
    WAITLISTED = "waitlisted", _("On the waitlist")
    REJECTED = "rejected", _("Not accepted")
    MANAGER_REFUSED = "manager_refused", _("Refused by the line manager")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REMOVED = "removed", _("Removed by HR")


#: statuses that hold one of the program's places
HOLDING = (
    EnrollmentStatus.MANAGER_PENDING,
    EnrollmentStatus.PENDING,
    EnrollmentStatus.APPROVED,
)
#: statuses of a live enrollment (one per person and program)
LIVE = (*HOLDING, EnrollmentStatus.WAITLISTED)


class EnrollmentSource(models.TextChoices):
    APPLICATION = "application", _("Application")
    INVITATION = "invitation", _("Invitation")
    DIRECT = "direct", _("Added by HR")


class ManagerOutcome(models.TextChoices):
    NONE = "", _("Not needed")
    WAITING = "waiting", _("Waiting")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    SILENT_APPROVED = "silent_approved", _("No answer: approved")
    SILENT_REFUSED = "silent_refused", _("No answer: refused")


class Enrollment(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("program")
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        related_name="program_enrollments",
        verbose_name=_("employee"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="program_enrollments",
        verbose_name=_("account"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=EnrollmentStatus.choices, db_index=True
    )
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=EnrollmentSource.choices,
        default=EnrollmentSource.APPLICATION,
    )
    #: intake answers the matching needs: skills_wanted, skills_offered, interests,
    #: languages, capacity, channels (lists of normalised strings; capacity an int).
    #: The surveys app may replace this with a link to an intake response later.
    intake = models.JSONField(_("intake answers"), default=dict, blank=True)
    commitment_accepted_at = models.DateTimeField(_("commitment accepted"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied"))
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    manager_outcome = models.CharField(
        _("line manager"), max_length=20, choices=ManagerOutcome.choices, blank=True, default=""
    )
    manager_requested_at = models.DateTimeField(_("manager asked"), null=True, blank=True)
    manager_decided_at = models.DateTimeField(_("manager decided"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["applied_at", "id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "employee"],
                condition=Q(status__in=[s.value for s in LIVE]),
                name="programs_one_live_enrollment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.get_role_display()} · {self.program}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Invitation(models.Model):
    """A personal invitation of a closed program; the e-mail carries a signed, expiring link."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("program")
    )
    employee = models.ForeignKey(
        "people.Employee",
        on_delete=models.CASCADE,
        related_name="program_invitations",
        verbose_name=_("employee"),
    )
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    sent_at = models.DateTimeField(_("sent"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    enrollment = models.OneToOneField(
        Enrollment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
        verbose_name=_("enrollment"),
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "employee"],
                condition=Q(status="sent"),
                name="programs_one_open_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.program}"

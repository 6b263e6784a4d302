"""Matching inside the app: runs with their input snapshot, the HR review, mentee choice.

Written only through `terbalik.matching.services`. The engine itself (`engine/`) is pure; these
models store what went in (snapshot + config, so a run can be replayed) and what came out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_RESPONSE_DAYS = 5
DEFAULT_REFRESH_LIMIT = 2


class MatchingSettings(models.Model):
    """Per-program matching settings the programs app does not hold."""

    program = models.OneToOneField(
        "programs.Program",
        on_delete=models.CASCADE,
        related_name="matching_settings",
        verbose_name=_("program"),
    )
    response_days = models.PositiveSmallIntegerField(
        _("days a mentor has to answer"), default=DEFAULT_RESPONSE_DAYS
    )
    refresh_limit = models.PositiveSmallIntegerField(
        _("fresh suggestions a mentee may ask for"), default=DEFAULT_REFRESH_LIMIT
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self) -> str:
        return str(self.program)


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready for review")
    FAILED = "failed", _("Failed")
    SUPERSEDED = "superseded", _("Replaced by a newer run")
    PUBLISHED = "published", _("Published")


class MatchRun(models.Model):
    """One bulk match: the engine's input (snapshot, config, fixed pairs) and its outcome."""

    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        related_name="match_runs",
        verbose_name=_("program"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        db_index=True,
    )
    background = models.BooleanField(_("runs in the background"), default=False)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    #: engine participants as plain dicts (plus the enrollment id of each), input order
    snapshot = models.JSONField(_("input snapshot"), default=list)
    #: engine configuration mapping (weights, seniority, min_score, top)
    config = models.JSONField(_("configuration"), default=dict)
    #: pairs kept fixed: [{"mentee": enrollment id, "mentor": enrollment id, "why": ...}]
    fixed = models.JSONField(_("fixed pairs"), default=list, blank=True)
    #: assignments, top suggestions per mentee and the engine summary
    result = models.JSONField(_("result"), default=dict, blank=True)
    progress_step = models.CharField(max_length=20, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("re-run of"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.program} · {self.pk}"

    @property
    def percent(self) -> int:
        if self.status in (RunStatus.DONE, RunStatus.PUBLISHED, RunStatus.SUPERSEDED):
            return 100
        if not self.progress_total:
            return 0
        share = self.progress_done / self.progress_total
        # scoring is most of the work; the assignment is the last tenth
        value = 90 * share if self.progress_step == "score" else 90 + 10 * share
        return max(0, min(99, int(value)))

    @property
    def is_finished(self) -> bool:
        return self.status not in (RunStatus.QUEUED, RunStatus.RUNNING)


class Proposal(models.Model):
    """One mentee of a run under HR review: the proposed mentor (or none), locked or not."""

    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("run")
    )
    mentee = models.ForeignKey(
        "programs.Enrollment",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        "programs.Enrollment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("mentor"),
    )
    #: the engine's outcome for this mentee: matched / no_eligible_mentor / eligible_mentors_full
    engine_status = models.CharField(max_length=30, blank=True)
    score_micro = models.BigIntegerField(null=True, blank=True)
    #: PairScore fields of the proposed pair (skill, interest, diversity, skills_taught, ...)
    details = models.JSONField(default=dict, blank=True)
    #: the engine's own choice, kept to show what an override costs
    engine_mentor = models.ForeignKey(
        "programs.Enrollment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    engine_score_micro = models.BigIntegerField(null=True, blank=True)
    #: the mentor is one of the mentee's top suggestions
    in_top = models.BooleanField(default=False)
    locked = models.BooleanField(_("locked"), default=False)
    overridden = models.BooleanField(_("changed by HR"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "position", "id"]
        verbose_name = _("proposed pair")
        verbose_name_plural = _("proposed pairs")
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="matching_one_row_per_mentee")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.mentee_id} → {self.mentor_id}"


class SuggestionSet(models.Model):
    """Suggestions shown to one mentee (a fresh set replaces the previous one)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="+", verbose_name=_("program")
    )
    mentee = models.ForeignKey(
        "programs.Enrollment",
        on_delete=models.CASCADE,
        related_name="suggestion_sets",
        verbose_name=_("mentee"),
    )
    #: 0 = first set; each fresh set the mentee asks for adds one
    round = models.PositiveSmallIntegerField(default=0)
    #: automatic sets (after every suggested mentor said no) do not count against the limit
    automatic = models.BooleanField(default=False)
    #: [{"mentor": enrollment id, "rank": 1.., "score_micro": int, "details": {...}}]
    items = models.JSONField(default=list)
    current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggestion set")
        verbose_name_plural = _("suggestion sets")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(current=True), name="matching_one_current_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} #{self.round}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the mentor")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    CANCELLED = "cancelled", _("Cancelled")


class ChoiceRequest(models.Model):
    """A mentee's request to a mentor they chose (or that passed on to their next choice)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="+", verbose_name=_("program")
    )
    mentee = models.ForeignKey(
        "programs.Enrollment",
        on_delete=models.CASCADE,
        related_name="choice_requests_made",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        "programs.Enrollment",
        on_delete=models.CASCADE,
        related_name="choice_requests_received",
        verbose_name=_("mentor"),
    )
    suggestion_set = models.ForeignKey(
        SuggestionSet, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    #: True when the mentee picked this mentor; False when it passed on automatically
    picked = models.BooleanField(default=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    score_micro = models.BigIntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("answer by"), db_index=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    pair = models.ForeignKey(
        "pairs.Pair", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("choice request")
        verbose_name_plural = _("choice requests")
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="pending"),
                name="matching_one_pending_request_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} ({self.status})"


class RematchStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Pair dissolved")
    DISMISSED = "dismissed", _("Dismissed")


class RematchRequest(models.Model):
    """A participant asks HR to end their pair; the reason is for HR only, never the partner."""

    pair = models.ForeignKey(
        "pairs.Pair",
        on_delete=models.CASCADE,
        related_name="rematch_requests",
        verbose_name=_("pair"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked by"),
    )
    role = models.CharField(_("role"), max_length=10)
    reason = models.TextField(_("private reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=RematchStatus.choices, default=RematchStatus.OPEN
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("re-matching request")
        verbose_name_plural = _("re-matching requests")

    def __str__(self) -> str:
        return f"{self.pair_id} ({self.status})"


class SimulationStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Population(models.TextChoices):
    APPLICANTS = "applicants", _("Current applicants")
    DIRECTORY = "directory", _("Everyone eligible in the directory")


class Simulation(models.Model):
    """A what-if comparison: the program's matching settings against changed ones, on the
    same people. Stores the settings and the aggregate figures only (no snapshot, no names),
    so it holds no personal data."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="simulations",
        verbose_name=_("program"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    population = models.CharField(_("people"), max_length=12, choices=Population.choices)
    #: {"current": config mapping, "what_if": config mapping, "capacity": int|None,
    #:  "objective": "total"|"fair"}
    knobs = models.JSONField(_("settings"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=SimulationStatus.choices,
                              default=SimulationStatus.QUEUED)
    background = models.BooleanField(_("runs in the background"), default=False)
    progress_step = models.CharField(max_length=20, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    #: {"current": side figures, "what_if": side figures} (see matching.simulate.side)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("what-if simulation")
        verbose_name_plural = _("what-if simulations")

    def __str__(self) -> str:
        return f"simulation {self.pk} of program {self.program_id} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (SimulationStatus.DONE, SimulationStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == SimulationStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        share = self.progress_done / self.progress_total
        # the current settings are the first half of the work, the changed ones the second
        base = 50 if self.progress_step == "what_if" else 0
        return max(0, min(99, int(base + 50 * share)))

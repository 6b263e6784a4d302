"""Surveys and scored tests.

A `Survey` is what HR names and edits; its content lives in numbered `SurveyVersion`s. Once a
version has any response its questions are locked: editing then copies them into a new version,
so stored answers keep the meaning they were given under.

Survey content is bilingual data: every text is a JSON object {"id": "...", "en": "..."} shown
in the reader's language, falling back to the other one (HR may fill in one language only).
A `SurveyInstance` sends one version to an explicit list of recipients between two dates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("id", "en")


def localized(value: Any, language: str | None = None) -> str:
    """The text of a bilingual {"id": ..., "en": ...} value in `language`, else the other one."""
    if not value:
        return ""
    if isinstance(value, str):
        return value
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    text = value.get(language) or ""
    if text:
        return str(text)
    for code in LANGUAGE_CODES:
        if value.get(code):
            return str(value[code])
    return ""


class Kind(models.TextChoices):
    MENTEE_INTAKE = "mentee_intake", _("Mentee intake")
    MENTOR_INTAKE = "mentor_intake", _("Mentor intake")
    TEST = "test", _("Scored test")
    ENGAGEMENT = "engagement", _("Engagement and confidence")
    SESSION_FEEDBACK = "session_feedback", _("Session feedback")
    CHECKIN = "checkin", _("Relationship check-in")
    EVALUATION = "evaluation", _("End-of-program evaluation")
    CUSTOM = "custom", _("Other survey")


class Survey(models.Model):
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices, default=Kind.CUSTOM)
    is_template = models.BooleanField(_("shipped template"), default=False)
    template_key = models.SlugField(_("template key"), max_length=60, blank=True, default="")
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["template_key"],
                condition=~models.Q(template_key=""),
                name="surveys_survey_unique_template_key",
            )
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return localized(self.title)

    @property
    def display_description(self) -> str:
        return localized(self.description)

    @property
    def is_test(self) -> bool:
        return self.kind == Kind.TEST


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["survey", "-number"]
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="surveys_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    @property
    def is_locked(self) -> bool:
        """Questions are frozen once anybody has answered (even partly) this version."""
        return Response.objects.filter(instance__version=self).exists()


class QuestionType(models.TextChoices):
    LIKERT = "likert", _("Rating scale (Likert)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    TEST = "test", _("Scored test question")
    SKILLS = "skills", _("Skills from the skills list (searchable, several)")


CHOICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TEST)
TEXT_TYPES = (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT)


class ProfileField(models.TextChoices):
    """Profile fields the matching engine reads from intake answers."""

    NONE = "", _("None")
    GOALS = "goals", _("Goals")
    SKILLS_TO_DEVELOP = "skills_to_develop", _("Skills to develop")
    SKILLS_OFFERED = "skills_offered", _("Skills offered")
    INTERESTS = "interests", _("Interests")
    LANGUAGES = "languages", _("Languages")
    MENTOR_CAPACITY = "mentor_capacity", _("Mentor capacity")
    PREFERRED_CHANNELS = "preferred_channels", _("Preferred channels")
    AVAILABILITY = "availability", _("Availability")


class Question(models.Model):
    """One question of one version.

    `options` (choice and test questions): [{"value": "a", "label": {"id":..,"en":..},
    "correct": bool}]; `scale_labels` (Likert): {"1": {"id":..,"en":..}, ...} for the points
    between `min_value` and `max_value`. `key` identifies "the same question" across versions
    and copies, so pre/post comparisons survive edits.
    """

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=60)
    type = models.CharField(_("question type"), max_length=20, choices=QuestionType.choices)
    text = models.JSONField(_("question"), default=dict)
    help_text = models.JSONField(_("help text"), default=dict, blank=True)
    section = models.JSONField(_("section"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    options = models.JSONField(_("options"), default=list, blank=True)
    scale_labels = models.JSONField(_("scale labels"), default=dict, blank=True)
    min_value = models.IntegerField(_("lowest value"), null=True, blank=True)
    max_value = models.IntegerField(_("highest value"), null=True, blank=True)
    points = models.PositiveIntegerField(_("points"), default=0)
    profile_field = models.CharField(
        _("profile field"), max_length=30, choices=ProfileField.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="surveys_question_key_unique")
        ]

    def __str__(self) -> str:
        return self.display_text

    @property
    def display_text(self) -> str:
        return localized(self.text)

    @property
    def display_help(self) -> str:
        return localized(self.help_text)

    @property
    def display_section(self) -> str:
        return localized(self.section)

    @property
    def is_scored(self) -> bool:
        return self.type == QuestionType.TEST

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def is_skills(self) -> bool:
        """Answered with canonical skill ids picked in the searchable list (issue 21)."""
        return self.type == QuestionType.SKILLS

    @property
    def skill_interests(self) -> bool:
        """A skills question about interests offers the interests, else the skills."""
        return self.profile_field == ProfileField.INTERESTS

    @property
    def is_multi(self) -> bool:
        if self.type in (QuestionType.MULTIPLE, QuestionType.SKILLS):
            return True
        return self.type == QuestionType.TEST and len(self.correct_values) > 1

    @property
    def correct_values(self) -> set[str]:
        return {str(o["value"]) for o in self.options if o.get("correct")}

    def option_choices(self) -> list[tuple[str, str]]:
        return [(str(o["value"]), localized(o.get("label"))) for o in self.options]

    def scale_points(self) -> list[tuple[int, str]]:
        low = 1 if self.min_value is None else self.min_value
        high = 5 if self.max_value is None else self.max_value
        return [(v, localized(self.scale_labels.get(str(v)))) for v in range(low, high + 1)]

    def answer_text(self, value: Any) -> str:
        """An answer as the person reads it back: a scale point with its label and place on
        the scale ("Agree (4 of 5)"), chosen options by their labels, numbers the local way."""
        if value is None or value == "" or value == []:
            return ""
        if self.type == QuestionType.LIKERT:
            high = 5 if self.max_value is None else self.max_value
            label = localized(self.scale_labels.get(str(value)))
            args = {"value": formats.localize(value), "high": formats.localize(high),
                    "label": label}
            if label:
                return gettext("%(label)s (%(value)s of %(high)s)") % args
            return gettext("%(value)s of %(high)s") % args
        if self.is_choice:
            labels = dict(self.option_choices())
            items = value if isinstance(value, list) else [value]
            return "; ".join(labels.get(str(v), str(v)) for v in items)
        if self.is_skills:
            from terbalik.skills.selectors import taxonomy

            items = value if isinstance(value, list) else [value]
            return "; ".join(taxonomy().labels(str(v) for v in items))
        if self.type == QuestionType.NUMBER and isinstance(value, int | float):
            return str(formats.localize(value))
        return str(value)


class Phase(models.TextChoices):
    NONE = "none", _("Single measurement")
    PRE = "pre", _("Before the program (pre)")
    POST = "post", _("After the program (post)")


#: the share of recipients a sending hopes to hear from, unless HR sets another
DEFAULT_RESPONSE_TARGET = 70


class SurveyInstance(models.Model):
    """One sending of a survey version to a list of recipients, open between two moments."""

    title = models.CharField(_("title"), max_length=200)
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="instances")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    closed_at = models.DateTimeField(_("closed early"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.NONE)
    pre_instance = models.ForeignKey(
        "self",
        verbose_name=_("matching pre survey"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="post_instances",
    )
    # The program this sending measures (its pre/post surveys), if any.
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_instances",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_instances_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Recipient", related_name="survey_invitations"
    )
    # HR's home flags a sending whose share of submitted answers is below this (percent)
    response_target = models.PositiveSmallIntegerField(
        _("response target (%)"), default=DEFAULT_RESPONSE_TARGET,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("survey sending")
        verbose_name_plural = _("survey sendings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="surveys_instance_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def effective_close(self) -> Any:
        if self.closed_at and self.closed_at < self.closes_at:
            return self.closed_at
        return self.closes_at

    def is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.effective_close

    @property
    def status(self) -> str:
        now = timezone.now()
        if now < self.opens_at:
            return "scheduled"
        if now < self.effective_close:
            return "open"
        return "closed"

    @property
    def status_label(self) -> str:
        return str(INSTANCE_STATUS_LABELS[self.status])


INSTANCE_STATUS_LABELS = {
    "scheduled": _("Scheduled"),
    "open": _("Open"),
    "closed": _("Closed"),
}


class Recipient(models.Model):
    instance = models.ForeignKey(
        SurveyInstance, on_delete=models.CASCADE, related_name="recipient_links"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_recipient_links"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instance", "user__email"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["instance", "user"], name="surveys_recipient_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.instance}"


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        SUBMITTED = "submitted", _("Completed")

    instance = models.ForeignKey(SurveyInstance, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_responses"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["instance", "user__email"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["instance", "user"], name="surveys_one_response_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.instance}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """`value`: int (Likert), number, str (single choice, text) or list of str (multiple)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    points = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value!r}"


class Delivery(models.Model):
    """An invitation or reminder e-mail sent to one recipient (for idempotency and history)."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")

    instance = models.ForeignKey(
        SurveyInstance, on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["instance", "user", "kind", "sent_on"], name="surveys_delivery_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.user_id} {self.sent_on}"


class PlannedSending(models.Model):
    """A sending that a program's measurement plan scheduled by itself (issue 14).

    One per program, plan key (`programs.measurement`) and plan moment (before, halfway,
    after). Written only by `terbalik.surveys.planning`: saving the goal, the design or the
    plan updates the same rows (never a second sending); a sending that has opened keeps its
    dates. `moved_by_hr` marks dates HR set by hand: later date changes of the program leave
    them alone.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="planned_sendings",
        verbose_name=_("program"),
    )
    template_key = models.CharField(_("survey or test"), max_length=40)
    moment = models.CharField(_("when"), max_length=20)
    respondents = models.CharField(_("who answers"), max_length=10)
    instance = models.OneToOneField(
        SurveyInstance, on_delete=models.CASCADE, related_name="plan_link",
        verbose_name=_("survey sending"),
    )
    moved_by_hr = models.BooleanField(_("dates set by HR"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "instance__opens_at", "id"]
        verbose_name = _("scheduled sending")
        verbose_name_plural = _("scheduled sendings")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "template_key", "moment"], name="surveys_planned_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_id} · {self.template_key} · {self.moment}"

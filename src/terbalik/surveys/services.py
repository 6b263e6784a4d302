"""Surveys: the write path for authoring, versions, instances and recipients.

Answering lives in `answering.py`, e-mails in `emails.py`; both are re-exported here.
Every function is keyword-only and runs in a transaction; invalid input raises
`django.core.exceptions.ValidationError` with translated messages naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError

from .models import (
    CHOICE_TYPES,
    DEFAULT_RESPONSE_TARGET,
    LANGUAGE_CODES,
    Kind,
    Phase,
    ProfileField,
    Question,
    QuestionType,
    Recipient,
    Survey,
    SurveyInstance,
    SurveyVersion,
    localized,
)

Text = dict[str, str]


def text_of(value: Any) -> Text:
    """Normalise a bilingual value: keeps only known languages, stripped, non-empty."""
    if isinstance(value, str):
        value = {"id": value}
    result: Text = {}
    for code in LANGUAGE_CODES:
        item = (value or {}).get(code) or ""
        if str(item).strip():
            result[code] = str(item).strip()
    return result


@dataclass
class QuestionData:
    """Everything that defines a question; what the builder form and the templates produce."""

    type: str
    text: Text
    help_text: Text = field(default_factory=dict)
    section: Text = field(default_factory=dict)
    required: bool = True
    confidential: bool = False
    options: list[dict[str, Any]] = field(default_factory=list)
    scale_labels: dict[str, Text] = field(default_factory=dict)
    min_value: int | None = None
    max_value: int | None = None
    points: int = 0
    profile_field: str = ""
    key: str = ""

    @classmethod
    def from_question(cls, question: Question) -> QuestionData:
        return cls(
            type=question.type,
            text=dict(question.text),
            help_text=dict(question.help_text or {}),
            section=dict(question.section or {}),
            required=question.required,
            confidential=question.confidential,
            options=[dict(o) for o in question.options],
            scale_labels={k: dict(v) for k, v in (question.scale_labels or {}).items()},
            min_value=question.min_value,
            max_value=question.max_value,
            points=question.points,
            profile_field=question.profile_field,
            key=question.key,
        )

    def as_fields(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "text": self.text,
            "help_text": self.help_text,
            "section": self.section,
            "required": self.required,
            "confidential": self.confidential,
            "options": self.options,
            "scale_labels": self.scale_labels,
            "min_value": self.min_value,
            "max_value": self.max_value,
            "points": self.points,
            "profile_field": self.profile_field,
        }


def _clean_question_data(data: QuestionData) -> QuestionData:
    errors: dict[str, list[str]] = {}
    data.text = text_of(data.text)
    data.help_text = text_of(data.help_text)
    data.section = text_of(data.section)
    if data.type not in QuestionType.values:
        errors.setdefault("type", []).append(_("Choose a question type."))
    if not data.text:
        errors.setdefault("text", []).append(
            _("Write the question in Indonesian or in English (or both).")
        )
    if data.profile_field not in ProfileField.values:
        errors.setdefault("profile_field", []).append(_("Choose a valid profile field."))
    if data.type in CHOICE_TYPES:
        options = []
        for index, option in enumerate(data.options, start=1):
            label = text_of(option.get("label"))
            if not label:
                continue
            value = str(option.get("value") or "").strip() or f"o{index}"
            options.append({"value": value, "label": label, "correct": bool(option.get("correct"))})
        values = [o["value"] for o in options]
        if len(set(values)) != len(values):
            errors.setdefault("options", []).append(_("Two options have the same value."))
        if len(options) < 2:
            errors.setdefault("options", []).append(
                _("A choice question needs at least two options.")
            )
        data.options = options
        if data.type == QuestionType.TEST:
            if not any(o["correct"] for o in options):
                errors.setdefault("options", []).append(
                    _("Mark at least one option as correct.")
                )
            if data.points < 1:
                errors.setdefault("points", []).append(
                    _("A scored question is worth at least one point.")
                )
        else:
            data.points = 0
            for o in data.options:
                o["correct"] = False
    else:
        data.options = []
        data.points = 0
    if data.type == QuestionType.LIKERT:
        low = 1 if data.min_value is None else data.min_value
        high = 5 if data.max_value is None else data.max_value
        if not (0 <= low < high <= 10):
            errors.setdefault("max_value", []).append(
                _("A rating scale runs from 0 or 1 up to at most 10, lowest first.")
            )
        data.min_value, data.max_value = low, high
        data.scale_labels = {
            str(k): text_of(v)
            for k, v in (data.scale_labels or {}).items()
            if text_of(v) and str(k).lstrip("-").isdigit() and low <= int(k) <= high
        }
    elif data.type == QuestionType.NUMBER:
        data.scale_labels = {}
        if (
            data.min_value is not None
            and data.max_value is not None
            and data.min_value > data.max_value
        ):
            errors.setdefault("max_value", []).append(
                _("The highest value must not be below the lowest value.")
            )
    else:
        data.scale_labels = {}
        data.min_value = data.max_value = None
    if errors:
        raise ServiceError(errors)
    return data


def _key_for(data: QuestionData, taken: set[str]) -> str:
    base = slugify(data.key or localized(data.text, "en") or localized(data.text))[:40] or "q"
    base = re.sub(r"-+$", "", base) or "q"
    key, n = base, 2
    while key in taken:
        key = f"{base}-{n}"
        n += 1
    return key


# --- surveys and versions ----------------------------------------------------------------


def survey_current_version(survey: Survey) -> SurveyVersion:
    version = survey.versions.order_by("-number").first()
    if version is None:
        version = SurveyVersion.objects.create(survey=survey, number=1)
    return version


@transaction.atomic
def survey_create(
    *,
    by: Any,
    title: Text | str,
    kind: str = Kind.CUSTOM,
    description: Text | str | None = None,
) -> Survey:
    title = text_of(title)
    if not title:
        raise ServiceError({"title": [_("Give the survey a title.")]})
    if kind not in Kind.values:
        raise ServiceError({"kind": [_("Choose a survey type.")]})
    survey = Survey.objects.create(
        title=title, description=text_of(description or {}), kind=kind, created_by=by
    )
    SurveyVersion.objects.create(survey=survey, number=1, created_by=by)
    audit.record(action="survey.create", actor=by, target=survey)
    return survey


@transaction.atomic
def survey_update(
    *, survey: Survey, by: Any, title: Text | str, description: Text | str | None = None
) -> Survey:
    _require_editable(survey)
    title = text_of(title)
    if not title:
        raise ServiceError({"title": [_("Give the survey a title.")]})
    survey.title = title
    survey.description = text_of(description or {})
    survey.updated_at = timezone.now()
    survey.save(update_fields=["title", "description", "updated_at"])
    audit.record(action="survey.update", actor=by, target=survey)
    return survey


def _copy_questions(source: SurveyVersion, target: SurveyVersion) -> dict[int, Question]:
    mapping: dict[int, Question] = {}
    for question in source.questions.order_by("position", "id"):
        old_pk = question.pk
        question.pk = None
        question.id = None
        question.version = target
        question._state.adding = True
        question.save()
        mapping[old_pk] = question
    return mapping


@transaction.atomic
def survey_copy(*, survey: Survey, by: Any, title: Text | str | None = None) -> Survey:
    """A new, editable survey (version 1) with the questions of `survey`'s current version."""
    source = survey_current_version(survey)
    if title:
        new_title = text_of(title)
    elif survey.is_template:
        new_title = dict(survey.title)
    else:
        new_title = {}
        for code, text in survey.title.items():
            with translation.override(code):
                new_title[code] = _("%(title)s (copy)") % {"title": text}
    copy = Survey.objects.create(
        title=new_title,
        description=dict(survey.description or {}),
        kind=survey.kind,
        copied_from=survey,
        created_by=by,
    )
    version = SurveyVersion.objects.create(survey=copy, number=1, created_by=by)
    _copy_questions(source, version)
    audit.record(action="survey.copy", actor=by, target=copy, details={"from": survey.pk})
    return copy


def _require_editable(survey: Survey) -> None:
    if survey.is_template:
        raise ServiceError(_("Shipped templates cannot be changed; make a copy first."))


@transaction.atomic
def survey_editable_version(*, survey: Survey, by: Any) -> SurveyVersion:
    """The current version if nobody answered it yet, else a fresh copy of it (a new version)."""
    _require_editable(survey)
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    current = survey_current_version(survey)
    if not current.is_locked:
        return current
    new = SurveyVersion.objects.create(survey=survey, number=current.number + 1, created_by=by)
    _copy_questions(current, new)
    audit.record(
        action="survey.new_version", actor=by, target=survey, details={"number": new.number}
    )
    return new


def _touch(survey: Survey) -> None:
    survey.updated_at = timezone.now()
    survey.save(update_fields=["updated_at"])


def _in_editable(question: Question, by: Any) -> tuple[SurveyVersion, Question]:
    """The editable version and this question's counterpart in it (same key)."""
    survey = question.version.survey
    version = survey_editable_version(survey=survey, by=by)
    if version.pk == question.version_id:
        return version, question
    return version, version.questions.get(key=question.key)


@transaction.atomic
def question_add(*, survey: Survey, by: Any, data: QuestionData) -> Question:
    data = _clean_question_data(data)
    version = survey_editable_version(survey=survey, by=by)
    taken = set(version.questions.values_list("key", flat=True))
    position = (version.questions.aggregate(m=Max("position"))["m"] or 0) + 1
    question = Question.objects.create(
        version=version, position=position, key=_key_for(data, taken), **data.as_fields()
    )
    _touch(survey)
    audit.record(action="survey.question_add", actor=by, target=question)
    return question


@transaction.atomic
def question_update(*, question: Question, by: Any, data: QuestionData) -> Question:
    """Change a question; on a locked version the change lands in a new version."""
    data = _clean_question_data(data)
    _version, target = _in_editable(question, by)
    for name, value in data.as_fields().items():
        setattr(target, name, value)
    target.save()
    _touch(target.version.survey)
    audit.record(action="survey.question_update", actor=by, target=target)
    return target


def _renumber(version: SurveyVersion, ordered: list[Question]) -> None:
    for index, q in enumerate(ordered, start=1):
        q.position = index
    Question.objects.bulk_update(ordered, ["position"])


@transaction.atomic
def question_move(*, question: Question, by: Any, direction: str) -> SurveyVersion:
    if direction not in ("up", "down"):
        raise ServiceError(_("Move a question up or down."))
    version, target = _in_editable(question, by)
    ordered = list(version.questions.order_by("position", "id"))
    index = next(i for i, q in enumerate(ordered) if q.pk == target.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        _renumber(version, ordered)
        _touch(version.survey)
        audit.record(
            action="survey.question_move", actor=by, target=target, details={"to": direction}
        )
    return version


@transaction.atomic
def question_remove(*, question: Question, by: Any) -> SurveyVersion:
    version, target = _in_editable(question, by)
    target.delete()
    _renumber(version, list(version.questions.order_by("position", "id")))
    _touch(version.survey)
    audit.record(action="survey.question_remove", actor=by, target=version.survey,
                 details={"key": target.key})
    return version


# --- instances and recipients ------------------------------------------------------------


def _family(survey: Survey) -> set[int]:
    return {pk for pk in (survey.pk, survey.copied_from_id) if pk is not None}


def _same_family(a: Survey, b: Survey) -> bool:
    """Same survey, one copied from the other, or both copied from the same template."""
    return bool(_family(a) & _family(b))


@transaction.atomic
def survey_instance_create(
    *,
    survey: Survey,
    by: Any,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    phase: str = Phase.NONE,
    pre_instance: SurveyInstance | None = None,
    program_id: int | None = None,
    response_target: int = DEFAULT_RESPONSE_TARGET,
) -> SurveyInstance:
    """Send the survey's current version; a "post" instance may point to its "pre" one.
    HR's home flags the sending while its share of answers is below `response_target` (%)."""
    errors: dict[str, list[str]] = {}
    if target_error := _response_target_error(response_target):
        errors["response_target"] = [target_error]
    if not title.strip():
        errors["title"] = [_("Give this sending a title.")]
    if timezone.is_naive(opens_at) or timezone.is_naive(closes_at):
        errors["opens_at"] = [_("Dates need a time zone.")]
    elif closes_at <= opens_at:
        errors["closes_at"] = [_("The closing date must be after the opening date.")]
    if phase not in Phase.values:
        errors["phase"] = [_("Choose a phase.")]
    if not survey_current_version(survey).questions.exists():
        errors.setdefault("title", []).append(_("Add at least one question before sending."))
    if pre_instance is not None:
        if phase != Phase.POST:
            errors["pre_instance"] = [_("Only a “post” sending can point to a “pre” sending.")]
        elif pre_instance.phase != Phase.PRE:
            errors["pre_instance"] = [_("The linked sending must be a “pre” sending.")]
        elif not _same_family(pre_instance.version.survey, survey):
            errors["pre_instance"] = [
                _("The “pre” sending must use the same survey or a copy of the same template.")
            ]
    if errors:
        raise ServiceError(errors)
    instance = SurveyInstance.objects.create(
        title=title.strip(),
        version=survey_current_version(survey),
        opens_at=opens_at,
        closes_at=closes_at,
        phase=phase,
        pre_instance=pre_instance,
        program_id=program_id,
        response_target=response_target,
        created_by=by,
    )
    audit.record(action="survey.instance_create", actor=by, target=instance)
    return instance


def _response_target_error(target: Any) -> str:
    if isinstance(target, int) and not isinstance(target, bool) and 1 <= target <= 100:
        return ""
    return _("The response target is a percentage from 1 to 100.")


@transaction.atomic
def survey_instance_set_target(
    *, instance: SurveyInstance, response_target: int, by: Any
) -> SurveyInstance:
    """Change the share of answers (%) below which HR's home flags the sending."""
    if error := _response_target_error(response_target):
        raise ServiceError({"response_target": [error]})
    if instance.response_target != response_target:
        old = instance.response_target
        instance.response_target = response_target
        instance.save(update_fields=["response_target"])
        audit.record(action="survey.instance_target", actor=by, target=instance,
                     details={"from": old, "to": response_target})
    return instance


@transaction.atomic
def survey_instance_add_recipients(
    *, instance: SurveyInstance, users: Iterable[Any], by: Any
) -> int:
    """Invite these users (idempotent); returns how many were new."""
    users = [u for u in users if getattr(u, "is_active", True)]
    existing = set(instance.recipient_links.values_list("user_id", flat=True))
    new = [Recipient(instance=instance, user=u) for u in users if u.pk not in existing]
    Recipient.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        audit.record(
            action="survey.recipients_add", actor=by, target=instance, details={"count": len(new)}
        )
    return len(new)


@transaction.atomic
def survey_instance_remove_recipient(*, instance: SurveyInstance, user: Any, by: Any) -> None:
    """Remove someone who has not started answering."""
    if instance.responses.filter(user=user).exists():
        raise ServiceError(_("This person has already started answering and stays on the list."))
    instance.recipient_links.filter(user=user).delete()
    audit.record(action="survey.recipient_remove", actor=by, target=instance,
                 details={"user": user.pk})


@transaction.atomic
def survey_instance_close(*, instance: SurveyInstance, by: Any) -> SurveyInstance:
    now = timezone.now()
    if instance.effective_close > now:
        instance.closed_at = now
        instance.save(update_fields=["closed_at"])
        audit.record(action="survey.instance_close", actor=by, target=instance)
    return instance


@transaction.atomic
def survey_instance_link_program(
    *, instance: SurveyInstance, program_id: int, by: Any
) -> SurveyInstance:
    """Count an existing sending as a measurement of a program (e.g. run before it existed)."""
    programs = SurveyInstance._meta.get_field("program").related_model._default_manager
    if not programs.filter(pk=program_id).exists():
        raise ServiceError({"program_id": [_("There is no such program.")]})
    if instance.program_id not in (None, program_id):
        raise ServiceError(
            {"program_id": [_("This sending already measures another program.")]}
        )
    if instance.program_id != program_id:
        instance.program_id = program_id
        instance.save(update_fields=["program_id"])
        audit.record(
            action="survey.instance_link_program",
            actor=by,
            target=instance,
            details={"program": program_id},
        )
    return instance


from .answering import (  # noqa: E402  (re-exported: one import path for callers)
    ANSWERS_REFUSED,
    answer_errors,
    response_record,
    response_save,
    response_submit,
    score_answer,
    survey_profile_values,
)
from .emails import survey_invitations_send, survey_reminders_send  # noqa: E402
from .templates_data import surveys_templates_install  # noqa: E402

__all__ = [
    "QuestionData",
    "ANSWERS_REFUSED",
    "answer_errors",
    "response_record",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "response_save",
    "response_submit",
    "score_answer",
    "survey_copy",
    "survey_create",
    "survey_current_version",
    "survey_editable_version",
    "survey_instance_add_recipients",
    "survey_instance_close",
    "survey_instance_link_program",
    "survey_instance_create",
    "survey_instance_remove_recipient",
    "survey_invitations_send",
    "survey_profile_values",
    "survey_reminders_send",
    "survey_update",
    "surveys_templates_install",
]

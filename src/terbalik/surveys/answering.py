"""Answering: partial saves, submission with validation, scoring.

Scoring rule for test questions (documented for HR in the builder help too):
- one correct option: full points when exactly that option is chosen, else 0;
- several correct options (partial credit): points × max(0, (correct chosen − wrong chosen)
  / number of correct options). Choosing everything therefore earns nothing, and a wrong tick
  cancels a right one.
Unanswered questions score 0. A response's `score` is the sum, `max_score` the sum of points.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core.service_errors import ServiceError

from .models import Answer, Question, QuestionType, Response, SurveyInstance

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 5000


#: the code of a refused save or submit of answers
ANSWERS_REFUSED = "answers_refused"


def _refused(errors: dict[int | None, str]) -> ServiceError:
    """Core's ServiceError naming each refused question (None: the whole form)."""
    return ServiceError(
        {NON_FIELD_ERRORS if key is None else str(key): [text] for key, text in errors.items()},
        code=ANSWERS_REFUSED,
    )


def answer_errors(exc: ValidationError) -> dict[int | None, str]:
    """A refused save or submit as {question id (None: the whole form): sentence}."""
    return {
        None if key == NON_FIELD_ERRORS else int(key): texts[0]
        for key, texts in exc.message_dict.items()
    }


def _blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, list | tuple | set):
        return all(_blank(item) for item in raw)
    return False


def normalize_answer(question: Question, raw: Any, *, saved: Any = None) -> tuple[Any, str | None]:
    """(stored value or None when unanswered, translated error naming the question or None).
    `saved`: the value stored before (a skills answer keeps the terms it already held)."""
    if _blank(raw):
        return None, None
    name = question.display_text
    kind = question.type
    if kind == QuestionType.LIKERT:
        try:
            value = int(str(raw).strip())
        except (TypeError, ValueError):
            value = None
        if value is None or value not in [p for p, _label in question.scale_points()]:
            return None, _("“%(question)s”: choose a point on the scale.") % {"question": name}
        return value, None
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TEST):
        allowed = [str(o["value"]) for o in question.options]
        items = raw if isinstance(raw, list | tuple | set) else [raw]
        chosen = {str(item).strip() for item in items if not _blank(item)}
        if not chosen <= set(allowed):
            return None, _("“%(question)s”: choose among the options shown.") % {"question": name}
        if question.is_multi:
            return [v for v in allowed if v in chosen], None
        if len(chosen) != 1:
            return None, _("“%(question)s”: choose one option.") % {"question": name}
        return chosen.pop(), None
    if kind == QuestionType.SKILLS:
        return _skills_answer(question, raw, saved)
    if kind == QuestionType.NUMBER:
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            return None, _("“%(question)s”: enter a number.") % {"question": name}
        if question.min_value is not None and number < question.min_value:
            return None, _("“%(question)s”: enter %(limit)s or more.") % {
                "question": name, "limit": question.min_value}
        if question.max_value is not None and number > question.max_value:
            return None, _("“%(question)s”: enter %(limit)s or less.") % {
                "question": name, "limit": question.max_value}
        return (int(number) if number == number.to_integral_value() else float(number)), None
    text = str(raw).strip()
    limit = SHORT_TEXT_MAX if kind == QuestionType.SHORT_TEXT else LONG_TEXT_MAX
    if len(text) > limit:
        return None, _("“%(question)s”: keep the answer under %(limit)s characters.") % {
            "question": name, "limit": limit}
    return text, None


def _skills_answer(question: Question, raw: Any, saved: Any = None) -> tuple[Any, str | None]:
    """Canonical skill ids, in the order given. A skill id is kept (a skill deactivated since
    it was chosen too); a label or synonym typed instead (no JavaScript, an older client) is
    mapped through the taxonomy; a term no skill answers to is refused, as is a list over
    SKILLS_MAX_PER_PERSON. A term the saved answer already holds is kept as typed, as the
    apply form keeps unmapped terms: migration 0006 turned old options no skill matches into
    such terms, and a draft saved before it must save again."""
    from terbalik.skills.normalise import split_terms
    from terbalik.skills.selectors import taxonomy

    name = question.display_text
    known = taxonomy()
    items = raw if isinstance(raw, list | tuple | set) else [raw]
    chosen: list[str] = []
    unknown: list[str] = []
    held = {str(v) for v in (saved if isinstance(saved, list) else [saved]) if v}
    for item in items:
        text = str(item).strip()
        if text in known.entries or (text in held and not known.index.lookup(text)):
            found = [text]
        else:
            mapped = known.index.map(split_terms(text))
            unknown.extend(mapped.unmapped)
            found = mapped.ids
        chosen.extend(skill_id for skill_id in found if skill_id not in chosen)
    if unknown:
        return None, _("“%(question)s”: no skill answers to %(terms)s; choose from the list.") % {
            "question": name, "terms": ", ".join(f"“{t}”" for t in unknown)}
    limit = settings.SKILLS_MAX_PER_PERSON
    if len(chosen) > limit:
        return None, _("“%(question)s”: choose at most %(limit)s.") % {
            "question": name, "limit": limit}
    return chosen, None


def score_answer(question: Question, value: Any) -> float | None:
    """Points earned by `value` on a test question (None for questions that are not scored)."""
    if not question.is_scored:
        return None
    correct = question.correct_values
    if value is None or not correct:
        return 0.0
    chosen = {str(v) for v in (value if isinstance(value, list) else [value])}
    if len(correct) == 1:
        return float(question.points) if chosen == correct else 0.0
    right = len(chosen & correct)
    wrong = len(chosen - correct)
    return float(question.points) * max(0.0, (right - wrong) / len(correct))


def _questions(instance: SurveyInstance) -> list[Question]:
    return list(instance.version.questions.order_by("position", "id"))


def _check_can_answer(instance: SurveyInstance, user: Any) -> None:
    if not instance.recipient_links.filter(user=user).exists():
        raise _refused({None: _("You are not invited to this survey.")})
    if not instance.is_open():
        raise _refused({None: _("This survey is not open for answers.")})


def _response_for_update(instance: SurveyInstance, user: Any) -> Response:
    try:
        with transaction.atomic():
            response, _created = Response.objects.get_or_create(instance=instance, user=user)
    except IntegrityError:  # two tabs at once: the other one created it
        response = Response.objects.get(instance=instance, user=user)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.is_submitted:
        raise _refused({None: _("You have already submitted this survey.")})
    return response


@transaction.atomic
def response_save(
    *, instance: SurveyInstance, user: Any, answers: Mapping[int, Any]
) -> Response:
    """Store answers given so far (a draft). Invalid values refuse the whole save."""
    _check_can_answer(instance, user)
    questions = {q.pk: q for q in _questions(instance)}
    cleaned: dict[int, Any] = {}
    errors: dict[int | None, str] = {}
    saved = dict(Answer.objects.filter(response__instance=instance, response__user=user)
                 .values_list("question_id", "value"))
    for qid, raw in answers.items():
        question = questions.get(int(qid))
        if question is None:
            continue
        value, error = normalize_answer(question, raw, saved=saved.get(question.pk))
        if error:
            errors[question.pk] = error
        cleaned[question.pk] = value
    if errors:
        raise _refused(errors)
    response = _response_for_update(instance, user)
    existing = {a.question_id: a for a in response.answers.all()}
    to_create, to_update, to_delete = [], [], []
    for qid, value in cleaned.items():
        answer = existing.get(qid)
        if value is None:
            if answer is not None:
                to_delete.append(answer.pk)
            continue
        points = score_answer(questions[qid], value)
        if answer is None:
            to_create.append(Answer(response=response, question_id=qid, value=value, points=points))
        elif answer.value != value or answer.points != points:
            answer.value, answer.points = value, points
            to_update.append(answer)
    Answer.objects.filter(pk__in=to_delete).delete()
    try:
        with transaction.atomic():
            Answer.objects.bulk_create(to_create)
    except IntegrityError:
        # Another request of the same person (a second tab, an autosave racing the submit
        # where the database cannot lock the response row) stored one of these answers in
        # the meantime: the newer value wins instead of the request failing.
        for answer in to_create:
            Answer.objects.update_or_create(
                response=response,
                question_id=answer.question_id,
                defaults={"value": answer.value, "points": answer.points},
            )
    Answer.objects.bulk_update(to_update, ["value", "points"])
    response.updated_at = timezone.now()
    response.save(update_fields=["updated_at"])
    return response


def response_submit(
    *, instance: SurveyInstance, user: Any, answers: Mapping[int, Any] | None = None
) -> Response:
    """Save `answers` (if any) as a draft, then check required questions, score and submit.

    The draft save and the submission are two transactions: when required answers are
    missing the answers given so far stay saved (the person continues later) and
    the ServiceError names every missing question (see `answer_errors`).
    """
    if answers:
        response_save(instance=instance, user=user, answers=answers)
    return _submit(instance, user)


@transaction.atomic
def _submit(instance: SurveyInstance, user: Any) -> Response:
    _check_can_answer(instance, user)
    response = _response_for_update(instance, user)
    questions = _questions(instance)
    given = {a.question_id: a for a in response.answers.all()}
    errors: dict[int | None, str] = {}
    for q in questions:
        if q.required and q.pk not in given:
            errors[q.pk] = _("Please answer “%(question)s”.") % {"question": q.display_text}
    if errors:
        raise _refused(errors)
    scored = [q for q in questions if q.is_scored]
    if scored:
        response.score = sum(given[q.pk].points or 0.0 for q in scored if q.pk in given)
        response.max_score = float(sum(q.points for q in scored))
    response.status = Response.Status.SUBMITTED
    response.submitted_at = response.updated_at = timezone.now()
    response.save()
    return response


def survey_profile_values(*, user: Any) -> dict[str, list[str]]:
    """Intake answers feeding the matching profile: {profile_field: [values]}.

    The latest submitted answer wins per field. Choice answers give option values (stable
    across languages), text answers their text, numbers their value as text.
    """
    answers = (
        Answer.objects.filter(response__user=user, response__status=Response.Status.SUBMITTED)
        .exclude(question__profile_field="")
        .select_related("question")
        .order_by("response__submitted_at", "question__position")
    )
    result: dict[str, list[str]] = {}
    for answer in answers:
        value = answer.value
        items = value if isinstance(value, list) else [value]
        result[answer.question.profile_field] = [str(v) for v in items if v is not None]
    return result


@transaction.atomic
def response_record(
    *, instance: SurveyInstance, user: Any, answers: Mapping[int, Any], submitted_at: Any
) -> Response:
    """Record a complete response as of `submitted_at` (paper forms, imports, the demo).

    Unlike `response_submit` it does not require the sending to be open now, but values and
    required questions are validated the same way, the person must be a recipient and
    `submitted_at` must fall inside the sending's window.
    """
    errors: dict[int | None, str] = {}
    if not instance.recipient_links.filter(user=user).exists():
        errors[None] = _("You are not invited to this survey.")
    elif not instance.opens_at <= submitted_at <= instance.closes_at:
        errors[None] = _("This survey is not open for answers.")
    questions = _questions(instance)
    cleaned: dict[int, Any] = {}
    for q in questions:
        value, error = normalize_answer(q, answers.get(q.pk))
        if error:
            errors[q.pk] = error
        elif value is None and q.required:
            errors[q.pk] = _("Please answer “%(question)s”.") % {"question": q.display_text}
        elif value is not None:
            cleaned[q.pk] = value
    if Response.objects.filter(instance=instance, user=user).exists():
        errors[None] = _("You have already submitted this survey.")
    if errors:
        raise _refused(errors)
    by_id = {q.pk: q for q in questions}
    response = Response.objects.create(
        instance=instance, user=user, status=Response.Status.SUBMITTED,
        started_at=submitted_at, updated_at=submitted_at, submitted_at=submitted_at,
    )
    rows = [
        Answer(response=response, question_id=qid, value=value,
               points=score_answer(by_id[qid], value))
        for qid, value in cleaned.items()
    ]
    Answer.objects.bulk_create(rows)
    scored = [q for q in questions if q.is_scored]
    if scored:
        response.score = sum(a.points or 0.0 for a in rows if by_id[a.question_id].is_scored)
        response.max_score = float(sum(q.points for q in scored))
        response.save(update_fields=["score", "max_score"])
    return response

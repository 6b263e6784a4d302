"""Read-only result computations for one sending, with the confidentiality rules applied.

Only submitted responses count. Rules (`terbalik.core.privacy.MIN_GROUP_SIZE`):
- a confidential question: aggregates only, and nothing at all under MIN_GROUP_SIZE answers;
  its free-text answers are never listed, its answers never appear per person. Its aggregates
  appear only once the sending is closed: HR sees who has completed, so totals that moved while
  answers come in would give away the answer of the person who just completed;
- sponsors (`people=False`): aggregates only for every question, nothing under the minimum;
- HR (`people=True`): non-confidential questions in full, including free text and per-person
  test scores.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from terbalik.core.privacy import group_is_reportable
from terbalik.skills.selectors import taxonomy

from . import stats
from .models import Answer, Question, QuestionType, Response, SurveyInstance
from .verdict import to_fraction


@dataclass
class QuestionResult:
    question: Question
    n: int
    suppressed: bool = False
    labels: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    correct_share: float | None = None
    until_closed: bool = False  # confidential and the sending still open: nothing yet

    @property
    def rows(self) -> list[tuple[str, int, float]]:
        """(label, count, % of people answering); multiple-choice shares can add up to >100."""
        total = (self.n if self.question.is_multi else sum(self.counts)) or 1
        pairs = zip(self.labels, self.counts, strict=True)
        return [(lab, c, 100.0 * c / total) for lab, c in pairs]

    @property
    def chart(self) -> dict[str, Any]:
        return {"labels": self.labels, "counts": self.counts}


@dataclass
class ComparisonRow:
    label: str
    result: stats.PairedComparison | None
    suppressed: bool = False
    unit: str = ""
    until_closed: bool = False
    key: str = ""  # the question key of a single-item row
    #: the exact (before, after) values behind `result`, one per person with both
    pairs: list[tuple[Fraction, Fraction]] = field(default_factory=list)
    #: people left out and why: no_before / no_after / missing_item
    exclusions: dict[str, int] = field(default_factory=dict)

    @property
    def note_text(self) -> str:
        return _note(self.result.note) if self.result else ""


def _note(code: str) -> str:
    if code == stats.NOT_ENOUGH_PEOPLE:
        return _("Not enough data: at least two people must have answered both times.")
    if code == stats.NO_VARIATION:
        return _("Everyone changed by exactly the same amount, so the tests cannot be computed.")
    if code == stats.NO_CHANGE:
        return _("Nobody's answer changed.")
    return ""


def submitted(instance: SurveyInstance) -> list[Response]:
    return list(
        instance.responses.filter(status=Response.Status.SUBMITTED)
        .select_related("user__employee")
        .order_by("user__full_name", "user__email")
    )


def _answers_by_question(instance: SurveyInstance) -> dict[int, list[Any]]:
    values: dict[int, list[Any]] = defaultdict(list)
    for qid, value in (
        Answer.objects.filter(
            response__instance=instance, response__status=Response.Status.SUBMITTED
        )
        .order_by("response__submitted_at", "response_id", "id")  # stable text order
        .values_list("question_id", "value")
    ):
        values[qid].append(value)
    return values


def _reportable(question: Question, n: int, people: bool) -> bool:
    if question.confidential or not people:
        return group_is_reportable(n)
    return True


def _closed(instance: SurveyInstance) -> bool:
    return instance.status == "closed"


def question_results(*, instance: SurveyInstance, people: bool) -> list[QuestionResult]:
    values = _answers_by_question(instance)
    closed = _closed(instance)
    results = []
    for question in instance.version.questions.order_by("position", "id"):
        answers = values.get(question.pk, [])
        result = QuestionResult(question=question, n=len(answers))
        if question.confidential and not closed:
            result.suppressed = result.until_closed = True
            results.append(result)
            continue
        if not _reportable(question, len(answers), people):
            result.suppressed = True
            results.append(result)
            continue
        if question.type == QuestionType.LIKERT:
            points = question.scale_points()
            result.labels = [f"{v} – {label}" if label else str(v) for v, label in points]
            result.counts = stats.distribution(answers, [v for v, _label in points])
            result.mean = stats.mean([float(a) for a in answers])
        elif question.is_skills:
            # the skills people named, most named first (not the ~150 skills of the list)
            named = Counter(str(v) for a in answers for v in (a if isinstance(a, list) else [a]))
            ranked = sorted(named.items(), key=lambda kv: (-kv[1], kv[0]))
            result.labels = taxonomy().labels(v for v, _count in ranked)
            result.counts = [count for _v, count in ranked]
        elif question.is_choice:
            choices = question.option_choices()
            flat = [v for a in answers for v in (a if isinstance(a, list) else [a])]
            result.labels = [label for _v, label in choices]
            result.counts = stats.distribution(flat, [v for v, _label in choices])
            if question.is_scored and answers:
                earned = [
                    1.0 if _full_marks(question, a) else 0.0 for a in answers
                ]
                result.correct_share = sum(earned) / len(earned)
        elif question.type == QuestionType.NUMBER:
            numbers = [float(a) for a in answers]
            result.mean = stats.mean(numbers)
            distinct = sorted(set(numbers))
            if len(distinct) <= 12:
                result.labels = [f"{v:g}" for v in distinct]
                result.counts = stats.distribution(numbers, distinct)
        elif people and not question.confidential:
            result.texts = [str(a) for a in answers]
        results.append(result)
    return results


def _full_marks(question: Question, value: Any) -> bool:
    chosen = {str(v) for v in (value if isinstance(value, list) else [value])}
    return chosen == question.correct_values


def scores_are_confidential(instance: SurveyInstance) -> bool:
    return instance.version.questions.filter(type=QuestionType.TEST, confidential=True).exists()


def person_scores(*, instance: SurveyInstance, people: bool) -> list[Response]:
    """Submitted test responses with scores, for HR only and only if no scored question is
    confidential."""
    if not people or not instance.version.survey.is_test or scores_are_confidential(instance):
        return []
    return [r for r in submitted(instance) if r.max_score]


def _percent(response: Response) -> Fraction | None:
    """The score in % of the points, exact (7 of 12 is 175/3, not 58.333…)."""
    if response.score is None or not response.max_score:
        return None
    return 100 * to_fraction(response.score) / to_fraction(response.max_score)


def pre_post(*, instance: SurveyInstance, people: bool) -> list[ComparisonRow]:
    """The comparison with the linked "pre" sending over people who submitted both."""
    pre = instance.pre_instance
    if pre is None:
        return []
    before = {r.user_id: r for r in pre.responses.filter(status=Response.Status.SUBMITTED)}
    after = {r.user_id: r for r in instance.responses.filter(status=Response.Status.SUBMITTED)}
    both = sorted(set(before) & set(after))
    closed = _closed(instance) and _closed(pre)
    missing = {"no_after": len(set(before) - set(after)),
               "no_before": len(set(after) - set(before))}
    rows: list[ComparisonRow] = []
    if instance.version.survey.is_test:
        scored = [(_percent(before[u]), _percent(after[u])) for u in both]
        pairs = [(b, a) for b, a in scored if b is not None and a is not None]
        confidential = scores_are_confidential(instance) or scores_are_confidential(pre)
        rows.append(_row(_("Test score (% of points)"), pairs, confidential, people, unit="%",
                         closed=closed,
                         exclusions={**missing, "missing_item": len(scored) - len(pairs)}))
    pre_q = {q.key: q for q in pre.version.questions.filter(type=QuestionType.LIKERT)}
    post_q = list(instance.version.questions.filter(type=QuestionType.LIKERT).order_by("position"))
    # the same item on the same scale: a rescaled item (1–5 became 0–10) is not comparable
    wanted = [(pre_q[q.key], q) for q in post_q if q.key in pre_q and _same_scale(pre_q[q.key], q)]
    values: dict[tuple[int, int], dict[int, Fraction]] = defaultdict(dict)
    question_ids = [q.pk for pair in wanted for q in pair]
    for iid, qid, uid, value in Answer.objects.filter(
        question_id__in=question_ids,
        response__user_id__in=both,
        response__instance__in=[pre, instance],
        response__status=Response.Status.SUBMITTED,
    ).values_list("response__instance_id", "question_id", "response__user_id", "value"):
        values[(iid, qid)][uid] = to_fraction(value)
    for q_before, q_after in wanted:
        b_values, a_values = values[(pre.pk, q_before.pk)], values[(instance.pk, q_after.pk)]
        pairs = [(b_values[u], a_values[u]) for u in both if u in b_values and u in a_values]
        confidential = q_before.confidential or q_after.confidential
        row = _row(q_after.display_text, pairs, confidential, people, closed=closed,
                   exclusions={**missing, "missing_item": len(both) - len(pairs)})
        row.key = q_after.key
        rows.append(row)
    return rows


def scale_row(
    *, instance: SurveyInstance, keys: list[str], label: str, people: bool
) -> ComparisonRow | None:
    """One score per person: the mean of the items `keys` (same scale before and after), for
    people who answered every one of them both times. None when an item is missing from
    either sending."""
    pre = instance.pre_instance
    if pre is None:
        return None
    pre_q = {q.key: q for q in pre.version.questions.filter(key__in=keys)}
    post_q = {q.key: q for q in instance.version.questions.filter(key__in=keys)}
    if not all(k in pre_q and k in post_q and _same_scale(pre_q[k], post_q[k]) for k in keys):
        return None
    before = set(pre.responses.filter(status=Response.Status.SUBMITTED)
                 .values_list("user_id", flat=True))
    after = set(instance.responses.filter(status=Response.Status.SUBMITTED)
                .values_list("user_id", flat=True))
    both = sorted(before & after)
    sums: dict[tuple[int, int], dict[int, Fraction]] = defaultdict(dict)
    question_ids = [q.pk for q in [*pre_q.values(), *post_q.values()]]
    for iid, qid, uid, value in Answer.objects.filter(
        question_id__in=question_ids, response__user_id__in=both,
        response__instance__in=[pre, instance], response__status=Response.Status.SUBMITTED,
    ).values_list("response__instance_id", "question_id", "response__user_id", "value"):
        sums[(iid, uid)][qid] = to_fraction(value)
    pairs = []
    for u in both:
        b, a = sums[(pre.pk, u)], sums[(instance.pk, u)]
        if len(b) == len(keys) and len(a) == len(keys):
            pairs.append((sum(b.values(), Fraction(0)) / len(keys),
                          sum(a.values(), Fraction(0)) / len(keys)))
    confidential = any(q.confidential for q in [*pre_q.values(), *post_q.values()])
    closed = _closed(instance) and _closed(pre)
    exclusions = {"no_after": len(before - after), "no_before": len(after - before),
                  "missing_item": len(both) - len(pairs)}
    return _row(label, pairs, confidential, people, closed=closed, exclusions=exclusions)


def _same_scale(a: Question, b: Question) -> bool:
    return [v for v, _label in a.scale_points()] == [v for v, _label in b.scale_points()]


def _row(
    label: str, pairs: list[tuple[Fraction, Fraction]], confidential: bool, people: bool,
    unit: str = "", closed: bool = True, exclusions: dict[str, int] | None = None,
) -> ComparisonRow:
    excluded = {k: v for k, v in (exclusions or {}).items() if v}
    if confidential and not closed:
        return ComparisonRow(label=label, result=None, suppressed=True, unit=unit,
                             until_closed=True)
    if (confidential or not people) and not group_is_reportable(len(pairs)):
        return ComparisonRow(label=label, result=None, suppressed=True, unit=unit)
    result = stats.paired_comparison([b for b, _a in pairs], [a for _b, a in pairs])
    return ComparisonRow(label=label, result=result, unit=unit, pairs=pairs,
                         exclusions=excluded)


def overview(instance: SurveyInstance) -> dict[str, int]:
    counts = defaultdict(int)
    for status in instance.responses.values_list("status", flat=True):
        counts[status] += 1
    recipients = instance.recipient_links.count()
    done = counts[Response.Status.SUBMITTED]
    return {
        "recipients": recipients,
        "submitted": done,
        "in_progress": counts[Response.Status.DRAFT],
        "not_started": max(0, recipients - done - counts[Response.Status.DRAFT]),
        "rate": round(100 * done / recipients) if recipients else 0,
    }

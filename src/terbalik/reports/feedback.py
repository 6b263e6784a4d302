"""Feedback from the end-of-program evaluation: NPS and the what-worked / what-didn't texts.

NPS on the 0–10 "recommend" question: % promoters (9–10) − % detractors (0–6).
Rules: nothing under MIN_GROUP_SIZE answers; texts only for HR (never sponsors), only for
questions that are not confidential; texts are grouped by question, in a stable order, with no
names attached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from terbalik.core.privacy import group_is_reportable
from terbalik.surveys.models import Answer, Question, Response, SurveyInstance

EVALUATION_TEMPLATE = "program-evaluation"
NPS_KEY = "nps"
TEXT_KEYS = ("worked", "did-not-work")


def nps(scores: list[float]) -> float | None:
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


@dataclass
class TextGroup:
    question: Question
    texts: list[str] = field(default_factory=list)
    n: int = 0
    suppressed: bool = False

    @property
    def top_themes(self) -> list[tuple[str, int]]:
        """The three most frequent keyword themes of the texts, with their counts."""
        from collections import Counter

        from .themes import label, match

        counts = Counter(k for text in self.texts for k in match(text))
        return [(label(k), n) for k, n in counts.most_common(3)]


@dataclass
class Feedback:
    respondents: int = 0
    nps: float | None = None
    nps_n: int = 0
    promoters: int = 0
    passives: int = 0
    detractors: int = 0
    suppressed: bool = False
    groups: list[TextGroup] = field(default_factory=list)


def _is_evaluation(instance: SurveyInstance) -> bool:
    survey = instance.version.survey
    if survey.template_key == EVALUATION_TEMPLATE:
        return True
    return bool(survey.copied_from_id and survey.copied_from.template_key == EVALUATION_TEMPLATE)


def feedback(*, program_id: int, people: bool) -> Feedback:
    """Over every evaluation sending linked to the program (a fixed number of queries)."""
    instances = [
        i for i in SurveyInstance.objects.filter(program_id=program_id)
        .select_related("version__survey__copied_from")
        if _is_evaluation(i)
    ]
    result = Feedback()
    if not instances:
        return result
    answers = list(
        Answer.objects.filter(
            response__instance__in=instances,
            response__status=Response.Status.SUBMITTED,
            question__key__in=(NPS_KEY, *TEXT_KEYS),
        ).select_related("question").order_by("response__submitted_at", "response_id", "id")
    )
    result.respondents = Response.objects.filter(
        instance__in=instances, status=Response.Status.SUBMITTED
    ).count()
    scores = [float(a.value) for a in answers if a.question.key == NPS_KEY
              and isinstance(a.value, int | float)]
    result.nps_n = len(scores)
    if not group_is_reportable(len(scores)):
        result.suppressed = True
    else:
        result.nps = nps(scores)
        result.promoters = sum(1 for s in scores if s >= 9)
        result.detractors = sum(1 for s in scores if s <= 6)
        result.passives = len(scores) - result.promoters - result.detractors
    by_key: dict[str, TextGroup] = {}
    for answer in answers:
        key = answer.question.key
        if key not in TEXT_KEYS:
            continue
        group = by_key.setdefault(key, TextGroup(question=answer.question))
        text = str(answer.value or "").strip()
        if text:
            group.n += 1
            group.texts.append(text)
            group.suppressed = group.suppressed or answer.question.confidential
    for key in TEXT_KEYS:
        group = by_key.get(key)
        if group is None:
            continue
        if not people or group.suppressed or not group_is_reportable(group.n):
            group.texts, group.suppressed = [], True
        result.groups.append(group)
    return result

"""Across programs: one row per program, from a fixed number of queries.

Counts come from correlated subqueries in one query; the outcome verdict of programs judged
on the digital-literacy test score from one batch of linked test sendings and their submitted
scores (two more queries), never a per-program loop of queries. Programs judged on another
measure show their verdict on their own report page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from terbalik.core.privacy import group_is_reportable
from terbalik.pairs.models import Health, Pair, PairStatus
from terbalik.programs.models import Enrollment, EnrollmentStatus, Program
from terbalik.surveys import stats
from terbalik.surveys.models import Phase, Question, QuestionType, Response, SurveyInstance
from terbalik.surveys.results import ComparisonRow
from terbalik.surveys.verdict import to_fraction

from . import outcomes


def _count(qs: QuerySet[Any], **filters: Any) -> Coalesce:
    sub = (
        qs.filter(program=OuterRef("pk"), **filters).order_by().values("program")
        .annotate(c=Count("id")).values("c")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def _distinct(field: str) -> Coalesce:
    sub = (
        Pair.objects.filter(program=OuterRef("pk")).order_by().values("program")
        .annotate(c=Count(field, distinct=True)).values("c")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


@dataclass
class Row:
    program: Program
    participants: int | None
    approved: int
    matched_percent: float | None
    active_pairs: int
    at_risk: int | None
    verdict: outcomes.Verdict | None


def _test_verdicts(programs: list[Program], people: bool) -> dict[int, outcomes.Verdict]:
    """Verdicts from the latest linked post *test* sending of each program judged on the test
    score (2 queries)."""
    ids = [p.pk for p in programs if outcomes.MEASURES.get(p.objective, ("", ""))[1] == "test"]
    posts = list(
        SurveyInstance.objects.filter(
            program_id__in=ids, phase=Phase.POST, pre_instance__isnull=False,
            version__survey__kind="test",
        ).exclude(version__in=Question.objects.filter(
            type=QuestionType.TEST, confidential=True).values("version"))
        .order_by("program_id", "closes_at", "id").values("pk", "pre_instance_id", "program_id")
    )
    latest = {row["program_id"]: row for row in posts}
    instance_ids = [i for r in latest.values() for i in (r["pk"], r["pre_instance_id"])]
    scores: dict[int, dict[int, Fraction]] = defaultdict(dict)
    for iid, uid, score, top in Response.objects.filter(
        instance_id__in=instance_ids, status=Response.Status.SUBMITTED, max_score__gt=0
    ).values_list("instance_id", "user_id", "score", "max_score"):
        if score is not None:
            scores[iid][uid] = 100 * to_fraction(score) / to_fraction(top)
    result = {}
    for program in programs:
        if program.pk not in ids:
            continue
        row = latest.get(program.pk)
        if row is None:
            continue
        before, after = scores[row["pre_instance_id"]], scores[row["pk"]]
        both = sorted(set(before) & set(after))
        if not people and not group_is_reportable(len(both)):
            cmp_row = ComparisonRow(label="", result=None, suppressed=True)
        else:
            pairs = [(before[u], after[u]) for u in both]
            cmp_row = ComparisonRow(
                label="", result=stats.paired_comparison([b for b, _a in pairs],
                                                         [a for _b, a in pairs]),
                pairs=pairs,
                exclusions={k: v for k, v in (("no_after", len(set(before) - set(after))),
                                              ("no_before", len(set(after) - set(before))))
                            if v})
        result[program.pk] = outcomes.verdict_for(program=program, row=cmp_row)
    return result


def overview(*, programs: QuerySet[Program], people: bool) -> list[Row]:
    in_pair = Q(status=PairStatus.ACTIVE)
    annotated = list(
        programs.annotate(
            n_approved=_count(Enrollment.objects, status=EnrollmentStatus.APPROVED),
            n_pairs=_count(Pair.objects),
            n_active=_count(Pair.objects, status=PairStatus.ACTIVE),
            n_at_risk=_count(Pair.objects.filter(in_pair), health__in=[Health.AT_RISK,
                                                                       Health.INACTIVE]),
            n_mentors=_distinct("mentor"),
            n_mentees=_distinct("mentee"),
        ).order_by("-created_at", "-id")
    )
    verdicts = _test_verdicts(annotated, people)
    rows = []
    for p in annotated:
        participants = p.n_mentors + p.n_mentees
        visible = participants if people or group_is_reportable(participants) else None
        rows.append(Row(
            program=p,
            participants=visible if participants else 0,
            approved=p.n_approved,
            matched_percent=(100.0 * participants / p.n_approved
                             if p.n_approved and visible else None),
            active_pairs=p.n_active,
            at_risk=p.n_at_risk if people or visible else None,
            verdict=verdicts.get(p.pk),
        ))
    return rows

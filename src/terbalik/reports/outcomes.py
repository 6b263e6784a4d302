"""Outcomes: the pre/post comparisons of the program's measurement plan and the verdict
against the SMART target.

Statistics come from `terbalik.surveys.results` (which applies the confidentiality and
small-group rules); the verdict from the one function `terbalik.surveys.verdict`.

Verdict. The target is `program.goal_target_value` in `program.goal_unit`, in the direction
`program.goal_direction`: a unit containing "%" is a *relative* target (percent), any other unit
an absolute one (points on the measure's own scale). Each objective is judged on its own
measure (`MEASURES`): digital skills on the digital-literacy test score, inclusion on the
inclusion items and insight on the insight items of the confidence survey, leadership on the
confidence items, engagement on the check-in pulse, retention on the share of mentors still
employed 12 months after the start (a level target, not a change).

The compared sendings are the pre and post sendings the program's measurement plan
scheduled (`surveys.planning`), or, for programs without scheduled sendings (older data),
the latest post sending linked through `SurveyInstance.program_id`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

from terbalik.programs import measurement
from terbalik.programs.models import GoalDirection, MeasurementPhase, Objective, Program
from terbalik.surveys import verdict as V
from terbalik.surveys.models import Phase, SurveyInstance
from terbalik.surveys.planning import has_planned, planned_posts
from terbalik.surveys.results import ComparisonRow, pre_post, scale_row

from . import verdict_text
from .retention import Retention

#: measurement-plan key -> the shipped survey template key it is sent from
PLAN_TO_TEMPLATE = {
    "digital_literacy": "digital-literacy-test",
    "confidence": "engagement-confidence",
    "session_feedback": "session-feedback",
    "checkin_pulse": "relationship-checkin",
    "end_evaluation": "program-evaluation",
    "mentee_intake": "mentee-intake",
    "mentor_intake": "mentor-intake",
}

MET, NOT_MET, INCONCLUSIVE, INSUFFICIENT = V.MET, V.NOT_MET, V.INCONCLUSIVE, V.INSUFFICIENT
NO_TARGET = "no_target"

#: the confidence-survey items each objective is judged on
INCLUSION_ITEMS = ["learn-from-junior", "connected"]
INSIGHT_ITEMS = ["understand-young"]
LEADERSHIP_ITEMS = ["confident-tools", "confident-social", "confident-ai"]
PULSE_ITEMS = ["going-well"]
#: objective -> (plan key, item keys or "test" for the test score)
MEASURES: dict[str, tuple[str, list[str] | str]] = {
    Objective.DIGITAL_SKILLS: ("digital_literacy", "test"),
    Objective.INCLUSION: ("confidence", INCLUSION_ITEMS),
    Objective.INSIGHT: ("confidence", INSIGHT_ITEMS),
    Objective.LEADERSHIP: ("confidence", LEADERSHIP_ITEMS),
    Objective.ENGAGEMENT: ("checkin_pulse", PULSE_ITEMS),
}


def measure_label(objective: str) -> str:
    labels = {
        Objective.DIGITAL_SKILLS: _("Digital-literacy test score (% of points)"),
        Objective.INCLUSION: _("Inclusion score (mean of the inclusion items, 1–5)"),
        Objective.INSIGHT: _("Insight score (understanding younger colleagues, 1–5)"),
        Objective.LEADERSHIP: _("Confidence score (mean of the confidence items, 1–5)"),
        Objective.ENGAGEMENT: _("Check-in pulse score (1–5)"),
        Objective.RETENTION: _("Mentors still employed 12 months after the start"),
    }
    return str(labels.get(objective, _("the program's measure")))


@dataclass
class Verdict:
    """The program's verdict: the pure `V.Verdict` plus its words."""

    code: str
    verdict: V.Verdict | None = None
    measure: str = ""
    headline: str = ""
    details: list[str] = field(default_factory=list)
    conclusion: str = ""
    suppressed: bool = False
    target_line: str = ""

    @property
    def relative(self) -> bool:
        return self.verdict is not None and self.verdict.unit == V.PERCENT

    @property
    def label(self) -> str:
        if self.code == NO_TARGET:
            return _("No target")
        return verdict_text.outcome_label(self.code)

    @property
    def text(self) -> str:
        return " ".join([self.headline, *self.details, self.conclusion]).strip()

    @property
    def n(self) -> int:
        return self.verdict.n if self.verdict else 0


@dataclass
class Outcome:
    key: str
    label: str
    instance: SurveyInstance | None
    rows: list[ComparisonRow] = field(default_factory=list)
    #: the row the goal is judged on (a scale over several items), when it is not in `rows`
    measure_row: ComparisonRow | None = None
    scheduled: bool = False  # the compared sendings are the ones the plan scheduled

    @property
    def charts(self) -> list[dict[str, Any]]:
        return [
            {"label": r.label, "before": r.result.mean_before, "after": r.result.mean_after}
            for r in self.rows
            if r.result is not None and r.result.mean_before is not None
        ]


def template_key_of(instance: SurveyInstance) -> str:
    survey = instance.version.survey
    if survey.template_key:
        return survey.template_key
    return survey.copied_from.template_key if survey.copied_from_id else ""


def linked_post_sendings(program: Program) -> list[SurveyInstance]:
    return list(
        SurveyInstance.objects.filter(
            program_id=program.pk, phase=Phase.POST, pre_instance__isnull=False
        ).select_related("version__survey__copied_from", "pre_instance__version__survey")
        .order_by("closes_at", "id")
    )


def outcomes(*, program: Program, people: bool) -> list[Outcome]:
    """One entry per plan key measured before and after (in plan order)."""
    items = list(program.measurements.all())
    keys: list[str] = []
    phases: dict[str, set[str]] = {}
    for item in items:
        phases.setdefault(item.template_key, set()).add(item.phase)
        if item.template_key not in keys:
            keys.append(item.template_key)
    measured = [key for key in keys
                if {MeasurementPhase.BEFORE, MeasurementPhase.AFTER} <= phases[key]]
    if not measured:  # nothing measured before and after: no sending to read
        return []
    # The sendings the plan scheduled are exactly the ones compared; programs without any
    # (older data) fall back to the latest linked post sending of the plan's template.
    scheduled = planned_posts(program.pk) if has_planned(program.pk) else None
    posts = linked_post_sendings(program) if scheduled is None else []
    result = []
    for key in measured:
        if scheduled is not None:
            instance = scheduled.get(key)
        else:
            wanted = PLAN_TO_TEMPLATE.get(key, key)
            instance = next((p for p in reversed(posts) if template_key_of(p) == wanted), None)
        rows = pre_post(instance=instance, people=people) if instance else []
        outcome = Outcome(key=key, label=measurement.label(key), instance=instance, rows=rows,
                          scheduled=scheduled is not None)
        wanted_measure = MEASURES.get(program.objective)
        if instance and wanted_measure and wanted_measure[0] == key and isinstance(
                wanted_measure[1], list) and len(wanted_measure[1]) > 1:
            outcome.measure_row = scale_row(instance=instance, keys=wanted_measure[1],
                                            label=measure_label(program.objective),
                                            people=people)
            if outcome.measure_row is not None:
                outcome.rows = [outcome.measure_row, *rows]
        result.append(outcome)
    return result


def primary_row(found: list[Outcome], objective: str = "") -> ComparisonRow | None:
    """The row the goal of `objective` is judged on; None when it was not measured."""
    wanted = MEASURES.get(objective)
    if wanted is None:  # "other": the first measured row
        for outcome in found:
            if outcome.rows:
                return outcome.rows[0]
        return None
    key, items = wanted
    for outcome in found:
        if outcome.key != key:
            continue
        if outcome.measure_row is not None:
            return outcome.measure_row
        for row in outcome.rows:
            if items == "test" and row.unit == "%" and not row.key:
                return row
            if isinstance(items, list) and len(items) == 1 and row.key == items[0]:
                return row
    return None


def is_relative(unit: str) -> bool:
    return "%" in unit


def _target(program: Program) -> tuple[Fraction, str] | None:
    target = program.goal_target_value
    if target is None:
        return None
    direction = program.goal_direction or GoalDirection.INCREASE
    if target < 0:  # "−20 %" typed as the target: a reduction of 20 %
        return V.to_fraction(-target), GoalDirection.DECREASE
    return V.to_fraction(target), direction


def _metric(program: Program, measure: str) -> str:
    return program.goal_metric or measure


def _described(program: Program, v: V.Verdict, measure: str, suppressed: bool = False
               ) -> Verdict:
    words = verdict_text.describe(v, metric=_metric(program, measure))
    return Verdict(code=v.outcome, verdict=v, measure=measure, headline=words.headline,
                   details=words.details, conclusion=words.conclusion, suppressed=suppressed,
                   target_line=words.target_line)


def _no_target() -> Verdict:
    return Verdict(NO_TARGET, headline=_("The program has no numeric target."))


def verdict_for(*, program: Program, row: ComparisonRow | None, measure: str = "") -> Verdict:
    """The verdict on a before/after row (`row.pairs` are the exact values)."""
    measure = measure or measure_label(program.objective)
    target = _target(program)
    if target is None:
        return _no_target()
    goal, direction = target
    unit = V.PERCENT if is_relative(program.goal_unit or "") else V.POINTS
    data = V.Pairs()
    suppressed = row is not None and row.result is None and row.suppressed
    if row is not None and row.result is not None:
        data.before = [b for b, _a in row.pairs]
        data.after = [a for _b, a in row.pairs]
        for reason, count in row.exclusions.items():
            data.exclude(reason, count)
    v = V.prepost_verdict(data, target=goal, unit=unit, direction=direction)
    found = _described(program, v, measure, suppressed)
    if suppressed:
        found.details = [_("The group is too small to report, or the answers are confidential "
                           "until both sendings close.")]
    elif row is None:
        found.details = [_("The measure has not been taken before and after yet.")]
    return found


def retention_verdict(*, program: Program, retention: Retention) -> Verdict:
    """The retention goal judged on the retention measure: mentors still employed 12 months
    after the start, among those followed that long or who left before (exact binomial)."""
    measure = measure_label(Objective.RETENTION)
    target = _target(program)
    if target is None:
        return _no_target()
    goal, direction = target
    cohort = retention.participants
    if retention.start is None or cohort.suppressed:
        v = V.proportion_verdict(0, 0, target=goal, direction=direction)
        return _described(program, v, measure, suppressed=cohort.suppressed)
    known = cohort.known_12
    v = V.proportion_verdict(known - cohort.left_12, known, target=goal, direction=direction,
                             exclusions={"no_follow_up": cohort.n - known})
    return _described(program, v, measure)


def program_verdict(*, program: Program, found: list[Outcome],
                    retention: Retention | None = None) -> Verdict:
    """The one verdict of the program, on the measure its objective names."""
    if program.objective == Objective.RETENTION and retention is not None:
        return retention_verdict(program=program, retention=retention)
    return verdict_for(program=program, row=primary_row(found, program.objective))


def short_verdict(code: str) -> str:
    if code == NO_TARGET:
        return _("No target")
    return verdict_text.outcome_label(code)

"""Outcomes: the pre/post comparisons of the program's measurement plan and the verdict
against the SMART target.

Statistics come from `terbalik.surveys.results.pre_post` (which applies the confidentiality and
small-group rules); nothing is recomputed here except the verdict.

Verdict. The target is `program.goal_target_value` in `program.goal_unit`:
- a unit containing "%" is a *relative* target: relative change = mean change / mean before
  (× 100). Its 95 % interval is the mean change's interval divided by the mean before (the mean
  before is treated as fixed — a simple, stated approximation);
- any other unit is an *absolute* target on the measure's own scale (mean change).
The target is "met" when the point estimate reaches it; "clearly met" when the whole interval
is at or above it. The primary measure is the first row of the first plan item that has a
pre/post pair of sendings linked to the program: the pre and post sendings its measurement plan
scheduled (`surveys.planning`), or — for programs without scheduled sendings (older data) — the
latest post sending linked through `SurveyInstance.program_id`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from terbalik.programs import measurement
from terbalik.programs.models import MeasurementPhase, Program
from terbalik.surveys.models import Phase, SurveyInstance
from terbalik.surveys.planning import has_planned, planned_posts
from terbalik.surveys.results import ComparisonRow, pre_post

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

MET, CLEARLY_MET, NOT_MET, NO_TARGET, NO_DATA = (
    "met", "clearly_met", "not_met", "no_target", "no_data"
)


@dataclass
class Verdict:
    code: str
    relative: bool = False
    target: float | None = None
    achieved: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    n: int = 0
    text: str = ""


@dataclass
class Outcome:
    key: str
    label: str
    instance: SurveyInstance | None
    rows: list[ComparisonRow] = field(default_factory=list)
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
    # The sendings the plan scheduled are exactly the ones compared; programs without any
    # (older data) fall back to the latest linked post sending of the plan's template.
    scheduled = planned_posts(program.pk) if has_planned(program.pk) else None
    posts = linked_post_sendings(program) if scheduled is None else []
    result = []
    for key in keys:
        if not {MeasurementPhase.BEFORE, MeasurementPhase.AFTER} <= phases[key]:
            continue
        if scheduled is not None:
            instance = scheduled.get(key)
        else:
            wanted = PLAN_TO_TEMPLATE.get(key, key)
            instance = next((p for p in reversed(posts) if template_key_of(p) == wanted), None)
        rows = pre_post(instance=instance, people=people) if instance else []
        result.append(Outcome(key=key, label=measurement.label(key), instance=instance,
                              rows=rows, scheduled=scheduled is not None))
    return result


def primary_row(found: list[Outcome]) -> ComparisonRow | None:
    for outcome in found:
        if outcome.rows:
            return outcome.rows[0]
    return None


def is_relative(unit: str) -> bool:
    return "%" in unit


def _fmt(value: float, digits: int = 0, sign: bool = True) -> str:
    text = number_format(round(value, digits), digits)
    return f"+{text}" if sign and value > 0 else text


def verdict_for(*, program: Program, row: ComparisonRow | None) -> Verdict:
    target = program.goal_target_value
    unit = program.goal_unit or ""
    metric = program.goal_metric or _("the program's measure")
    relative = is_relative(unit)
    if target is None:
        return Verdict(NO_TARGET, text=_("The program has no numeric target."))
    target_f = float(target if isinstance(target, Decimal) else Decimal(str(target)))
    if row is None or row.result is None or row.result.mean_change is None:
        reason = _("not enough data yet")
        if row is not None and row.suppressed:
            reason = _("the group is too small to report")
        return Verdict(NO_DATA, relative=relative, target=target_f,
                       text=_("Target %(target)s %(unit)s %(metric)s; %(reason)s.")
                       % {"target": _fmt(target_f), "unit": unit, "metric": metric,
                          "reason": reason})
    res = row.result
    change, low, high = res.mean_change, res.ci_low, res.ci_high
    if relative:
        if not res.mean_before:
            return Verdict(NO_DATA, relative=True, target=target_f, n=res.n,
                           text=_("A relative change cannot be computed from a mean of zero."))
        change = 100 * change / res.mean_before
        low = None if low is None else 100 * low / res.mean_before
        high = None if high is None else 100 * high / res.mean_before
    if change >= target_f:
        code = CLEARLY_MET if low is not None and low >= target_f else MET
    else:
        code = NOT_MET
    values = {"target": _fmt(target_f), "unit": unit, "metric": metric,
              "achieved": _fmt(change), "n": res.n}
    if low is not None and high is not None:
        values.update(low=_fmt(low, sign=False), high=_fmt(high, sign=False))
        text = _("Target %(target)s %(unit)s %(metric)s; achieved %(achieved)s %(unit)s "
                 "(95 %% CI %(low)s to %(high)s), n = %(n)s.") % values
    else:
        text = _("Target %(target)s %(unit)s %(metric)s; achieved %(achieved)s %(unit)s, "
                 "n = %(n)s.") % values
    text += " " + str(VERDICT_LABELS[code]())
    return Verdict(code, relative, target_f, change, low, high, res.n, text)


VERDICT_LABELS = {
    CLEARLY_MET: lambda: _("Target met, with the whole confidence interval above it."),
    MET: lambda: _("Target met, though the confidence interval reaches below it."),
    NOT_MET: lambda: _("Target not met."),
    NO_TARGET: lambda: _("No target."),
    NO_DATA: lambda: _("Not measured yet."),
}


def short_verdict(code: str) -> str:
    return str(VERDICT_LABELS[code]())

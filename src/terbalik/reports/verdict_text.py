"""Words for a `terbalik.surveys.verdict.Verdict`, the same on the web page, the PDF, the export
and `terbalik prepost`.

Numbers are shown with as many decimals as needed (1 to 6) for every shown value to sit on the
same side of the target as the exact value: rounding never makes a verdict look wrong
("+20.0 %" is never shown next to "not met" for a 20 % target).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from terbalik.core.stats_format import p_clause
from terbalik.surveys import verdict as V

OUTCOME_LABELS = {
    V.MET: gettext_lazy("Target met"),
    V.NOT_MET: gettext_lazy("Target not met"),
    V.INCONCLUSIVE: gettext_lazy("Inconclusive"),
    V.INSUFFICIENT: gettext_lazy("Insufficient data"),
}


def outcome_label(code: str) -> str:
    return str(OUTCOME_LABELS.get(code, code))


def _decimal(value: Fraction, digits: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)


def _side(x: Fraction | Decimal, goal: Fraction) -> int:
    diff = Fraction(x) - goal
    return (diff > 0) - (diff < 0)


def digits_for(values: list[Fraction | None], goal: Fraction | None) -> int:
    """The fewest decimals (1–6) at which every value keeps its side of the goal."""
    shown = [v for v in values if v is not None]
    for digits in range(1, 7):
        if goal is None or all(_side(_decimal(v, digits), goal) == _side(v, goal) for v in shown):
            return digits
    return 6


def number(value: Fraction | float | None, digits: int = 1, sign: bool = False) -> str:
    if value is None:
        return "—"
    frac = value if isinstance(value, Fraction) else Fraction(value)
    rounded = _decimal(frac, digits)
    text = number_format(rounded, digits)
    if rounded == 0 and text.startswith("-"):
        text = text[1:]
    return f"+{text}" if sign and rounded > 0 else text


def unit_text(unit: str) -> str:
    return "%" if unit == V.PERCENT else _("points")


def with_unit(text: str, unit: str) -> str:
    return f"{text} %" if unit == V.PERCENT else f"{text} {_('points')}"


def test_name(code: str) -> str:
    names = {
        V.T_TEST: _("paired t-test"),
        V.WILCOXON_EXACT: _("Wilcoxon signed-rank test (zero changes dropped; exact "
                            "distribution)"),
        V.WILCOXON_NORMAL: _("Wilcoxon signed-rank test (zero changes dropped; normal "
                             "approximation with tie correction, no continuity correction)"),
        V.SIGN_TEST: _("exact sign test (every change is identical)"),
        V.BINOMIAL: _("exact binomial test against the target"),
    }
    return names.get(code, code)


def interval_name(code: str) -> str:
    names = {
        V.CI_T: _("t interval of the mean change"),
        V.CI_FIELLER: _("Fieller's interval for the relative change (it accounts for the "
                        "variance of the mean before)"),
        V.CI_ORDER: _("exact distribution-free order-statistic interval (every change is "
                      "identical)"),
        V.CI_FIELLER_ORDER: _("Fieller's interval, after the exact order-statistic check "
                              "(every change is identical)"),
        V.CI_CLOPPER_PEARSON: _("exact Clopper–Pearson interval"),
    }
    return names.get(code, code)


def effect_name(code: str) -> str:
    return {"cohen_dz": _("Cohen's d_z"),
            "rank_biserial": _("rank-biserial correlation")}.get(code, code)


def reason_text(code: str) -> str:
    texts = {
        V.FEWER_THAN_3: _("fewer than 3 people answered both before and after"),
        V.BASELINE_NOT_POSITIVE: _("a relative change needs a mean before above zero"),
        V.BASELINE_TOO_UNCERTAIN: _("the mean before is too uncertain for a relative "
                                    "interval"),
        V.TOO_FEW_FOR_EXACT: _("everyone changed by the same amount, and with so few people "
                               "even the exact distribution-free interval is unbounded"),
        V.INTERVAL_CONTAINS_TARGET: _("the confidence interval contains the target"),
    }
    return texts.get(code, code)


def exclusion_text(code: str, count: int) -> str:
    texts = {
        "no_after": ngettext("%(n)s answered only before", "%(n)s answered only before",
                             count),
        "no_before": ngettext("%(n)s answered only after", "%(n)s answered only after",
                              count),
        "missing_item": ngettext("%(n)s with a missing answer or score",
                                 "%(n)s with missing answers or scores", count),
        "missing_value": ngettext("%(n)s row with a blank value",
                                  "%(n)s rows with a blank value", count),
        "not_a_number": ngettext("%(n)s row with a value that is not a number",
                                 "%(n)s rows with a value that is not a number", count),
        "no_follow_up": ngettext("%(n)s not yet followed long enough",
                                 "%(n)s not yet followed long enough", count),
    }
    template = texts.get(code)
    return (template % {"n": count}) if template else f"{code}: {count}"


@dataclass
class Described:
    outcome: str
    label: str
    headline: str
    details: list[str] = field(default_factory=list)
    conclusion: str = ""
    target_line: str = ""  # the headline without the outcome label (shown next to a badge)

    @property
    def text(self) -> str:
        return " ".join([self.headline, *self.details, self.conclusion]).strip()


def target_text(v: V.Verdict, metric: str) -> str:
    goal = number(v.target, digits_for([v.target], None) if v.target is not None else 1)
    if v.target is not None and v.target == v.target.numerator:
        goal = number_format(v.target.numerator)
    if v.level:
        if v.direction == V.INCREASE:
            return _("at least %(target)s %% %(metric)s") % {"target": goal, "metric": metric}
        return _("at most %(target)s %% %(metric)s") % {"target": goal, "metric": metric}
    if v.direction == V.DECREASE:
        if v.unit == V.PERCENT:
            return _("a decrease of %(target)s %% in %(metric)s") % {"target": goal,
                                                                     "metric": metric}
        return _("a decrease of %(target)s points in %(metric)s") % {"target": goal,
                                                                     "metric": metric}
    if v.unit == V.PERCENT:
        return _("an increase of %(target)s %% in %(metric)s") % {"target": goal,
                                                                   "metric": metric}
    return _("an increase of %(target)s points in %(metric)s") % {"target": goal,
                                                                  "metric": metric}


def describe(v: V.Verdict, *, metric: str) -> Described:
    """Headline, the figures behind it, and what may and may not be concluded."""
    label = outcome_label(v.outcome)
    goal = None
    if v.target is not None:
        goal = v.target if v.level or v.direction == V.INCREASE else -v.target
    digits = digits_for([v.estimate, v.ci_low, v.ci_high], goal)
    values = {"label": label, "target": target_text(v, metric), "n": v.n}
    headline = _("%(label)s. Target: %(target)s.") % values
    target_line = _("Target: %(target)s.") % values
    details: list[str] = []
    people = ngettext("n = %(n)s person with both values", "n = %(n)s people with both values",
                      v.n) % {"n": v.n}
    if v.excluded:
        parts = ", ".join(exclusion_text(code, count) for code, count in v.exclusions)
        people += "; " + ngettext("%(count)s left out (%(why)s)", "%(count)s left out (%(why)s)",
                                  v.excluded) % {"count": v.excluded, "why": parts}
    details.append(people + ".")
    if v.estimate is not None:
        conf = number_format(Decimal(repr(v.confidence * 100)).normalize())
        if v.level:
            estimate = _("Estimate %(estimate)s") % {"estimate": with_unit(
                number(v.estimate, digits), V.PERCENT)}
        else:
            estimate = _("Estimated change %(estimate)s") % {"estimate": with_unit(
                number(v.estimate, digits, sign=True), v.unit)}
        if v.outcome != V.INSUFFICIENT:
            if v.bounded:
                estimate += " " + _("(%(conf)s %% confidence interval %(low)s to %(high)s)") % {
                    "conf": conf,
                    "low": with_unit(number(v.ci_low, digits, sign=not v.level), v.unit),
                    "high": with_unit(number(v.ci_high, digits, sign=not v.level), v.unit)}
            else:
                estimate += " " + _("(%(conf)s %% confidence interval unbounded)") % {
                    "conf": conf}
        details.append(estimate + ".")
    if v.outcome != V.INSUFFICIENT and v.test:
        line = _("Test: %(test)s, two-sided %(p)s.") % {
            "test": test_name(v.test), "p": p_clause(v.p_value)}
        if v.effect_size is not None:
            line += " " + _("Effect size: %(name)s = %(value)s.") % {
                "name": effect_name(v.effect_size_name),
                "value": number(Fraction(v.effect_size), 2)}
        line += " " + _("Interval: %(name)s.") % {"name": interval_name(v.interval)}
        details.append(line)
    if v.reasons:
        details.append(_("Why: %(reasons)s.") % {
            "reasons": "; ".join(reason_text(r) for r in v.reasons)})
    return Described(v.outcome, label, headline, details, conclusion(v), target_line)


def conclusion(v: V.Verdict) -> str:
    if v.outcome == V.INSUFFICIENT:
        return _("Nothing can be concluded yet.")
    if v.level:
        what = {
            V.MET: _("The share is at the target or better, with the whole interval on the "
                     "good side."),
            V.NOT_MET: _("The share is short of the target, with the whole interval on the "
                         "bad side."),
            V.INCONCLUSIVE: _("The data cannot tell whether the share reaches the target."),
        }[v.outcome]
    else:
        what = {
            V.MET: _("The measure changed by at least the target, with the whole interval on "
                     "the good side."),
            V.NOT_MET: _("The measure changed by less than the target, with the whole interval "
                         "on the bad side."),
            V.INCONCLUSIVE: _("The data cannot tell whether the change reached the target; "
                              "more people would narrow the interval."),
        }[v.outcome]
    if v.comparison_group:
        return what
    return what + " " + _("There is no comparison group, so this does not show that the "
                          "program caused the change.")

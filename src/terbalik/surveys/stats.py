"""Pre/post statistics: pure functions over numbers (no Django).

`paired_comparison(before, after)` compares the same people before and after:
- n: people with both values; mean before/after; mean change (after − before);
- 95 % confidence interval of the mean change from the t distribution (df = n − 1);
- paired t-test, two-sided;
- Wilcoxon signed-rank test, two-sided, implemented in `terbalik.surveys.verdict` (so it does
  not change with the scipy version): zero differences are dropped before ranking (Wilcoxon's
  rule); exact distribution up to 50 non-zero differences without ties, otherwise the normal
  approximation with tie correction and no continuity correction;
- effect size Cohen's d_z = mean change / standard deviation of the changes (ddof = 1);
- share improved: people whose value went up, divided by n.

Values are exact (ints, Decimals, Fractions): changes computed from scores are never float
noise. Whatever cannot be computed honestly (n < 2, all changes identical) is None and `note` says
why, in plain words for the report; results never contain NaN or infinity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from . import verdict
from .verdict import Number

NOT_ENOUGH_PEOPLE = "not_enough_people"
NO_VARIATION = "no_variation"
NO_CHANGE = "no_change"


@dataclass(frozen=True)
class PairedComparison:
    n: int
    mean_before: float | None = None
    mean_after: float | None = None
    mean_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    t_statistic: float | None = None
    t_p_value: float | None = None
    wilcoxon_statistic: float | None = None
    wilcoxon_p_value: float | None = None
    cohen_dz: float | None = None
    share_improved: float | None = None
    note: str = ""

    @property
    def enough_data(self) -> bool:
        return self.t_p_value is not None


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sample_sd(values: Sequence[float]) -> float | None:
    """Standard deviation with ddof = 1; None below two values."""
    if len(values) < 2:
        return None
    m = sum(values) / len(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def paired_comparison(
    before: Sequence[Number | None], after: Sequence[Number | None], *, confidence: float = 0.95
) -> PairedComparison:
    """Compare paired measurements (same person at the same index), in exact arithmetic."""
    if len(before) != len(after):
        raise ValueError("before and after must be paired (same length)")
    data = verdict.collect(zip(before, after, strict=True))
    n = len(data.before)
    if n == 0:
        return PairedComparison(n=0, note=NOT_ENOUGH_PEOPLE)
    xs, ys = data.before, data.after
    diffs = [a - b for b, a in zip(xs, ys, strict=True)]
    mean_change = sum(diffs, Fraction(0)) / n
    base = {
        "n": n,
        "mean_before": float(sum(xs, Fraction(0)) / n),
        "mean_after": float(sum(ys, Fraction(0)) / n),
        "mean_change": float(mean_change),
        "share_improved": sum(1 for d in diffs if d > 0) / n,
    }
    if n < 2:
        return PairedComparison(**base, note=NOT_ENOUGH_PEOPLE)
    if all(d == diffs[0] for d in diffs):  # exact: float noise cannot fake a variance
        note = NO_CHANGE if diffs[0] == 0 else NO_VARIATION
        return PairedComparison(**base, note=note)
    t, p, dz = verdict.paired_t(diffs)
    variance = sum(((d - mean_change) ** 2 for d in diffs), Fraction(0)) / (n - 1)
    half = verdict.t_quantile(confidence, n - 1) * math.sqrt(variance / n)
    _name, w_stat, w_p, _r = verdict.wilcoxon(diffs)
    return PairedComparison(
        **base,
        ci_low=_finite(float(mean_change) - half),
        ci_high=_finite(float(mean_change) + half),
        t_statistic=_finite(t),
        t_p_value=_finite(p),
        wilcoxon_statistic=_finite(w_stat),
        wilcoxon_p_value=_finite(w_p),
        cohen_dz=_finite(dz),
    )


def distribution(values: Sequence[object], categories: Sequence[object]) -> list[int]:
    """How many values fall in each category, in the order of `categories`."""
    counts = {c: 0 for c in categories}
    for v in values:
        if v in counts:
            counts[v] += 1
    return [counts[c] for c in categories]


def summary(values: Sequence[float]) -> dict[str, float | int | None]:
    """n, mean, sd (ddof=1), min, median, max of a list of numbers."""
    from statistics import median

    vals = [float(v) for v in values]
    return {
        "n": len(vals),
        "mean": mean(vals),
        "sd": sample_sd(vals),
        "min": min(vals) if vals else None,
        "median": float(median(vals)) if vals else None,
        "max": max(vals) if vals else None,
    }

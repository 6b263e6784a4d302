"""Pre/post statistics: pure functions over numbers (no Django).

`paired_comparison(before, after)` compares the same people before and after:
- n: people with both values; mean before/after; mean change (after − before);
- 95 % confidence interval of the mean change from the t distribution (df = n − 1);
- paired t-test (`scipy.stats.ttest_rel`), two-sided;
- Wilcoxon signed-rank test (`scipy.stats.wilcoxon`), two-sided. Zero differences are dropped
  before ranking (Wilcoxon's original rule, `zero_method="wilcox"`), so people who did not
  change do not count towards the test; scipy uses the exact distribution for small samples
  without ties and the normal approximation otherwise. With no non-zero difference the test
  is not computed;
- effect size Cohen's d_z = mean change / standard deviation of the changes (ddof = 1);
- share improved: people whose value went up, divided by n.

Whatever cannot be computed honestly (n < 2, all changes identical) is None and `note` says
why, in plain words for the report; results never contain NaN or infinity.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

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
    before: Sequence[float], after: Sequence[float], *, confidence: float = 0.95
) -> PairedComparison:
    """Compare paired measurements (same person at the same index)."""
    if len(before) != len(after):
        raise ValueError("before and after must be paired (same length)")
    from scipy import stats

    pairs = [
        (float(b), float(a))
        for b, a in zip(before, after, strict=True)
        if b is not None and a is not None and math.isfinite(b) and math.isfinite(a)
    ]
    n = len(pairs)
    if n == 0:
        return PairedComparison(n=0, note=NOT_ENOUGH_PEOPLE)
    xs = [b for b, _a in pairs]
    ys = [a for _b, a in pairs]
    diffs = [a - b for b, a in pairs]
    base = {
        "n": n,
        "mean_before": mean(xs),
        "mean_after": mean(ys),
        "mean_change": mean(diffs),
        "share_improved": sum(1 for d in diffs if d > 0) / n,
    }
    if n < 2:
        return PairedComparison(**base, note=NOT_ENOUGH_PEOPLE)
    sd = sample_sd(diffs) or 0.0
    if sd == 0.0 or all(d == diffs[0] for d in diffs):
        note = NO_CHANGE if all(d == 0 for d in diffs) else NO_VARIATION
        mean_change = base["mean_change"]
        return PairedComparison(**base, ci_low=mean_change, ci_high=mean_change, note=note)
    se = sd / math.sqrt(n)
    critical = float(stats.t.ppf(0.5 + confidence / 2, n - 1))
    t_result = stats.ttest_rel(ys, xs)
    wilcoxon_statistic = wilcoxon_p = None
    if any(d != 0 for d in diffs):
        w = stats.wilcoxon(ys, xs, zero_method="wilcox", alternative="two-sided")
        wilcoxon_statistic, wilcoxon_p = _finite(w.statistic), _finite(w.pvalue)
    mean_change = base["mean_change"]
    return PairedComparison(
        **base,
        ci_low=_finite(mean_change - critical * se),
        ci_high=_finite(mean_change + critical * se),
        t_statistic=_finite(t_result.statistic),
        t_p_value=_finite(t_result.pvalue),
        wilcoxon_statistic=wilcoxon_statistic,
        wilcoxon_p_value=wilcoxon_p,
        cohen_dz=_finite(mean_change / sd),
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

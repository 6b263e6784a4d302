"""The one verdict on a before/after target: pure Python + scipy distributions, no Django.

`prepost_verdict(pairs, target=…, unit=…, direction=…, test=…, confidence=…)` is used by the web
outcome page, the PDF, the export and `terbalik prepost`. It returns a `Verdict` with one of four
outcomes:

- **met**: the whole confidence interval is on the good side of the target;
- **not met**: the whole interval is on the bad side;
- **inconclusive**: the interval contains the target (or is unbounded);
- **insufficient data**: fewer than 3 complete pairs, or the measure cannot be computed (a
  relative target with a mean before ≤ 0).

Direction: for an *increase* the target T is the wanted rise (met when the lower bound ≥ T, not
met when the upper bound < T); for a *decrease* T is the size of the wanted reduction (met when
the upper bound ≤ −T, not met when the lower bound > −T).

Exact arithmetic: values are turned into `Fraction`s (ints, Decimals, decimal strings and scores
like 7/12 stay exact), changes and means are exact, and percentages are formed only at the end.
Square roots and the t/normal quantiles are the only floating-point steps.

Methods (named in every verdict):

- *points*: the estimate is the mean change (after − before); its interval is the paired t
  interval (df = n − 1).
- *percent*: the estimate is 100 × (mean after − mean before) / mean before; its interval is
  **Fieller's interval** for the ratio mean change / mean before (t with df = n − 1), which
  accounts for the variance of the baseline and its covariance with the change. When the
  baseline is too uncertain the Fieller set is unbounded and the verdict is inconclusive.
- *every change identical*: a zero-width t interval is not certainty. The changes are judged with
  the exact, distribution-free **order-statistic interval for the median change** (the one that
  inverts the sign test): with all n changes equal to d it is [d, d] when 2 · 0.5ⁿ ≤ 1 − confidence
  and unbounded otherwise — three identical changes are inconclusive, twenty-five are not.
  The test is then the exact two-sided sign test.
- tests: `t` = paired t-test; `wilcoxon` = Wilcoxon signed-rank, zero changes dropped
  (Wilcoxon's rule), exact null distribution when at most 50 non-zero changes and no tied
  absolute changes, otherwise the normal approximation with the tie correction and no continuity
  correction; `auto` = Wilcoxon below 30 pairs, paired t from 30 pairs. The interval that decides
  the verdict is the one described above whatever the test.
- effect size: Cohen's d_z (mean change / sd of changes) with the t-test; the matched-pairs
  rank-biserial correlation (W⁺ − W⁻) / (W⁺ + W⁻) with Wilcoxon and the sign test.

`proportion_verdict(successes, n, target=…)` judges a level target on a share (retention after
12 months) with the exact Clopper–Pearson interval and the exact binomial test against the target.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

Number = int | Fraction | Decimal | str | float

MET = "met"
NOT_MET = "not_met"
INCONCLUSIVE = "inconclusive"
INSUFFICIENT = "insufficient_data"
OUTCOMES = (MET, NOT_MET, INCONCLUSIVE, INSUFFICIENT)

POINTS, PERCENT = "points", "percent"
INCREASE, DECREASE = "increase", "decrease"

# test codes
T_TEST = "paired_t"
WILCOXON_EXACT = "wilcoxon_exact"
WILCOXON_NORMAL = "wilcoxon_normal"
SIGN_TEST = "sign_test"
BINOMIAL = "binomial_exact"

# interval codes
CI_T = "t"
CI_FIELLER = "fieller"
CI_ORDER = "order_statistic"
CI_FIELLER_ORDER = "fieller_order_statistic"
CI_CLOPPER_PEARSON = "clopper_pearson"

# reason codes (rendered by `terbalik.reports.verdict_text`)
FEWER_THAN_3 = "fewer_than_3_pairs"
BASELINE_NOT_POSITIVE = "baseline_not_positive"
BASELINE_TOO_UNCERTAIN = "baseline_too_uncertain"
TOO_FEW_FOR_EXACT = "too_few_for_exact_interval"
INTERVAL_CONTAINS_TARGET = "interval_contains_target"

MIN_PAIRS = 3
EXACT_WILCOXON_MAX = 50
AUTO_T_FROM = 30

Test = Literal["auto", "t", "wilcoxon"]


def to_fraction(value: Number) -> Fraction:
    """An exact value; decimal strings with a comma are accepted ("1,5")."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError("not a finite number")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        # a float typed by a person: its shortest decimal form, not its binary expansion
        return Fraction(Decimal(repr(value)))
    text = str(value).strip().replace(",", ".")
    if not text:
        raise ValueError("blank")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError("not a number") from exc
    if not number.is_finite():
        raise ValueError("not a finite number")
    return Fraction(number)


@dataclass(frozen=True)
class Verdict:
    outcome: str
    unit: str = POINTS
    direction: str = INCREASE
    target: Fraction | None = None
    confidence: float = 0.95
    n: int = 0
    excluded: int = 0
    exclusions: tuple[tuple[str, int], ...] = ()
    mean_before: Fraction | None = None
    mean_after: Fraction | None = None
    mean_change: Fraction | None = None
    estimate: Fraction | None = None
    ci_low: Fraction | None = None  # None: unbounded below
    ci_high: Fraction | None = None  # None: unbounded above
    interval: str = ""
    test: str = ""
    statistic: float | None = None
    p_value: float | None = None
    effect_size: float | None = None
    effect_size_name: str = ""
    reasons: tuple[str, ...] = ()
    comparison_group: bool = False
    level: bool = False  # a level target on a share, not a change

    @property
    def bounded(self) -> bool:
        return self.ci_low is not None and self.ci_high is not None

    def as_json(self) -> dict[str, object]:
        """The keys of `terbalik prepost --json` (floats; None for what cannot be computed)."""
        return {
            "n": self.n,
            "excluded": self.excluded,
            "mean_before": _float(self.mean_before),
            "mean_after": _float(self.mean_after),
            "mean_change": _float(self.mean_change),
            "estimate": _float(self.estimate),
            "ci_low": _float(self.ci_low),
            "ci_high": _float(self.ci_high),
            "test": self.test or None,
            "p_value": self.p_value,
            "effect_size": self.effect_size,
            "verdict": self.outcome,
        }


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------------
# building blocks (exact where possible)


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def _var(values: Sequence[Fraction]) -> Fraction:
    m = _mean(values)
    return sum(((v - m) ** 2 for v in values), Fraction(0)) / (len(values) - 1)


def _cov(xs: Sequence[Fraction], ys: Sequence[Fraction]) -> Fraction:
    mx, my = _mean(xs), _mean(ys)
    return sum(((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)), Fraction(0)) / (
        len(xs) - 1
    )


def t_quantile(confidence: float, df: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.5 + confidence / 2, df))


def paired_t(diffs: Sequence[Fraction]) -> tuple[float, float, float]:
    """(t, two-sided p, Cohen's d_z) for changes with a non-zero variance."""
    from scipy import stats

    n = len(diffs)
    mean = _mean(diffs)
    sd = math.sqrt(_var(diffs))
    t = float(mean) / (sd / math.sqrt(n))
    p = float(2 * stats.t.sf(abs(t), n - 1))
    return t, min(1.0, p), float(mean) / sd


def _ranks(values: Sequence[Fraction]) -> tuple[list[Fraction], list[int]]:
    """Average ranks (1-based, exact) and the sizes of the tie groups."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks: list[Fraction] = [Fraction(0)] * len(values)
    ties: list[int] = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        rank = Fraction(i + 1 + j + 1, 2)
        for k in range(i, j + 1):
            ranks[order[k]] = rank
        ties.append(j - i + 1)
        i = j + 1
    return ranks, ties


def _signed_rank_counts(n: int) -> list[int]:
    """counts[w] = number of sign patterns of ranks 1..n whose positive ranks sum to w."""
    counts = [1]
    for r in range(1, n + 1):
        new = counts + [0] * r
        for w, c in enumerate(counts):
            new[w + r] += c
        counts = new
    return counts


def wilcoxon(diffs: Sequence[Fraction]) -> tuple[str, float, float, float]:
    """(test code, W = min(W⁺, W⁻), two-sided p, rank-biserial r); zero changes dropped."""
    from scipy import stats

    nonzero = [d for d in diffs if d != 0]
    m = len(nonzero)
    if m == 0:
        return WILCOXON_EXACT, 0.0, 1.0, 0.0
    ranks, ties = _ranks([abs(d) for d in nonzero])
    w_plus = sum((r for r, d in zip(ranks, nonzero, strict=True) if d > 0), Fraction(0))
    total = Fraction(m * (m + 1), 2)
    effect = float((w_plus - (total - w_plus)) / total)
    w_min = float(min(w_plus, total - w_plus))
    if m <= EXACT_WILCOXON_MAX and all(t == 1 for t in ties):
        counts = _signed_rank_counts(m)
        w = int(w_plus)
        low = sum(counts[: w + 1])
        high = sum(counts[w:])
        exact_p = Fraction(2 * min(low, high), 2**m)
        return WILCOXON_EXACT, w_min, float(min(Fraction(1), exact_p)), effect
    mean = Fraction(m * (m + 1), 4)
    var = Fraction(m * (m + 1) * (2 * m + 1), 24) - Fraction(sum(t**3 - t for t in ties), 48)
    z = float(w_plus - mean) / math.sqrt(var)
    normal_p = float(2 * stats.norm.sf(abs(z)))
    return WILCOXON_NORMAL, w_min, min(1.0, normal_p), effect


def sign_test_p(diffs: Sequence[Fraction]) -> float:
    """Exact two-sided sign test (zeros dropped)."""
    plus = sum(1 for d in diffs if d > 0)
    minus = sum(1 for d in diffs if d < 0)
    m = plus + minus
    if m == 0:
        return 1.0
    k = min(plus, minus)
    tail = sum(math.comb(m, i) for i in range(k + 1))
    return float(min(Fraction(1), Fraction(2 * tail, 2**m)))


def order_statistic_interval(
    values: Sequence[Fraction], confidence: float
) -> tuple[Fraction | None, Fraction | None]:
    """Distribution-free interval for the median: [x_(k), x_(n−k+1)] with the largest k whose
    exact coverage 1 − 2·P(Bin(n, ½) ≤ k − 1) is at least `confidence`; (None, None) when even
    the widest one (k = 1) does not reach it."""
    n = len(values)
    alpha_half = (1 - Fraction(confidence).limit_denominator(10**9)) / 2
    # tail / 2ⁿ ≤ α/2  ⇔  tail ≤ α/2 · 2ⁿ: whole numbers only, C(n, k) updated in place
    limit = alpha_half * 2**n
    best = 0
    tail = 0
    count = 1  # C(n, k − 1)
    for k in range(1, n // 2 + 1):
        tail += count
        if tail > limit:
            break
        best = k
        count = count * (n - k + 1) // k
    if best == 0:
        return None, None
    ordered = sorted(values)
    return ordered[best - 1], ordered[n - best]


def fieller(
    change: Sequence[Fraction], before: Sequence[Fraction], confidence: float
) -> tuple[Fraction | None, Fraction | None]:
    """Fieller's interval for mean(change) / mean(before); (None, None) when unbounded."""
    n = len(change)
    t2 = Fraction(t_quantile(confidence, n - 1) ** 2)
    md, mx = _mean(change), _mean(before)
    vd, vx, cdx = _var(change) / n, _var(before) / n, _cov(change, before) / n
    a = mx * mx - t2 * vx
    b = -2 * (md * mx - t2 * cdx)
    c = md * md - t2 * vd
    if a <= 0:
        return None, None
    disc = b * b - 4 * a * c
    if disc < 0:  # cannot happen with a > 0; guard against it all the same
        return None, None
    if disc == 0:
        root = -b / (2 * a)
        return root, root
    sq = Fraction(math.sqrt(disc))
    return (-b - sq) / (2 * a), (-b + sq) / (2 * a)


# ---------------------------------------------------------------------------------------------
# the verdict


def judge(
    low: Fraction | None, high: Fraction | None, target: Fraction, direction: str
) -> str:
    """met / not_met / inconclusive from an interval (None = unbounded) and the target."""
    if direction == DECREASE:
        goal = -target
        if high is not None and high <= goal:
            return MET
        if low is not None and low > goal:
            return NOT_MET
        return INCONCLUSIVE
    if low is not None and low >= target:
        return MET
    if high is not None and high < target:
        return NOT_MET
    return INCONCLUSIVE


@dataclass
class Pairs:
    """Complete before/after pairs plus what was left out and why."""

    before: list[Fraction] = field(default_factory=list)
    after: list[Fraction] = field(default_factory=list)
    exclusions: dict[str, int] = field(default_factory=dict)

    def add(self, before: Number | None, after: Number | None) -> None:
        if any(v is None or (isinstance(v, str) and not v.strip()) for v in (before, after)):
            self.exclude("missing_value")
            return
        try:
            b, a = to_fraction(before), to_fraction(after)  # type: ignore[arg-type]
        except ValueError:
            self.exclude("not_a_number")
            return
        self.before.append(b)
        self.after.append(a)

    def exclude(self, reason: str, count: int = 1) -> None:
        if count:
            self.exclusions[reason] = self.exclusions.get(reason, 0) + count

    @property
    def excluded(self) -> int:
        return sum(self.exclusions.values())


def collect(rows: Iterable[tuple[Number | None, Number | None]]) -> Pairs:
    pairs = Pairs()
    for before, after in rows:
        pairs.add(before, after)
    return pairs


def prepost_verdict(
    pairs: Pairs | Iterable[tuple[Number | None, Number | None]],
    *,
    target: Number,
    unit: str = POINTS,
    direction: str = INCREASE,
    test: str = "auto",
    confidence: float = 0.95,
) -> Verdict:
    """Judge a before/after change against a target (see the module docstring)."""
    if unit not in (POINTS, PERCENT):
        raise ValueError(f"unit must be {POINTS} or {PERCENT}")
    if direction not in (INCREASE, DECREASE):
        raise ValueError(f"direction must be {INCREASE} or {DECREASE}")
    if test not in ("auto", "t", "wilcoxon"):
        raise ValueError("test must be auto, t or wilcoxon")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    data = pairs if isinstance(pairs, Pairs) else collect(pairs)
    goal = to_fraction(target)
    if goal < 0:
        raise ValueError("the target is a size: give it without a sign and use the direction")
    base = {
        "unit": unit, "direction": direction, "target": goal, "confidence": confidence,
        "n": len(data.before), "excluded": data.excluded,
        "exclusions": tuple(sorted(data.exclusions.items())),
    }
    n = len(data.before)
    if n == 0:
        return Verdict(INSUFFICIENT, **base, reasons=(FEWER_THAN_3,))  # type: ignore[arg-type]
    diffs = [a - b for b, a in zip(data.before, data.after, strict=True)]
    mean_before, mean_after = _mean(data.before), _mean(data.after)
    mean_change = mean_after - mean_before
    base.update(mean_before=mean_before, mean_after=mean_after, mean_change=mean_change)
    estimate: Fraction | None = mean_change
    if unit == PERCENT:
        estimate = 100 * mean_change / mean_before if mean_before > 0 else None
    base["estimate"] = estimate
    if n < MIN_PAIRS:
        return Verdict(INSUFFICIENT, **base, reasons=(FEWER_THAN_3,))  # type: ignore[arg-type]
    if unit == PERCENT and mean_before <= 0:
        return Verdict(INSUFFICIENT, **base,  # type: ignore[arg-type]
                       reasons=(BASELINE_NOT_POSITIVE,))
    reasons: list[str] = []
    identical = all(d == diffs[0] for d in diffs)
    if identical:
        name = SIGN_TEST
        statistic = float(sum(1 for d in diffs if d > 0))
        p_value = sign_test_p(diffs)
        effect = float(diffs[0] > 0) - float(diffs[0] < 0)
        effect_name = "rank_biserial"
        low, high = order_statistic_interval(diffs, confidence)
        interval = CI_ORDER
        if low is None:
            reasons.append(TOO_FEW_FOR_EXACT)
        elif unit == PERCENT:
            low, high = fieller(diffs, data.before, confidence)
            interval = CI_FIELLER_ORDER
    else:
        use_t = test == "t" or (test == "auto" and n >= AUTO_T_FROM)
        if use_t:
            name = T_TEST
            statistic, p_value, effect = paired_t(diffs)
            effect_name = "cohen_dz"
        else:
            name, statistic, p_value, effect = wilcoxon(diffs)
            effect_name = "rank_biserial"
        if unit == PERCENT:
            low, high = fieller(diffs, data.before, confidence)
            interval = CI_FIELLER
        else:
            half = Fraction(t_quantile(confidence, n - 1) * math.sqrt(_var(diffs) / n))
            low, high = mean_change - half, mean_change + half
            interval = CI_T
    if unit == PERCENT:
        if low is None and not reasons:
            reasons.append(BASELINE_TOO_UNCERTAIN)
        low = None if low is None else 100 * low
        high = None if high is None else 100 * high
    outcome = judge(low, high, goal, direction)
    if outcome == INCONCLUSIVE and not reasons:
        reasons.append(INTERVAL_CONTAINS_TARGET)
    return Verdict(
        outcome, **base,  # type: ignore[arg-type]
        ci_low=low, ci_high=high, interval=interval, test=name, statistic=statistic,
        p_value=p_value, effect_size=effect, effect_size_name=effect_name,
        reasons=tuple(reasons),
    )


def proportion_verdict(
    successes: int, total: int, *, target: Number, direction: str = INCREASE,
    confidence: float = 0.95, exclusions: dict[str, int] | None = None,
) -> Verdict:
    """A level target on a share in percent (e.g. 90 % of mentors still employed after 12
    months): exact Clopper–Pearson interval, exact two-sided binomial test against the target
    (doubling the smaller tail)."""
    from scipy import stats

    goal = to_fraction(target)
    excl = exclusions or {}
    base = {"unit": PERCENT, "direction": direction, "target": goal, "confidence": confidence,
            "n": total, "excluded": sum(excl.values()),
            "exclusions": tuple(sorted(excl.items())), "level": True}
    if total < MIN_PAIRS:
        return Verdict(INSUFFICIENT, **base, reasons=(FEWER_THAN_3,))  # type: ignore[arg-type]
    share = Fraction(100 * successes, total)
    alpha = 1 - confidence
    low = Fraction(0) if successes == 0 else Fraction(
        100 * float(stats.beta.ppf(alpha / 2, successes, total - successes + 1)))
    high = Fraction(100) if successes == total else Fraction(
        100 * float(stats.beta.ppf(1 - alpha / 2, successes + 1, total - successes)))
    p0 = min(1.0, max(0.0, float(goal) / 100))
    lower_tail = float(stats.binom.cdf(successes, total, p0))
    upper_tail = float(stats.binom.sf(successes - 1, total, p0))
    p_value = min(1.0, 2 * min(lower_tail, upper_tail))
    if direction == DECREASE:
        outcome = MET if high <= goal else NOT_MET if low > goal else INCONCLUSIVE
    else:
        outcome = MET if low >= goal else NOT_MET if high < goal else INCONCLUSIVE
    return Verdict(
        outcome, **base, estimate=share, ci_low=low, ci_high=high,  # type: ignore[arg-type]
        interval=CI_CLOPPER_PEARSON, test=BINOMIAL, p_value=p_value,
        reasons=(INTERVAL_CONTAINS_TARGET,) if outcome == INCONCLUSIVE else (),
    )

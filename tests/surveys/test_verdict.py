"""The one verdict function: every finding of issue 14 as a regression test, properties, and a
comparison with scipy on generated sets."""

from __future__ import annotations

import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from terbalik.surveys import stats as old_stats
from terbalik.surveys import verdict as V

# ---------------------------------------------------------------------------------------------
# findings


def _percent_scores(raw: list[tuple[int, int]], top: int) -> list[tuple[Fraction, Fraction]]:
    """Test scores as exact percentages of `top` points (what the web page now feeds in)."""
    return [(Fraction(100 * b, top), Fraction(100 * a, top)) for b, a in raw]


def test_everyone_gains_one_point_gives_no_huge_t():
    # finding: where everyone gains exactly one point, float percentages (100·b/12) carry
    # noise, zero variance becomes tiny variance and t ≈ 1e16
    raw = [(b, b + 1) for b in range(1, 11)]
    floats = [(100.0 * b / 12, 100.0 * a / 12) for b, a in raw]
    assert len({a - b for b, a in floats}) > 1  # the noise the old code fed in
    exact = _percent_scores(raw, 12)
    table = old_stats.paired_comparison([b for b, _ in exact], [a for _, a in exact])
    assert table.note == old_stats.NO_VARIATION and table.t_statistic is None
    v = V.prepost_verdict(exact, target=5)
    assert v.mean_change == Fraction(100, 12)  # exact
    assert v.test == V.SIGN_TEST and v.effect_size == 1.0
    assert v.p_value == pytest.approx(2 / 2**10)
    assert v.statistic == 10  # a count of gains, never 1e16
    assert (v.ci_low, v.ci_high) == (Fraction(100, 12), Fraction(100, 12))


def _n25() -> list[tuple[int, int]]:
    # 25 people on a 12-point test: +1 point ×20, +2 ×2, −1 ×3 (ties in |change|)
    return [(b, b + 1) for b in range(1, 11)] * 2 + [(3, 5), (4, 6), (2, 1), (6, 5), (8, 7)]


def test_n25_wilcoxon_ties_stay_ties():
    # finding: float noise broke the ties, so the exact distribution ran on "untied" data and
    # reported p ≈ 0.0012 instead of the tie-corrected 0.00017
    raw = _n25()
    floats = [(100.0 * b / 12, 100.0 * a / 12) for b, a in raw]
    noisy = old_stats.paired_comparison([b for b, _ in floats], [a for _, a in floats])
    reference = sps.wilcoxon([a - b for b, a in raw], zero_method="wilcox",
                             correction=False, method="approx").pvalue
    assert noisy.wilcoxon_p_value != pytest.approx(reference, rel=0.5)  # the old answer
    exact = _percent_scores(raw, 12)
    v = V.prepost_verdict(exact, target=1, test="wilcoxon")
    assert v.test == V.WILCOXON_NORMAL  # tied → normal approximation with tie correction
    assert v.p_value == pytest.approx(reference, rel=1e-12)
    assert v.p_value == pytest.approx(0.00016570, rel=1e-4)
    table = old_stats.paired_comparison([b for b, _ in exact], [a for _, a in exact])
    assert table.wilcoxon_p_value == pytest.approx(reference, rel=1e-12)


def test_zero_width_interval_is_not_certainty():
    # finding: a zero-width CI was shown as certainty
    three = [(1, 2), (2, 3), (3, 4)]
    v3 = V.prepost_verdict(three, target=Fraction(1, 2))
    assert v3.outcome == V.INCONCLUSIVE
    assert v3.ci_low is None and v3.ci_high is None
    assert V.TOO_FEW_FOR_EXACT in v3.reasons
    twenty_five = [(i % 4 + 1, i % 4 + 2) for i in range(25)]
    v25 = V.prepost_verdict(twenty_five, target=Fraction(1, 2))
    assert v25.outcome == V.MET and v25.interval == V.CI_ORDER
    assert (v25.ci_low, v25.ci_high) == (1, 1)
    assert v25.p_value == pytest.approx(2 / 2**25)


def test_order_statistic_interval_coverage():
    # n = 5: P(Bin ≤ 0) = 1/32 > 0.025 → unbounded; n = 6: 1/64 ≤ 0.025 → [x(1), x(6)]
    assert V.order_statistic_interval([Fraction(i) for i in range(5)], 0.95) == (None, None)
    assert V.order_statistic_interval([Fraction(i) for i in range(6)], 0.95) == (0, 5)
    # n = 25: k = 8 (P(Bin ≤ 7) = 0.0216 ≤ 0.025, P(Bin ≤ 8) = 0.0539)
    assert V.order_statistic_interval([Fraction(i) for i in range(25)], 0.95) == (7, 17)


def test_n1_is_insufficient_data_not_met():
    # finding: n = 1 was reported "target met"
    v = V.prepost_verdict([(10, 90)], target=5)
    assert v.outcome == V.INSUFFICIENT and v.reasons == (V.FEWER_THAN_3,)
    assert V.prepost_verdict([(1, 5), (2, 9)], target=1).outcome == V.INSUFFICIENT


def test_relative_interval_accounts_for_baseline_variance():
    # finding: the relative CI treated the baseline as known (≈ 27–33 %); Fieller ≈ 20–40 %
    rng = random.Random(7)
    before = [rng.randint(30, 70) for _ in range(40)]
    after = [b + 15 + rng.randint(-2, 2) for b in before]  # tiny variance of the change
    pairs = list(zip(before, after, strict=True))
    v = V.prepost_verdict(pairs, target=20, unit="percent")
    old = old_stats.paired_comparison(before, after)
    naive_low = 100 * old.ci_low / old.mean_before
    naive_high = 100 * old.ci_high / old.mean_before
    assert v.interval == V.CI_FIELLER
    assert float(v.ci_high) - float(v.ci_low) > 2 * (naive_high - naive_low)
    assert float(v.ci_low) < naive_low and float(v.ci_high) > naive_high
    # the Fieller set matches the delta method closely here (large n, precise baseline)
    est = float(v.estimate)
    assert float(v.ci_low) < est < float(v.ci_high)


def test_fieller_against_a_direct_quadratic():
    before = [Fraction(x) for x in (40, 50, 60, 50, 50)]
    change = [Fraction(x) for x in (10, 10, 10, 20, 0)]
    low, high = V.fieller(change, before, 0.95)
    t = sps.t.ppf(0.975, 4)
    # every g in the set satisfies (D̄ − g x̄)² ≤ t² Var(D̄ − g x̄); the bounds make it equal
    for g in (float(low), float(high)):
        d = [float(c) - g * float(b) for c, b in zip(change, before, strict=True)]
        m = sum(d) / 5
        var = sum((x - m) ** 2 for x in d) / 4 / 5
        assert m * m == pytest.approx(t * t * var, rel=1e-9)


def test_baseline_not_positive_is_insufficient_not_reversed():
    # finding: a baseline mean ≤ 0 gave a reversed interval
    v = V.prepost_verdict([(-1, 2), (0, 1), (-2, 0), (1, 3)], target=10, unit="percent")
    assert v.outcome == V.INSUFFICIENT and v.reasons == (V.BASELINE_NOT_POSITIVE,)
    assert v.ci_low is None and v.ci_high is None


def test_reduction_targets_are_judged_downwards():
    # finding: "cut time-to-resolve by 20 %" was judged as if higher were better
    before = [50, 60, 40, 55, 45, 52, 48, 58]
    after = [30, 36, 25, 33, 27, 31, 28, 35]  # about −40 %
    pairs = list(zip(before, after, strict=True))
    down = V.prepost_verdict(pairs, target=20, unit="percent", direction="decrease")
    assert down.outcome == V.MET and down.ci_high < -20
    up = V.prepost_verdict(pairs, target=20, unit="percent", direction="increase")
    assert up.outcome == V.NOT_MET


def test_exactly_twenty_percent_meets_a_twenty_percent_target():
    # finding: "+20.0 % against a 20 % target" was shown as not met (float noise 19.999…)
    raw = [(5, 6)] * 25  # scores of 15 points: 33.3… % → 40 %: exactly +20 %
    pairs = _percent_scores(raw, 15)
    floats = [(100.0 * b / 15, 100.0 * a / 15) for b, a in raw]
    old_rel = 100 * (floats[0][1] - floats[0][0]) / floats[0][0]
    assert old_rel < 20  # the float computation lands just below
    v = V.prepost_verdict(pairs, target=20, unit="percent")
    assert v.estimate == 20 and v.ci_low == 20 and v.outcome == V.MET


def test_interval_straddling_target_is_inconclusive():
    # finding: an interval containing the target was reported "not met"
    before = [40, 50, 60, 50, 50]
    after = [50, 60, 70, 70, 50]
    v = V.prepost_verdict(list(zip(before, after, strict=True)), target=12, test="t")
    assert float(v.ci_low) < 12 < float(v.ci_high)
    assert v.outcome == V.INCONCLUSIVE and V.INTERVAL_CONTAINS_TARGET in v.reasons
    assert V.prepost_verdict(list(zip(before, after, strict=True)), target=20,
                             test="t").outcome == V.NOT_MET


def test_t_interval_hand_computed():
    # changes 10,10,10,20,0: mean 10, sd √50, t(0.975, 4) = 2.776445 → 1.2202 … 18.7798
    before = [40, 50, 60, 50, 50]
    after = [50, 60, 70, 70, 50]
    v = V.prepost_verdict(list(zip(before, after, strict=True)), target=1, test="t")
    assert float(v.ci_low) == pytest.approx(1.2202, abs=1e-4)
    assert float(v.ci_high) == pytest.approx(18.7798, abs=1e-4)
    assert v.effect_size == pytest.approx(math.sqrt(2))
    assert v.outcome == V.MET


def test_exclusions_are_counted():
    v = V.prepost_verdict([(1, 2), (None, 3), ("x", 4), (2, 4), (3, 5), ("", 1)], target=0)
    assert v.n == 3 and v.excluded == 3
    assert dict(v.exclusions) == {"missing_value": 2, "not_a_number": 1}


def test_proportion_verdict_clopper_pearson():
    v = V.proportion_verdict(19, 20, target=80)
    expected = sps.binomtest(19, 20, 0.8).proportion_ci(0.95, method="exact")
    assert float(v.ci_low) == pytest.approx(100 * expected.low, rel=1e-9)
    assert float(v.ci_high) == pytest.approx(100 * expected.high, rel=1e-9)
    assert v.outcome == V.INCONCLUSIVE  # low ≈ 75 % < 80 %
    assert V.proportion_verdict(2, 2, target=50).outcome == V.INSUFFICIENT
    assert V.proportion_verdict(100, 100, target=90).outcome == V.MET


# ---------------------------------------------------------------------------------------------
# comparison with scipy on generated sets


@pytest.mark.parametrize("seed", range(25))
def test_t_test_and_interval_agree_with_scipy(seed):
    rng = random.Random(seed)
    n = rng.randint(3, 60)
    before = [Decimal(rng.randint(0, 1000)) / 10 for _ in range(n)]
    after = [b + Decimal(rng.randint(-150, 300)) / 10 for b in before]
    v = V.prepost_verdict(list(zip(before, after, strict=True)), target=1, test="t")
    if v.test == V.SIGN_TEST:
        return
    fb, fa = [float(x) for x in before], [float(x) for x in after]
    ref = sps.ttest_rel(fa, fb)
    assert v.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-15)
    assert v.statistic == pytest.approx(ref.statistic, rel=1e-9)
    ci = ref.confidence_interval(0.95)
    assert float(v.ci_low) == pytest.approx(ci.low, rel=1e-9, abs=1e-9)
    assert float(v.ci_high) == pytest.approx(ci.high, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("seed", range(25))
def test_wilcoxon_agrees_with_scipy_where_variants_agree(seed):
    rng = random.Random(1000 + seed)
    n = rng.randint(3, 70)
    tied = seed % 2 == 0
    if tied:  # small integer changes: ties and zeros → normal approximation, tie correction
        diffs = [rng.randint(-3, 6) for _ in range(n)]
    else:  # distinct changes → exact distribution up to 50
        diffs = rng.sample(range(-400, 900), n)
        diffs = [d if d else 901 for d in diffs]
    pairs = [(100, 100 + d) for d in diffs]
    if len(set(diffs)) == 1:
        return
    v = V.prepost_verdict(pairs, target=0, test="wilcoxon")
    nonzero = [d for d in diffs if d]
    method = "exact" if v.test == V.WILCOXON_EXACT else "approx"
    if not tied:
        assert v.test == (V.WILCOXON_EXACT if len(nonzero) <= 50 else V.WILCOXON_NORMAL)
    ref = sps.wilcoxon(diffs, zero_method="wilcox", correction=False, method=method)
    assert v.p_value == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-15)


# ---------------------------------------------------------------------------------------------
# properties

scores = st.lists(
    st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=3, max_size=40
)
targets = st.fractions(min_value=0, max_value=60, max_denominator=10)


def _points(v: V.Verdict) -> tuple:
    return (v.outcome, v.n, v.estimate, v.ci_low, v.ci_high, v.p_value, v.test)


@settings(max_examples=60, deadline=None)
@given(scores, st.randoms(use_true_random=False), targets, st.sampled_from(["points", "percent"]))
def test_permuting_rows_changes_nothing(rows, rnd, target, unit):
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    a = V.prepost_verdict(rows, target=target, unit=unit)
    b = V.prepost_verdict(shuffled, target=target, unit=unit)
    assert (a.outcome, a.n, a.estimate, a.test) == (b.outcome, b.n, b.estimate, b.test)
    for x, y in ((a.ci_low, b.ci_low), (a.ci_high, b.ci_high)):
        assert (x is None) == (y is None)
        if x is not None:  # sums in a different order: the same up to float rounding
            assert float(x) == pytest.approx(float(y), rel=1e-12, abs=1e-12)
    assert (a.p_value is None) == (b.p_value is None)
    if a.p_value is not None:
        assert a.p_value == pytest.approx(b.p_value, rel=1e-12, abs=1e-15)


@settings(max_examples=60, deadline=None)
@given(scores, st.integers(-50, 50))
def test_adding_k_to_every_after_moves_points_estimate_by_k(rows, k):
    a = V.prepost_verdict(rows, target=0)
    b = V.prepost_verdict([(x, y + k) for x, y in rows], target=0)
    assert b.estimate == a.estimate + k  # exact
    assert b.mean_change == a.mean_change + k


@settings(max_examples=100, deadline=None)
@given(scores, targets, st.sampled_from(["points", "percent"]),
       st.sampled_from(["increase", "decrease"]), st.sampled_from(["auto", "t", "wilcoxon"]))
def test_never_met_when_interval_contains_the_target(rows, target, unit, direction, test):
    v = V.prepost_verdict(rows, target=target, unit=unit, direction=direction, test=test)
    assert v.outcome in V.OUTCOMES
    goal = target if direction == "increase" else -target
    contains = ((v.ci_low is None or v.ci_low < goal) and (v.ci_high is None or v.ci_high > goal))
    if contains:  # no claim either way: inconclusive, or no baseline to compare against
        assert v.outcome in (V.INCONCLUSIVE, V.INSUFFICIENT)
        if v.outcome == V.INSUFFICIENT:  # Hypothesis found it: a percent change of nothing
            assert unit == "percent" and v.reasons == (V.BASELINE_NOT_POSITIVE,)
    if v.outcome in (V.MET, V.NOT_MET):
        assert v.bounded and v.ci_low <= v.ci_high


@settings(max_examples=60, deadline=None)
@given(scores, targets, st.sampled_from(["auto", "t", "wilcoxon"]))
def test_decrease_mirrors_increase(rows, target, test):
    up = V.prepost_verdict(rows, target=target, direction="increase", test=test)
    down = V.prepost_verdict([(-b, -a) for b, a in rows], target=target,
                             direction="decrease", test=test)
    assert up.outcome == down.outcome
    assert down.estimate == -up.estimate
    if up.ci_low is not None:
        assert float(down.ci_high) == pytest.approx(-float(up.ci_low), rel=1e-12, abs=1e-12)


def test_three_point_test_everyone_gains_one_point_through_the_score_path():
    # finding: on a 3-point test where everyone gains exactly one point, t ≈ 1e16 — the
    # scores were float percentages (100·1/3 − 0 ≠ 100·3/3 − 100·2/3 in floats)
    from terbalik.surveys.models import Response
    from terbalik.surveys.results import _percent

    raw = [(0, 1), (1, 2), (2, 3)]
    floats = [(100.0 * b / 3, 100.0 * a / 3) for b, a in raw]
    assert len({a - b for b, a in floats}) > 1  # the float noise behind t ≈ 1e16
    pairs = [(_percent(Response(score=b, max_score=3)), _percent(Response(score=a, max_score=3)))
             for b, a in raw]
    assert all(a - b == Fraction(100, 3) for b, a in pairs)
    table = old_stats.paired_comparison([b for b, _ in pairs], [a for _, a in pairs])
    assert table.note == old_stats.NO_VARIATION and table.t_statistic is None
    v = V.prepost_verdict(pairs, target=10)
    assert v.test == V.SIGN_TEST and v.outcome == V.INCONCLUSIVE  # 3 identical: not certainty

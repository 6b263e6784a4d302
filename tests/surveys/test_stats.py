"""Statistics against reference values worked out by hand (not by calling scipy again)."""

from __future__ import annotations

import math
from itertools import product

import pytest

from terbalik.surveys import stats


def test_paired_comparison_matches_hand_computation_n3():
    # before 10, 12, 8; after 13, 14, 12 -> changes d = 3, 2, 4
    r = stats.paired_comparison([10, 12, 8], [13, 14, 12])
    assert r.n == 3
    assert r.mean_before == pytest.approx(10.0)  # (10 + 12 + 8) / 3
    assert r.mean_after == pytest.approx(13.0)  # (13 + 14 + 12) / 3
    assert r.mean_change == pytest.approx(3.0)  # (3 + 2 + 4) / 3
    # deviations 0, -1, 1 -> sum of squares 2 -> variance 2 / (3 - 1) = 1 -> sd 1
    sd = 1.0
    se = sd / math.sqrt(3)  # 0.57735
    t = 3.0 / se  # 5.19615 = 3 * sqrt(3)
    assert r.t_statistic == pytest.approx(t)
    # Student t with 2 df has the closed form F(t) = 1/2 + t / (2 * sqrt(2 + t^2)),
    # so the two-sided p = 1 - t / sqrt(2 + t^2) = 1 - 5.19615 / sqrt(29) = 0.035099
    assert r.t_p_value == pytest.approx(1 - t / math.sqrt(2 + t * t), rel=1e-9)
    assert r.t_p_value == pytest.approx(0.035099, abs=1e-6)
    # 97.5 % quantile with 2 df: (2p - 1) / sqrt(2 p (1 - p)) with p = 0.975 = 4.302653
    crit = 0.95 / math.sqrt(2 * 0.975 * 0.025)
    assert crit == pytest.approx(4.302653, abs=1e-6)
    assert r.ci_low == pytest.approx(3 - crit * se)  # 0.51586
    assert r.ci_high == pytest.approx(3 + crit * se)  # 5.48414
    assert r.cohen_dz == pytest.approx(3.0)  # mean change 3 / sd 1
    assert r.share_improved == pytest.approx(1.0)
    # Wilcoxon: all three changes positive -> W- = 0. Of the 2^3 = 8 equally likely sign
    # patterns only one gives W- = 0, so the two-sided exact p = 2 * 1/8 = 0.25
    assert r.wilcoxon_statistic == pytest.approx(0.0)
    assert r.wilcoxon_p_value == pytest.approx(0.25)


def test_wilcoxon_exact_by_enumeration_and_zero_differences_dropped():
    # changes 3, 2, 0, -1, 4, 5: the zero is dropped -> |d| ranks 1..5 for 1, 2, 3, 4, 5,
    # the negative change has rank 1 -> W- = 1, W+ = 14
    before = [10, 10, 10, 10, 10, 10]
    after = [13, 12, 10, 9, 14, 15]
    r = stats.paired_comparison(before, after)
    assert r.n == 6
    assert r.share_improved == pytest.approx(4 / 6)  # 3, 2, 4, 5 went up; 0 and -1 did not
    ranks = [1, 2, 3, 4, 5]
    sums = [sum(rank for rank, neg in zip(ranks, signs, strict=True) if neg)
            for signs in product([False, True], repeat=5)]
    # P(W- <= 1) = (patterns with W- = 0 or 1) / 32 = 2 / 32; two-sided doubles it
    p = 2 * sum(1 for s in sums if s <= 1) / len(sums)
    assert p == pytest.approx(0.125)
    assert r.wilcoxon_statistic == pytest.approx(1.0)
    assert r.wilcoxon_p_value == pytest.approx(p)
    # mean change (3 + 2 + 0 - 1 + 4 + 5) / 6 = 13 / 6; sd by hand (ddof=1):
    d = [3, 2, 0, -1, 4, 5]
    m = 13 / 6
    sd = math.sqrt(sum((x - m) ** 2 for x in d) / 5)
    assert r.mean_change == pytest.approx(m)
    assert r.cohen_dz == pytest.approx(m / sd)


@pytest.mark.parametrize(
    ("before", "after", "note"),
    [
        ([], [], stats.NOT_ENOUGH_PEOPLE),
        ([3], [4], stats.NOT_ENOUGH_PEOPLE),
        ([3, 4, 5], [3, 4, 5], stats.NO_CHANGE),
        ([3, 4, 5], [4, 5, 6], stats.NO_VARIATION),
    ],
)
def test_degenerate_data_reports_not_enough_data_instead_of_nan(before, after, note):
    r = stats.paired_comparison(before, after)
    assert r.note == note
    assert not r.enough_data
    for value in (r.t_p_value, r.wilcoxon_p_value, r.cohen_dz, r.t_statistic):
        assert value is None
    assert r.ci_low is None
    assert r.ci_high is None
    if before:  # a mean exists as soon as one person answered both times
        assert math.isfinite(r.mean_before)
        assert r.mean_before == pytest.approx(sum(before) / len(before))
        assert r.mean_change == pytest.approx(sum(after) / len(after) - sum(before) / len(before))
    else:
        assert r.mean_before is None
        assert r.mean_change is None


def test_unequal_lengths_are_refused():
    with pytest.raises(ValueError, match="paired"):
        stats.paired_comparison([1, 2], [1])


def test_summary_and_distribution():
    assert stats.distribution([1, 2, 2, 5, 9], [1, 2, 3, 4, 5]) == [1, 2, 0, 0, 1]
    s = stats.summary([2, 4, 4, 4, 5, 5, 7, 9])
    assert s["mean"] == 5.0  # 40 / 8
    assert s["sd"] == pytest.approx(math.sqrt(32 / 7))  # squares 9+1+1+1+0+0+4+16 = 32
    assert s["median"] == 4.5

"""Words and numbers of a verdict: rounding never contradicts the verdict."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.utils import translation

from terbalik.reports import verdict_text as T
from terbalik.surveys import verdict as V


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_digits_grow_until_every_value_keeps_its_side():
    goal = Fraction(20)
    assert T.digits_for([Fraction(2537, 100)], goal) == 1
    # 19.96 would show as "20.0" next to a 20 % target: two decimals needed
    assert T.digits_for([Fraction(1996, 100)], goal) == 2
    assert T.digits_for([Fraction(20), Fraction(19999, 1000)], goal) == 3
    assert T.number(Fraction(1996, 100), 2, sign=True) == "+19.96"


def test_not_met_never_shows_an_upper_bound_at_the_target():
    v = V.Verdict(V.NOT_MET, unit=V.PERCENT, target=Fraction(20), n=30,
                  mean_before=Fraction(50), mean_after=Fraction(59), mean_change=Fraction(9),
                  estimate=Fraction(18), ci_low=Fraction(16), ci_high=Fraction(19996, 1000),
                  interval=V.CI_FIELLER, test=V.T_TEST, p_value=0.01, effect_size=0.5,
                  effect_size_name="cohen_dz")
    text = T.describe(v, metric="score").text
    assert "+19.996 %" in text and "+20.0 %" not in text
    assert text.startswith("Target not met. Target: an increase of 20 % in score.")


def test_exactly_twenty_percent_shows_met_and_twenty():
    pairs = [(Fraction(100 * 5, 15), Fraction(100 * 6, 15))] * 25
    v = V.prepost_verdict(pairs, target=20, unit="percent")
    words = T.describe(v, metric="score")
    assert words.outcome == V.MET
    assert "Estimated change +20.0 % (95 % confidence interval +20.0 % to +20.0 %)" in words.text
    assert "exact sign test" in words.text and "order-statistic" in words.text


def test_decrease_words_stay_in_the_target_unit():
    pairs = [(50, 30), (60, 36), (40, 25), (55, 33), (45, 27), (52, 31), (48, 28), (58, 35)]
    v = V.prepost_verdict(pairs, target=5, unit="points", direction="decrease")
    words = T.describe(v, metric="minutes to resolve")
    assert "a decrease of 5 points in minutes to resolve" in words.headline
    assert "points" in words.details[1] and "%" not in words.details[1].replace("95 %", "")
    assert words.outcome == V.MET


def test_insufficient_data_says_why_and_claims_nothing():
    v = V.prepost_verdict([(1, 2)], target=1)
    words = T.describe(v, metric="score")
    assert words.headline.startswith("Insufficient data.")
    assert "fewer than 3 people" in words.text
    assert words.conclusion == "Nothing can be concluded yet."
    assert "confidence interval" not in words.text


def test_exclusions_are_named():
    v = V.prepost_verdict([(1, 2), (2, 4), (3, 5), (None, 1), ("x", 2)], target=0)
    text = T.describe(v, metric="score").text
    assert "2 left out (1 row with a blank value, 1 row with a value that is not a number)" \
        in text

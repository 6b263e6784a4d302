"""Outcomes and the verdict against the SMART target, checked against hand-computed values."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from terbalik.programs.models import Program
from terbalik.reports import outcomes
from terbalik.surveys import stats
from terbalik.surveys.results import ComparisonRow

pytestmark = pytest.mark.django_db

# Hand computation for before = [40, 50, 60, 50, 50], after = [50, 60, 70, 70, 50]:
# changes 10, 10, 10, 20, 0 → mean change 10; mean before 50 → relative change 20 %.
# sd of changes = sqrt((0+0+0+100+100)/4) = sqrt(50) = 7.0711; se = 7.0711/sqrt(5) = 3.1623;
# t(0.975, df 4) = 2.776445 (table) → CI 10 ± 8.7798 = [1.2202, 18.7798] → relative
# [2.44 %, 37.56 %]; Cohen's d_z = 10/7.0711 = 1.4142; share improved 4/5.
BEFORE = [40, 50, 60, 50, 50]
AFTER = [50, 60, 70, 70, 50]


def _program(target: str | None, unit: str = "%", metric: str = "digital-literacy score"):
    return Program(name="P", goal_target_value=None if target is None else Decimal(target),
                   goal_unit=unit, goal_metric=metric)


def _row() -> ComparisonRow:
    return ComparisonRow(label="score", result=stats.paired_comparison(BEFORE, AFTER), unit="%")


def test_hand_computed_reference_values():
    r = stats.paired_comparison(BEFORE, AFTER)
    assert r.n == 5 and r.mean_change == pytest.approx(10)
    assert r.ci_low == pytest.approx(1.2202, abs=1e-3)
    assert r.ci_high == pytest.approx(18.7798, abs=1e-3)
    assert r.cohen_dz == pytest.approx(math.sqrt(2), abs=1e-4)
    assert r.share_improved == pytest.approx(0.8)


def test_relative_verdict_met_but_interval_reaches_below():
    v = outcomes.verdict_for(program=_program("20"), row=_row())
    assert v.relative and v.code == outcomes.MET
    assert v.achieved == pytest.approx(20.0)
    assert v.ci_low == pytest.approx(2.4404, abs=1e-3)
    assert v.ci_high == pytest.approx(37.5596, abs=1e-3)
    assert v.text.startswith("Target +20 % digital-literacy score; achieved +20 % "
                             "(95 % CI 2 to 38), n = 5.")


def test_relative_verdict_not_met_and_clearly_met():
    assert outcomes.verdict_for(program=_program("25"), row=_row()).code == outcomes.NOT_MET
    assert outcomes.verdict_for(program=_program("2"), row=_row()).code == outcomes.CLEARLY_MET


def test_absolute_target_uses_the_mean_change():
    v = outcomes.verdict_for(program=_program("8", unit="points"), row=_row())
    assert not v.relative and v.achieved == pytest.approx(10) and v.code == outcomes.MET
    assert v.ci_low == pytest.approx(1.2202, abs=1e-3)


def test_no_target_and_no_data():
    assert outcomes.verdict_for(program=_program(None), row=_row()).code == outcomes.NO_TARGET
    v = outcomes.verdict_for(program=_program("20"), row=None)
    assert v.code == outcomes.NO_DATA and "not enough data" in v.text
    suppressed = ComparisonRow(label="x", result=None, suppressed=True)
    assert "too small" in outcomes.verdict_for(program=_program("20"), row=suppressed).text


def test_outcomes_from_linked_sendings(report_program, pre_post_sendings):
    # scores in % of points; the last person skipped the post test
    before = [0, 50, 50, 0, 50, 100, 50]
    after = [50, 100, 50, 50, 100, 100, None]
    pre_post_sendings(report_program, before, after)
    found = outcomes.outcomes(program=report_program, people=True)
    assert [o.key for o in found] == ["digital_literacy"]
    row = found[0].rows[0]
    # by hand over the 6 people with both: before mean 250/6, changes 50,50,0,50,50,0 → 200/6
    assert row.result.n == 6
    assert row.result.mean_before == pytest.approx(250 / 6)
    assert row.result.mean_change == pytest.approx(200 / 6)
    v = outcomes.verdict_for(program=report_program, row=outcomes.primary_row(found))
    assert v.achieved == pytest.approx(80.0)  # (200/6)/(250/6) = 0.8
    assert v.code in (outcomes.MET, outcomes.CLEARLY_MET)
    assert found[0].charts[0]["before"] == pytest.approx(250 / 6)


def test_sponsor_sees_nothing_under_five(report_program, pre_post_sendings):
    pre_post_sendings(report_program, [0, 50, 50, 0], [50, 100, 50, 50])
    row = outcomes.outcomes(program=report_program, people=False)[0].rows[0]
    assert row.suppressed and row.result is None
    hr_row = outcomes.outcomes(program=report_program, people=True)[0].rows[0]
    assert hr_row.result.n == 4


def test_plan_without_after_measurement_shows_nothing(make_program):
    program = make_program()  # plan: digital_literacy before only
    assert outcomes.outcomes(program=program, people=True) == []

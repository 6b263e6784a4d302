"""Retention: Kaplan–Meier by hand, cohorts and suppression."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terbalik.people.models import Employee
from terbalik.reports import retention

from ..factories import EmployeeFactory
from .conftest import add_pairs


def test_kaplan_meier_by_hand():
    # 5 people: left at 2, 3 (two), censored at 3 and 5.
    # t=2: 5 at risk, 1 leaves → 4/5 = 0.8; t=3: 4 at risk, 2 leave → 0.8 × 2/4 = 0.4
    curve = retention.kaplan_meier([2, 3, 3, 3, 5], [True, True, True, False, False])
    assert curve == [(0.0, 1.0), (2.0, pytest.approx(0.8)), (3.0, pytest.approx(0.4))]
    assert retention.survival_at(curve, 2.5) == pytest.approx(0.8)
    assert retention.survival_at(curve, 10) == pytest.approx(0.4)
    assert retention.kaplan_meier([1, 2], [False, False]) == [(0.0, 1.0)]


@given(st.lists(st.tuples(st.integers(0, 800), st.booleans()), min_size=1, max_size=40))
def test_kaplan_meier_is_a_non_increasing_probability(data):
    curve = retention.kaplan_meier([d for d, _e in data], [e for _d, e in data])
    values = [s for _t, s in curve]
    assert all(0 <= s <= 1 for s in values)
    assert values == sorted(values, reverse=True)
    if all(e for _d, e in data):
        assert values[-1] == pytest.approx(0.0)


def test_grade_band():
    assert [retention.grade_band(g) for g in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]


@pytest.mark.django_db
def test_cohorts_match_grade_band_and_department(report_program):
    pairs = add_pairs(report_program, 6, department="Keuangan")
    # two mentors left: 100 and 300 days after the start (2 March 2026)
    for pair, days in zip(pairs[:2], (100, 300), strict=True):
        Employee.objects.filter(pk=pair.mentor.employee_id).update(
            exit_date=dt.date(2026, 3, 2) + dt.timedelta(days=days))
    # comparison: same band (grade 1) and department, never enrolled: 5 people, 3 left early
    for k in range(5):
        EmployeeFactory(grade=1, department="Keuangan", hire_date=dt.date(2023, 1, 1),
                        exit_date=dt.date(2026, 4, 1) if k < 3 else None)
    EmployeeFactory(grade=2, department="Pemasaran")  # other department: not comparable
    EmployeeFactory(grade=4, department="Keuangan")  # other band: not comparable
    EmployeeFactory(grade=2, department="Keuangan", hire_date=dt.date(2026, 5, 1))  # hired later
    result = retention.retention(program=report_program, as_of=dt.date(2027, 6, 1))
    assert result.start == dt.date(2026, 3, 2)
    p, c = result.participants, result.comparison
    assert (p.n, p.left) == (6, 2)
    assert p.at_6 == pytest.approx(5 / 6) and p.at_12 == pytest.approx(4 / 6)
    assert (p.known_12, p.left_12) == (6, 2)
    assert (c.n, c.left) == (5, 3)
    assert c.at_6 == pytest.approx(2 / 5)
    assert result.available


@pytest.mark.django_db
def test_small_groups_are_suppressed(report_program):
    add_pairs(report_program, 3)
    result = retention.retention(program=report_program, as_of=dt.date(2027, 1, 1))
    assert result.participants.suppressed and result.participants.curve == []
    assert not result.available

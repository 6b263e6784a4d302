"""Retention: Kaplan–Meier and log-rank by hand, cohorts, time zero, weights, suppression.

The regression tests below each reproduce one finding of issue 14 (retention):
extrapolation beyond follow-up, exits nobody observed, negative durations for leavers before
the start, immortal time before joining, and the unweighted pooled comparison.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbalik.people.models import Employee
from terbalik.reports import retention
from terbalik.reports.retention import Person

from ..factories import EmployeeFactory
from .conftest import START, add_pairs

DAY0 = dt.date(2026, 3, 2)  # START in Jakarta


def test_kaplan_meier_by_hand():
    # 5 people: left at 2, 3 (two), censored at 3 and 5.
    # t=2: 5 at risk, 1 leaves → 4/5 = 0.8; t=3: 4 at risk, 2 leave → 0.8 × 2/4 = 0.4;
    # the curve then runs flat to the last follow-up (5) and stops there.
    curve = retention.kaplan_meier([2, 3, 3, 3, 5], [True, True, True, False, False])
    assert curve == [(0.0, 1.0), (2.0, pytest.approx(0.8)), (3.0, pytest.approx(0.4)),
                     (5.0, pytest.approx(0.4))]
    assert retention.survival_at(curve, 2.5) == pytest.approx(0.8)
    assert retention.survival_at(curve, 5) == pytest.approx(0.4)
    assert retention.kaplan_meier([1, 2], [False, False]) == [(0.0, 1.0), (2.0, 1.0)]


def test_no_survival_beyond_the_observed_follow_up():
    """Finding: the curve extrapolated beyond the follow-up (S(10) was given as 0.4)."""
    curve = retention.kaplan_meier([2, 3, 3, 3, 5], [True, True, True, False, False])
    assert retention.survival_at(curve, 10) is None
    assert curve[-1][0] == 5.0


def test_negative_durations_are_refused():
    with pytest.raises(ValueError):
        retention.kaplan_meier([-3, 4], [True, False])


def test_weighted_kaplan_meier_by_hand():
    # weights 2, 1, 1: t=1 (weight 2 leaves) → 1 − 2/4 = 0.5; t=3: 1 at risk of 1 → 0
    curve = retention.kaplan_meier([1, 2, 3], [True, False, True], [2, 1, 1])
    assert curve == [(0.0, 1.0), (1.0, 0.5), (3.0, 0.0)]


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # shared, slow CI
@given(st.lists(st.tuples(st.integers(0, 800), st.booleans()), min_size=1, max_size=40))
def test_kaplan_meier_is_a_non_increasing_probability(data):
    curve = retention.kaplan_meier([d for d, _e in data], [e for _d, e in data])
    values = [s for _t, s in curve]
    assert all(0 <= s <= 1 for s in values)
    assert values == sorted(values, reverse=True)
    assert curve[-1][0] == max(d for d, _e in data)  # ends where the observation ends
    if all(e for _d, e in data):
        assert values[-1] == pytest.approx(0.0)


def test_logrank_by_hand():
    # group A: exits at 1 and 2; group B: censored at 3 (two people).
    # t=1: n=4, n1=2, d=1 → E=0.5, V=0.25; t=2: n=3, n1=1, d=1 → E=1/3, V=2/9
    test = retention.logrank([1, 2, 3, 3], [True, True, False, False],
                             [True, True, False, False])
    assert test is not None
    assert test.observed == 2 and test.expected == pytest.approx(5 / 6)
    assert test.variance == pytest.approx(1 / 4 + 2 / 9)
    assert test.statistic == pytest.approx((7 / 6) ** 2 / (17 / 36))
    assert retention.logrank([1, 2], [False, False], [True, False]) is None


def test_stratified_logrank_sums_over_strata_and_skips_one_group_strata():
    durations = [1, 2, 3, 3, 1, 2, 5]
    events = [True, True, False, False, True, False, True]
    group = [True, True, False, False, True, False, True]
    strata = ["a", "a", "a", "a", "b", "b", "c"]  # c holds mentors only: no information
    test = retention.logrank(durations, events, group, strata)
    a = retention.logrank_components(durations[:4], events[:4], group[:4])
    b = retention.logrank_components(durations[4:6], events[4:6], group[4:6])
    assert test is not None and test.strata == 2
    assert test.observed == a[0] + b[0]
    assert test.expected == pytest.approx(a[1] + b[1])
    assert test.variance == pytest.approx(a[2] + b[2])


def test_grade_band():
    assert [retention.grade_band(g) for g in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]


# --- plain-data comparisons (no database) --------------------------------------------------

A, B = (1, "Keuangan"), (1, "Pemasaran")


def _people(n: int, start: dt.date, stratum: tuple[int, str],
            exit_after: int | None = None) -> list[Person]:
    exit = None if exit_after is None else start + dt.timedelta(days=exit_after)
    return [Person(start=start, exit=exit, stratum=stratum) for _ in range(n)]


def test_leavers_before_their_start_are_excluded_not_negative():
    """Finding: a mentor who left before the start got a negative duration and counted."""
    mentors = _people(6, DAY0, A) + [Person(DAY0, DAY0 - dt.timedelta(days=40), A)]
    others = _people(6, DAY0, A)
    result = retention.compare(mentors, others, DAY0 + dt.timedelta(days=400), DAY0)
    p = result.participants
    assert (p.n, p.left, p.excluded) == (6, 0, 1)
    assert all(t >= 0 for t, _s in p.curve)
    assert p.at_12 == 1.0


def test_exits_after_the_last_observed_day_are_not_counted():
    """Finding: exits on days nobody was observed (after `as_of`) were reported as exits."""
    as_of = DAY0 + dt.timedelta(days=100)
    mentors = _people(5, DAY0, A) + _people(2, DAY0, A, exit_after=300)
    result = retention.compare(mentors, _people(5, DAY0, A), as_of, DAY0)
    p = result.participants
    assert (p.n, p.left, p.left_6) == (7, 0, 0)
    assert p.follow_up_days == 100
    assert p.at_6 is None and p.at_12 is None  # nobody followed that long: too early


def test_participant_time_starts_when_they_joined():
    """Finding: time before joining counted as participant time (immortal-time bias)."""
    late = DAY0 + dt.timedelta(days=200)
    # five joined at the start and stay; five joined 200 days later and left 100 days after
    mentors = _people(5, DAY0, A) + _people(5, late, A, exit_after=100)
    result = retention.compare(mentors, _people(5, DAY0, A), DAY0 + dt.timedelta(days=400),
                               DAY0)
    p = result.participants
    # counted from the program start the late joiners would have "survived" 300 days and
    # S(182) would be 1.0; from their own start they left at day 100
    assert retention.survival_at(p.curve, 100) == pytest.approx(0.5)
    assert p.at_6 == pytest.approx(0.5)
    assert p.follow_up_days == 400


def test_comparison_is_weighted_to_the_mentors_strata():
    """Finding: the pooled comparison was unweighted (dominated by the biggest stratum)."""
    as_of = DAY0 + dt.timedelta(days=400)
    mentors = _people(9, DAY0, A) + _people(1, DAY0, B)
    # A: 2 comparable people who stay; B: 10, half of whom leave on day 100
    others = _people(2, DAY0, A) + _people(5, DAY0, B) + _people(5, DAY0, B, exit_after=100)
    result = retention.compare(mentors, others, as_of, DAY0)
    c = result.comparison
    assert c.weighted and c.n == 12 and c.left == 5
    # weights A 9/2 = 4.5, B 1/10: at risk 2·4.5 + 10·0.1 = 10, exits 0.5 → 0.95
    # (unweighted it would be 7/12 ≈ 0.58)
    assert c.at_6 == pytest.approx(0.95)
    assert result.test is not None and result.test.strata == 2


def test_log_rank_p_is_reported_and_stratified():
    as_of = DAY0 + dt.timedelta(days=400)
    mentors = _people(8, DAY0, A) + _people(2, DAY0, A, exit_after=50)
    others = _people(3, DAY0, A) + _people(7, DAY0, A, exit_after=50)
    result = retention.compare(mentors, others, as_of, DAY0)
    assert result.test is not None
    assert 0 < result.test.p_value < 0.05
    assert result.test.observed == 2 and result.test.expected == pytest.approx(4.5)


def test_small_groups_hide_the_test():
    result = retention.compare(_people(4, DAY0, A), _people(9, DAY0, A),
                               DAY0 + dt.timedelta(days=30), DAY0)
    assert result.participants.suppressed and result.test is None and not result.available


def test_mentors_sharing_one_person_object_give_the_same_comparison():
    """`retention` hands one Person object to every mentor with the same start, exit and
    stratum (a speed-up, issue 18): the comparison equals the one over distinct objects."""
    late = DAY0 + dt.timedelta(days=30)
    kinds = [Person(DAY0, None, A), Person(late, late + dt.timedelta(days=90), A),
             Person(DAY0, DAY0 - dt.timedelta(days=5), B), Person(late, None, B)]
    order = [0, 1, 1, 3, 0, 2, 3, 1, 0, 3, 3, 1, 0]
    shared = [kinds[i] for i in order]
    distinct = [Person(kinds[i].start, kinds[i].exit, kinds[i].stratum) for i in order]
    others = _people(6, DAY0, A, exit_after=60) + _people(7, DAY0, B) + _people(5, DAY0, A)
    as_of = DAY0 + dt.timedelta(days=400)
    got = retention.compare(shared, others, as_of, DAY0)
    assert got == retention.compare(distinct, others, as_of, DAY0)
    assert got.participants.excluded == 1 and got.test is not None


# --- from the database -------------------------------------------------------------------


@pytest.mark.django_db
def test_cohorts_match_grade_band_and_department(report_program):
    pairs = add_pairs(report_program, 6, department="Keuangan")
    # two mentors left: 100 and 300 days after the start (2 March 2026)
    for pair, days in zip(pairs[:2], (100, 300), strict=True):
        Employee.objects.filter(pk=pair.mentor.employee_id).update(
            exit_date=DAY0 + dt.timedelta(days=days))
    # comparison: same band (grade 1) and department, never enrolled: 5 people, 3 left early
    for k in range(5):
        EmployeeFactory(grade=1, department="Keuangan", hire_date=dt.date(2023, 1, 1),
                        exit_date=dt.date(2026, 4, 1) if k < 3 else None)
    EmployeeFactory(grade=2, department="Pemasaran")  # other department: not comparable
    EmployeeFactory(grade=4, department="Keuangan")  # other band: not comparable
    EmployeeFactory(grade=2, department="Keuangan", hire_date=dt.date(2026, 5, 1))  # hired later
    result = retention.retention(program=report_program, as_of=dt.date(2027, 6, 1))
    assert result.start == DAY0
    p, c = result.participants, result.comparison
    assert (p.n, p.left) == (6, 2)
    assert p.at_6 == pytest.approx(5 / 6) and p.at_12 == pytest.approx(4 / 6)
    assert (p.known_12, p.left_12) == (6, 2)
    assert (c.n, c.left) == (5, 3)
    assert c.at_6 == pytest.approx(2 / 5)
    assert result.available and result.test is not None


@pytest.mark.django_db
def test_comparison_takes_each_stratum_not_every_department_and_band_mix(report_program):
    """Mentors in two strata (band 1 in Keuangan, band 3 in Pemasaran): a non-participant in
    one stratum's department with the other's band is comparable to nobody."""
    add_pairs(report_program, 5, department="Keuangan")  # mentors grade 2: band 1
    senior = add_pairs(report_program, 5, department="Pemasaran")
    Employee.objects.filter(pk__in=[p.mentor.employee_id for p in senior]).update(grade=5)
    hired = dt.date(2023, 1, 1)
    for _k in range(3):
        EmployeeFactory(grade=1, department="Keuangan", hire_date=hired)  # band 1 Keuangan
        EmployeeFactory(grade=6, department="Pemasaran", hire_date=hired)  # band 3 Pemasaran
    EmployeeFactory(grade=5, department="Keuangan", hire_date=hired)  # band 3 Keuangan: no
    EmployeeFactory(grade=2, department="Pemasaran", hire_date=hired)  # band 1 Pemasaran: no
    EmployeeFactory(grade=3, department="Keuangan", hire_date=hired)  # band 2: no mentor there
    result = retention.retention(program=report_program, as_of=dt.date(2027, 6, 1))
    assert (result.participants.n, result.comparison.n) == (10, 6)
    assert result.unmatched == 0


@pytest.mark.django_db
def test_database_cohorts_start_at_each_mentors_first_pair(report_program):
    """Immortal time, end to end: a mentor whose pair started later is counted from then."""
    add_pairs(report_program, 5, department="Keuangan")
    late = add_pairs(report_program, 5, department="Keuangan",
                     started=START + dt.timedelta(days=200))
    for pair in late:
        Employee.objects.filter(pk=pair.mentor.employee_id).update(
            exit_date=DAY0 + dt.timedelta(days=300))
    early_leaver = add_pairs(report_program, 1, department="Keuangan")[0]
    Employee.objects.filter(pk=early_leaver.mentor.employee_id).update(
        exit_date=DAY0 - dt.timedelta(days=10))
    for _k in range(5):
        EmployeeFactory(grade=1, department="Keuangan", hire_date=dt.date(2023, 1, 1))
    result = retention.retention(program=report_program, as_of=DAY0 + dt.timedelta(days=400))
    p = result.participants
    assert (p.n, p.left, p.excluded) == (10, 5, 1)
    assert retention.survival_at(p.curve, 99) == 1.0
    assert retention.survival_at(p.curve, 100) == pytest.approx(0.5)


@pytest.mark.django_db
def test_small_groups_are_suppressed(report_program):
    add_pairs(report_program, 3)
    result = retention.retention(program=report_program, as_of=dt.date(2027, 1, 1))
    assert result.participants.suppressed and result.participants.curve == []
    assert not result.available

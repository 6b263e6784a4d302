"""Dashboard figures (database aggregates) and their suppression for sponsors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from terbalik.pairs.models import Health, PairStatus
from terbalik.programs.models import Enrollment, EnrollmentStatus, Invitation
from terbalik.reports import metrics

from ..factories import EmployeeFactory
from .conftest import START, add_goals, add_meetings, add_pairs, add_training

pytestmark = pytest.mark.django_db
NOW = START + dt.timedelta(weeks=4) - dt.timedelta(days=1)


def test_funnel_and_engagement(report_program, hr_user):
    pairs = add_pairs(report_program, 4)
    add_pairs(report_program, 1, status=PairStatus.COMPLETED)
    add_pairs(report_program, 1, health=Health.AT_RISK)
    Enrollment.objects.create(program=report_program, employee=EmployeeFactory(grade=9),
                              role="mentee", status=EnrollmentStatus.WAITLISTED,
                              applied_at=START)
    Invitation.objects.create(program=report_program, employee=EmployeeFactory(grade=9),
                              role="mentee", sent_at=START)
    add_meetings(pairs, weeks=5, held_every=2)  # weeks 0, 2, 4 held; week 4 is in the future
    add_goals(pairs)
    add_training(pairs, every=2)
    board = metrics.dashboard(program=report_program, people=True, now=NOW)
    funnel = dict(zip(metrics.FUNNEL_KEYS, [n for _l, n in board.funnel], strict=True))
    assert funnel == {"invited": 1, "applied": 13, "approved": 12, "matched": 12,
                      "active": 10, "completed": 2}
    assert board.matched_percent == pytest.approx(100.0)
    assert board.pairs == {"total": 6, "active": 5, "at_risk": 1, "inactive": 0}
    assert board.meetings_planned == 20 and board.meetings_held == 12
    assert board.meetings_past == 16
    # past meetings answered: weeks 0 and 2 (8 of 16)
    assert board.checkin_rate == pytest.approx(50.0)
    assert board.mean_rating == pytest.approx(4.5)
    assert (board.goals_set, board.goals_achieved) == (4, 2)
    assert (board.training_done, board.training_total) == (4, 12)
    assert [w["planned"] for w in board.weeks] == [4] * 5
    assert [w["held"] for w in board.weeks] == [4, 0, 4, 0, 4]
    assert board.weeks[0]["week"] == dt.date(2026, 3, 2)
    # the charts' x axis: each week in the reader's short date format, never ISO
    with translation.override("en"):
        assert board.chart["labels"][0] == "02/03/2026"
    with translation.override("id"):
        assert board.chart["labels"][0] == "02-03-2026"


def test_sponsor_sees_no_engagement_for_small_programs(report_program):
    pairs = add_pairs(report_program, 2)
    add_meetings(pairs, weeks=2)
    board = metrics.dashboard(program=report_program, people=False, now=NOW)
    assert board.suppressed and board.weeks == [] and board.mean_rating is None
    funnel = dict(zip(metrics.FUNNEL_KEYS, [n for _l, n in board.funnel], strict=True))
    assert funnel["matched"] is None and funnel["invited"] == 0
    hr = metrics.dashboard(program=report_program, people=True, now=NOW)
    assert not hr.suppressed and hr.meetings_planned == 4


def test_sponsor_sees_aggregates_of_large_programs(report_program):
    pairs = add_pairs(report_program, 5)
    add_meetings(pairs, weeks=2)
    board = metrics.dashboard(program=report_program, people=False, now=NOW)
    assert not board.suppressed and board.meetings_planned == 10
    assert board.mean_rating == pytest.approx(4.5)


def test_empty_program(report_program):
    board = metrics.dashboard(program=report_program, people=True, now=NOW)
    assert board.weeks == [] and board.checkin_rate is None and board.mean_rating is None
    assert board.matched_percent is None


def test_pair_counts_read_once_feed_the_dashboard_and_the_retention(report_program,
                                                                     django_assert_num_queries):
    """Issue 18: the report reads the program's pairs in one aggregate; the dashboard and the
    retention given it give what they read themselves, with one and two queries fewer."""
    from terbalik.reports import retention

    add_pairs(report_program, 4)
    add_pairs(report_program, 1, status=PairStatus.COMPLETED,
              started=START + dt.timedelta(days=3))
    add_pairs(report_program, 1, health=Health.AT_RISK)
    add_meetings(add_pairs(report_program, 1), weeks=2)
    with django_assert_num_queries(1):
        pairs = metrics.pair_counts(report_program)
    assert pairs["first_start"] == START
    assert (pairs["total"], pairs["active"], pairs["at_risk"]) == (7, 6, 1)
    own = metrics.dashboard(program=report_program, people=True, now=NOW)
    given = metrics.dashboard(program=report_program, people=True, now=NOW, pairs=pairs)
    assert given == own
    assert metrics.funnel_counts(report_program, pairs) == metrics.funnel_counts(report_program)
    as_of = dt.date(2027, 1, 1)
    assert retention.retention(program=report_program, as_of=as_of,
                               first_start=pairs["first_start"]) == retention.retention(
                                   program=report_program, as_of=as_of)
    # without pairs the program's start date is time zero, whether read or given
    report_program.pairs.all().delete()
    assert retention.program_start(report_program, None) == retention.program_start(
        report_program) == report_program.start_date

"""The periodic job with simulated time: reminders, check-in requests, nudges, pulses,
touchpoints, health and closing — each sent once however often `tick` runs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from terbalik.notify import services as notify_services
from terbalik.notify.models import NotificationLog
from terbalik.notify.tick import run_due
from terbalik.pairs import services
from terbalik.pairs.models import Health, PairStatus
from terbalik.surveys.models import Recipient, SurveyInstance

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def subjects(to: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [to]]


def schedule(pair, day: dt.date, time: dt.time, **kw):
    return services.meeting_schedule(
        pair=pair, by=pair.mentor_user, local_date=day, local_time=time, time_zone="UTC", **kw
    )


def test_reminder_24h_before_goes_once_even_when_tick_runs_twice(make_pair):
    with time_machine.travel(at(2027, 3, 1, 0, 0), tick=False):
        pair = make_pair()
        (meeting,) = schedule(pair, dt.date(2027, 3, 10), dt.time(9, 0))
    mail.outbox.clear()
    with time_machine.travel(at(2027, 3, 8, 9, 0), tick=False):  # 48 h before: nothing yet
        run_due()
    assert not [s for s in subjects(pair.mentor_user.email) if s.startswith("Tomorrow")]
    with time_machine.travel(at(2027, 3, 9, 10, 0), tick=False):
        run_due()
        run_due()
    for user in (pair.mentor_user, pair.mentee_user):
        assert len([s for s in subjects(user.email) if s.startswith("Tomorrow")]) == 1
    # moving the meeting is a new cause: one more reminder for the new time
    with time_machine.travel(at(2027, 3, 9, 11, 0), tick=False):
        services.meeting_reschedule(
            meeting=meeting,
            by=pair.mentee_user,
            local_date=dt.date(2027, 3, 10),
            local_time=dt.time(8, 0),
            time_zone="UTC",
        )
        mail.outbox.clear()
        run_due()
        run_due()
    assert len([s for s in subjects(pair.mentee_user.email) if s.startswith("Tomorrow")]) == 1


def test_checkin_request_after_the_meeting_only_to_who_has_not_answered(make_pair):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair()
        (meeting,) = schedule(pair, dt.date(2027, 3, 2), dt.time(9, 0))
    with time_machine.travel(at(2027, 3, 2, 9, 30), tick=False):
        services.checkin_submit(meeting=meeting, by=pair.mentor_user, answer="held", rating=5)
    mail.outbox.clear()
    with time_machine.travel(at(2027, 3, 2, 11, 0), tick=False):
        run_due()
        run_due()
    asked = [m.to[0] for m in mail.outbox if m.subject.startswith("Did your meeting")]
    assert asked == [pair.mentee_user.email]


def test_no_meeting_nudge_is_sent_once_per_cause_and_muted_kinds_are_respected(make_pair):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair()  # weekly: nudge after more than 14 days without a held meeting
        notify_services.preferences_set(user=pair.mentee_user, wanted=["meeting_reminder"])
    mail.outbox.clear()
    with time_machine.travel(at(2027, 3, 14), tick=False):
        run_due()
    assert not [m for m in mail.outbox if m.subject.startswith("Time to meet")]
    with time_machine.travel(at(2027, 3, 17), tick=False):
        run_due()
    with time_machine.travel(at(2027, 3, 18), tick=False):
        run_due()
    nudged = [m.to[0] for m in mail.outbox if m.subject.startswith("Time to meet")]
    assert nudged == [pair.mentor_user.email]  # the mentee muted nudges
    assert NotificationLog.objects.filter(key__startswith="nudge-meeting:").count() == 2


def test_goal_stalled_for_three_weeks_nudges_once(make_pair):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair()
        services.goal_create(
            pair=pair,
            by=pair.mentee_user,
            statement="Publish four LinkedIn posts myself",
            target_value=4,
            unit="posts",
            achievable="one per week",
            relevance="brand",
            due_date=dt.date(2027, 6, 1),
        )
    mail.outbox.clear()
    with time_machine.travel(at(2027, 3, 21), tick=False):
        run_due()
    assert not [m for m in mail.outbox if "three weeks" in m.subject]
    with time_machine.travel(at(2027, 3, 23), tick=False):
        run_due()
        run_due()
    assert len([m for m in mail.outbox if "three weeks" in m.subject]) == 2  # one each


def test_health_turns_at_risk_then_inactive_when_the_pair_stops_meeting(
    make_pair, client, hr_user
):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair()
        first, second = schedule(pair, dt.date(2027, 3, 3), dt.time(9, 0), repeat="weekly", count=2)
    for meeting in (first, second):
        with time_machine.travel(meeting.starts_at + dt.timedelta(hours=2), tick=False):
            services.checkin_submit(meeting=meeting, by=pair.mentor_user, answer="held", rating=4)
            services.checkin_submit(meeting=meeting, by=pair.mentee_user, answer="held", rating=5)
    with time_machine.travel(at(2027, 3, 12), tick=False):
        run_due()
    pair.refresh_from_db()
    assert pair.health == Health.ON_TRACK and pair.health_reasons == []
    with time_machine.travel(at(2027, 3, 26), tick=False):  # 16 days since the last one
        run_due()
    pair.refresh_from_db()
    assert pair.health == Health.AT_RISK and "no_meeting" in pair.health_reasons
    client.force_login(hr_user)  # HR sees it in the list, filtered, with the reason
    page = client.get(reverse("pairs:program_pairs", args=[pair.program.pk]),
                      {"health": "at_risk"}).content.decode()
    assert pair.mentee.employee.full_name in page
    assert "No meeting held for more than twice the agreed cadence" in page
    with time_machine.travel(at(2027, 4, 12), tick=False):  # more than four cadences
        run_due()
    pair.refresh_from_db()
    assert pair.health == Health.INACTIVE


def test_one_sided_and_low_ratings_are_reasons(make_pair):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair()
        first, second = schedule(pair, dt.date(2027, 3, 3), dt.time(9, 0), repeat="weekly", count=2)
    with time_machine.travel(at(2027, 3, 10, 12), tick=False):
        services.checkin_submit(meeting=first, by=pair.mentor_user, answer="held", rating=2)
        services.checkin_submit(meeting=first, by=pair.mentee_user, answer="held", rating=1)
        services.checkin_submit(meeting=second, by=pair.mentor_user, answer="held", rating=2)
    with time_machine.travel(at(2027, 3, 15), tick=False):
        run_due()
    pair.refresh_from_db()
    assert pair.health == Health.AT_RISK
    assert {"one_sided", "low_rating"} <= set(pair.health_reasons)


def test_pulse_survey_30_days_in_then_every_60(make_pair):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair(end_date=dt.date(2028, 1, 1))
    with time_machine.travel(at(2027, 3, 30), tick=False):
        run_due()
    assert SurveyInstance.objects.count() == 0
    with time_machine.travel(at(2027, 4, 1), tick=False):
        run_due()
        run_due()
    assert SurveyInstance.objects.count() == 1
    assert set(Recipient.objects.values_list("user_id", flat=True)) == {
        pair.mentor_user.pk,
        pair.mentee_user.pk,
    }
    with time_machine.travel(at(2027, 5, 25), tick=False):
        run_due()
    assert SurveyInstance.objects.count() == 1
    with time_machine.travel(at(2027, 6, 1), tick=False):
        run_due()
    assert SurveyInstance.objects.count() == 2


def test_touchpoint_messages_follow_the_accepted_agreement(make_pair):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair()
        services.agreement_update(
            pair=pair,
            by=pair.mentor_user,
            channels=["chat"],
            cadence="biweekly",
            session_minutes=30,
            touchpoint="weekly",
            touchpoint_note="Friday chat",
        )
        for user in (pair.mentor_user, pair.mentee_user):
            services.agreement_accept(pair=pair, by=user)
    mail.outbox.clear()
    for day in (5, 8, 9, 15):
        with time_machine.travel(at(2027, 3, day, 1), tick=False):
            run_due()
    touch = [m for m in mail.outbox if m.subject.startswith("Touchpoint")]
    assert len(touch) == 4  # weeks 1 and 2, to both
    assert "Friday chat" in touch[0].body


def test_fixed_term_end_sends_the_closing_survey_and_completes(make_pair):
    with time_machine.travel(at(2027, 2, 1), tick=False):
        pair = make_pair(end_date=dt.date(2027, 5, 1))
    with time_machine.travel(at(2027, 5, 1, 12), tick=False):
        run_due()
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE
    with time_machine.travel(at(2027, 5, 2, 12), tick=False):
        run_due()
        run_due()
    pair.refresh_from_db()
    assert pair.status == PairStatus.COMPLETED
    closing = SurveyInstance.objects.filter(version__survey__template_key="program-evaluation")
    assert closing.count() == 1
    goal_pair = pair  # goals can still be marked achieved after completion
    assert goal_pair.ended_at is not None


def test_ongoing_program_rolls_over_when_both_continue(make_pair):
    with time_machine.travel(at(2027, 1, 10), tick=False):
        pair = make_pair(term="ongoing", pair_months=3, end_date=None)
        other = make_pair(program=pair.program)
    assert pair.term_ends_on == dt.date(2027, 4, 10)
    with time_machine.travel(at(2027, 4, 1), tick=False):
        mail.outbox.clear()
        run_due()
        assert any(m.subject.startswith("Your mentoring term ends") for m in mail.outbox)
        services.pair_continue_choose(pair=pair, by=pair.mentor_user, wants=True)
        services.pair_continue_choose(pair=pair, by=pair.mentee_user, wants=True)
        services.pair_continue_choose(pair=other, by=other.mentor_user, wants=True)
    with time_machine.travel(at(2027, 4, 11), tick=False):
        run_due()
    pair.refresh_from_db()
    other.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE and pair.term_ends_on == dt.date(2027, 7, 10)
    assert pair.rollovers == 1 and not pair.continue_mentor
    assert other.status == PairStatus.COMPLETED


def test_unanswered_checkins_and_overdue_goals_are_reasons(make_pair):
    with time_machine.travel(at(2027, 3, 1), tick=False):
        pair = make_pair()
        schedule(pair, dt.date(2027, 3, 3), dt.time(9, 0), repeat="weekly", count=2)
        services.goal_create(
            pair=pair, by=pair.mentee_user, statement="Automate the monthly report with macros",
            target_value=1, unit="report", achievable="with help", relevance="saves a day",
            due_date=dt.date(2027, 3, 12),
        )
    with time_machine.travel(at(2027, 3, 15), tick=False):
        run_due()
    pair.refresh_from_db()
    assert pair.health == Health.AT_RISK
    assert {"unanswered_checkins", "overdue_goals"} <= set(pair.health_reasons)

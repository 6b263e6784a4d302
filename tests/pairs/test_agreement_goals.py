from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from terbalik.pairs import services
from terbalik.pairs.models import Goal, GoalStatus, Note

pytestmark = pytest.mark.django_db

FUTURE = dt.date(2030, 1, 31)


def test_agreement_needs_both_and_a_change_resets_acceptance(pair):
    agreement = services.agreement_for(pair)
    assert agreement.cadence == "weekly" and not agreement.accepted
    services.agreement_accept(pair=pair, by=pair.mentor_user, version=agreement.version)
    agreement.refresh_from_db()
    assert agreement.mentor_accepted_at and not agreement.accepted
    services.agreement_accept(pair=pair, by=pair.mentee_user, version=agreement.version)
    agreement.refresh_from_db()
    assert agreement.accepted
    old = agreement.version
    services.agreement_update(
        pair=pair, by=pair.mentee_user, channels=["video"], cadence="biweekly",
        session_minutes=45, touchpoint="weekly", touchpoint_note="Chat on Friday",
    )
    agreement.refresh_from_db()
    assert agreement.version == old + 1 and not agreement.accepted
    assert agreement.mentor_accepted_at is None and agreement.mentee_accepted_at is None
    with pytest.raises(ValidationError):  # a stale acceptance of the old text is refused
        services.agreement_accept(pair=pair, by=pair.mentor_user, version=old)


def test_agreement_refuses_bad_input_and_outsiders(pair, make_person):
    with pytest.raises(ValidationError) as caught:
        services.agreement_update(pair=pair, by=pair.mentor_user, channels=[], cadence="daily",
                                  session_minutes=5, touchpoint="weekly")
    assert set(caught.value.message_dict) == {"channels", "cadence", "session_minutes"}
    with pytest.raises(ValidationError):
        services.agreement_accept(pair=pair, by=make_person(3))


def goal_kwargs(**overrides):
    fields = dict(
        statement="Build three dashboards in Looker Studio on my own",
        target_value="3", unit="dashboards", achievable="One hour per week with my mentor",
        relevance="Our sales reviews run on dashboards", due_date=FUTURE,
    )
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"target_value": ""}, "target_value"),
        ({"target_value": "a lot"}, "target_value"),
        ({"target_value": "0"}, "target_value"),  # equals the starting value
        ({"unit": " "}, "unit"),
        ({"due_date": None}, "due_date"),
        ({"due_date": dt.date(2020, 1, 1)}, "due_date"),
        ({"statement": "learn"}, "statement"),
        ({"achievable": ""}, "achievable"),
        ({"relevance": ""}, "relevance"),
    ],
)
def test_a_goal_that_is_not_smart_is_refused_with_an_explanation(pair, overrides, field):
    with pytest.raises(ValidationError) as caught:
        services.goal_create(pair=pair, by=pair.mentee_user, **goal_kwargs(**overrides))
    assert field in caught.value.message_dict
    assert caught.value.message_dict[field][0]
    assert Goal.objects.count() == 0


def test_goal_progress_history_milestones_and_achievement(pair):
    goal = services.goal_create(pair=pair, by=pair.mentee_user,
                                milestones=[("First dashboard", None)], **goal_kwargs())
    services.goal_progress_add(goal=goal, by=pair.mentor_user, value="1", note="sales")
    services.goal_progress_add(goal=goal, by=pair.mentee_user, value="2")
    goal.refresh_from_db()
    assert goal.current_value == 2 and goal.percent == 66
    assert [p.value for p in goal.progress.all()] == [2, 1]  # newest first: the history
    milestone = goal.milestones.get()
    services.milestone_toggle(milestone=milestone, by=pair.mentee_user)
    milestone.refresh_from_db()
    assert milestone.done_at is not None
    services.goal_set_status(goal=goal, by=pair.mentee_user, status=GoalStatus.ACHIEVED)
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACHIEVED and goal.achieved_at


def test_notes_are_written_by_members_only(pair, make_person, hr_user):
    services.note_add(pair=pair, by=pair.mentor_user, body="Try the pivot table next time")
    with pytest.raises(ValidationError):
        services.note_add(pair=pair, by=hr_user, body="HR was here")
    with pytest.raises(ValidationError):
        services.note_add(pair=pair, by=pair.mentee_user, body="   ")
    assert Note.objects.count() == 1

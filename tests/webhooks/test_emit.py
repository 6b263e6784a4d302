"""Every write path that reports an event emits it once per change, only to subscriptions
that want it, and costs one query when nobody subscribes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from terbalik.pairs import services as pair_services
from terbalik.pairs.models import Meeting
from terbalik.programs import services as program_services
from terbalik.programs.models import EnrollmentStatus, ParticipantRole, Status
from terbalik.reports.jobs import outcomes_announce
from terbalik.webhooks import services
from terbalik.webhooks.models import Delivery, DeliveryState

pytestmark = pytest.mark.django_db


def events(kind: str | None = None) -> list[dict]:
    rows = Delivery.objects.order_by("created_at", "id")
    if kind:
        rows = rows.filter(event_type=kind)
    return [row.payload for row in rows]


def test_nobody_subscribed_costs_one_query_and_writes_nothing(
        make_pair, django_assert_num_queries, subscribe):
    pair = make_pair()
    assert Delivery.objects.count() == 0
    with django_assert_num_queries(1):
        assert services.emit("pair.created", pair) == 0
    subscribe(events=["meeting.held"])  # someone, but not for this event
    with django_assert_num_queries(1):
        assert services.emit("pair.created", pair) == 0
    subscribe(events=["pair.created"], active=False)  # paused
    with django_assert_num_queries(1):
        assert services.emit("pair.created", pair) == 0
    assert Delivery.objects.count() == 0
    with pytest.raises(ValueError):
        services.emit("pair.made", pair)


def test_enrolment_changes_emit_one_event_per_state(
        subscribe, make_program, make_person, apply_as, hr_user):
    subscribe(events=["enrolment.changed"])
    program = make_program()
    user = make_person(10)
    enrollment = apply_as(program, user, role=ParticipantRole.MENTEE)
    program_services.enrollment_approve(enrollment=enrollment, by=hr_user)
    program_services.enrollment_remove(enrollment=enrollment, by=hr_user, reason="moved away")
    found = events("enrolment.changed")
    assert [e["data"]["state"] for e in found] == [
        EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED, EnrollmentStatus.REMOVED]
    first = found[0]
    assert first["type"] == "enrolment.changed" and first["id"].startswith("evt_")
    assert first["data"]["enrolment_id"] == enrollment.pk
    assert first["data"]["program_id"] == program.pk
    assert first["data"]["employee_id"] == user.employee.employee_id
    assert len({e["id"] for e in found}) == 3  # three changes, three events
    assert "moved away" not in str(found)  # HR's reason is free text: never in a payload


def test_waitlist_and_direct_enrolment_emit_too(
        subscribe, make_program, make_person, apply_as, hr_user):
    subscribe(events=["enrolment.changed"])
    program = make_program(mentee_places=1)
    first = apply_as(program, make_person(10))
    apply_as(program, make_person(10))  # no place left: waitlisted
    program_services.enrollment_enrol_directly(
        program=program, employees=[make_person(2).employee], role=ParticipantRole.MENTOR,
        by=hr_user)
    program_services.enrollment_reject(enrollment=first, by=hr_user)  # frees a place
    states = [e["data"]["state"] for e in events("enrolment.changed")]
    assert states == [EnrollmentStatus.PENDING, EnrollmentStatus.WAITLISTED,
                      EnrollmentStatus.APPROVED, EnrollmentStatus.REJECTED,
                      EnrollmentStatus.PENDING]  # the waitlisted one promoted


@pytest.fixture
def directory(make_person):
    """Eligible mentors and mentees, so recruitment may open."""
    return make_person(2), make_person(10)


def test_program_phase_change_emits_the_new_and_previous_phase(subscribe, make_program,
                                                                hr_user, directory):
    subscribe(events=["program.phase_changed"])
    program = make_program(status=Status.DRAFT)
    program_services.program_transition(program=program, to=Status.RECRUITING, by=hr_user)
    (event,) = events("program.phase_changed")
    assert event["data"]["program_id"] == program.pk
    assert (event["data"]["phase"], event["data"]["previous_phase"]) == ("recruiting", "draft")


def test_pair_created_at_publish(subscribe, make_pair):
    subscribe(events=["pair.created"])
    pair = make_pair()
    (event,) = events("pair.created")
    assert event["data"]["pair_id"] == pair.pk
    assert event["data"]["mentor"]["employee_id"] == pair.mentor_user.employee.employee_id
    assert event["data"]["mentee"]["enrolment_id"] == pair.mentee_id
    assert Delivery.objects.count() == 1  # the enrolments of make_pair were not subscribed


def test_meeting_held_once_when_both_confirm(subscribe, pair):
    subscribe(events=["meeting.held"])
    start = timezone.now() - dt.timedelta(days=1)
    meeting = Meeting.objects.create(
        pair=pair, uid=Meeting.new_uid(), starts_at=start, ends_at=start + dt.timedelta(hours=1),
        time_zone="Asia/Jakarta", updated_at=timezone.now())
    pair_services.checkin_submit(meeting=meeting, by=pair.mentor_user, answer="held", rating=4)
    assert events("meeting.held") == []  # one side only
    pair_services.checkin_submit(meeting=meeting, by=pair.mentee_user, answer="held", rating=5)
    pair_services.checkin_submit(meeting=meeting, by=pair.mentee_user, answer="held", rating=3)
    (event,) = events("meeting.held")
    assert event["data"] == {
        "meeting_id": meeting.pk, "pair_id": pair.pk, "program_id": pair.program_id,
        "starts_at": event["data"]["starts_at"], "ends_at": event["data"]["ends_at"],
        "channel": "", "outcome": "held"}


def test_pair_at_risk_once_when_flagged(subscribe, pair):
    subscribe(events=["pair.at_risk"])
    later = timezone.now() + dt.timedelta(days=20)  # weekly cadence, no meeting for 20 days
    pair_services.pair_health_recompute(pair=pair, now=later)
    pair_services.pair_health_recompute(pair=pair, now=later + dt.timedelta(hours=2))
    (event,) = events("pair.at_risk")
    assert event["data"]["pair_id"] == pair.pk
    assert event["data"]["health"] == "at_risk" and "no_meeting" in event["data"]["reasons"]


def test_outcome_available_when_the_post_survey_closes(subscribe, make_program, hr_user):
    from terbalik.surveys import services as survey_services
    from tests.surveys.conftest import likert

    program = make_program()
    subscribe(events=["outcome.available"])
    survey = survey_services.survey_create(by=hr_user, title={"id": "Uji"})
    survey_services.question_add(survey=survey, by=hr_user, data=likert({"id": "Seberapa?"}))
    opens = timezone.now() - dt.timedelta(days=30)
    pre = survey_services.survey_instance_create(
        survey=survey, by=hr_user, title="pre", opens_at=opens,
        closes_at=opens + dt.timedelta(days=5), phase="pre", program_id=program.pk)
    closes = timezone.now() + dt.timedelta(days=3)
    post = survey_services.survey_instance_create(
        survey=survey, by=hr_user, title="post", opens_at=opens + dt.timedelta(days=20),
        closes_at=closes, phase="post", pre_instance=pre, program_id=program.pk)
    assert outcomes_announce() == 0  # still open
    after = closes + dt.timedelta(minutes=1)
    assert outcomes_announce(now=after) == 1
    assert outcomes_announce(now=after + dt.timedelta(minutes=1)) == 0  # once per sending
    (event,) = events("outcome.available")
    assert event["data"] == {"program_id": program.pk, "post_survey_id": post.pk,
                             "pre_survey_id": pre.pk,
                             "closed_at": closes.astimezone(dt.UTC).isoformat()
                             .replace("+00:00", "Z")}


def test_program_filter_and_several_subscriptions(subscribe, make_program, hr_user,
                                                  directory):
    mine, other = make_program(status=Status.DRAFT), make_program(status=Status.DRAFT)
    only_mine = subscribe(events=["program.phase_changed"], program=mine)
    every = subscribe(events=["program.phase_changed"])
    for program in (mine, other):
        program_services.program_transition(program=program, to=Status.RECRUITING, by=hr_user)
    rows = Delivery.objects.order_by("id")
    assert [(r.subscription_id, r.payload["data"]["program_id"]) for r in rows] == [
        (only_mine.pk, mine.pk), (every.pk, mine.pk), (every.pk, other.pk)]
    assert rows[0].event_id == rows[1].event_id  # one event, two receivers
    assert {r.state for r in rows} == {DeliveryState.PENDING}


def test_a_rolled_back_change_emits_nothing(subscribe, make_program, hr_user, directory):
    from django.db import transaction

    subscribe(events=["program.phase_changed"])
    program = make_program(status=Status.DRAFT)
    with pytest.raises(RuntimeError), transaction.atomic():
        program_services.program_transition(program=program, to=Status.RECRUITING, by=hr_user)
        raise RuntimeError("the caller fails later in the same transaction")
    assert Delivery.objects.count() == 0


def test_deliveries_go_out_after_the_commit(subscribe, make_program, hr_user, receiver,
                                            directory, django_capture_on_commit_callbacks):
    subscribe(events=["program.phase_changed"])
    program = make_program(status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        program_services.program_transition(program=program, to=Status.RECRUITING, by=hr_user)
    assert receiver.requests == []  # nothing before the commit
    for callback in callbacks:
        callback()
    (request,) = receiver.requests
    assert request.headers["webhook-id"] == Delivery.objects.get().event_id

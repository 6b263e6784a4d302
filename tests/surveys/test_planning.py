"""The measurement plan schedules its own sendings (issue 14, item 6).

Finding reproduced: nothing linked a program's plan to sendings — choosing a goal created no
pre/post survey, so HR had to create and remember them by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from terbalik.notify.tick import run_due as tick
from terbalik.programs import services as programs
from terbalik.programs.models import (
    Enrollment,
    EnrollmentStatus,
    MeasurementPhase,
    ParticipantRole,
    Respondents,
)
from terbalik.surveys import planning
from terbalik.surveys.models import Delivery, Phase, PlannedSending, SurveyInstance

from ..programs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _send_mail_now,
    make_person,
    make_program,
    program_fields,
)

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)  # 09:00 in Jakarta
START, END = dt.date(2027, 2, 1), dt.date(2027, 5, 3)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def program(hr_user):
    """A digital-skills program from its template: literacy test (mentees) and confidence
    survey (both) before and after, end-of-program evaluation after."""
    program = programs.program_create_from_template(
        by=hr_user, template_key="digital_skills", language="en", start=START)
    return programs.program_update(program=program, by=hr_user,
                                   changes={"end_date": END})


def links(program) -> dict[tuple[str, str], PlannedSending]:
    return {(link.template_key, link.moment): link
            for link in PlannedSending.objects.filter(program=program).select_related(
                "instance__pre_instance")}


def local(day: dt.date) -> dt.datetime:
    return planning.at_midnight(day)


def enrol(program, person, role):
    return Enrollment.objects.create(program=program, employee=person.employee, user=person,
                                     role=role, status=EnrollmentStatus.APPROVED,
                                     applied_at=TODAY)


def test_choosing_a_goal_schedules_pre_and_post_sendings(program):
    found = links(program)
    assert set(found) == {
        ("digital_literacy", MeasurementPhase.BEFORE), ("digital_literacy", MeasurementPhase.AFTER),
        ("confidence", MeasurementPhase.BEFORE), ("confidence", MeasurementPhase.AFTER),
        ("end_evaluation", MeasurementPhase.AFTER),
    }
    pre = found[("digital_literacy", MeasurementPhase.BEFORE)].instance
    post = found[("digital_literacy", MeasurementPhase.AFTER)].instance
    # before: the week before the start, closed when the program starts; after: from the end
    assert (pre.opens_at, pre.closes_at) == (local(START - dt.timedelta(days=7)), local(START))
    assert (post.opens_at, post.closes_at) == (local(END), local(END + dt.timedelta(days=7)))
    assert (pre.phase, post.phase, post.pre_instance_id) == (Phase.PRE, Phase.POST, pre.pk)
    assert pre.program_id == post.program_id == program.pk
    assert pre.version.survey.template_key == "digital-literacy-test"
    evaluation = found[("end_evaluation", MeasurementPhase.AFTER)].instance
    assert evaluation.phase == Phase.NONE and evaluation.pre_instance is None
    assert found[("digital_literacy", MeasurementPhase.BEFORE)].respondents == Respondents.MENTEES


def test_saving_the_goal_twice_changes_nothing(program, hr_user):
    before = {k: (v.instance_id, v.instance.opens_at, v.instance.closes_at)
              for k, v in links(program).items()}
    for _ in range(2):
        programs.program_update(program=program, by=hr_user,
                                changes={"goal_specific": "Two new tools each."})
    after = {k: (v.instance_id, v.instance.opens_at, v.instance.closes_at)
             for k, v in links(program).items()}
    assert after == before
    assert SurveyInstance.objects.filter(program_id=program.pk).count() == 5
    result = planning.plan_schedule(program=program, by=hr_user)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    from django.utils import translation

    with translation.override("id"):  # another HR user saves in Indonesian: still no change
        result = planning.plan_schedule(program=program, by=hr_user)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    programs.program_update(program=program, by=hr_user, changes={"name": "Digital 2027"})
    titles = [link.instance.title for link in PlannedSending.objects.filter(program=program)]
    assert all(title.endswith(": Digital 2027") for title in titles)


def test_changing_dates_moves_the_same_sendings(program, hr_user):
    ids = {k: v.instance_id for k, v in links(program).items()}
    new_start, new_end = dt.date(2027, 3, 1), dt.date(2027, 6, 1)
    programs.program_update(program=program, by=hr_user,
                            changes={"start_date": new_start, "end_date": new_end})
    found = links(program)
    assert {k: v.instance_id for k, v in found.items()} == ids
    pre = found[("confidence", MeasurementPhase.BEFORE)].instance
    post = found[("confidence", MeasurementPhase.AFTER)].instance
    assert pre.closes_at == local(new_start) and post.opens_at == local(new_end)


def test_an_opened_sending_is_not_moved_and_the_page_says_so(program, hr_user):
    with time_machine.travel(local(START - dt.timedelta(days=3)), tick=False):
        programs.program_update(program=program, by=hr_user,
                                changes={"start_date": START + dt.timedelta(days=14),
                                         "end_date": END + dt.timedelta(days=14)})
        found = links(program)
        pre = found[("digital_literacy", MeasurementPhase.BEFORE)].instance
        post = found[("digital_literacy", MeasurementPhase.AFTER)].instance
        assert pre.closes_at == local(START)  # open: kept
        assert post.opens_at == local(END + dt.timedelta(days=14))  # not open yet: moved
        program.refresh_from_db()
        rows, _notes = planning.plan_rows(program)
        held = [r for r in rows if r.held_back]
        assert {(r.link.template_key, r.link.moment) for r in held} == {
            ("digital_literacy", MeasurementPhase.BEFORE), ("confidence", MeasurementPhase.BEFORE)}
        assert all("were not moved" in r.held_back for r in held)


def test_a_line_removed_from_the_plan_removes_its_unopened_sending(program, hr_user):
    items = [programs.PlanItem(m.template_key, m.phase, m.offset_days, m.respondents)
             for m in program.measurements.all() if m.template_key != "confidence"]
    programs.program_set_measurement_plan(program=program, by=hr_user, items=items)
    assert {k for k, _m in links(program)} == {"digital_literacy", "end_evaluation"}
    assert SurveyInstance.objects.filter(program_id=program.pk).count() == 3


def test_without_dates_nothing_is_scheduled_and_the_page_says_why(make_program, hr_user):  # noqa: F811
    program = make_program(start_date=None, end_date=None, goal_deadline=None)
    result = planning.plan_schedule(program=program, by=hr_user)
    assert result.created == 0 and not PlannedSending.objects.filter(program=program).exists()
    assert any("set the start date" in note for note in result.notes)


def test_recipients_are_the_participants_the_plan_names(program, make_person):  # noqa: F811
    mentee, mentor = make_person(10), make_person(2)
    enrol(program, mentee, ParticipantRole.MENTEE)
    enrol(program, mentor, ParticipantRole.MENTOR)
    with time_machine.travel(local(START - dt.timedelta(days=7)), tick=False):
        tick()
    found = links(program)
    literacy = set(found[("digital_literacy", MeasurementPhase.BEFORE)].instance.recipients.all())
    confidence = set(found[("confidence", MeasurementPhase.BEFORE)].instance.recipients.all())
    assert literacy == {mentee} and confidence == {mentee, mentor}


def test_tick_invites_when_a_sending_opens_and_reminds_non_responders(program, make_person):  # noqa: E501,F811
    from terbalik.surveys.answering import response_record

    mentees = [make_person(10) for _ in range(2)]
    for person in mentees:
        enrol(program, person, ParticipantRole.MENTEE)
    pre = links(program)[("digital_literacy", MeasurementPhase.BEFORE)].instance
    with time_machine.travel(local(START - dt.timedelta(days=8)), tick=False):
        tick()  # not open yet
    assert not Delivery.objects.filter(instance=pre).exists()
    with time_machine.travel(local(START - dt.timedelta(days=7)) + dt.timedelta(hours=1),
                             tick=False):
        tick()
        tick()  # a second scheduler, or the next minute: nothing twice
    invited = Delivery.objects.filter(instance=pre, kind=Delivery.Kind.INVITATION)
    assert sorted(d.user_id for d in invited) == sorted(p.pk for p in mentees)
    answers = {q.pk: q.options[0]["value"] for q in pre.version.questions.all()}
    response_record(instance=pre, user=mentees[0], answers=answers,
                    submitted_at=local(START - dt.timedelta(days=6)))
    with time_machine.travel(local(START - dt.timedelta(days=4)) + dt.timedelta(hours=1),
                             tick=False):
        mail.outbox.clear()
        tick()
        tick()
    reminded = Delivery.objects.filter(instance=pre, kind=Delivery.Kind.REMINDER)
    assert [d.user_id for d in reminded] == [mentees[1].pk]  # only who has not answered


def test_hr_moves_dates_and_later_program_changes_keep_them(program, hr_user):
    link = links(program)[("digital_literacy", MeasurementPhase.AFTER)]
    planning.plan_sending_move(link=link, by=hr_user, opens_on=END - dt.timedelta(days=3),
                               last_day=END + dt.timedelta(days=10))
    programs.program_update(program=program, by=hr_user,
                            changes={"end_date": END + dt.timedelta(days=7)})
    link.refresh_from_db()
    link.instance.refresh_from_db()
    program.refresh_from_db()
    assert link.moved_by_hr
    assert link.instance.opens_at == local(END - dt.timedelta(days=3))
    assert link.instance.closes_at == local(END + dt.timedelta(days=11))
    rows, _notes = planning.plan_rows(program)
    assert any("keeps the dates HR set" in r.held_back for r in rows)


@pytest.mark.parametrize(("moment", "opens", "last", "field", "text"), [
    (MeasurementPhase.BEFORE, START - dt.timedelta(days=5), START, "last_day",
     "must end before its start"),
    (MeasurementPhase.AFTER, START, END, "opens_on", "open it after the start date"),
    (MeasurementPhase.AFTER, END, END - dt.timedelta(days=1), "last_day", "cannot be before"),
])
def test_moves_that_break_the_plan_are_refused_naming_the_field(program, hr_user, moment, opens,
                                                                last, field, text):
    link = links(program)[("confidence", moment)]
    was = (link.instance.opens_at, link.instance.closes_at)
    with pytest.raises(ValidationError) as error:
        planning.plan_sending_move(link=link, by=hr_user, opens_on=opens, last_day=last)
    assert text in " ".join(error.value.message_dict[field])
    link.instance.refresh_from_db()
    assert (link.instance.opens_at, link.instance.closes_at) == was  # nothing half-written


def test_an_open_sending_only_moves_its_last_day(program, hr_user):
    link = links(program)[("confidence", MeasurementPhase.BEFORE)]
    with time_machine.travel(local(START - dt.timedelta(days=2)), tick=False):
        with pytest.raises(ValidationError) as error:
            planning.plan_sending_move(link=link, by=hr_user, opens_on=START - dt.timedelta(days=1),
                                       last_day=START - dt.timedelta(days=1))
        assert "can no longer move" in " ".join(error.value.message_dict["opens_on"])
        planning.plan_sending_move(link=link, by=hr_user, opens_on=START - dt.timedelta(days=7),
                                   last_day=START - dt.timedelta(days=1))  # unchanged: fine
    with time_machine.travel(local(START + dt.timedelta(days=1)), tick=False):
        with pytest.raises(ValidationError, match="has closed"):
            planning.plan_sending_move(link=link, by=hr_user, opens_on=START,
                                       last_day=START + dt.timedelta(days=5))


def test_outcomes_compare_exactly_the_scheduled_sendings(program, hr_user):
    from terbalik.reports import outcomes
    from terbalik.surveys import services as surveys
    from terbalik.surveys.templates_data import template_for_plan_key

    # an older, hand-made pair of the same template linked to the program: not compared
    survey = template_for_plan_key("digital_literacy")
    old_pre = surveys.survey_instance_create(
        survey=survey, by=hr_user, title="Old pre", opens_at=local(dt.date(2027, 1, 1)),
        closes_at=local(dt.date(2027, 1, 5)), phase=Phase.PRE, program_id=program.pk)
    surveys.survey_instance_create(
        survey=survey, by=hr_user, title="Old post", opens_at=local(dt.date(2027, 8, 1)),
        closes_at=local(dt.date(2027, 8, 5)), phase=Phase.POST, pre_instance=old_pre,
        program_id=program.pk)
    found = {o.key: o for o in outcomes.outcomes(program=program, people=True)}
    scheduled = links(program)[("digital_literacy", MeasurementPhase.AFTER)].instance
    assert found["digital_literacy"].instance == scheduled and found["digital_literacy"].scheduled
    # a program without scheduled sendings keeps today's behaviour
    PlannedSending.objects.filter(program=program).delete()
    found = {o.key: o for o in outcomes.outcomes(program=program, people=True)}
    assert found["digital_literacy"].instance.title == "Old post"
    assert not found["digital_literacy"].scheduled


def test_windows_already_over_are_not_created(hr_user):
    with time_machine.travel(local(START + dt.timedelta(days=1)), tick=False):
        program = programs.program_create_from_template(
            by=hr_user, template_key="digital_skills", language="en", start=START)
        moments = {link.moment for link in PlannedSending.objects.filter(program=program)}
        assert moments == {MeasurementPhase.AFTER}
        result = planning.plan_schedule(program=program, by=hr_user)
        assert result.created == 0
        assert any("dates have passed" in note for note in result.notes)

"""The demo company shows a program whose measurement plan scheduled its own sendings."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from terbalik.core import demo as core_demo
from terbalik.notify.tick import run_due as tick
from terbalik.people import services as people_services
from terbalik.programs.demo import START, build_demo_programs
from terbalik.programs.models import MeasurementPhase
from terbalik.surveys.models import Delivery, Phase, PlannedSending

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC), tick=False)
def test_the_open_demo_program_has_its_plan_scheduled(hr_user):
    people_services.employee_import_apply(
        content=core_demo.build_directory_csv(), file_name="demo.csv", by=None)
    open_program, _closed = build_demo_programs(hr_user=hr_user)
    links = {(link.template_key, link.moment): link.instance
             for link in PlannedSending.objects.filter(program=open_program)}
    pre = links[("digital_literacy", MeasurementPhase.BEFORE)]
    post = links[("digital_literacy", MeasurementPhase.AFTER)]
    assert pre.closes_at.date() <= START and post.pre_instance == pre
    assert (pre.phase, post.phase) == (Phase.PRE, Phase.POST)
    assert not pre.recipients.exists()  # nobody was approved when the goal was chosen
    tick()  # the scheduler adds the approved mentees before the sending opens
    assert set(pre.recipients.all()) == {
        e.user for e in open_program.enrollments.filter(status="approved", role="mentee")}
    assert not Delivery.objects.filter(instance=pre).exists()  # not invited before it opens
    count = PlannedSending.objects.count()
    build_demo_programs(hr_user=hr_user)
    assert PlannedSending.objects.count() == count

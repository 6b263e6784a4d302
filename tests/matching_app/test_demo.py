from __future__ import annotations

import pytest
from django.core import mail

from terbalik.core import demo as core_demo
from terbalik.matching.demo import build_demo_matching
from terbalik.matching.models import ChoiceRequest, MatchRun, Simulation
from terbalik.pairs.models import Pair
from terbalik.people import services as people_services
from terbalik.programs.demo import build_demo_programs

pytestmark = pytest.mark.django_db


def state():
    return (
        sorted(
            Pair.objects.values_list(
                "program__name",
                "mentor__employee__employee_id",
                "mentee__employee__employee_id",
                "source",
                "status",
            )
        ),
        sorted(
            ChoiceRequest.objects.values_list(
                "mentee__employee__employee_id", "mentor__employee__employee_id", "status"
            )
        ),
        MatchRun.objects.count(),
    )


def test_demo_matching_both_paths_idempotent(hr_user):
    people_services.employee_import_apply(
        content=core_demo.build_directory_csv(), file_name="demo.csv", by=None
    )
    open_program, closed_program = build_demo_programs(hr_user=hr_user)
    build_demo_matching(hr_user=hr_user)
    assert mail.outbox == []
    bulk = Pair.objects.filter(program=closed_program)
    assert bulk.count() >= 3 and set(bulk.values_list("source", flat=True)) == {"bulk"}
    assert MatchRun.objects.get(program=closed_program).status == "published"
    closed_program.refresh_from_db()
    assert closed_program.status == "matching"
    requests = ChoiceRequest.objects.filter(program=open_program)
    assert requests.filter(status="accepted").count() == 1
    assert requests.filter(status="pending").count() >= 1
    assert Pair.objects.filter(program=open_program, source="choice").count() == 1
    [comparison] = Simulation.objects.filter(program=closed_program)
    assert comparison.status == "done" and comparison.knobs["objective"] == "fair"
    # weights change the scores, not who can be matched
    assert comparison.result["what_if"]["matched"] == comparison.result["current"]["matched"] > 0
    first = state()
    build_demo_matching(hr_user=hr_user)
    assert state() == first
    assert Simulation.objects.count() == 1

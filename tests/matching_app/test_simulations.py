"""The what-if simulator and the fairness objective on real runs (issue 21)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from terbalik.matching import services
from terbalik.matching.models import MatchRun, Simulation, SimulationStatus
from terbalik.programs.models import EnrollmentStatus

pytestmark = pytest.mark.django_db

SAME = {"weight_skill": 0.6, "weight_interest": 0.3, "weight_diversity": 0.1}


def _start(program, hr_user, **changes):
    values = {
        "population": "applicants", "weights": dict(SAME), "seniority": "grade",
        "capacity": None, "min_score_percent": 0, "objective": "total", **changes,
    }
    return services.simulation_start(program=program, by=hr_user, **values)


def _same_weights(program):
    program.weight_skill, program.weight_interest, program.weight_diversity = 0.6, 0.3, 0.1
    program.seniority_rule = "grade"
    program.save()


def test_current_side_is_what_a_run_would_do(small_company, enroll, hr_user):
    program, _mentors, _mentees = small_company
    _same_weights(program)
    enroll(program, "mentee", 12, skills=["sap"], department="Legal")  # nobody teaches it
    simulation = _start(program, hr_user, min_score_percent=60)
    assert simulation.status == SimulationStatus.DONE
    run = services.run_start(program=program, by=hr_user)
    current, what_if = simulation.result["current"], simulation.result["what_if"]
    assert current["matched"] == run.result["summary"]["matched"] == 4
    assert current["mean"] == pytest.approx(
        run.result["summary"]["total_score_micro"] / 4 / 1_000_000)
    # the changed side refuses pairs under 0.6: fewer mentees get a mentor
    assert what_if["matched"] < current["matched"]
    assert what_if["minimum"] >= 0.6
    # nothing about the people is stored, only figures and department names
    assert "snapshot" not in simulation.result
    assert all(set(d) == {"name", "mentees", "matched"} for d in current["departments"])
    assert {d["name"]: (d["mentees"], d["matched"]) for d in what_if["departments"]} == {
        "Finance": (2, 2), "Legal": (2, 1)}


def test_capacity_and_seniority_change_the_coverage(small_company, enroll, hr_user):
    program, mentors, _mentees = small_company
    _same_weights(program)
    for grade in (12, 13):  # two more mentees who want what only the Design mentor teaches
        enroll(program, "mentee", grade, skills=["canva"], department="Legal")
    one_each = _start(program, hr_user, capacity=1)
    # four places in all (Design offered two): four of five mentees get a mentor
    assert one_each.result["current"]["matched"] == 4
    assert one_each.result["what_if"]["matched"] == 3  # one place each
    assert one_each.result["what_if"]["mentors"] == 3
    gaps = {g["label"]: g["count"] for g in one_each.result["current"]["gaps"]}
    assert sum(gaps.values()) == 4 and gaps["5+"] >= 1


def test_directory_population_counts_everyone_eligible(small_company, hr_user, make_person):
    program, _mentors, _mentees = small_company
    make_person(12)  # a senior who has not applied
    simulation = _start(program, hr_user, population="directory")
    assert simulation.status == SimulationStatus.DONE
    applicants = _start(program, hr_user)
    assert (simulation.result["current"]["mentees"]
            > applicants.result["current"]["mentees"])


def test_bad_settings_are_refused_by_field(small_company, hr_user):
    program, _mentors, _mentees = small_company
    with pytest.raises(ValidationError) as refused:
        _start(program, hr_user, weights={"weight_skill": -1, "weight_interest": 0,
                                          "weight_diversity": 0},
               capacity=0, objective="cheapest")
    assert set(refused.value.error_dict) >= {"weight_skill", "capacity", "objective"}
    assert not Simulation.objects.exists()


def test_nobody_to_simulate_is_a_clear_refusal(matching_program, hr_user):
    with pytest.raises(ValidationError, match="Nobody to simulate"):
        _start(matching_program, hr_user)


def test_large_population_goes_to_the_worker(
    small_company, hr_user, settings, django_capture_on_commit_callbacks
):
    settings.TERBALIK_MATCH_INLINE_LIMIT = 2
    program, _mentors, _mentees = small_company
    with django_capture_on_commit_callbacks(execute=True):  # the task runs on commit
        simulation = _start(program, hr_user)
    assert simulation.background
    simulation.refresh_from_db()
    assert simulation.status == SimulationStatus.DONE
    assert simulation.result["current"]["matched"] == 3


def test_fair_run_stores_its_trade_off_and_rerun_keeps_it(small_company, hr_user):
    program, _mentors, _mentees = small_company
    run = services.run_start(program=program, by=hr_user, objective="fair")
    assert run.config["objective"] == "fair"
    trade_off = run.result["trade_off"]
    assert trade_off["fair"]["minimum"] >= trade_off["default"]["minimum"]
    assert trade_off["fair"]["total"] <= trade_off["default"]["total"]
    again = services.run_rerun(match_run=run, by=hr_user)
    assert again.config["objective"] == "fair" and "trade_off" in again.result
    plain = MatchRun.objects.create(program=program, config={**run.config, "objective": "x"})
    from terbalik.matching.snapshot import objective_of

    assert objective_of(plain.config) == "total"


def test_run_start_refuses_an_unknown_objective(small_company, hr_user):
    program, _mentors, _mentees = small_company
    with pytest.raises(ValidationError):
        services.run_start(program=program, by=hr_user, objective="cheapest")


def test_simulate_pages(small_company, client, hr_user):
    program, _mentors, _mentees = small_company
    client.force_login(hr_user)
    url = reverse("matching:simulate", args=[program.pk])
    page = client.get(url).content.decode()
    assert "What if the matching settings were different?" in page
    assert "No comparison yet." in page
    data = {"population": "applicants", "weight_skill": "1", "weight_interest": "0",
            "weight_diversity": "0", "seniority": "grade", "capacity": "",
            "min_score_percent": "0", "objective": "fair"}
    response = client.post(url, data)
    simulation = Simulation.objects.get()
    assert response["Location"] == reverse("matching:simulation", args=[simulation.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-figure="simulation"' in page and "Raise the worst match first" in page
    assert "3 (100%)" in page
    bad = client.post(url, {**data, "weight_skill": "0"})
    assert bad.status_code == 200 and "At least one matching weight" in bad.content.decode()
    assert Simulation.objects.count() == 1


def test_simulation_progress_fragment(small_company, client, hr_user):
    program, _mentors, _mentees = small_company
    simulation = Simulation.objects.create(
        program=program, population="applicants", status=SimulationStatus.RUNNING,
        progress_step="what_if", progress_done=500, progress_total=1000)
    client.force_login(hr_user)
    page = client.get(reverse("matching:simulation", args=[simulation.pk])).content.decode()
    assert 'aria-valuenow="75"' in page and "Matching with the changed settings" in page
    status = reverse("matching:simulation_status", args=[simulation.pk])
    assert "HX-Refresh" not in client.get(status, HTTP_HX_REQUEST="true")
    Simulation.objects.filter(pk=simulation.pk).update(status=SimulationStatus.FAILED)
    assert client.get(status, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_recent_list_query_count(small_company, client, hr_user, django_assert_max_num_queries):
    program, _mentors, _mentees = small_company
    for _ in range(3):
        _start(program, hr_user)
    client.force_login(hr_user)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("matching:simulate", args=[program.pk]))
    assert page.content.decode().count("/matching/what-if/") == 3


def test_withdrawn_applicants_are_not_simulated(small_company, hr_user):
    program, _mentors, mentees = small_company
    mentees[0].status = EnrollmentStatus.WITHDRAWN
    mentees[0].save()
    simulation = _start(program, hr_user)
    assert simulation.result["current"]["mentees"] == 2


def test_a_lost_comparison_is_failed_by_the_periodic_job(small_company, hr_user):
    """Review finding: a simulation whose worker died kept its page polling forever."""
    import datetime as dt

    from django.utils import timezone

    from terbalik.notify.tick import JOBS

    program, _mentors, _mentees = small_company
    lost = Simulation.objects.create(program=program, population="applicants",
                                     status=SimulationStatus.RUNNING)
    fresh = Simulation.objects.create(program=program, population="applicants")
    Simulation.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=31))
    assert "terbalik.matching.services.simulations_fail_stale" in JOBS
    assert services.simulations_fail_stale() == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == SimulationStatus.FAILED and lost.is_finished
    assert fresh.status == SimulationStatus.QUEUED

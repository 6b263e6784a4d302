"""Matching weights: validated, with a live preview from the engine (issue 17 item 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.matching import selectors
from terbalik.programs.models import EnrollmentStatus, Program, weight_errors

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

W = {"weight_skill": 0.6, "weight_interest": 0.3, "weight_diversity": 0.1}


@pytest.mark.parametrize(("weights", "field", "message"), [
    ({**W, "weight_interest": -0.5}, "weight_interest", "A weight cannot be negative."),
    ({"weight_skill": 0, "weight_interest": 0, "weight_diversity": 0}, "weight_skill",
     "At least one matching weight must be above zero."),
])
def test_weights_must_be_non_negative_and_not_all_zero(weights, field, message):
    assert {k: str(v) for k, v in weight_errors(weights).items()} == {field: message}
    assert weight_errors(W) == {}


def test_design_form_refuses_a_negative_weight(client, hr_user, matching_program):
    program = matching_program
    client.force_login(hr_user)
    page = client.get(reverse("programs:edit_design", args=[program.pk]))
    data = {k: v for k, v in page.context["form"].initial.items()
            if v is not None and not isinstance(v, list)}
    data.update(channels=["video"], departments_included="", departments_excluded="",
                weight_diversity="-1")
    response = client.post(reverse("programs:edit_design", args=[program.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["weight_diversity"] == ["A weight cannot be negative."]
    program.refresh_from_db()
    assert program.weight_diversity == 0.1


def test_preview_counts_mentees_matched_above_the_threshold(small_company, enroll):
    program, _mentors, _mentees = small_company
    # nobody offers what this mentee wants: only the diversity weight scores for them
    enroll(program, "mentee", 12, skills=["cobol"], interests=["chess"], department="Finance")
    assert selectors.weights_preview(program, weights=W, threshold=0.0) == {
        "mentees": 4, "mentors": 3, "matched": 4}
    assert selectors.weights_preview(program, weights=W, threshold=0.5)["matched"] == 3
    diverse = {"weight_skill": 0, "weight_interest": 0, "weight_diversity": 1}
    assert selectors.weights_preview(program, weights=diverse, threshold=1.0)["matched"] == 4


def test_preview_counts_waiting_applicants_and_leaves_out_withdrawn(small_company, enroll):
    program, _mentors, _mentees = small_company
    enroll(program, "mentee", 12, skills=["python"], status=EnrollmentStatus.PENDING)
    enroll(program, "mentee", 12, skills=["python"], status=EnrollmentStatus.WITHDRAWN)
    counts = selectors.weights_preview(program, weights=W, threshold=0.0)
    assert (counts["mentees"], counts["mentors"]) == (4, 3)


def test_preview_view_renders_the_count(client, hr_user, small_company,
                                        django_assert_max_num_queries):
    program, _mentors, _mentees = small_company
    client.force_login(hr_user)
    url = reverse("matching:weights_preview", args=[program.pk])
    with django_assert_max_num_queries(15):
        response = client.get(url, {**W, "threshold": "0"})
    assert response.status_code == 200
    assert "3 of 3 mentees would get a mentor scoring at least 0%" in response.content.decode()


def test_preview_view_names_the_bad_weight(client, hr_user, small_company):
    program, _mentors, _mentees = small_company
    client.force_login(hr_user)
    url = reverse("matching:weights_preview", args=[program.pk])
    response = client.get(url, {"weight_skill": "0", "weight_interest": "0",
                                "weight_diversity": "0"})
    html = response.content.decode()
    assert "At least one matching weight must be above zero." in html
    assert "would get a mentor" not in html
    response = client.get(url, {**W, "weight_interest": "-1"})
    assert "Interest weight: A weight cannot be negative." in response.content.decode()


def test_design_page_loads_the_preview(client, hr_user, small_company):
    program, _mentors, _mentees = small_company
    client.force_login(hr_user)
    html = client.get(reverse("programs:edit_design", args=[program.pk])).content.decode()
    assert reverse("matching:weights_preview", args=[program.pk]) in html


@pytest.mark.parametrize("who", ["anonymous", "participant", "other_hr"])
def test_preview_view_is_for_the_programs_hr_only(client, small_company, who):
    from terbalik.accounts.models import Role

    program, _mentors, mentees = small_company
    url = reverse("matching:weights_preview", args=[program.pk])
    if who == "participant":
        client.force_login(mentees[0].user)
    elif who == "other_hr":
        client.force_login(UserFactory(role=Role.HR))
    response = client.get(url, W)
    if who == "anonymous":
        assert response.status_code == 302 and "login" in response.url
    else:
        assert response.status_code in (403, 404)
    assert Program.objects.filter(pk=program.pk).exists()


def _sign_in_indonesian(client, user) -> None:
    user.language = "id"
    user.save(update_fields=["language"])
    client.force_login(user)


def test_preview_reads_weights_typed_the_indonesian_way(client, hr_user, small_company):
    """The design form shows "0,6" in Indonesian (the default language): the preview reads it."""
    program, _mentors, _mentees = small_company
    _sign_in_indonesian(client, hr_user)
    url = reverse("matching:weights_preview", args=[program.pk])
    response = client.get(url, {"weight_skill": "0,6", "weight_interest": "0,3",
                                "weight_diversity": "0,1", "threshold": "0"},
                          HTTP_ACCEPT_LANGUAGE="id")
    html = response.content.decode()
    assert response.context["form"].errors == {}
    assert response.context["counts"]["matched"] == 3
    assert "Masukkan sebuah bilangan" not in html


def test_simulator_reads_weights_typed_the_indonesian_way(client, hr_user, small_company):
    program, _mentors, _mentees = small_company
    _sign_in_indonesian(client, hr_user)
    url = reverse("matching:simulate", args=[program.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'value="0,6"' in page  # shown the Indonesian way ...
    response = client.post(url, {
        "population": "applicants", "weight_skill": "0,6", "weight_interest": "0,3",
        "weight_diversity": "0,1", "seniority": program.seniority_rule, "capacity": "",
        "min_score_percent": "0", "objective": "total",
    }, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 302, response.context["form"].errors  # ... and read back

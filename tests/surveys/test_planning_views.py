"""The program page lists the scheduled sendings; HR moves their dates (who may, and how)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.programs import services as programs
from terbalik.programs.models import MeasurementPhase
from terbalik.surveys.models import PlannedSending

from ..factories import UserFactory
from ..programs.conftest import _english, _locmem_mail, _send_mail_now  # noqa: F401

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
START = dt.date(2027, 2, 1)


@pytest.fixture(autouse=True)
def _today(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are asserted in English
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def program(hr_user):
    return programs.program_create_from_template(
        by=hr_user, template_key="digital_skills", language="en", start=START)


@pytest.fixture
def post_link(program):
    return PlannedSending.objects.get(program=program, template_key="confidence",
                                      moment=MeasurementPhase.AFTER)


def _user(kind, hr_user, admin_user, participant_user, sponsor_user):
    return {
        "hr": hr_user, "admin": admin_user, "participant": participant_user,
        "sponsor": sponsor_user,
        "other_hr": UserFactory(role=Role.HR, email="other-hr@example.co.id"),
    }[kind]


@pytest.mark.parametrize(("kind", "status"), [
    ("hr", 200), ("admin", 200), ("participant", 403), ("sponsor", 403), ("other_hr", 404),
])
def test_who_may_open_the_dates_form(client, kind, status, post_link, hr_user, admin_user,
                                     participant_user, sponsor_user):
    client.force_login(_user(kind, hr_user, admin_user, participant_user, sponsor_user))
    response = client.get(reverse("surveys:plan_dates", args=[post_link.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(("kind", "status"), [
    ("participant", 403), ("sponsor", 403), ("other_hr", 404),
])
def test_who_may_not_move_the_dates(client, kind, status, post_link, hr_user, admin_user,
                                    participant_user, sponsor_user):
    client.force_login(_user(kind, hr_user, admin_user, participant_user, sponsor_user))
    was = post_link.instance.opens_at
    response = client.post(reverse("surveys:plan_dates", args=[post_link.pk]),
                           {"opens_on": "2027-05-10", "last_day": "2027-05-20"})
    assert response.status_code == status
    post_link.instance.refresh_from_db()
    assert post_link.instance.opens_at == was


def test_anonymous_goes_to_the_login_page(client, post_link):
    url = reverse("surveys:plan_dates", args=[post_link.pk])
    for response in (client.get(url), client.post(url, {"opens_on": "2027-05-10"})):
        assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("kind", ["hr", "admin"])
def test_hr_moves_the_dates_then_sees_them_on_the_program_page(client, kind, program, post_link,
                                                               hr_user, admin_user):
    client.force_login(hr_user if kind == "hr" else admin_user)
    url = reverse("surveys:plan_dates", args=[post_link.pk])
    data = {"opens_on": "2027-05-10", "last_day": "2027-05-20"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:overview", args=[program.pk])
    assert client.post(url, data).status_code == 302  # twice: same result
    post_link.refresh_from_db()
    assert post_link.moved_by_hr
    page = client.get(reverse("programs:overview", args=[program.pk])).content.decode()
    assert post_link.instance.title in page and "dates set by HR" in page
    assert reverse("surveys:instance", args=[post_link.instance_id]) in page


def test_a_refused_move_shows_the_reason_on_the_field(client, hr_user, program):
    pre = PlannedSending.objects.get(program=program, template_key="confidence",
                                     moment=MeasurementPhase.BEFORE)
    client.force_login(hr_user)
    response = client.post(reverse("surveys:plan_dates", args=[pre.pk]),
                           {"opens_on": "2027-01-20", "last_day": "2027-02-05"})
    assert response.status_code == 200
    assert "must end before its start" in response.content.decode()
    pre.instance.refresh_from_db()
    assert pre.instance.closes_at.date() <= START


def test_another_owner_of_the_program_sees_the_scheduled_sending(client, hr_user, program,
                                                                 post_link):
    """Sendings the plan scheduled belong to the program, not only to whoever saved the goal."""
    colleague = UserFactory(role=Role.HR, email="colleague@example.co.id")
    programs.program_add_owner(program=program, by=hr_user, user=colleague)
    client.force_login(colleague)
    assert client.get(reverse("surveys:instance", args=[post_link.instance_id])).status_code == 200
    assert client.get(reverse("surveys:plan_dates", args=[post_link.pk])).status_code == 200

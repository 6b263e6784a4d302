"""Sponsors see only the programs they sponsor, and only aggregates of at least five people:
survey results (list, page), program reports and the PDF all ask one policy."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.core import access as core_access
from terbalik.reports import services as report_services

from ..factories import UserFactory
from ..reports.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _send_mail_now,
    make_program,
    make_quiz,
    pre_post_sendings,
    report_program,
    sponsor,
)

pytestmark = pytest.mark.django_db

FIVE = ([0, 50, 100, 50, 0], [50, 50, 100, 100, 50])


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def other_program(make_program):  # noqa: F811
    return make_program(name="Program nobody sponsors")


def test_sponsor_cannot_read_results_of_a_program_they_do_not_sponsor(
    en, sponsor, report_program, other_program, pre_post_sendings  # noqa: F811
):
    mine_pre, mine_post = pre_post_sendings(report_program, *FIVE)
    other_pre, other_post = pre_post_sendings(other_program, *FIVE)
    en.force_login(sponsor)
    listing = en.get(reverse("surveys:results_list")).content.decode()
    for instance in (mine_pre, mine_post):
        assert reverse("surveys:results", args=[instance.pk]) in listing
    for instance in (other_pre, other_post):
        assert reverse("surveys:results", args=[instance.pk]) not in listing
        assert en.get(reverse("surveys:results", args=[instance.pk])).status_code == 404
    assert en.get(reverse("surveys:results", args=[mine_post.pk])).status_code == 200


def test_sponsor_cannot_read_a_closed_sending_outside_every_program(
    en, sponsor, report_program, pre_post_sendings  # noqa: F811
):
    pre, _post = pre_post_sendings(report_program, *FIVE)
    type(pre).objects.filter(pk=pre.pk).update(program_id=None)
    en.force_login(sponsor)
    assert en.get(reverse("surveys:results", args=[pre.pk])).status_code == 404


def test_a_sponsor_without_programs_sees_no_results(en, report_program, pre_post_sendings):  # noqa: F811
    pre_post_sendings(report_program, *FIVE)
    en.force_login(UserFactory(role=Role.SPONSOR))
    listing = en.get(reverse("surveys:results_list")).content.decode()
    assert "No results to show yet." in listing


def test_sponsor_sees_no_aggregate_of_fewer_than_five_people(
    en, sponsor, report_program, pre_post_sendings  # noqa: F811
):
    _pre, post = pre_post_sendings(report_program, [0, 50, 100, 50], [50, 50, 100, 100])
    en.force_login(sponsor)
    page = en.get(reverse("surveys:results", args=[post.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hidden: fewer than 5 people answered." in html
    assert re.search(r'id="chart-data"[^>]*>\[\]</script>', html)  # nothing to draw
    assert "fully correct" not in html and "average" not in html


def test_sponsor_sees_totals_of_five_people_but_never_a_person(
    en, sponsor, report_program, pre_post_sendings  # noqa: F811
):
    _pre, post = pre_post_sendings(report_program, *FIVE)
    en.force_login(sponsor)
    html = en.get(reverse("surveys:results", args=[post.pk])).content.decode()
    assert "You see totals only." in html
    assert "Hidden: fewer than 5 people answered." not in html
    for fmt in ("csv", "xlsx"):
        assert en.get(reverse(f"surveys:export_{fmt}", args=[post.pk])).status_code == 403


@pytest.mark.parametrize("name", ["dashboard", "report", "report_pdf"])
def test_sponsor_reports_only_of_sponsored_programs(en, sponsor, report_program, other_program,  # noqa: F811
                                                   name):
    en.force_login(sponsor)
    assert en.get(reverse(f"reports:{name}", args=[report_program.pk])).status_code == 200
    assert en.get(reverse(f"reports:{name}", args=[other_program.pk])).status_code == 404
    overview = en.get(reverse("reports:overview")).content.decode()
    assert other_program.name not in overview


def test_one_policy_answers_for_every_app(sponsor, report_program, other_program, hr_user):  # noqa: F811
    assert list(core_access.programs_sponsored_by(sponsor)) == [report_program.pk]
    report_services.sponsor_assign(program=other_program, user=sponsor, by=hr_user)
    assert sorted(core_access.programs_sponsored_by(sponsor)) == sorted(
        [report_program.pk, other_program.pk]
    )
    for nobody in (hr_user, UserFactory(role=Role.PARTICIPANT)):
        assert list(core_access.programs_sponsored_by(nobody)) == []

"""Issue 17: HR's and the sponsor's home say what needs attention (at-risk pairs with a nudge,
approvals waiting, surveys under their response target, what is due this week, the last
import), each item linking to its action, in a number of queries that does not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terbalik.accounts.models import Role
from terbalik.pairs.models import Pair
from terbalik.people import batches
from terbalik.reports import services as report_services

from ..factories import UserFactory
from ..pairs.conftest import _notify_now, make_pair  # noqa: F401
from ..programs.conftest import apply_as, make_person, make_program  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _at_risk(pair, reasons=("no_meeting",)) -> None:
    Pair.objects.filter(pk=pair.pk).update(health="at_risk", health_reasons=list(reasons))


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_hr_home_lists_at_risk_pairs_with_reason_and_nudge(client, hr_user, make_pair):  # noqa: F811
    pair = make_pair()
    _at_risk(pair, ["low_rating"])
    page = _home(client, hr_user)
    assert 'id="at-risk"' in page
    assert f'data-pair="{pair.pk}"' in page
    assert "Low meeting ratings" in page
    assert reverse("pairs:hr_pair", args=[pair.pk]) + "#nudge" in page


def test_hr_home_at_risk_count_and_its_link_agree(client, hr_user, make_pair):  # noqa: F811
    """The programs table counts at-risk and inactive pairs: its link lists the same pairs."""
    import re

    at_risk = make_pair()
    _at_risk(at_risk)
    inactive = make_pair(program=at_risk.program)
    Pair.objects.filter(pk=inactive.pk).update(health="inactive", health_reasons=["no_meeting"])
    make_pair(program=at_risk.program)  # on track: neither counted nor listed
    page = _home(client, hr_user)
    base = reverse("pairs:program_pairs", args=[at_risk.program.pk])
    links = re.findall(rf'<a href="({re.escape(base)}\?[^"]*)">(\d+)</a>', page)
    assert len(links) == 1
    link, count = links[0]
    assert count == "2"
    listed = client.get(link.replace("&amp;", "&"))
    assert {row["pk"] for row in listed.context["rows"]} == {at_risk.pk, inactive.pk}


def test_hr_home_counts_every_at_risk_pair_beyond_the_ten_listed(client, hr_user, make_pair):  # noqa: F811
    """Past the ten listed, the total comes from the per-program counts the programs table
    shows (no separate count): it is the same number, over every program HR manages, and
    another HR's pairs are not in it."""
    from terbalik.pairs import selectors as pair_selectors

    first = make_pair()
    pairs = [first, *(make_pair(program=first.program) for _n in range(7)),
             *(make_pair() for _n in range(4))]  # 12 at risk or inactive, in several programs
    for pair in pairs[:6]:
        _at_risk(pair)
    Pair.objects.filter(pk__in=[p.pk for p in pairs[6:]]).update(
        health="inactive", health_reasons=["no_meeting"])
    make_pair(program=first.program)  # on track: not counted
    other_hr = UserFactory(role=Role.HR)
    page = _home(client, hr_user)
    assert "Showing 10 of 12;" in page
    rows, total = pair_selectors.at_risk_pairs(hr_user)
    assert (len(rows), total) == (10, 12)
    assert pair_selectors.at_risk_pairs(
        hr_user, by_program=pair_selectors.at_risk_by_program(hr_user)) == (rows, 12)
    assert pair_selectors.at_risk_pairs(other_hr) == ([], 0)


def test_hr_home_hides_other_hrs_pairs(client, hr_user, make_pair):  # noqa: F811
    pair = make_pair()
    _at_risk(pair)
    other = UserFactory(role=Role.HR)
    page = _home(client, other)
    assert f'data-pair="{pair.pk}"' not in page
    assert pair.program.name not in page
    assert "No running pair is at risk" in page
    assert "You do not manage a program yet." in page


def test_hr_home_shows_programs_phase_deadline_and_waiting_approvals(
        client, hr_user, make_program, make_person, apply_as):  # noqa: F811
    today = timezone.localdate()
    program = make_program(status="recruiting", start_date=today + dt.timedelta(days=3),
                           end_date=today + dt.timedelta(days=90), mentee_places=None,
                           mentor_places=None)
    apply_as(program, make_person(10))
    page = _home(client, hr_user)
    assert f'data-program="{program.pk}"' in page
    assert "Recruiting" in page
    assert "Start:" in page  # the next deadline, named
    assert reverse("programs:enrollments", args=[program.pk]) + "?status=pending" in page
    assert 'id="due-this-week"' in page and "Nothing falls due" not in page


def test_hr_home_keeps_the_most_urgent_programs_whatever_their_age(
        hr_user, make_program):  # noqa: F811
    """The limit applies after sorting by next deadline: an older program due tomorrow stays."""
    from terbalik.programs import selectors as program_selectors
    from terbalik.programs.models import Program

    today = timezone.localdate()
    day = dt.timedelta(days=1)
    urgent = make_program(status="recruiting", start_date=today + day,
                          end_date=today + 90 * day)
    later = [make_program(status="recruiting", start_date=today + n * 10 * day,
                          end_date=today + 200 * day) for n in (2, 3)]
    past_only = make_program(status="active", start_date=today - 30 * day,
                             end_date=today - day)  # nothing ahead: last
    Program.objects.filter(pk=urgent.pk).update(created_at=timezone.now() - 400 * day)
    rows = program_selectors.cockpit_programs(hr_user, today=today, limit=2)
    assert [row["program"].pk for row in rows] == [urgent.pk, later[0].pk]
    assert rows[0]["deadline"][0] == today + day
    rows = program_selectors.cockpit_programs(hr_user, today=today, limit=10)
    assert [row["program"].pk for row in rows] == [urgent.pk, later[0].pk, later[1].pk,
                                                    past_only.pk]


def test_hr_home_flags_surveys_below_their_response_target(client, hr_user, make_person):  # noqa: F811
    from terbalik.surveys import services as survey_services
    from terbalik.surveys.models import Response

    survey = survey_services.survey_create(by=hr_user, title="Pulse")
    survey_services.question_add(survey=survey, by=hr_user, data=survey_services.QuestionData(
        type="short_text", text={"en": "How is it going?"}))
    now = timezone.now()
    people = [make_person(3) for _n in range(4)]

    def sending(title: str, answered: int):
        instance = survey_services.survey_instance_create(
            survey=survey, by=hr_user, title=title, opens_at=now - dt.timedelta(days=2),
            closes_at=now + dt.timedelta(days=3))
        survey_services.survey_instance_add_recipients(instance=instance, users=people,
                                                       by=hr_user)
        for user in people[:answered]:
            Response.objects.create(instance=instance, user=user,
                                    status=Response.Status.SUBMITTED, submitted_at=now)
        return instance

    low, high = sending("Low sending", 1), sending("High sending", 4)
    page = _home(client, hr_user)
    assert f'href="{reverse("surveys:instance", args=[low.pk])}"' in page
    assert 'data-below="yes"' in page and 'data-below="no"' in page
    assert "25% answered (1 of 4); target 70%" in page
    assert "100% answered (4 of 4); target 70%" in page
    assert high.title in page


def test_a_sending_response_target_is_set_on_create_and_edit(client, hr_user, make_person):  # noqa: F811
    """A target of 50 makes a 60 % sending "not below target" on HR's home (the default is 70)."""
    from terbalik.surveys import services as survey_services
    from terbalik.surveys.models import Response, SurveyInstance

    survey = survey_services.survey_create(by=hr_user, title="Pulse")
    survey_services.question_add(survey=survey, by=hr_user, data=survey_services.QuestionData(
        type="short_text", text={"en": "How is it going?"}))
    client.force_login(hr_user)
    now = timezone.localtime()
    create = reverse("surveys:instance_create", args=[survey.pk])
    assert 'name="response_target"' in client.get(create).content.decode()
    data = {"title": "Pulse", "opens_at": (now - dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
            "closes_at": (now + dt.timedelta(days=5)).strftime("%Y-%m-%d %H:%M"),
            "phase": "none", "pre_instance": "", "response_target": "101"}
    response = client.post(create, data)
    assert response.status_code == 200 and "response_target" in response.context["form"].errors
    assert not SurveyInstance.objects.exists()
    response = client.post(create, {**data, "response_target": "50"})
    assert response.status_code == 302
    instance = SurveyInstance.objects.get()
    assert instance.response_target == 50
    people = [make_person(3) for _n in range(5)]
    survey_services.survey_instance_add_recipients(instance=instance, users=people, by=hr_user)
    for user in people[:3]:
        Response.objects.create(instance=instance, user=user,
                                status=Response.Status.SUBMITTED, submitted_at=timezone.now())
    page = _home(client, hr_user)
    assert "60% answered (3 of 5); target 50%" in page
    assert 'data-below="no"' in page and 'data-below="yes"' not in page
    # HR raises the target on the sending's page: now below it
    target = reverse("surveys:target", args=[instance.pk])
    assert target in client.get(reverse("surveys:instance", args=[instance.pk])).content.decode()
    client.post(target, {"response_target": "0"})
    instance.refresh_from_db()
    assert instance.response_target == 50  # refused, kept
    client.post(target, {"response_target": "80"})
    instance.refresh_from_db()
    assert instance.response_target == 80
    assert 'data-below="yes"' in _home(client, hr_user)


@pytest.mark.parametrize("target", [0, 101, None, True])
def test_the_services_refuse_a_response_target_outside_1_to_100(hr_user, target):
    from terbalik.core.service_errors import ServiceError
    from terbalik.surveys import services as survey_services

    survey = survey_services.survey_create(by=hr_user, title="Pulse")
    survey_services.question_add(survey=survey, by=hr_user, data=survey_services.QuestionData(
        type="short_text", text={"en": "How is it going?"}))
    now = timezone.now()
    with pytest.raises(ServiceError) as refused:
        survey_services.survey_instance_create(
            survey=survey, by=hr_user, title="Pulse", opens_at=now,
            closes_at=now + dt.timedelta(days=3), response_target=target)
    assert "response_target" in refused.value.message_dict
    instance = survey_services.survey_instance_create(
        survey=survey, by=hr_user, title="Pulse", opens_at=now,
        closes_at=now + dt.timedelta(days=3))
    assert instance.response_target == 70
    with pytest.raises(ServiceError):
        survey_services.survey_instance_set_target(instance=instance, response_target=target,
                                                   by=hr_user)
    instance.refresh_from_db()
    assert instance.response_target == 70


def test_hr_home_shows_the_last_import(client, hr_user):
    page = _home(client, hr_user)
    assert "You have not imported a file yet." in page
    batch = batches.import_batch_create(by=hr_user, file_name="staff.csv",
                                        content=b"employee_id,name\nX1,Nama\n")
    page = _home(client, hr_user)
    assert "staff.csv" in page
    assert reverse("people:import_preview", args=[batch.pk]) in page


def test_hr_home_queries_do_not_grow_with_pairs(client, hr_user, make_pair,  # noqa: F811
                                               django_assert_max_num_queries):
    first = make_pair()
    _at_risk(first)
    client.force_login(hr_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("core:home")).status_code == 200
        return len(ctx)

    small = count()
    for _n in range(6):
        _at_risk(make_pair())
    assert count() == small
    with django_assert_max_num_queries(small):
        client.get(reverse("core:home"))


# --- sponsor ---------------------------------------------------------------------------


def test_sponsor_home_shows_sponsored_programs_aggregates_only(client, hr_user, make_pair):  # noqa: F811
    pairs = [make_pair() for _n in range(3)]
    program = pairs[0].program
    for pair in pairs[1:]:  # one program, three pairs: six participants
        Pair.objects.filter(pk=pair.pk).update(program=program)
    sponsor = UserFactory(role=Role.SPONSOR)
    report_services.sponsor_assign(program=program, user=sponsor, by=hr_user)
    page = _home(client, sponsor)
    assert f'data-program="{program.pk}"' in page
    assert reverse("reports:dashboard", args=[program.pk]) in page
    assert "Meetings held, last 30 days" in page
    for pair in pairs:  # no person is named
        assert pair.mentee.employee.full_name not in page
        assert pair.mentor.employee.full_name not in page
    hidden = make_pair(name="Not sponsored").program  # another program of the same HR
    assert hidden.name not in _home(client, sponsor)


def test_sponsor_home_hides_figures_of_groups_under_five(client, hr_user, make_pair):  # noqa: F811
    pair = make_pair()  # two participants
    sponsor = UserFactory(role=Role.SPONSOR)
    report_services.sponsor_assign(program=pair.program, user=sponsor, by=hr_user)
    page = _home(client, sponsor)
    assert f'data-program="{pair.program_id}"' in page
    assert "figures are hidden" in page
    assert "Meetings held, last 30 days" not in page


def test_sponsor_home_without_programs_says_so(client):
    page = _home(client, UserFactory(role=Role.SPONSOR))
    assert "No program has been shared with you yet." in page


def test_demo_company_shows_at_risk_pairs_on_hr_and_sponsor_homes(client):
    import io

    from django.core.management import call_command

    from terbalik.accounts.models import User

    call_command("demo", stdout=io.StringIO())
    hr = User.objects.get(email="hr@nusantara-maju.co.id")
    page = _home(client, hr)
    assert page.count('class="list-group-item d-flex flex-wrap gap-2 align-items-start '
                      'justify-content-between at-risk-pair"') >= 1
    sponsor = User.objects.filter(role=Role.SPONSOR).first()
    assert 'class="card h-100 sponsored-program"' in _home(client, sponsor)


def test_at_risk_reads_run_compiled_and_give_what_the_orm_gives(
        hr_user, admin_user, make_pair, monkeypatch):  # noqa: F811
    """Issue 18: the home's at-risk pairs and their count per program run compiled once per
    connection and scope (an HR owner's programs, every program for a platform admin,
    nothing for anybody else): the same pairs, in the same order, as the same deferred
    instances with their program and members, as the ORM's read of `_home_pairs`, for every
    limit; the second home's reads compile nothing."""
    from terbalik.pairs import selectors
    from terbalik.pairs.models import PairStatus

    from ..model_compare import count_compiles, same_instance

    pairs = [make_pair() for _ in range(4)]
    _at_risk(pairs[0], ["low_rating"])
    _at_risk(pairs[2])
    Pair.objects.filter(pk=pairs[1].pk).update(health="inactive", health_reasons=["no_meeting"])
    Pair.objects.filter(pk=pairs[3].pk).update(health="at_risk", status="completed")
    other_hr = UserFactory(role=Role.HR, email="other-hr@example.co.id")
    for user in (hr_user, admin_user, other_hr, pairs[0].mentee_user):
        risky = selectors._home_pairs(user).filter(status=PairStatus.ACTIVE,
                                                   health__in=selectors.RISKY)
        by_program = dict(risky.order_by().values_list("program").annotate(n=Count("pk"))
                          .values_list("program", "n"))
        assert selectors.at_risk_by_program(user) == by_program
        for limit in (1, 2, 3, 10):
            expected = list(risky.order_by("-health", "started_at", "pk")[:limit])
            rows, total = selectors.at_risk_pairs(user, limit=limit)
            assert [row["pair"].pk for row in rows] == [pair.pk for pair in expected]
            for row, pair in zip(rows, expected, strict=True):
                same_instance(row["pair"], pair)
                assert row["reasons"] == selectors._reasons(pair)
            assert total == risky.count()
            assert selectors.at_risk_pairs(user, limit=limit, by_program=by_program)[1] == total
    assert len(selectors.at_risk_pairs(hr_user)[0]) == 3
    calls = count_compiles(monkeypatch)
    selectors.at_risk_pairs(hr_user, by_program=selectors.at_risk_by_program(hr_user))
    selectors.at_risk_pairs(admin_user, by_program=selectors.at_risk_by_program(admin_user))
    assert calls == []

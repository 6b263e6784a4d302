"""Every view: anonymous, wrong role, another HR user's program, the right user."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.matching import services
from terbalik.matching.models import ChoiceRequest, RunStatus
from terbalik.pairs.models import Pair

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_hr(db):
    return UserFactory(role=Role.HR, email="hr2@example.co.id")


@pytest.fixture
def world(small_company, hr_user):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    return program, mentors, mentees, run


def hr_urls(program, run):
    proposal = run.proposals.first()
    return [
        ("get", reverse("matching:program", args=[program.pk])),
        ("get", reverse("matching:settings", args=[program.pk])),
        ("get", reverse("matching:pairs", args=[program.pk])),
        ("get", reverse("matching:run", args=[run.pk])),
        ("get", reverse("matching:run_status", args=[run.pk])),
        ("get", reverse("matching:proposal", args=[run.pk, proposal.pk])),
        ("post", reverse("matching:lock", args=[run.pk, proposal.pk])),
        ("post", reverse("matching:swap", args=[run.pk])),
        ("post", reverse("matching:rerun", args=[run.pk])),
        ("post", reverse("matching:publish", args=[run.pk])),
        ("post", reverse("matching:run_start", args=[program.pk])),
    ]


def test_hr_views_permissions(world, client, hr_user, other_hr, participant_user):
    program, mentors, mentees, run = world
    for method, url in hr_urls(program, run):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    client.force_login(participant_user)
    for method, url in hr_urls(program, run):
        assert getattr(client, method)(url).status_code == 403, url
    client.force_login(other_hr)
    for method, url in hr_urls(program, run):
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(hr_user)
    for _method, url in hr_urls(program, run)[:6]:
        assert client.get(url).status_code == 200, url


def test_run_page_shows_review_quality_and_report(world, client, hr_user):
    program, mentors, mentees, run = world
    client.force_login(hr_user)
    page = client.get(reverse("matching:run", args=[run.pk])).content.decode()
    assert "100%" in page and mentees[0].employee.full_name in page
    assert "teaches 2 of the 2 skills you want" in page


def test_progress_fragment_while_running(world, client, hr_user):
    program, mentors, mentees, run = world
    run.status = RunStatus.RUNNING
    run.progress_step, run.progress_done, run.progress_total = "score", 1, 2
    run.save()
    client.force_login(hr_user)
    page = client.get(reverse("matching:run", args=[run.pk])).content.decode()
    assert 'role="progressbar"' in page and 'aria-valuenow="45"' in page
    assert "hx-get" in page
    fragment = client.get(reverse("matching:run_status", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in fragment
    run.status = RunStatus.DONE
    run.save()
    fragment = client.get(reverse("matching:run_status", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"


def test_override_view_shows_cost_and_refuses_with_reason(world, client, hr_user, enroll):
    program, mentors, mentees, run = world
    senior = enroll(program, "mentor", 12, skills=["python"])
    proposal = run.proposals.get(mentee=mentees[0])
    client.force_login(hr_user)
    url = reverse("matching:proposal", args=[run.pk, proposal.pk])
    page = client.get(url, {"mentor": mentors[2].pk}).content.decode()
    assert "in score against the engine" in page
    page = client.post(url, {"mentor": senior.pk}, follow=True).content.decode()
    assert "not junior enough" in page
    proposal.refresh_from_db()
    assert proposal.mentor == mentors[0]
    client.post(url, {"mentor": mentors[2].pk})
    proposal.refresh_from_db()
    assert proposal.mentor == mentors[2] and proposal.overridden


def test_publish_view(world, client, hr_user):
    program, mentors, mentees, run = world
    client.force_login(hr_user)
    response = client.post(reverse("matching:publish", args=[run.pk]))
    assert response.status_code == 302 and not Pair.objects.exists()  # not without the yes
    response = client.post(reverse("matching:publish", args=[run.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert Pair.objects.filter(program=program).count() == 3


def test_mentee_views(world, client, hr_user):
    program, mentors, mentees, run = world
    me, other = mentees[0], mentees[1]
    url = reverse("matching:mine", args=[me.pk])
    assert client.get(url).status_code == 302
    client.force_login(other.user)
    assert client.get(url).status_code == 404  # another mentee's suggestions
    assert (
        client.post(reverse("matching:choose", args=[me.pk]), {"mentor": mentors[0].pk}).status_code
        == 404
    )
    assert client.post(reverse("matching:refresh", args=[me.pk])).status_code == 404
    client.force_login(me.user)
    page = client.get(url).content.decode()
    assert page.count("mentor-card") == 3 and "Match " in page
    client.post(reverse("matching:choose", args=[me.pk]), {"mentor": mentors[0].pk})
    assert ChoiceRequest.objects.get(mentee=me).mentor == mentors[0]
    assert "pending-request" in client.get(url).content.decode()


def test_mentor_answer_views(world, client, hr_user):
    program, mentors, mentees, run = world
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    request = services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    accept = reverse("matching:answer", args=[request.pk, "accept"])
    assert client.post(accept).status_code == 302 and not Pair.objects.exists()
    client.force_login(mentors[1].user)  # another mentor
    assert client.post(accept).status_code == 404
    client.force_login(mentees[0].user)  # the mentee cannot accept for the mentor
    assert client.post(accept).status_code == 404
    client.force_login(mentors[0].user)
    page = client.get(reverse("matching:mine", args=[mentors[0].pk])).content.decode()
    assert mentees[0].employee.full_name in page
    back = client.get(accept)  # a reload (issue 16): the list, and nothing accepted
    assert back.status_code == 302 and back["Location"] == reverse("matching:my_list")
    assert not Pair.objects.exists()
    client.post(accept)
    assert Pair.objects.get().mentor == mentors[0]


def test_rematch_views_keep_the_reason_private(world, client, hr_user, make_person):
    program, mentors, mentees, run = world
    services.run_publish(match_run=run, by=hr_user)
    pair = Pair.objects.get(mentee=mentees[0])
    url = reverse("matching:rematch_ask", args=[pair.pk])
    client.force_login(make_person(5))
    assert client.get(url).status_code == 404
    client.force_login(mentees[0].user)
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Secret reason 42"})
    # the partner sees nothing of it
    client.force_login(mentors[0].user)
    page = client.get(reverse("matching:mine", args=[mentors[0].pk])).content.decode()
    assert "Secret reason 42" not in page
    # HR sees the request and its reason
    client.force_login(hr_user)
    page = client.get(reverse("matching:pairs", args=[program.pk])).content.decode()
    assert "Secret reason 42" in page
    dissolve = reverse("matching:dissolve", args=[program.pk, pair.pk])
    client.post(dissolve, {"reason": "asked"})
    pair.refresh_from_db()
    assert pair.status == "dissolved"
    client.force_login(mentees[0].user)  # a dissolved pair cannot be asked to rematch again
    assert client.get(url).status_code == 404


def test_list_pages_query_counts(world, client, hr_user, django_assert_max_num_queries, enroll):
    program, mentors, mentees, run = world
    services.run_publish(match_run=run, by=hr_user)
    client.force_login(hr_user)
    urls = [
        reverse("matching:pairs", args=[program.pk]),
        reverse("matching:program", args=[program.pk]),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(20) as ctx:
            client.get(url)
        counts[url] = len(ctx.captured_queries)
    # more pairs, rematch requests and choice requests do not add queries
    for n in range(4):
        a = enroll(program, "mentor", 1, skills=["excel"])
        b = enroll(program, "mentee", 9, skills=["excel"])
        from terbalik.pairs.services import pair_create

        pair = pair_create(program=program, mentor=a, mentee=b, by=hr_user)
        services.rematch_request_create(pair=pair, by=b.user, reason=f"r{n}")
        c = enroll(program, "mentor", 1, skills=["excel"])
        d = enroll(program, "mentee", 9, skills=["excel"])
        services.suggestions_current(mentee=d, by=d.user)
        services.choice_make(mentee=d, mentor=c, by=d.user)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)


def test_run_page_query_count_does_not_grow(
    world, client, hr_user, enroll, django_assert_max_num_queries
):
    program, mentors, mentees, run = world
    client.force_login(hr_user)
    with django_assert_max_num_queries(40) as ctx:
        client.get(reverse("matching:run", args=[run.pk]))
    base = len(ctx.captured_queries)
    for _ in range(5):
        enroll(program, "mentor", 1, skills=["excel"])
        enroll(program, "mentee", 9, skills=["excel"])
    again = services.run_start(program=program, by=hr_user)
    with django_assert_max_num_queries(base):
        client.get(reverse("matching:run", args=[again.pk]))


def test_mentor_page_query_count_does_not_grow_with_requests(
    world, client, enroll, django_assert_max_num_queries
):
    """The mentor's page reads its pending requests and pairs through selectors, in a fixed
    number of queries whatever the number of requests."""
    import datetime as dt

    from django.utils import timezone

    from terbalik.matching.models import RequestStatus

    program, mentors, mentees, run = world
    mentor = mentors[0]

    def ask(n: int) -> None:
        for _ in range(n):
            mentee = enroll(program, "mentee", 9, skills=["excel"])
            ChoiceRequest.objects.create(
                program=program, mentee=mentee, mentor=mentor, status=RequestStatus.PENDING,
                created_at=timezone.now(), expires_at=timezone.now() + dt.timedelta(days=2),
                details={}, score_micro=1,
            )

    ask(1)
    client.force_login(mentor.user)
    url = reverse("matching:mine", args=[mentor.pk])
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    ask(5)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    names = [r.mentee.employee.full_name for r in ChoiceRequest.objects.filter(mentor=mentor)]
    assert len(names) == 6 and all(name in page for name in names)

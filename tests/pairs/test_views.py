from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terbalik.accounts.models import Role
from terbalik.pairs import services
from terbalik.pairs.models import Agreement, Goal, Meeting

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


@pytest.fixture
def world(make_pair):
    with time_machine.travel(dt.datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        pair = make_pair()
        other = make_pair()
        (meeting,) = services.meeting_schedule(
            pair=pair,
            by=pair.mentor_user,
            local_date=dt.date(2027, 3, 2),
            local_time=dt.time(9, 0),
            time_zone="Asia/Jakarta",
        )
        goal = services.goal_create(
            pair=pair,
            by=pair.mentee_user,
            statement="Run two team polls in Microsoft Forms",
            target_value=2,
            unit="polls",
            achievable="weekly practice",
            relevance="faster feedback",
            due_date=dt.date(2027, 5, 1),
            milestones=[("First poll", None)],
        )
        services.note_add(pair=pair, by=pair.mentor_user, body="SECRET-NOTE about the boss")
    return pair, other, meeting, goal


def pair_urls(pair, meeting, goal) -> list[tuple[str, str]]:
    p = pair.pk
    milestone = goal.milestones.get()
    return [
        ("get", reverse("pairs:workspace", args=[p])),
        ("get", reverse("pairs:agreement", args=[p])),
        ("post", reverse("pairs:agreement_accept", args=[p])),
        ("get", reverse("pairs:goal_new", args=[p])),
        ("post", reverse("pairs:goals_share", args=[p])),
        ("get", reverse("pairs:goal_progress", args=[p, goal.pk])),
        ("post", reverse("pairs:goal_status", args=[p, goal.pk])),
        ("post", reverse("pairs:goal_undo", args=[p, goal.pk])),
        ("get", reverse("pairs:milestone_add", args=[p, goal.pk])),
        ("post", reverse("pairs:milestone_toggle", args=[p, goal.pk, milestone.pk])),
        ("post", reverse("pairs:note_add", args=[p])),
        ("get", reverse("pairs:meeting_new", args=[p])),
        ("get", reverse("pairs:meeting_reschedule", args=[p, meeting.pk])),
        ("post", reverse("pairs:meeting_cancel", args=[p, meeting.pk])),
        ("get", reverse("pairs:checkin", args=[p, meeting.pk])),
        ("post", reverse("pairs:continue", args=[p])),
        ("get", reverse("pairs:training", args=[pair.mentor.pk])),
    ]


def test_every_pair_view_is_404_for_outsiders_and_login_for_anonymous(world, client):
    pair, other, meeting, goal = world
    urls = pair_urls(pair, meeting, goal)
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    hr = UserFactory(role=Role.HR)
    pair.program.owners.add(hr)  # even the program's own HR cannot open the workspace
    for user in (other.mentor_user, other.mentee_user, hr):
        client.force_login(user)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (user, url)
    # nothing changed
    assert Meeting.objects.get(pk=meeting.pk).status == "scheduled"
    assert Agreement.objects.get(pair=pair).mentor_accepted_at is None


def test_members_open_every_page(world, client):
    pair, _other, meeting, goal = world
    with time_machine.travel(dt.datetime(2027, 3, 3, tzinfo=UTC), tick=False):
        for user in (pair.mentor_user, pair.mentee_user):
            client.force_login(user)
            own = pair.mentor if user == pair.mentor_user else pair.mentee
            for method, url in pair_urls(pair, meeting, goal):
                if "training" in url:
                    url = reverse("pairs:training", args=[own.pk])
                if method == "get":
                    assert client.get(url).status_code == 200, url
        page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
        assert "SECRET-NOTE" in page and "Run two team polls" in page
        assert client.get(reverse("pairs:mine")).status_code == 200


def test_hr_list_permissions_privacy_filter_and_query_count(
    world, client, hr_user, make_pair, sponsor_user
):
    pair, other, _meeting, _goal = world
    url = reverse("pairs:program_pairs", args=[pair.program.pk])
    assert client.get(url).status_code == 302
    client.force_login(pair.mentor_user)
    assert client.get(url).status_code == 403  # wrong role
    client.force_login(sponsor_user)
    assert client.get(url).status_code == 403
    stranger = UserFactory(role=Role.HR)
    client.force_login(stranger)
    assert client.get(url).status_code == 404  # HR of another program
    assert client.get(reverse("pairs:program_launch", args=[pair.program.pk])).status_code == 404
    client.force_login(hr_user)
    page = client.get(url).content.decode()
    assert "SECRET-NOTE" not in page and "Run two team polls" not in page
    assert pair.mentee.employee.full_name in page
    services.goals_share(pair=pair, by=pair.mentee_user, shared=True)
    assert "Run two team polls" in client.get(url).content.decode()
    assert "SECRET-NOTE" not in client.get(url).content.decode()
    assert other.mentee.employee.full_name not in page  # another program's pair
    risky = make_pair(program=pair.program)
    type(pair).objects.filter(pk=risky.pk).update(health="at_risk", health_reasons=["no_meeting"])
    filtered = client.get(url, {"health": "at_risk"}).content.decode()
    assert risky.mentee.employee.full_name in filtered
    assert pair.mentee.employee.full_name not in filtered
    assert "No meeting held for more than twice" in filtered
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        make_pair(program=pair.program)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_journey_through_the_views(world, client):
    pair, _other, meeting, _goal = world
    with time_machine.travel(dt.datetime(2027, 3, 3, tzinfo=UTC), tick=False):
        client.force_login(pair.mentor_user)
        agreement = Agreement.objects.get(pair=pair)
        client.post(
            reverse("pairs:agreement_accept", args=[pair.pk]), {"version": agreement.version}
        )
        client.force_login(pair.mentee_user)
        client.post(
            reverse("pairs:agreement_accept", args=[pair.pk]), {"version": agreement.version}
        )
        agreement.refresh_from_db()
        assert agreement.accepted
        refused = client.post(
            reverse("pairs:goal_new", args=[pair.pk]),
            {
                "statement": "Learn about TikTok analytics",
                "target_value": "",
                "unit": "",
                "achievable": "x",
                "relevance": "y",
                "due_date": "",
            },
        )
        assert refused.status_code == 200
        assert "measurable" in refused.content.decode() and "due date" in refused.content.decode()
        assert Goal.objects.filter(pair=pair).count() == 1
        response = client.post(
            reverse("pairs:meeting_new", args=[pair.pk]),
            {
                "date": "2027-03-10",
                "time": "09:00",
                "time_zone": "Europe/Amsterdam",
                "repeat": "weekly",
                "count": "4",
                "minutes": "",
                "channel": "video",
                "location": "https://meet.example/x",
            },
        )
        assert response.status_code == 302
        assert Meeting.objects.filter(pair=pair).count() == 5
        response = client.post(
            reverse("pairs:checkin", args=[pair.pk, meeting.pk]),
            {"answer": "held", "rating": "5", "comment": "useful"},
        )
        assert response.status_code == 302
        meeting.refresh_from_db()
        assert meeting.outcome == "one_sided"


def test_training_blocks_then_allows_scheduling(make_pair, client):
    pair = make_pair(trained=False)
    client.force_login(pair.mentee_user)
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert reverse("pairs:training", args=[pair.mentee.pk]) in page
    refused = client.post(
        reverse("pairs:meeting_new", args=[pair.pk]),
        {
            "date": "2030-03-10",
            "time": "09:00",
            "time_zone": "Asia/Jakarta",
            "repeat": "once",
            "count": "1",
        },
    )
    assert "communication-skills module" in refused.content.decode()
    url = reverse("pairs:training", args=[pair.mentee.pk])
    wrong = client.post(url, {"q1": "a", "q2": "a", "q3": "a", "q4": "a", "q5": "a"})
    assert wrong.status_code == 200 and not services.training_done(pair, "mentee")
    right = client.post(url, {"q1": "b", "q2": "c", "q3": "b", "q4": "c", "q5": "a"})
    assert right.status_code == 302 and services.training_done(pair, "mentee")
    client.force_login(pair.mentor_user)
    assert client.get(url).status_code == 404  # someone else's enrollment


def test_participant_pages_query_counts_do_not_grow_with_the_data(world, client):
    """The workspace and "my pairs" read through pairs.selectors: the number of queries stays
    the same with more meetings, goals and notes, and more pairs."""
    pair, _other, _meeting, _goal = world
    urls = [reverse("pairs:workspace", args=[pair.pk]), reverse("pairs:mine")]
    with time_machine.travel(dt.datetime(2027, 3, 1, tzinfo=UTC), tick=False):
        client.force_login(pair.mentor_user)
        few = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            few[url] = len(queries)
        for day in (3, 4, 5):
            services.meeting_schedule(
                pair=pair, by=pair.mentor_user, local_date=dt.date(2027, 3, day),
                local_time=dt.time(9, 0), time_zone="Asia/Jakarta",
            )
            services.note_add(pair=pair, by=pair.mentee_user, body=f"note {day}")
        services.goal_create(
            pair=pair, by=pair.mentee_user, statement="Publish one short video", target_value=1,
            unit="video", achievable="a weekend", relevance="reach", due_date=dt.date(2027, 5, 1),
            milestones=[("Script", None), ("Record", None)],
        )
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            assert len(queries) == few[url], url


def test_hr_pair_list_query_count_does_not_grow(
    client, hr_user, make_pair, django_assert_max_num_queries
):
    """HR's pair list reads pairs, counts and goals through selectors in a fixed number of
    queries whatever the number of pairs."""
    first = make_pair()
    client.force_login(hr_user)
    url = reverse("pairs:program_pairs", args=[first.program.pk])
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    more = [make_pair(first.program) for _ in range(4)]
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    for pair in [first, *more]:
        assert pair.mentee.employee.full_name in page


def test_hr_pair_list_links_each_pair_and_counts_its_goals_in_both_languages(
    client, hr_user, make_pair
):
    """The rows' links and goals sentences are made in the view (issue 18): each row links
    to its own pair's HR page and says how many of its goals are achieved, in Indonesian
    too."""
    first = make_pair()
    second = make_pair(first.program)
    for statement, status in (("Ship a demo", "achieved"), ("Write it up", "open")):
        Goal.objects.create(pair=second, statement=statement, status=status, target_value=1,
                            unit="demo", achievable="x", relevance="y",
                            due_date=dt.date(2027, 5, 1), created_at=timezone.now(),
                            last_progress_at=timezone.now())
    client.force_login(hr_user)
    url = reverse("pairs:program_pairs", args=[first.program.pk])
    page = client.get(url).content.decode()
    for pair in (first, second):
        assert f'href="{reverse("pairs:hr_pair", args=[pair.pk])}"' in page
    assert page.count("0 of 0 achieved") == 1 and page.count("1 of 2 achieved") == 1
    hr_user.language = "id"
    hr_user.save(update_fields=["language"])
    page = client.get(url).content.decode()
    assert "1 dari 2 tercapai" in page and "0 dari 0 tercapai" in page


def test_hr_pair_rows_read_a_page_in_two_queries_with_held_meetings_and_shared_goals(
    make_pair, django_assert_num_queries
):
    """HR's pair list rows (issue 18: plain values, the meetings held counted in the pairs'
    query): per pair its names, health and reasons, meetings held (not planned or missed),
    goals achieved of all, and the goals' statements only when the pair shares them; ids
    that are not a pair are skipped; two queries for any number of pairs."""
    from terbalik.pairs.models import Pair
    from terbalik.pairs.selectors import hr_pair_rows

    shared, private, quiet = (make_pair() for _ in range(3))
    Pair.objects.filter(pk=shared.pk).update(goals_shared=True, health="at_risk",
                                             health_reasons=["low_rating", "unknown"])
    Pair.objects.filter(pk=quiet.pk).update(status="completed", goals_shared=True)
    now = timezone.now()
    for pair, outcome in ((shared, "held"), (shared, "held"), (shared, "not_held"),
                          (private, "held"), (private, "pending")):
        Meeting.objects.create(pair=pair, uid=Meeting.new_uid(), starts_at=now,
                               ends_at=now + dt.timedelta(hours=1), time_zone="Asia/Jakarta",
                               updated_at=now, outcome=outcome)
    for pair, statement, status, due in (
            (shared, "Ship <b>it</b>", "open", dt.date(2027, 6, 1)),
            (shared, "Write it up", "achieved", dt.date(2027, 5, 1)),
            (private, "Secret goal", "achieved", dt.date(2027, 5, 1))):
        Goal.objects.create(pair=pair, statement=statement, status=status, target_value=1,
                            unit="x", achievable="x", relevance="y", due_date=due,
                            created_at=now, last_progress_at=now)
    with django_assert_num_queries(2):
        rows = hr_pair_rows([quiet.pk, 987654321, shared.pk, private.pk])
    assert [row["pk"] for row in rows] == [quiet.pk, shared.pk, private.pk]
    quiet_row, shared_row, private_row = rows
    assert shared_row["goals"] == ["Write it up", "Ship <b>it</b>"]  # by due date
    assert private_row["goals"] is None and quiet_row["goals"] == []
    assert [(r["held"], r["goals_done"], r["goals_total"]) for r in rows] == [
        (0, 0, 0), (2, 1, 2), (1, 1, 1)]
    assert shared_row["reasons"] == ["Low meeting ratings"] and shared_row["state"] == "At risk"
    assert shared_row["active"] and not quiet_row["active"] and quiet_row["state"] == "Completed"
    assert (shared_row["mentor"], shared_row["mentee"]) == (
        shared.mentor.employee.full_name, shared.mentee.employee.full_name)
    with django_assert_num_queries(2):
        assert len(hr_pair_rows([p.pk for p in (shared, private, quiet)] * 20)) == 60


def test_hr_pair_lists_health_counts_and_launch_run_compiled(make_pair, monkeypatch):
    """HR's pair list's health counts (active pairs only) and launch record are read
    compiled once per connection (issue 18), per program, as the ORM reads them."""
    from terbalik.pairs import selectors
    from terbalik.pairs.models import Launch, Pair

    from ..model_compare import count_compiles, same_instance

    first = make_pair()
    for _ in range(3):
        make_pair(first.program)
    other = make_pair()
    pairs = Pair.objects.filter(program=first.program).order_by("pk")
    Pair.objects.filter(pk=pairs[0].pk).update(health="at_risk")
    Pair.objects.filter(pk=pairs[1].pk).update(health="at_risk")
    Pair.objects.filter(pk=pairs[2].pk).update(health="inactive", status="completed")
    assert selectors.active_health_counts(first.program) == {"at_risk": 2, "on_track": 1}
    assert selectors.active_health_counts(other.program) == {"on_track": 1}
    assert selectors.program_launch_record(first.program) is None
    services.program_launch(program=other.program, by=None,
                            kickoff_at=dt.datetime(2027, 2, 3, 9, 0, tzinfo=UTC))
    expected = Launch.objects.get(program=other.program)
    calls = count_compiles(monkeypatch)
    same_instance(selectors.program_launch_record(other.program), expected)
    assert selectors.program_launch_record(first.program) is None
    assert selectors.active_health_counts(first.program) == {"at_risk": 2, "on_track": 1}
    assert calls == []

"""The participant's own pairs (issue 18): one query that plans fast on PostgreSQL, and
participant pages whose query count does not grow with the number of pairs or employees."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbalik.pairs.access import pairs_of
from tests.factories import EmployeeFactory


def test_own_pairs_query_has_no_distinct_and_no_join_in_its_condition(pair):
    """The slow form ORed four conditions on the joined enrollments and needed DISTINCT over
    every column of eleven tables: PostgreSQL spent 52 ms planning it for a 1.7 ms run."""
    sql = str(pairs_of(pair.mentee_user).query).upper()
    where = sql.split(" WHERE ", 1)[1]
    assert not sql.startswith("SELECT DISTINCT")
    assert f'"PAIRS_PAIR"."MENTOR_ID" IN ({pair.mentee.pk})' in where
    assert f'"PAIRS_PAIR"."MENTEE_ID" IN ({pair.mentee.pk})' in where
    assert " JOIN " not in where and "SELECT" not in where


def test_own_pairs_by_account_or_directory_record_and_nobody_elses(make_pair):
    pair, other = make_pair(), make_pair()
    assert list(pairs_of(pair.mentor_user)) == [pair]
    assert list(pairs_of(pair.mentee_user)) == [pair]
    type(pair.mentee).objects.filter(pk=pair.mentee.pk).update(user=None)  # by employee only
    assert list(pairs_of(pair.mentee_user)) == [pair]
    assert other not in pairs_of(pair.mentee_user)


def count_queries(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_participant_pages_do_not_query_more_with_more_pairs_and_employees(
    make_pair, client
):
    pair = make_pair()
    make_pair(program=pair.program)
    urls = [reverse("core:home"), reverse("pairs:mine"), reverse("pairs:workspace", args=[pair.pk])]
    client.force_login(pair.mentee_user)
    small = count_queries(client, urls)
    for _ in range(4):
        make_pair(program=pair.program)
    EmployeeFactory.create_batch(30)
    large = count_queries(client, urls)
    assert large == small


def _past_meeting(pair, days_ago):
    import datetime as dt

    from django.utils import timezone

    from terbalik.pairs.models import Meeting

    start = timezone.now() - dt.timedelta(days=days_ago)
    return Meeting.objects.create(
        pair=pair, uid=Meeting.new_uid(), starts_at=start, ends_at=start + dt.timedelta(hours=1),
        time_zone="Asia/Jakarta", updated_at=timezone.now(),
    )


def _checkin_queries(client, pair, meeting):
    """Queries of the check-in form and of posting an answer (a first one: created)."""
    url = reverse("pairs:checkin", args=[pair.pk, meeting.pk])
    with CaptureQueriesContext(connection) as shown:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as posted:
        response = client.post(url, {"answer": "held", "rating": "4"})
    assert response.status_code == 302
    return len(shown), len(posted)


def test_checkin_does_not_query_more_with_more_meetings_and_pairs(make_pair, client):
    """The check-in form and its post read the member's pair in one query, whatever the
    number of the pair's meetings or of the member's pairs (issue 18)."""
    pair = make_pair()
    client.force_login(pair.mentee_user)
    client.get(reverse("core:home"))  # warm caches (session, content types)
    small = _checkin_queries(client, pair, _past_meeting(pair, 3))
    for days in (4, 5, 6, 7):
        _past_meeting(pair, days)
    other = make_pair(mentee_user=pair.mentee_user)
    _past_meeting(other, 2)
    assert _checkin_queries(client, pair, _past_meeting(pair, 2)) == small


def test_checkin_of_someone_elses_pair_is_404(make_pair, client):
    pair, stranger = make_pair(), make_pair()
    meeting = _past_meeting(pair, 2)
    client.force_login(stranger.mentee_user)
    url = reverse("pairs:checkin", args=[pair.pk, meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "held", "rating": "4"}).status_code == 404
    assert not meeting.checkins.exists()
    client.force_login(pair.mentor_user)  # a member: by account or by directory record
    assert client.get(url).status_code == 200
    type(pair.mentee).objects.filter(pk=pair.mentee.pk).update(user=None)
    client.force_login(pair.mentee_user)
    assert client.get(url).status_code == 200


def test_my_pairs_page_lists_each_pair_newest_first_with_names_and_status(make_pair, client):
    import datetime as dt

    from terbalik.pairs.models import Pair, PairStatus

    older = make_pair(name="Digital skills")
    newer = make_pair(name="Customer insight", mentee_user=older.mentee_user)
    Pair.objects.filter(pk=older.pk).update(status=PairStatus.COMPLETED,
                                            started_at=newer.started_at - dt.timedelta(days=9))
    make_pair(name="Somebody else's")
    user = older.mentee_user
    client.force_login(user)
    for language, status in (("en", "Completed"), ("id", "Selesai")):
        type(user).objects.filter(pk=user.pk).update(language=language)  # the user's choice
        page = client.get(reverse("pairs:mine")).content.decode()
        cards = page.split('class="card mb-2"')[1:]
        assert len(cards) == 2 and "Somebody else" not in page
        assert reverse("pairs:workspace", args=[newer.pk]) in cards[0]
        assert "Customer insight" in cards[0] and "Digital skills" in cards[1]
        for card, pair in zip(cards, (newer, older), strict=True):
            assert (f"{pair.mentor.employee.full_name} → {pair.mentee.employee.full_name}"
                    in card)
        assert f"· {status}</div>" in cards[1]


def test_own_enrollment_ids_one_guard_for_the_pair_lists(pair, django_assert_num_queries):
    """pairs_of, the home's pairs and "my pairs" share it: signed out, none (even with ids
    given); ids given, those without a query; none given, the user's own, read once."""
    from django.contrib.auth.models import AnonymousUser

    from terbalik.pairs.access import own_enrollment_ids
    from terbalik.pairs.home import home_pairs
    from terbalik.pairs.selectors import pairs_of_member

    user = pair.mentee_user
    with django_assert_num_queries(0):
        assert own_enrollment_ids(AnonymousUser(), [pair.mentee.pk]) == []
        assert own_enrollment_ids(user, [pair.mentor.pk]) == [pair.mentor.pk]
        assert own_enrollment_ids(user, []) == []
    with django_assert_num_queries(1):
        assert own_enrollment_ids(user) == [pair.mentee.pk]
    with django_assert_num_queries(0):
        assert list(pairs_of(AnonymousUser(), [pair.mentee.pk])) == []
        assert home_pairs(AnonymousUser(), pair.started_at, [pair.mentee.pk]) == []
        assert home_pairs(user, pair.started_at, []) == []
        assert pairs_of_member(AnonymousUser()) == []

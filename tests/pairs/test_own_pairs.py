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

"""Issue 18: the reports pages' queries do not grow with the number of pairs.

Each page is requested with 5 pairs and again with 40 (meetings, check-ins with comments,
goals, training, an evaluation and pre/post sendings growing with them): same count.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import add_goals, add_meetings, add_pairs, add_training
from .test_feedback_page import comment_all, evaluation

pytestmark = pytest.mark.django_db

PAGES = [
    ("overview", ()), ("dashboard", ()), ("report", ()), ("report_pdf", ()),
    ("feedback", ()), ("export", ("pairs", "xlsx")), ("export", ("meetings", "csv")),
    ("export", ("goals", "xlsx")), ("export", ("outcome", "csv")),
    ("feedback_export", ("xlsx",)),
]


def _grow(program, hr_user, n):
    pairs = add_pairs(program, n)
    add_meetings(pairs, weeks=3, held_every=2)
    add_goals(pairs)
    add_training(pairs)
    comment_all(pairs, ["Jadwal bentrok", "Great session on AI tools"])
    evaluation(program, hr_user, pairs)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("as_sponsor", [False, True])
def test_five_pairs_and_forty_pairs_take_the_same_queries(client, report_program, hr_user,
                                                          sponsor, pre_post_sendings,
                                                          as_sponsor):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(sponsor if as_sponsor else hr_user)
    pages = [(n, a) for n, a in PAGES if not as_sponsor or n in (
        "overview", "dashboard", "report", "report_pdf", "feedback")]

    def urls():
        return {f"{n}{a}": reverse(f"reports:{n}", args=[] if n == "overview"
                                   else [report_program.pk, *a]) for n, a in pages}

    _grow(report_program, hr_user, 5)
    pre_post_sendings(report_program, [0, 50, 50, 0, 50], [50, 100, 50, 50, 100])
    small = {key: _count(client, url) for key, url in urls().items()}
    _grow(report_program, hr_user, 35)
    large = {key: _count(client, url) for key, url in urls().items()}
    assert large == small


def test_the_dashboards_aggregates_are_compiled_once(report_program, hr_user, monkeypatch,
                                                     pre_post_sendings):  # noqa: F811
    """Issue 18: the dashboard's six aggregates and its survey rates run compiled once per
    connection; a second dashboard compiles only the meetings by week (it depends on the
    clock and the time zone), and shows the same figures."""
    from terbalik.pairs.models import Meeting
    from terbalik.reports.metrics import dashboard, pair_counts

    from ..model_compare import count_compiles

    _grow(report_program, hr_user, 5)
    pre_post_sendings(report_program, [0, 50, 50, 0, 50], [50, 100, 50, 50, 100])
    first = dashboard(program=report_program, people=True)
    compiled = count_compiles(monkeypatch)
    board = dashboard(program=report_program, people=True, pairs=pair_counts(report_program))
    assert compiled == [Meeting]
    assert board == first
    assert board.pairs["total"] == 5 and board.goals_set == 5 and board.training_total == 10
    assert board.surveys and board.ratings

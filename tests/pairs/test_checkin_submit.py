"""The check-in service (issue 18): four statements at most, the same answers and outcomes as
update_or_create gave, and two members answering at the same moment both counted."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from terbalik.pairs import services
from terbalik.pairs.models import CheckIn, Meeting, MeetingOutcome

UTC = dt.UTC
LATER = dt.datetime(2027, 4, 20, tzinfo=UTC)
#: the meeting's lock (SQLite has no FOR UPDATE: it locks the whole database on the write)
LOCK = ("SELECT FOR UPDATE pairs_meeting" if connection.features.has_select_for_update
        else "SELECT pairs_meeting")
READ, INSERT, UPDATE = "SELECT pairs_checkin", "INSERT pairs_checkin", "UPDATE pairs_checkin"
OUTCOME = "UPDATE pairs_meeting"


def _meeting(pair) -> Meeting:
    (meeting,) = services.meeting_schedule(
        pair=pair, by=pair.mentor_user, local_date=dt.date(2027, 4, 5),
        local_time=dt.time(10, 0), time_zone="Asia/Jakarta", repeat="once", count=1)
    return meeting


def _statements(captured: CaptureQueriesContext) -> list[str]:
    """The service's statements on meetings and check-ins, as "VERB table" (the pair and its
    members, read when the meeting object does not carry them, and the webhook
    subscriptions are left out)."""
    out = []
    for query in captured.captured_queries:
        sql = query["sql"]
        table = re.search(r'(?:FROM|UPDATE|INTO) "(pairs_meeting|pairs_checkin)"', sql)
        if table and not re.search(r'(?:FROM|UPDATE|INTO) "(?!pairs_meeting|pairs_checkin)',
                                   sql):
            lock = " FOR UPDATE" if "FOR UPDATE" in sql else ""
            out.append(f"{sql.split()[0]}{lock} {table.group(1)}")
    return out


@pytest.mark.django_db
def test_answers_change_the_outcome_in_few_statements(pair) -> None:
    meeting = _meeting(pair)
    with time_machine.travel(LATER, tick=False):
        with CaptureQueriesContext(connection) as first:
            made = services.checkin_submit(meeting=meeting, by=pair.mentor_user,
                                           answer="held", rating=4, comment="  Good  ")
        # lock, read the check-ins, insert, outcome pending -> one-sided
        assert _statements(first) == [LOCK, READ, INSERT, OUTCOME]
        assert made.pk is not None
        saved = CheckIn.objects.get(pk=made.pk)
        assert (saved.role, saved.user, saved.answer, saved.rating, saved.comment, saved.at) == (
            "mentor", pair.mentor_user, "held", 4, "Good", LATER)
        assert (made.role, made.answer, made.rating, made.comment) == (
            "mentor", "held", 4, "Good")
        meeting.refresh_from_db()
        assert meeting.outcome == MeetingOutcome.ONE_SIDED

        services.checkin_submit(meeting=meeting, by=pair.mentee_user, answer="not_held",
                                rating=3)
        meeting.refresh_from_db()
        assert meeting.outcome == MeetingOutcome.DISPUTED
        mentee = CheckIn.objects.get(meeting=meeting, role="mentee")
        assert mentee.rating is None  # a rating only for a meeting that took place

        with CaptureQueriesContext(connection) as changed:
            again = services.checkin_submit(meeting=meeting, by=pair.mentee_user,
                                            answer="held", rating=5)
        # lock, read, update the answer, disputed -> held
        assert _statements(changed) == [LOCK, READ, UPDATE, OUTCOME]
        assert again.pk == mentee.pk
        meeting.refresh_from_db()
        assert meeting.outcome == MeetingOutcome.HELD
        assert CheckIn.objects.filter(meeting=meeting).count() == 2

        with CaptureQueriesContext(connection) as same:
            services.checkin_submit(meeting=meeting, by=pair.mentor_user, answer="held",
                                    rating=2)
        # the outcome stays held: the meeting row is not written again
        assert _statements(same) == [LOCK, READ, UPDATE]
        assert CheckIn.objects.get(meeting=meeting, role="mentor").rating == 2
        meeting.refresh_from_db()
        assert meeting.outcome == MeetingOutcome.HELD


@pytest.mark.django_db
def test_a_stale_meeting_object_is_read_again_under_the_lock(pair) -> None:
    meeting = _meeting(pair)
    stale = Meeting.objects.get(pk=meeting.pk)
    with time_machine.travel(LATER, tick=False):
        services.checkin_submit(meeting=meeting, by=pair.mentor_user, answer="held", rating=4)
        services.checkin_submit(meeting=stale, by=pair.mentee_user, answer="held", rating=4)
    meeting.refresh_from_db()
    assert meeting.outcome == MeetingOutcome.HELD


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL: SQLite serialises writers, so there is no race")
def test_both_members_answering_at_once_are_both_counted(pair) -> None:
    meeting = _meeting(pair)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def answer(user) -> None:
        try:
            barrier.wait(timeout=5)
            services.checkin_submit(meeting=Meeting.objects.get(pk=meeting.pk), by=user,
                                    answer="held", rating=4)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    with time_machine.travel(LATER, tick=False):
        for _round in range(3):
            CheckIn.objects.filter(meeting=meeting).delete()
            Meeting.objects.filter(pk=meeting.pk).update(outcome=MeetingOutcome.PENDING)
            threads = [threading.Thread(target=answer, args=(user,))
                       for user in (pair.mentor_user, pair.mentee_user)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
            assert not errors, errors
            meeting.refresh_from_db()
            assert meeting.outcome == MeetingOutcome.HELD
            assert CheckIn.objects.filter(meeting=meeting).count() == 2

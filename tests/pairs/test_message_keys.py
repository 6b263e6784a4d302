"""Meeting e-mails go through notify under the key of their cause: sending the
same cause again e-mails nobody twice; a new cause (a reschedule raises the SEQUENCE) does."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from terbalik.notify.models import NotificationLog
from terbalik.pairs import services
from terbalik.pairs.services.meetings import _invite

pytestmark = pytest.mark.django_db


def _schedule(pair):
    (meeting,) = services.meeting_schedule(
        pair=pair, by=pair.mentor_user, local_date=dt.date(2027, 4, 5),
        local_time=dt.time(10, 0), time_zone="Asia/Jakarta", minutes=60,
    )
    return meeting


def test_a_meeting_e_mail_goes_once_per_sequence_kind_and_person(pair):
    mail.outbox.clear()
    meeting = _schedule(pair)
    assert len(mail.outbox) == 2  # mentor and mentee
    _invite(meeting, kind="new")  # the same invitation again (a retried call)
    assert len(mail.outbox) == 2
    assert set(NotificationLog.objects.filter(kind="message").values_list("key", flat=True)) == {
        f"meeting:{meeting.pk}:0:new:{pair.mentor_user.pk}",
        f"meeting:{meeting.pk}:0:new:{pair.mentee_user.pk}",
    }

    meeting = services.meeting_reschedule(
        meeting=meeting, by=pair.mentee_user, local_date=dt.date(2027, 4, 6),
        local_time=dt.time(10, 0), time_zone="Asia/Jakarta",
    )
    assert len(mail.outbox) == 4  # a new SEQUENCE is a new cause: both get the update
    _invite(meeting, kind="update")
    assert len(mail.outbox) == 4

    meeting = services.meeting_cancel(meeting=meeting, by=pair.mentor_user)
    assert len(mail.outbox) == 6
    _invite(meeting, kind="cancel")
    services.meeting_cancel(meeting=meeting, by=pair.mentor_user)
    assert len(mail.outbox) == 6
    assert sum(m.subject.startswith("Meeting cancelled") for m in mail.outbox) == 2

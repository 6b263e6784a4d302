"""Matching e-mails go through notify under the key of their cause (a choice request and
what became of it, a published pair's member): the same cause again e-mails nobody twice."""

from __future__ import annotations

import pytest
from django.core import mail

from terbalik.matching import emails, services
from terbalik.notify.models import NotificationLog

pytestmark = pytest.mark.django_db


def test_a_choice_request_and_its_outcome_go_once_each(small_company):
    program, mentors, mentees = small_company
    services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    mail.outbox.clear()
    request = services.choice_make(mentee=mentees[0], mentor=mentors[0], by=mentees[0].user)
    emails.choice_request(request=request, days=5)  # the same request again
    assert [m.to for m in mail.outbox] == [[mentors[0].user.email]]
    pair = services.choice_accept(request=request, by=mentors[0].user)
    emails.choice_outcome(request=request, mentee=mentees[0], mentor=mentors[0], kind="accepted")
    assert [m.to for m in mail.outbox] == [[mentors[0].user.email], [mentees[0].user.email]]
    emails.pair_published(pair=pair, mentor=mentors[0], mentee=mentees[0])
    emails.pair_published(pair=pair, mentor=mentors[0], mentee=mentees[0])  # published again
    assert len(mail.outbox) == 4  # one "your pair" to each member
    assert set(NotificationLog.objects.values_list("key", flat=True)) >= {
        f"matching.choice.{request.pk}.request", f"matching.choice.{request.pk}.accepted",
        f"matching.pair.{pair.pk}.published.{mentors[0].pk}",
        f"matching.pair.{pair.pk}.published.{mentees[0].pk}",
    }

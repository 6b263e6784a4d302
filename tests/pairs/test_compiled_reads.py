"""The participant pages' fixed reads run SQL compiled once per connection (core/compiled.py,
issue 18): a second view of a page compiles none of them again, whoever asks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from terbalik.pairs.models import CheckIn

from ..model_compare import count_compiles
from .test_home import _past_meeting

pytestmark = pytest.mark.django_db


def _compiled_on_second_view(client, monkeypatch, url):
    assert client.get(url).status_code == 200  # compiles what the page reads
    compiled = count_compiles(monkeypatch)
    assert client.get(url).status_code == 200
    monkeypatch.undo()
    return sorted(model.__name__ for model in compiled)


def test_a_second_view_compiles_no_fixed_read_again(pair, client, monkeypatch):
    meeting = _past_meeting(pair)
    CheckIn.objects.create(meeting=meeting, role="mentor", user=pair.mentor_user,
                           answer="held", rating=4, at=timezone.now())
    for user in (pair.mentee_user, pair.mentor_user):
        client.force_login(user)
        assert _compiled_on_second_view(
            client, monkeypatch, reverse("pairs:workspace", args=[pair.pk])) == []
        assert _compiled_on_second_view(
            client, monkeypatch, reverse("pairs:checkin", args=[pair.pk, meeting.pk])) == []
        assert _compiled_on_second_view(client, monkeypatch, reverse("pairs:mine")) == []
        # the open surveys too: the request's time is a parameter of the statement
        assert _compiled_on_second_view(client, monkeypatch, reverse("core:home")) == []


HUGE = 99_999_999_999_999_999_999  # above 2**63: the <int:> converters accept any digits


def test_an_id_beyond_64_bits_is_not_found_not_a_server_error(pair, client):
    """As get_object_or_404 answers (Django reads an out-of-range integer as no row), not an
    OverflowError from the database driver."""
    meeting = _past_meeting(pair)
    client.force_login(pair.mentee_user)
    for url in (reverse("pairs:workspace", args=[HUGE]),
                reverse("pairs:checkin", args=[pair.pk, HUGE]),
                reverse("pairs:checkin", args=[HUGE, meeting.pk])):
        assert client.get(url).status_code == 404
    assert client.get(reverse("pairs:checkin", args=[pair.pk, meeting.pk])).status_code == 200



def test_the_pair_page_loads_each_meetings_own_checkins(pair, client):
    """selectors.meetings_with_checkins reads the pair's check-ins in one compiled read and
    hands each meeting its own: my answered meeting offers "Change my answer", the other one
    the empty form."""
    from terbalik.pairs import selectors

    first, second = _past_meeting(pair, days_ago=9), _past_meeting(pair)
    CheckIn.objects.create(meeting=first, role="mentee", user=pair.mentee_user,
                           answer="held", rating=4, at=timezone.now())
    CheckIn.objects.create(meeting=first, role="mentor", user=pair.mentor_user,
                           answer="held", rating=5, at=timezone.now() + timedelta(seconds=1))
    meetings = {m.pk: m for m in selectors.meetings_with_checkins(pair)}
    assert [c.role for c in meetings[first.pk].loaded_checkins] == ["mentee", "mentor"]
    assert all(c.meeting is meetings[first.pk] for c in meetings[first.pk].loaded_checkins)
    assert selectors.loaded_checkin(meetings[first.pk], "mentor").rating == 5
    assert meetings[second.pk].loaded_checkins == []
    client.force_login(pair.mentee_user)
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert f'href="{reverse("pairs:checkin", args=[pair.pk, first.pk])}"' in page
    assert f'id="m{first.pk}-answer_0"' not in page
    assert f'id="m{second.pk}-answer_0"' in page

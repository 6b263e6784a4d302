from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from terbalik.notify.models import NotificationLog
from terbalik.pairs import services
from terbalik.pairs.models import Launch, PairStatus
from terbalik.programs.models import Program, Status

pytestmark = pytest.mark.django_db


def test_launch_activates_and_announces_the_kickoff_once(make_pair):
    pair = make_pair()
    Program.objects.filter(pk=pair.program.pk).update(status=Status.MATCHING)
    pair.program.refresh_from_db()
    mail.outbox.clear()
    kickoff = dt.datetime(2027, 2, 3, 9, 0, tzinfo=dt.UTC)
    launch = services.program_launch(program=pair.program, by=pair.program.created_by,
                                     kickoff_at=kickoff, kickoff_place="Aula lantai 3")
    pair.program.refresh_from_db()
    assert pair.program.status == Status.ACTIVE
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [pair.mentor_user.email, pair.mentee_user.email]
    )
    assert all("Kickoff" in m.subject and "Aula lantai 3" in m.body for m in mail.outbox)
    assert "communication-skills module" in mail.outbox[0].body
    services.launch_announce(launch=launch, pairs=[pair])  # announced again: the same cause
    assert len(mail.outbox) == 2
    assert set(NotificationLog.objects.filter(kind="message").values_list("key", flat=True)) == {
        f"launch:{launch.pk}:{pair.pk}:{pair.mentor_user.pk}",
        f"launch:{launch.pk}:{pair.pk}:{pair.mentee_user.pk}",
    }
    with pytest.raises(ValidationError):
        services.program_launch(program=pair.program, by=None, kickoff_at=kickoff)
    assert Launch.objects.count() == 1


def test_launch_refuses_a_draft_program_and_naive_times(make_pair):
    pair = make_pair()
    Program.objects.filter(pk=pair.program.pk).update(status=Status.DRAFT)
    pair.program.refresh_from_db()
    with pytest.raises(ValidationError):
        services.program_launch(program=pair.program, by=None,
                                kickoff_at=dt.datetime(2027, 2, 3, 9, 0, tzinfo=dt.UTC))
    with pytest.raises(ValidationError):
        services.program_launch(program=pair.program, by=None,
                                kickoff_at=dt.datetime(2027, 2, 3, 9, 0))  # noqa: DTZ001
    assert Launch.objects.count() == 0


def test_hr_launches_through_the_page(make_pair, client, hr_user):
    pair = make_pair()
    client.force_login(hr_user)
    url = reverse("pairs:program_launch", args=[pair.program.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2027-02-03", "time": "09:00", "place": "Zoom"})
    assert response.status_code == 302
    launch = Launch.objects.get(program=pair.program)
    assert launch.kickoff_at == dt.datetime(2027, 2, 3, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB


def test_hr_moves_matching_to_active_when_pairs_are_published(make_pair, client, hr_user):
    """The programs page passes the published-pairs count down to the lifecycle service."""
    pair = make_pair()
    program = pair.program
    program.owners.add(hr_user)
    Program.objects.filter(pk=program.pk).update(status=Status.MATCHING)
    client.force_login(hr_user)
    page = client.get(reverse("programs:overview", args=[program.pk]))
    assert "No published pairs" not in page.content.decode()
    client.post(reverse("programs:transition", args=[program.pk]),
                {"to": Status.ACTIVE, "confirm": "yes"})
    program.refresh_from_db()
    assert program.status == Status.ACTIVE


def test_hr_cannot_move_to_active_without_published_pairs(make_pair, client, hr_user):
    pair = make_pair()
    program = pair.program
    program.owners.add(hr_user)
    type(pair).objects.filter(pk=pair.pk).update(status=PairStatus.DISSOLVED)
    Program.objects.filter(pk=program.pk).update(status=Status.MATCHING)
    client.force_login(hr_user)
    page = client.get(reverse("programs:overview", args=[program.pk]))
    assert "No published pairs" in page.content.decode()
    client.post(reverse("programs:transition", args=[program.pk]),
                {"to": Status.ACTIVE, "confirm": "yes"})
    program.refresh_from_db()
    assert program.status == Status.MATCHING

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from terbalik.core.models import AuditEntry
from terbalik.matching import services
from terbalik.matching.models import RematchRequest, RematchStatus
from terbalik.pairs.models import Pair, PairStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(small_company, hr_user):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    services.run_publish(match_run=run, by=hr_user)
    return program, mentors, mentees


def test_either_person_asks_privately(published, hr_user, make_person):
    program, mentors, mentees = published
    pair = Pair.objects.get(mentee=mentees[0])
    request = services.rematch_request_create(
        pair=pair, by=mentees[0].user, reason="We never find a time."
    )
    assert request.role == "mentee"
    assert services.rematch_request_create(pair=pair, by=mentors[0].user, reason="x").role == (
        "mentor"
    )
    stranger = make_person(5)
    with pytest.raises(ValidationError):
        services.rematch_request_create(pair=pair, by=stranger, reason="x")
    with pytest.raises(ValidationError):
        services.rematch_request_create(pair=pair, by=mentees[0].user, reason="again")
    with pytest.raises(ValidationError):
        services.rematch_request_create(
            pair=Pair.objects.get(mentee=mentees[1]), by=mentees[1].user, reason="  "
        )
    # the private reason is not copied into the audit log
    entry = AuditEntry.objects.get(action="matching.rematch_requested", target_id=str(request.pk))
    assert "never" not in str(entry.details)


def test_dissolve_and_rematch_without_disturbing_others(published, hr_user, enroll):
    program, mentors, mentees = published
    enroll(program, "mentor", 1, skills=["python"], department="Ops")
    pair = Pair.objects.get(mentee=mentees[0])
    services.rematch_request_create(pair=pair, by=mentees[0].user, reason="mismatch")
    others = set(Pair.objects.exclude(pk=pair.pk).values_list("pk", "mentor_id", "status"))
    services.pair_dissolve(pair=pair, by=hr_user, reason="asked")
    assert RematchRequest.objects.get(pair=pair).status == RematchStatus.RESOLVED
    run = services.rematch_mentee(pair=Pair.objects.get(pk=pair.pk), by=hr_user)
    assert [p.mentee_id for p in run.proposals.all()] == [mentees[0].pk]
    services.run_publish(match_run=run, by=hr_user)
    again = Pair.objects.get(mentee=mentees[0], status=PairStatus.ACTIVE)
    assert again.pk != pair.pk  # a new pair, the dissolved one stays dissolved
    assert Pair.objects.get(pk=pair.pk).status == PairStatus.DISSOLVED
    assert (
        set(Pair.objects.exclude(mentee=mentees[0]).values_list("pk", "mentor_id", "status"))
        == others
    )


def test_dissolved_mentee_chooses_again_without_former_mentor(published, hr_user):
    program, mentors, mentees = published
    pair = Pair.objects.get(mentee=mentees[0])
    services.pair_dissolve(pair=pair, by=hr_user)
    current = services.suggestions_current(mentee=mentees[0], by=mentees[0].user)
    assert pair.mentor_id not in {i["mentor"] for i in current.items}

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from terbalik.core.models import AuditEntry
from terbalik.pairs import services
from terbalik.pairs.models import Pair, PairSource, PairStatus
from terbalik.pairs.selectors import published_pairs_count
from terbalik.programs import services as program_services
from terbalik.programs.models import ParticipantRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(program, make_person, apply_as, hr_user):
    def make(role, grade):
        enrollment = apply_as(program, make_person(grade), role=role)
        program_services.enrollment_approve(enrollment=enrollment, by=hr_user)
        enrollment.refresh_from_db()
        return enrollment

    return make


def test_pair_create_publishes_and_audits(program, approved, hr_user):
    mentor = approved(ParticipantRole.MENTOR, 2)
    mentee = approved(ParticipantRole.MENTEE, 10)
    pair = services.pair_create(
        program=program, mentor=mentor, mentee=mentee, by=hr_user, source=PairSource.BULK, score=0.5
    )
    assert pair.status == PairStatus.ACTIVE
    assert published_pairs_count(program) == 1
    assert AuditEntry.objects.filter(action="pairs.pair_created", target_id=str(pair.pk)).exists()


def test_roles_and_approval_are_checked(program, approved, apply_as, make_person, hr_user):
    mentor = approved(ParticipantRole.MENTOR, 2)
    mentee = approved(ParticipantRole.MENTEE, 10)
    with pytest.raises(ValidationError):
        services.pair_create(program=program, mentor=mentee, mentee=mentor, by=hr_user)
    pending = apply_as(program, make_person(11), role=ParticipantRole.MENTEE)
    with pytest.raises(ValidationError):
        services.pair_create(program=program, mentor=mentor, mentee=pending, by=hr_user)
    assert Pair.objects.count() == 0


def test_one_active_pair_per_mentee_and_rematch_after_dissolving(program, approved, hr_user):
    first = approved(ParticipantRole.MENTOR, 2)
    second = approved(ParticipantRole.MENTOR, 3)
    mentee = approved(ParticipantRole.MENTEE, 10)
    pair = services.pair_create(program=program, mentor=first, mentee=mentee, by=hr_user)
    with pytest.raises(ValidationError):
        services.pair_create(program=program, mentor=second, mentee=mentee, by=hr_user)
    services.pair_end(pair=pair, by=hr_user, status=PairStatus.DISSOLVED, reason="pribadi")
    again = services.pair_create(program=program, mentor=second, mentee=mentee, by=hr_user)
    assert again.status == PairStatus.ACTIVE
    assert published_pairs_count(program) == 1  # the dissolved pair does not count
    with pytest.raises(ValidationError):
        services.pair_end(pair=pair, by=hr_user, status=PairStatus.COMPLETED)

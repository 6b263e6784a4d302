from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.core.models import AuditEntry
from terbalik.programs import services
from terbalik.programs.access import programs_managed_by

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_colleague_added_as_owner_sees_the_program(client, program, hr_user):
    colleague = UserFactory(role=Role.HR, email="colleague@example.co.id")
    assert program not in programs_managed_by(colleague)
    services.program_add_owner(program=program, by=hr_user, user=colleague)
    assert program in programs_managed_by(colleague)
    client.force_login(colleague)
    assert client.get(reverse("programs:overview", args=[program.pk])).status_code == 200
    entry = AuditEntry.objects.get(action="program.owner_add")
    assert entry.details == {"user": "colleague@example.co.id"}


def test_only_hr_users_can_own_a_program(program, hr_user, participant_user):
    with pytest.raises(services.ServiceError, match="Only HR users"):
        services.program_add_owner(program=program, by=hr_user, user=participant_user)


def test_participants_and_sponsors_manage_nothing(participant_user, sponsor_user, program):
    assert not programs_managed_by(participant_user).exists()
    assert not programs_managed_by(sponsor_user).exists()


def test_program_list_paginates_and_filters(client, hr_user, make_program):
    for _ in range(27):
        make_program()
    make_program(status="draft", name="Still a draft")
    client.force_login(hr_user)
    first = client.get(reverse("programs:list"))
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(reverse("programs:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 3
    drafts = client.get(reverse("programs:list"), {"status": "draft"})
    assert [p.name for p in drafts.context["page"].object_list] == ["Still a draft"]


def test_invitation_answers_are_audited(make_program, hr_user, make_person):
    closed = make_program(enrollment_mode="closed")
    a, b = make_person(2), make_person(3)
    sent = services.invitation_send(
        program=closed, employees=[a.employee, b.employee], role="mentor", by=hr_user
    ).sent
    services.invitation_accept(
        invitation=sent[0], user=a, intake={"skills_offered": "x"}, commitment_accepted=True
    )
    services.invitation_decline(invitation=sent[1], user=b)
    accept = AuditEntry.objects.get(action="invitation.accept")
    decline = AuditEntry.objects.get(action="invitation.decline")
    assert (accept.actor, accept.target_id) == (a, str(sent[0].pk))
    assert (decline.actor, decline.target_id) == (b, str(sent[1].pk))
    with pytest.raises(services.ServiceError, match="already answered"):
        services.invitation_decline(invitation=sent[0], user=a)
    with pytest.raises(services.ServiceError, match="someone else"):
        services.invitation_decline(invitation=sent[1], user=a)

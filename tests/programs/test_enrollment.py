from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from terbalik.core.models import AuditEntry
from terbalik.programs import services
from terbalik.programs.models import (
    EnrollmentStatus,
    ParticipantRole,
    Status,
)

pytestmark = pytest.mark.django_db


def translated(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


MENTEE = ParticipantRole.MENTEE
MENTOR = ParticipantRole.MENTOR


def test_applications_take_places_then_join_the_waitlist_in_order(program, make_person, apply_as):
    people = [make_person(9) for _ in range(4)]
    first, second, third, fourth = (apply_as(program, p) for p in people)
    assert [e.status for e in (first, second)] == [EnrollmentStatus.PENDING] * 2
    assert [e.status for e in (third, fourth)] == [EnrollmentStatus.WAITLISTED] * 2
    assert third.waitlisted_at <= fourth.waitlisted_at
    assert services.places_left(program=program, role=MENTEE) == 0
    # mentor places are separate
    mentor = apply_as(program, make_person(2), MENTOR)
    assert mentor.status == EnrollmentStatus.PENDING
    assert services.places_left(program=program, role=MENTOR) == 1


def test_application_stores_normalised_intake_and_commitment(program, make_person, apply_as):
    e = apply_as(
        program, make_person(9), intake={"skills_wanted": " Python ,python,  Social   Media"}
    )
    # issue 21: free text becomes canonical skill ids; what was typed is kept for audit
    assert e.intake["skills_wanted"] == ["python", "social-media"]
    assert e.intake["typed"] == {"skills_wanted": "Python ,python,  Social   Media"}
    assert e.commitment_accepted_at is not None


def test_commitment_must_be_accepted(program, make_person, apply_as):
    with pytest.raises(services.ServiceError) as exc:
        apply_as(program, make_person(9), commitment_accepted=False)
    assert "commitment" in exc.value.messages[0].lower()
    assert not program.enrollments.exists()


def test_cannot_apply_twice_or_to_a_closed_or_draft_program(make_program, make_person, apply_as):
    program = make_program()
    user = make_person(9)
    apply_as(program, user)
    with pytest.raises(services.ServiceError, match="already applied"):
        apply_as(program, user)
    with pytest.raises(services.ServiceError, match="invitation only"):
        apply_as(make_program(enrollment_mode="closed"), user)
    with pytest.raises(services.ServiceError, match="not recruiting"):
        apply_as(make_program(status=Status.DRAFT), user)


@pytest.mark.parametrize("how", ["withdraw", "remove", "reject"])
def test_a_freed_place_promotes_the_first_in_line_with_an_email(
    how, program, make_person, apply_as, hr_user
):
    holders = [apply_as(program, make_person(9)) for _ in range(2)]
    first_waiting = apply_as(program, make_person(9, language="en"))
    second_waiting = apply_as(program, make_person(9))
    mail.outbox.clear()
    leaving = holders[0]
    if how == "withdraw":
        services.enrollment_withdraw(enrollment=leaving, by=leaving.user)
    elif how == "remove":
        services.enrollment_remove(enrollment=leaving, by=hr_user, reason="moved teams")
    else:
        services.enrollment_reject(enrollment=leaving, by=hr_user, reason="")
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == EnrollmentStatus.PENDING
    assert second_waiting.status == EnrollmentStatus.WAITLISTED
    promoted = [m for m in mail.outbox if m.to == [first_waiting.employee.email]]
    assert len(promoted) == 1
    assert promoted[0].subject.startswith("A place is free for you")
    assert AuditEntry.objects.filter(
        action="enrollment.promote", target_id=str(first_waiting.pk)
    ).exists()


def test_leaving_the_waitlist_promotes_nobody(program, make_person, apply_as):
    [apply_as(program, make_person(9)) for _ in range(2)]
    waiting = apply_as(program, make_person(9))
    behind = apply_as(program, make_person(9))
    services.enrollment_withdraw(enrollment=waiting, by=waiting.user)
    behind.refresh_from_db()
    assert behind.status == EnrollmentStatus.WAITLISTED


def test_more_places_promote_the_waitlist(program, make_person, apply_as, hr_user):
    [apply_as(program, make_person(9)) for _ in range(2)]
    waiting = [apply_as(program, make_person(9)) for _ in range(3)]
    services.program_update(program=program, by=hr_user, changes={"mentee_places": 4})
    statuses = [type(w).objects.get(pk=w.pk).status for w in waiting]
    assert statuses == [
        EnrollmentStatus.PENDING,
        EnrollmentStatus.PENDING,
        EnrollmentStatus.WAITLISTED,
    ]


def test_hr_approves_only_pending_applications(program, make_person, apply_as, hr_user):
    e = apply_as(program, make_person(9))
    approved = services.enrollment_approve(enrollment=e, by=hr_user)
    assert approved.status == EnrollmentStatus.APPROVED
    assert approved.decided_by == hr_user
    assert mail.outbox[-1].to == [e.employee.email]
    assert mail.outbox[-1].subject == translated("id", "You are in: %(program)s") % {
        "program": program.name
    }
    with pytest.raises(services.ServiceError):
        services.enrollment_approve(enrollment=e, by=hr_user)
    [apply_as(program, make_person(9)) for _ in range(1)]
    waiting = apply_as(program, make_person(9))
    with pytest.raises(services.ServiceError):
        services.enrollment_approve(enrollment=waiting, by=hr_user)


def test_reject_records_the_reason_and_mails_it(program, make_person, apply_as, hr_user):
    e = apply_as(program, make_person(9, language="en"))
    mail.outbox.clear()
    services.enrollment_reject(enrollment=e, by=hr_user, reason="Grade data is outdated")
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.REJECTED and e.reason == "Grade data is outdated"
    assert "Grade data is outdated" in mail.outbox[0].body
    entry = AuditEntry.objects.get(action="enrollment.reject")
    assert entry.actor == hr_user and entry.details["reason"] == "Grade data is outdated"


def test_only_the_participant_can_withdraw(program, make_person, apply_as):
    e = apply_as(program, make_person(9))
    other = make_person(9)
    with pytest.raises(services.ServiceError):
        services.enrollment_withdraw(enrollment=e, by=other)
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.PENDING
    services.enrollment_withdraw(enrollment=e, by=e.user)
    e.refresh_from_db()
    assert e.status == EnrollmentStatus.WITHDRAWN
    with pytest.raises(services.ServiceError):
        services.enrollment_withdraw(enrollment=e, by=e.user)


def test_a_withdrawn_person_may_apply_again(program, make_person, apply_as):
    user = make_person(9)
    e = apply_as(program, user)
    services.enrollment_withdraw(enrollment=e, by=user)
    again = apply_as(program, user)
    assert again.pk != e.pk and again.status == EnrollmentStatus.PENDING


def test_enrollment_audit_entries(program, make_person, apply_as, hr_user):
    e = apply_as(program, make_person(9))
    services.enrollment_approve(enrollment=e, by=hr_user)
    services.enrollment_remove(enrollment=e, by=hr_user, reason="left the company")
    actions = list(
        AuditEntry.objects.filter(target_id=str(e.pk), target_type="programs.enrollment")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["enrollment.create", "enrollment.approve", "enrollment.remove"]


def test_ineligible_applicant_is_told_why(program, make_person, apply_as):
    with pytest.raises(services.ServiceError) as exc:
        apply_as(program, make_person(3), MENTEE)
    assert exc.value.messages == ["Mentees need grade 8 or higher; yours is 3."]

"""Accepting the privacy notice, agreeing to optional data, withdrawing consent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.people import selectors as people_selectors
from terbalik.people import services as people_services
from terbalik.programs import services as program_services
from terbalik.programs.models import Enrollment, Invitation

from .. import notice, selectors
from ..models import ConsentKind, ConsentMethod, ConsentRecord

if TYPE_CHECKING:
    from terbalik.accounts.models import User
    from terbalik.programs.models import Program

NOTICE_REQUIRED = "notice_required"


def _lock(user: User) -> None:
    """One consent change of a person at a time (a double submit waits for the first)."""
    from terbalik.accounts.models import User

    User.objects.select_for_update().filter(pk=user.pk).first()


def _record(*, user: User, kind: str, method: str, details: dict[str, Any] | None = None
            ) -> ConsentRecord:
    return ConsentRecord.objects.create(
        user=user, employee_id=user.employee_id, kind=kind,
        notice_version=notice.current().number, method=method, at=timezone.now(),
        details=details or {},
    )


@transaction.atomic
def notice_accept(*, user: User, method: str, details: dict[str, Any] | None = None
                  ) -> ConsentRecord:
    """`user` accepts the current notice; accepting it twice keeps the first record."""
    if method not in ConsentMethod.values:
        raise ServiceError(_("Unknown way of giving consent."), code="consent_invalid")
    _lock(user)
    if selectors.has_accepted_current(user):
        found = selectors.latest(user, (ConsentKind.NOTICE,))
        assert found is not None
        return found
    row = _record(user=user, kind=ConsentKind.NOTICE, method=method, details=details)
    audit.record(action="privacy.notice_accept", actor=user, target=user,
                 details={"version": row.notice_version, "method": method})
    return row


@transaction.atomic
def optional_consent_set(*, user: User, agreed: bool, method: str) -> ConsentRecord | None:
    """Agree to (or withdraw from) optional data. Withdrawing erases it at once: the photo
    file, the WhatsApp number and the free-text interests. No change: no new record."""
    _lock(user)
    was = selectors.optional_agreed(user)
    if agreed:
        if was:
            return None
        row = _record(user=user, kind=ConsentKind.OPTIONAL, method=method)
    else:
        erased = _erase_optional(user)  # also data kept from before consent was recorded
        if not was and not erased:
            return None
        row = _record(user=user, kind=ConsentKind.OPTIONAL_WITHDRAWN, method=method,
                      details={"erased": erased})
    audit.record(action="privacy.optional_consent", actor=user, target=user,
                 details={"agreed": agreed})
    return row


def _erase_optional(user: User) -> list[str]:
    """Photo (file deleted from storage after the commit), WhatsApp number, interests."""
    erased: list[str] = []
    employee = user.employee
    if employee is None:
        return erased
    profile = people_selectors.profile_of(employee)
    if profile is not None and (profile.photo or profile.whatsapp):
        if profile.photo:
            erased.append("photo")
        if profile.whatsapp:
            erased.append("whatsapp")
        people_services.profile_update(
            employee=employee, by=user, whatsapp="", whatsapp_consent=False,
            channels=list(profile.channels), remove_photo=True,
        )
    if program_services.enrollment_intake_erase_optional(employee=employee, by=user):
        erased.append("interests")
    return erased


def _check_notice(notice_accepted: bool) -> None:
    if not notice_accepted:
        raise ServiceError({"notice": [_("Accept the privacy notice to take part.")]},
                           code=NOTICE_REQUIRED)


def _optional(intake: dict[str, Any], optional_agreed: bool) -> dict[str, Any]:
    """Without consent to optional data, optional answers are not kept."""
    if optional_agreed:
        return intake
    return {k: v for k, v in intake.items() if k not in program_services.OPTIONAL_INTAKE_KEYS}


def _record_enrolment_consent(*, user: User, enrollment: Enrollment, method: str,
                              optional_agreed: bool) -> Enrollment:
    notice_accept(user=user, method=method, details={"enrollment": enrollment.pk})
    if optional_agreed:
        optional_consent_set(user=user, agreed=True, method=method)
    return enrollment


@transaction.atomic
def apply_with_consent(
    *,
    program: Program,
    user: User,
    role: str,
    intake: dict[str, Any],
    commitment_accepted: bool,
    notice_accepted: bool,
    optional_agreed: bool,
    base_url: str = "",
) -> Enrollment:
    """Apply to an open program (programs service) and record the notice's acceptance (and
    the optional-data consent) in the same transaction."""
    _check_notice(notice_accepted)
    enrollment = program_services.enrollment_apply(
        program=program, user=user, role=role, intake=_optional(intake, optional_agreed),
        commitment_accepted=commitment_accepted, base_url=base_url,
    )
    return _record_enrolment_consent(user=user, enrollment=enrollment,
                                     method=ConsentMethod.APPLICATION,
                                     optional_agreed=optional_agreed)


@transaction.atomic
def invitation_accept_with_consent(
    *,
    invitation: Invitation,
    user: User,
    intake: dict[str, Any],
    commitment_accepted: bool,
    notice_accepted: bool,
    optional_agreed: bool,
    base_url: str = "",
) -> Enrollment:
    """Accept an invitation (programs service) and record the consent, as above."""
    _check_notice(notice_accepted)
    enrollment = program_services.invitation_accept(
        invitation=invitation, user=user, intake=_optional(intake, optional_agreed),
        commitment_accepted=commitment_accepted, base_url=base_url,
    )
    return _record_enrolment_consent(user=user, enrollment=enrollment,
                                     method=ConsentMethod.INVITATION,
                                     optional_agreed=optional_agreed)


@transaction.atomic
def consent_withdraw(*, user: User, base_url: str = "") -> ConsentRecord | None:
    """The person withdraws consent: they leave every program they are in (programs
    service), their optional data is erased at once, and the withdrawal is recorded. Twice
    in a row: the second does nothing (None)."""
    _lock(user)
    last = selectors.latest(user, (ConsentKind.NOTICE, ConsentKind.WITHDRAWN))
    live = list(selectors.live_enrollments(user)) if user.employee_id else []
    if last is not None and last.kind == ConsentKind.WITHDRAWN and not live:
        return None
    left = []
    for enrollment in live:
        program_services.enrollment_withdraw(enrollment=enrollment, by=user, base_url=base_url)
        left.append(enrollment.pk)
    erased = _erase_optional(user)
    row = _record(user=user, kind=ConsentKind.WITHDRAWN, method=ConsentMethod.ACCOUNT,
                  details={"enrollments": left, "erased": erased})
    audit.record(action="privacy.consent_withdraw", actor=user, target=user,
                 details={"enrollments": left, "erased": erased})
    return row


@transaction.atomic
def interests_update(*, user: User, interests: str) -> int:
    """The person edits their free-text interests (optional data: only with its consent)."""
    if user.employee is None:
        raise ServiceError(_("Only people in the directory have interests to edit."),
                           code="not_in_directory")
    if interests.strip() and not selectors.optional_agreed(user):
        raise ServiceError({"interests": [_(
            "Interests are optional data: agree to optional data first, or leave them "
            "empty.")]}, code="optional_consent_required")
    return program_services.enrollment_interests_set(
        employee=user.employee, interests=interests, by=user)


@transaction.atomic
def contact_profile_save(
    *,
    user: User,
    whatsapp: str,
    whatsapp_consent: bool,
    channels: list[str],
    photo: Any = None,
    remove_photo: bool = False,
    optional_agreed: bool,
) -> Any:
    """Save what the person shares with their partner (people service); a photo or a
    WhatsApp number is optional data and needs its consent, recorded in the same
    transaction."""
    if (photo is not None or whatsapp.strip()) and not optional_agreed:
        raise ServiceError({"optional_data": [_(
            "To keep a photo or a WhatsApp number, tick the box agreeing to optional data.")]},
            code="optional_consent_required")
    if user.employee is None:
        raise ServiceError(_("Only people in the directory have a profile."),
                           code="not_in_directory")
    profile = people_services.profile_update(
        employee=user.employee, by=user, whatsapp=whatsapp, whatsapp_consent=whatsapp_consent,
        channels=channels, photo=photo, remove_photo=remove_photo)
    if optional_agreed:
        optional_consent_set(user=user, agreed=True, method=ConsentMethod.ACCOUNT)
    return profile

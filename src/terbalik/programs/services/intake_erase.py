"""Erasing optional intake answers (issue 20: a person withdraws consent to optional data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError

from ..models import Enrollment

if TYPE_CHECKING:
    from terbalik.accounts.models import User
    from terbalik.people.models import Employee

#: intake answers that are optional free text (not needed to take part)
OPTIONAL_INTAKE_KEYS = ("interests",)


@transaction.atomic
def enrollment_intake_erase_optional(*, employee: Employee, by: User | None) -> int:
    """Clear the optional intake answers of every enrollment of `employee`; the number of
    enrollments changed."""
    changed = 0
    for enrollment in Enrollment.objects.select_for_update().filter(employee=employee):
        intake = dict(enrollment.intake or {})
        if not any(intake.get(key) for key in OPTIONAL_INTAKE_KEYS):
            continue
        for key in OPTIONAL_INTAKE_KEYS:
            intake[key] = []
        enrollment.intake = intake
        enrollment.save(update_fields=["intake"])
        changed += 1
    if changed:
        audit.record(action="enrollment.intake_erase_optional", actor=by, target=employee,
                     details={"enrollments": changed, "keys": list(OPTIONAL_INTAKE_KEYS)})
    return changed


@transaction.atomic
def enrollment_interests_set(*, employee: Employee, interests: str, by: User) -> int:
    """The person corrects their free-text interests on every live enrollment; the number of
    enrollments changed."""
    from ..intake import normalise_items
    from ..models import LIVE

    if by.employee_id != employee.pk:
        raise ServiceError(_("You can only change your own answers."), code="not_own_intake")
    items = normalise_items(interests)
    changed = 0
    for enrollment in Enrollment.objects.select_for_update().filter(employee=employee,
                                                                    status__in=LIVE):
        if (enrollment.intake or {}).get("interests", []) == items:
            continue
        enrollment.intake = {**(enrollment.intake or {}), "interests": items}
        enrollment.save(update_fields=["intake"])
        changed += 1
    if changed:
        audit.record(action="enrollment.interests_set", actor=by, target=employee,
                     details={"enrollments": changed})
    return changed

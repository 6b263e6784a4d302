"""Erasing optional intake answers (issue 20: a person withdraws consent to optional data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
#: where the skills taxonomy keeps, per answer key, what was typed and what matched no skill
_TYPED_KEYS = ("typed", "unmapped")


def _without_optional(intake: dict[str, Any], keep: dict[str, Any] | None = None
                      ) -> dict[str, Any]:
    """`intake` without the optional answers' entries in `typed` and `unmapped`, with those of
    `keep` (a cleaned intake) put in their place; an emptied map is dropped."""
    out = dict(intake)
    for name in _TYPED_KEYS:
        entries = {k: v for k, v in (out.get(name) or {}).items()
                   if k not in OPTIONAL_INTAKE_KEYS}
        entries.update({k: v for k, v in ((keep or {}).get(name) or {}).items()
                        if k in OPTIONAL_INTAKE_KEYS})
        if entries:
            out[name] = entries
        else:
            out.pop(name, None)
    return out


@transaction.atomic
def enrollment_intake_erase_optional(*, employee: Employee, by: User | None) -> int:
    """Clear the optional intake answers of every enrollment of `employee`; the number of
    enrollments changed."""
    changed = 0
    for enrollment in Enrollment.objects.select_for_update().filter(employee=employee):
        before = enrollment.intake or {}
        intake = _without_optional(before)
        if intake == before and not any(before.get(key) for key in OPTIONAL_INTAKE_KEYS):
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
    enrollments changed. Cleaned as the apply form's answers are: canonical skill ids, with
    what was typed and what matched no skill kept beside them (the old ones replaced)."""
    from terbalik.skills.selectors import skill_index

    from ..intake import clean_intake
    from ..models import LIVE

    if by.employee_id != employee.pk:
        raise ServiceError(_("You can only change your own answers."), code="not_own_intake")
    cleaned = clean_intake({"interests": interests}, skill_index())
    changed = 0
    for enrollment in Enrollment.objects.select_for_update().filter(employee=employee,
                                                                    status__in=LIVE):
        before = enrollment.intake or {}
        intake = {**_without_optional(before, keep=cleaned), "interests": cleaned["interests"]}
        if intake == before:
            continue
        enrollment.intake = intake
        enrollment.save(update_fields=["intake"])
        changed += 1
    if changed:
        audit.record(action="enrollment.interests_set", actor=by, target=employee,
                     details={"enrollments": changed})
    return changed

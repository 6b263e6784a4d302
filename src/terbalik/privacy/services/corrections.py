"""Requests to correct directory data, and HR's decision on them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.people import services as people_services

from .. import emails, selectors
from ..access import corrections_visible_to
from ..models import CorrectionField, CorrectionRequest, CorrectionStatus

if TYPE_CHECKING:
    from terbalik.accounts.models import User


@transaction.atomic
def correction_request_create(
    *, user: User, field: str, requested_value: str, note: str = "", base_url: str = ""
) -> CorrectionRequest:
    """`user` asks HR to correct one of their directory fields. One pending request per
    field: sending the same again returns the pending one."""
    employee = user.employee
    if employee is None:
        raise ServiceError(_("Only people in the directory can ask for a correction."),
                           code="correction_invalid")
    if field not in CorrectionField.values:
        raise ServiceError({"field": [_("Choose a field from the list.")]},
                           code="correction_invalid")
    value = (requested_value or "").strip()
    if not value:
        raise ServiceError({"requested_value": [_("Write the correct value.")]},
                           code="correction_invalid")
    pending = CorrectionRequest.objects.filter(
        employee=employee, field=field, status=CorrectionStatus.PENDING).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            request = CorrectionRequest.objects.create(
                employee=employee, requested_by=user, field=field,
                current_value=selectors.current_value(employee, field)[:200],
                requested_value=value[:200], note=(note or "").strip(),
                created_at=timezone.now(),
            )
    except IntegrityError:  # the same request sent twice at the same moment
        return CorrectionRequest.objects.get(
            employee=employee, field=field, status=CorrectionStatus.PENDING)
    audit.record(action="privacy.correction_request", actor=user, target=employee,
                 details={"request": request.pk, "field": field})
    emails.correction_requested(request=request, base_url=base_url)
    return request


@transaction.atomic
def correction_decide(
    *, request: CorrectionRequest, by: User, approve: bool, reason: str = "",
    value: str | None = None, base_url: str = "",
) -> CorrectionRequest:
    """HR approves (the people service edits the employee, with `value` or the requested
    one) or rejects with a reason. A decided request is not decided again."""
    request = CorrectionRequest.objects.select_for_update().select_related("employee").get(
        pk=request.pk)
    if request.status != CorrectionStatus.PENDING:
        return request
    if not corrections_visible_to(by).filter(pk=request.pk).exists():  # same rule as the page
        raise ServiceError(_("Only HR can decide on corrections."), code="correction_refused")
    reason = (reason or "").strip()
    if approve:
        people_services.employee_correct(
            employee=request.employee, field=request.field,
            value=request.requested_value if value is None else value, by=by)
        request.status = CorrectionStatus.APPROVED
    else:
        if not reason:
            raise ServiceError({"reason": [_("Say why the data is not corrected.")]},
                               code="correction_invalid")
        request.status = CorrectionStatus.REJECTED
    request.reason = reason
    request.decided_by = by
    request.decided_at = timezone.now()
    request.save()
    audit.record(action="privacy.correction_decide", actor=by, target=request.employee,
                 details={"request": request.pk, "status": request.status})
    emails.correction_decided(request=request, base_url=base_url)
    return request

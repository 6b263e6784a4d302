"""Erasure requests: asked by the person or recorded by HR, approved or rejected by HR with a
reason; approval pseudonymises at once (one person's data is a few hundred rows at most).

Every write is here, in a transaction, audited; both sides hear of it through `notify`.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.accounts.models import User
from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.people.models import Employee

from . import erasure, erasure_emails
from .models import ErasureRequest, ErasureSource, ErasureStatus

REASON_MAX = 2000


def _person(employee: Employee | None, user: User | None) -> tuple[Employee | None, User | None]:
    if employee is not None and user is None:
        user = User.objects.filter(employee=employee).first()
    if user is not None and employee is None and user.employee_id:
        employee = user.employee
    return employee, user


def pending_for(*, employee: Employee | None, user: User | None) -> ErasureRequest | None:
    query = Q(pk__in=[])
    if employee is not None:
        query |= Q(employee=employee)
    if user is not None:
        query |= Q(user=user)
    return ErasureRequest.objects.filter(query, status=ErasureStatus.PENDING).first()


@transaction.atomic
def erasure_request_create(
    *, by: Any, employee: Employee | None = None, user: User | None = None,
    explanation: str = "", source: str = ErasureSource.SELF,
) -> ErasureRequest:
    """Record a request; a second request for the same person while one waits returns that
    one (a double submit makes one request and one message)."""
    employee, user = _person(employee, user)
    if employee is None and user is None:
        raise ServiceError({"employee": [_("Choose the person whose data is to be erased.")]})
    if erasure.is_erased(employee, user):
        raise ServiceError(_("This person's data has already been erased."), code="erased")
    existing = pending_for(employee=employee, user=user)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                employee=employee, user=user, source=source,
                explanation=(explanation or "").strip()[:REASON_MAX],
                requested_by=by if getattr(by, "is_authenticated", False) else None,
                requested_at=timezone.now(),
            )
    except IntegrityError:  # a parallel submit won the race: that request is the one
        found = pending_for(employee=employee, user=user)
        assert found is not None
        return found
    audit.record(action="privacy.erasure_requested", actor=by, target=request,
                 details={"source": source})
    erasure_emails.request_received(request=request)
    return request


def _lock(request: ErasureRequest) -> ErasureRequest:
    return ErasureRequest.objects.select_for_update(of=("self",)).select_related(
        "employee", "user").get(pk=request.pk)


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": [_("Give the reason for your decision.")]},
                           code="reason_required")
    if len(reason) > REASON_MAX:
        raise ServiceError({"reason": [_("The reason is too long (at most %(max)d characters).")
                                       % {"max": REASON_MAX}]})
    return reason


def _decide(request: ErasureRequest, *, by: Any, reason: str, status: str
            ) -> tuple[ErasureRequest, bool]:
    """The locked request with the decision filled in; False when it was already taken
    (the same decision again: nothing to do; the other one: refused)."""
    reason = _reason(reason)
    request = _lock(request)
    if request.status == status:
        return request, False
    if request.status != ErasureStatus.PENDING:
        raise ServiceError(_("This request has already been decided."), code="decided")
    request.status = status
    request.decided_by = by if getattr(by, "is_authenticated", False) else None
    request.decided_at = timezone.now()
    request.decision_reason = reason
    return request, True


@transaction.atomic
def erasure_approve(*, request: ErasureRequest, by: Any, reason: str) -> ErasureRequest:
    """Approve and erase now. Approving an already erased request changes nothing."""
    request, fresh = _decide(request, by=by, reason=reason, status=ErasureStatus.DONE)
    if not fresh:
        return request
    # the person hears of it at their address while they still have one
    erasure_emails.decided(request=request, approved=True)
    pseudo, changes = erasure.pseudonymise(employee=request.employee, user=request.user)
    request.pseudonym = pseudo.name
    request.erased_at = request.decided_at
    request.changes = changes
    request.explanation = ""
    request.save()
    audit.record(action="privacy.erasure_approved", actor=by, target=request,
                 details={"pseudonym": pseudo.name, "changes": changes})
    return request


@transaction.atomic
def erasure_reject(*, request: ErasureRequest, by: Any, reason: str) -> ErasureRequest:
    request, fresh = _decide(request, by=by, reason=reason, status=ErasureStatus.REJECTED)
    if fresh:
        request.save()
        audit.record(action="privacy.erasure_rejected", actor=by, target=request)
        erasure_emails.decided(request=request, approved=False)
    return request


@transaction.atomic
def erase_automatically(*, employee: Employee, reason: str) -> ErasureRequest:
    """The retention task's erasure of a leaver: recorded like an approved request."""
    employee, user = _person(employee, None)
    assert employee is not None
    pending = pending_for(employee=employee, user=user)
    pseudo, changes = erasure.pseudonymise(employee=employee, user=user)
    now = timezone.now()
    request = pending or ErasureRequest(employee=employee, user=user,
                                        source=ErasureSource.AUTOMATIC, requested_at=now)
    request.status = ErasureStatus.DONE
    request.decided_at = now
    request.decision_reason = reason
    request.pseudonym = pseudo.name
    request.erased_at = now
    request.changes = changes
    request.explanation = ""
    request.save()
    audit.record(action="privacy.erasure_automatic", target=request,
                 details={"pseudonym": pseudo.name, "changes": changes})
    return request

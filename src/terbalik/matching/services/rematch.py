"""Re-matching: a participant asks privately, HR dissolves, the mentee is matched again."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.pairs import services as pair_services
from terbalik.pairs.models import Pair, PairStatus

from ..models import MatchRun, RematchRequest, RematchStatus, SuggestionSet
from .common import is_person

REASON_MAX = 2000


@transaction.atomic
def rematch_request_create(*, pair: Pair, by: Any, reason: str) -> RematchRequest:
    """The mentor or the mentee asks HR to end their pair. The reason is for HR only."""
    pair = (
        Pair.objects.select_for_update(of=("self",))
        .select_related("mentor", "mentee")
        .get(pk=pair.pk)
    )
    if pair.status != PairStatus.ACTIVE:
        raise ServiceError(_("This pair has already ended."))
    if is_person(pair.mentee, by):
        role = "mentee"
    elif is_person(pair.mentor, by):
        role = "mentor"
    else:
        raise ServiceError(_("Only the two people of a pair can ask for a new match."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError({"reason": _("Tell HR briefly why; only HR will read it.")})
    if len(reason) > REASON_MAX:
        raise ServiceError(
            {"reason": _("Keep the reason under %(limit)d characters.") % {"limit": REASON_MAX}}
        )
    if RematchRequest.objects.filter(
        pair=pair, requested_by=by, status=RematchStatus.OPEN
    ).exists():
        raise ServiceError(_("You have already asked; HR will get back to you."))
    request = RematchRequest.objects.create(pair=pair, requested_by=by, role=role, reason=reason)
    # the reason stays out of the audit details: HR reads it on the request itself
    audit.record(
        action="matching.rematch_requested",
        actor=by,
        target=request,
        details={"pair": pair.pk, "role": role},
    )
    return request


@transaction.atomic
def rematch_request_dismiss(*, request: RematchRequest, by: Any) -> RematchRequest:
    request = RematchRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RematchStatus.OPEN:
        raise ServiceError(_("This request has already been handled."))
    request.status = RematchStatus.DISMISSED
    request.resolved_at = timezone.now()
    request.resolved_by = by
    request.save(update_fields=["status", "resolved_at", "resolved_by"])
    audit.record(action="matching.rematch_dismissed", actor=by, target=request)
    return request


@transaction.atomic
def pair_dissolve(*, pair: Pair, by: Any, reason: str = "") -> Pair:
    """HR ends a pair. Nothing else changes: the mentee can choose again (without the former
    mentor) or be matched alone with `rematch_mentee`; the mentor's place frees up."""
    pair = pair_services.pair_end(pair=pair, by=by, status=PairStatus.DISSOLVED, reason=reason)
    now = timezone.now()
    RematchRequest.objects.filter(pair=pair, status=RematchStatus.OPEN).update(
        status=RematchStatus.RESOLVED, resolved_at=now, resolved_by=by
    )
    SuggestionSet.objects.filter(mentee_id=pair.mentee_id, current=True).update(current=False)
    audit.record(
        action="matching.pair_dissolved",
        actor=by,
        target=pair,
        details={"program": pair.program_id},
    )
    return pair


@transaction.atomic
def rematch_mentee(*, pair: Pair, by: Any) -> MatchRun:
    """Match the mentee of a dissolved pair again, alone: every other pair stays fixed."""
    from .runs import run_start

    if pair.status != PairStatus.DISSOLVED:
        raise ServiceError(_("Dissolve the pair first."))
    return run_start(program=pair.program, by=by, mentees=[pair.mentee])

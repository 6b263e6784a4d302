"""The single write path for pairs."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.programs.models import EnrollmentStatus, ParticipantRole
from terbalik.webhooks import services as webhooks

from ..models import Agreement, Meeting, MeetingStatus, Pair, PairSource, PairStatus
from .common import add_months


@transaction.atomic
def pair_create(
    *,
    program: Any,
    mentor: Any,
    mentee: Any,
    by: Any,
    source: str = PairSource.MANUAL,
    score: float | None = None,
    score_details: dict[str, Any] | None = None,
) -> Pair:
    """Publish one pair. `mentor` and `mentee` are approved enrollments of `program`."""
    if mentor.program_id != program.pk or mentee.program_id != program.pk:
        raise ServiceError(_("Both people must be enrolled in this program."))
    if mentor.role != ParticipantRole.MENTOR or mentee.role != ParticipantRole.MENTEE:
        raise ServiceError(_("The first person must be a mentor and the second a mentee."))
    if EnrollmentStatus.APPROVED != mentor.status or EnrollmentStatus.APPROVED != mentee.status:
        raise ServiceError(_("Only approved participants can be paired."))
    if Pair.objects.select_for_update().filter(mentee=mentee, status=PairStatus.ACTIVE).exists():
        raise ServiceError(_("This mentee already has an active pair."))
    pair = Pair.objects.create(
        program=program,
        mentor=mentor,
        mentee=mentee,
        source=source,
        score=score,
        score_details=score_details or {},
        started_at=timezone.now(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    if program.term == "ongoing" and program.pair_months:
        pair.term_ends_on = add_months(timezone.localdate(pair.started_at), program.pair_months)
        pair.save(update_fields=["term_ends_on"])
    Agreement.objects.create(
        pair=pair,
        channels=list(program.channels or []),
        cadence=program.cadence,
        session_minutes=program.session_minutes or 60,
        updated_at=pair.started_at,
    )
    webhooks.emit("pair.created", pair)
    audit.record(
        action="pairs.pair_created",
        actor=by,
        target=pair,
        details={"program": program.pk, "source": source, "score": score},
    )
    return pair


@transaction.atomic
def pair_end(*, pair: Pair, by: Any, status: str, reason: str = "") -> Pair:
    """Complete or dissolve an active pair. The reason stays private (audit details only)."""
    if status not in (PairStatus.COMPLETED, PairStatus.DISSOLVED):
        raise ValueError(f"cannot end a pair with status {status!r}")
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.ACTIVE:
        raise ServiceError(_("This pair has already ended."))
    pair.status = status
    pair.ended_at = timezone.now()
    pair.save(update_fields=["status", "ended_at"])
    cancelled = _cancel_upcoming(pair)
    audit.record(
        action=f"pairs.pair_{status}", actor=by, target=pair,
        details={"reason": reason[:2000], "meetings_cancelled": cancelled},
    )
    return pair


def _cancel_upcoming(pair: Pair) -> int:
    """An ended pair meets no more: its future meetings are cancelled and both people get
    the METHOD:CANCEL (same UID, higher SEQUENCE), so their calendars and feeds drop them."""
    from .meetings import _invite

    now = timezone.now()
    upcoming = list(
        Meeting.objects.select_for_update()
        .filter(pair=pair, status=MeetingStatus.SCHEDULED, starts_at__gt=now)
        .select_related("pair__program")
        .order_by("starts_at", "pk")
    )
    for meeting in upcoming:
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.updated_at = now
        meeting.save(update_fields=["status", "sequence", "updated_at"])
        _invite(meeting, kind="cancel")
    return len(upcoming)

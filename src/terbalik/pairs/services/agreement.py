"""The pair agreement: channels, cadence, session length, touchpoints; both accept it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.programs.models import Cadence, Channel, ParticipantRole, Program

from ..models import Agreement, Pair, Touchpoint
from .common import require_active, require_member

FIELDS = ("channels", "cadence", "session_minutes", "touchpoint", "touchpoint_note", "expectations")


def agreement_for(pair: Pair) -> Agreement:
    """The pair's agreement (created from the program design when missing); no query when it
    was read with the pair (`access.get_own_pair(page=True)`)."""
    if Pair.agreement.is_cached(pair):  # type: ignore[attr-defined]
        agreement = getattr(pair, "agreement", None)
    else:
        agreement = Agreement.objects.filter(pair=pair).first()
    if agreement is None:
        # the program's design in one query (the pair's program may be read narrowly)
        design = Program.objects.filter(pk=pair.program_id).values(
            "channels", "cadence", "session_minutes").get()
        agreement, _created = Agreement.objects.get_or_create(
            pair=pair,
            defaults={
                "channels": list(design["channels"] or []),
                "cadence": design["cadence"],
                "session_minutes": design["session_minutes"] or 60,
                "updated_at": timezone.now(),
            },
        )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    pair: Pair,
    by: Any,
    channels: list[str],
    cadence: str,
    session_minutes: int,
    touchpoint: str,
    touchpoint_note: str = "",
    expectations: str = "",
) -> Agreement:
    """Change the agreement. Any real change clears both acceptances (a new version)."""
    require_member(pair, by)
    require_active(pair)
    errors: dict[str, list[str]] = {}
    channels = [c for c in dict.fromkeys(channels) if c]
    if not channels:
        errors["channels"] = [_("Choose at least one way to meet.")]
    elif set(channels) - set(Channel.values):
        errors["channels"] = [_("Choose from the listed channels.")]
    if cadence not in Cadence.values:
        errors["cadence"] = [_("Choose how often you meet.")]
    if not isinstance(session_minutes, int) or not 15 <= session_minutes <= 240:
        errors["session_minutes"] = [_("A session lasts between 15 and 240 minutes.")]
    if touchpoint not in Touchpoint.values:
        errors["touchpoint"] = [_("Choose a touchpoint.")]
    if errors:
        raise ServiceError(errors)
    agreement = Agreement.objects.select_for_update().get(pk=agreement_for(pair).pk)
    new = {
        "channels": channels,
        "cadence": cadence,
        "session_minutes": session_minutes,
        "touchpoint": touchpoint,
        "touchpoint_note": touchpoint_note.strip()[:300],
        "expectations": expectations.strip(),
    }
    if all(getattr(agreement, name) == value for name, value in new.items()):
        return agreement
    for name, value in new.items():
        setattr(agreement, name, value)
    agreement.version += 1
    agreement.mentor_accepted_at = agreement.mentee_accepted_at = None
    agreement.updated_at = timezone.now()
    agreement.updated_by = by
    agreement.save()
    audit.record(
        action="pairs.agreement_update", actor=by, target=pair,
        details={"version": agreement.version},
    )
    return agreement


@transaction.atomic
def agreement_accept(*, pair: Pair, by: Any, version: int | None = None) -> Agreement:
    """Accept the agreement as it stands; `version` refuses a stale acceptance."""
    role = require_member(pair, by)
    require_active(pair)
    agreement = Agreement.objects.select_for_update().get(pk=agreement_for(pair).pk)
    if version is not None and version != agreement.version:
        raise ServiceError(
            _("The agreement changed while you were reading it. Read it again, then accept.")
        )
    now = timezone.now()
    if role == ParticipantRole.MENTOR:
        agreement.mentor_accepted_at = agreement.mentor_accepted_at or now
    else:
        agreement.mentee_accepted_at = agreement.mentee_accepted_at or now
    agreement.save(update_fields=["mentor_accepted_at", "mentee_accepted_at"])
    audit.record(
        action="pairs.agreement_accept", actor=by, target=pair,
        details={"version": agreement.version, "role": role},
    )
    return agreement

"""What each event says: plain dicts of ids, states and timestamps.

Never free text, survey answers, private notes or reasons people typed: a receiver learns that
something happened and which records it concerns, and asks the API for more with its own
token. The builders take the other apps' objects duck-typed (webhooks sits below programs,
pairs and reports and never imports them). Every payload names its `program_id`, which the
subscriptions' program filter reads.

The README's "Webhooks" section shows one example of each; `tests/webhooks` checks that the
examples there match these builders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .models import PING, Event


def stamp(value: dt.datetime | dt.date | None) -> str | None:
    """ISO 8601; datetimes in UTC with a trailing Z."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _employee_id(enrollment: Any) -> str:
    """The directory's employee id (what an HR system knows the person by)."""
    return str(enrollment.employee.employee_id)


def enrolment_changed(enrollment: Any) -> dict[str, Any]:
    return {
        "enrolment_id": enrollment.pk,
        "program_id": enrollment.program_id,
        "employee_id": _employee_id(enrollment),
        "role": enrollment.role,
        "state": enrollment.status,
        "source": enrollment.source,
        "applied_at": stamp(enrollment.applied_at),
        "decided_at": stamp(enrollment.decided_at),
        "ended_at": stamp(enrollment.ended_at),
    }


def pair_created(pair: Any) -> dict[str, Any]:
    return {
        "pair_id": pair.pk,
        "program_id": pair.program_id,
        "mentor": {"enrolment_id": pair.mentor_id, "employee_id": _employee_id(pair.mentor)},
        "mentee": {"enrolment_id": pair.mentee_id, "employee_id": _employee_id(pair.mentee)},
        "source": pair.source,
        "started_at": stamp(pair.started_at),
    }


def meeting_held(meeting: Any) -> dict[str, Any]:
    return {
        "meeting_id": meeting.pk,
        "pair_id": meeting.pair_id,
        "program_id": meeting.pair.program_id,
        "starts_at": stamp(meeting.starts_at),
        "ends_at": stamp(meeting.ends_at),
        "channel": meeting.channel,
        "outcome": meeting.outcome,
    }


def pair_at_risk(pair: Any) -> dict[str, Any]:
    return {
        "pair_id": pair.pk,
        "program_id": pair.program_id,
        "health": pair.health,
        "reasons": list(pair.health_reasons or []),  # codes such as "no_meeting", never text
        "checked_at": stamp(pair.health_checked_at),
    }


def program_phase_changed(program: Any, *, previous: str = "") -> dict[str, Any]:
    return {
        "program_id": program.pk,
        "phase": program.status,
        "previous_phase": previous or None,
        "changed_at": stamp(program.status_changed_at),
    }


def outcome_available(sending: Any) -> dict[str, Any]:
    """A program's post-survey closed: its before/after comparison (the verdict) can be read."""
    return {
        "program_id": sending.program_id,
        "post_survey_id": sending.pk,
        "pre_survey_id": sending.pre_instance_id,
        "closed_at": stamp(sending.effective_close),
    }


def ping(subscription: Any) -> dict[str, Any]:
    return {"subscription_id": subscription.pk, "program_id": subscription.program_id}


BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    Event.ENROLMENT_CHANGED: enrolment_changed,
    Event.PAIR_CREATED: pair_created,
    Event.MEETING_HELD: meeting_held,
    Event.PAIR_AT_RISK: pair_at_risk,
    Event.PROGRAM_PHASE_CHANGED: program_phase_changed,
    Event.OUTCOME_AVAILABLE: outcome_available,
    PING: ping,
}


def envelope(*, event_id: str, event_type: str, data: dict[str, Any],
             at: dt.datetime) -> dict[str, Any]:
    """The JSON body (Standard Webhooks' shape): the same bytes on every attempt."""
    return {"id": event_id, "type": event_type, "timestamp": stamp(at), "data": data}

"""/pairs and their meetings."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Query, Router, Status

from terbalik.core.access import HR_ROLES, has_role
from terbalik.pairs import services as pair_services
from terbalik.pairs.access import get_pair_meeting, get_visible_pair, pairs_managed_by, pairs_of
from terbalik.pairs.models import Meeting, Pair
from terbalik.pairs.selectors import pair_meetings, pairs_filtered

from .. import pagination
from ..auth import require_write, token_of
from ..schemas import (
    CheckInOut,
    MeetingConfirmIn,
    MeetingIn,
    MeetingOut,
    MeetingPage,
    PairOut,
    PairPage,
    responses,
)
from .common import in_token_program, user_of

router = Router(tags=["pairs"])


def _person(enrollment: Any) -> dict[str, str]:
    return {"employee_id": enrollment.employee.employee_id, "name": enrollment.employee.full_name}


def pair_out(p: Pair) -> dict[str, Any]:
    return {"id": p.pk, "program_id": p.program_id, "mentor": _person(p.mentor),
            "mentee": _person(p.mentee), "status": p.status, "source": p.source,
            "started_at": p.started_at, "ended_at": p.ended_at}


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {"id": m.pk, "pair_id": m.pair_id, "starts_at": m.starts_at, "ends_at": m.ends_at,
            "time_zone": m.time_zone, "channel": m.channel, "status": m.status,
            "outcome": m.outcome}


def _pair(request: Any, pair_id: int) -> Pair:
    """A pair the account is a member of or manages as HR (the people pages' rule), inside
    the token's program."""
    pair, _member = get_visible_pair(user_of(request), pair_id)
    program_id = token_of(request).program_id
    if program_id is not None and pair.program_id != program_id:
        raise Http404
    return pair


@router.get("/pairs", response=responses({200: PairPage}), url_name="pair_list")
def pair_list(request: Any, cursor: str | None = None,
              limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT),
              program_id: int | None = None, status: str = "") -> dict[str, Any]:
    """HR: the pairs of the programs they manage; participants: their own pairs."""
    user = user_of(request)
    qs = pairs_managed_by(user) if has_role(user, *HR_ROLES) else pairs_of(user)
    qs = pairs_filtered(in_token_program(request, qs), program_id=program_id, status=status)
    return pagination.page(qs, cursor=cursor, limit=limit, render=pair_out)


@router.get("/pairs/{pair_id}", response=responses({200: PairOut}), url_name="pair_detail")
def pair_detail(request: Any, pair_id: int) -> dict[str, Any]:
    return pair_out(_pair(request, pair_id))


@router.get("/pairs/{pair_id}/meetings", response=responses({200: MeetingPage}),
            url_name="meeting_list")
def meeting_list(request: Any, pair_id: int, cursor: str | None = None,
                 limit: int = Query(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT)
                 ) -> dict[str, Any]:
    pair = _pair(request, pair_id)
    return pagination.page(pair_meetings(pair), cursor=cursor, limit=limit,
                           render=meeting_out)


@router.post("/pairs/{pair_id}/meetings", response=responses({201: list[MeetingOut]}),
             url_name="meeting_create")
def meeting_create(request: Any, pair_id: int, payload: MeetingIn
                   ) -> Status:
    """Schedule a meeting (a member of the pair's token; invitations with .ics go out)."""
    require_write(request)
    pair = _pair(request, pair_id)
    created = pair_services.meeting_schedule(
        pair=pair, by=user_of(request), local_date=payload.date, local_time=payload.time,
        time_zone=payload.time_zone, minutes=payload.minutes, channel=payload.channel,
        location=payload.location)
    return Status(201, [meeting_out(m) for m in created])


@router.post("/pairs/{pair_id}/meetings/{meeting_id}/confirm",
             response=responses({200: CheckInOut}), url_name="meeting_confirm")
def meeting_confirm(request: Any, pair_id: int, meeting_id: int,
                    payload: MeetingConfirmIn) -> dict[str, Any]:
    """A member's check-in after the meeting: held (with a rating), not held or rescheduled.
    Both members' answers make the meeting's outcome."""
    require_write(request)
    pair = _pair(request, pair_id)
    meeting = get_pair_meeting(pair, meeting_id)
    checkin = pair_services.checkin_submit(meeting=meeting, by=user_of(request),
                                           answer=payload.answer, rating=payload.rating,
                                           comment=payload.comment)
    meeting.refresh_from_db(fields=["outcome"])
    return {"meeting_id": meeting.pk, "role": checkin.role, "answer": checkin.answer,
            "rating": checkin.rating, "outcome": meeting.outcome}

"""The people of a pair (profile card, photo) and one meeting as a calendar file.

Profile and photo: the two members and HR of the program only (`access.get_visible_pair`);
everyone else gets a 404. Photos are never under a public MEDIA_URL: this view serves them.
"""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from terbalik.core.http import no_store

from .. import access, calendar, selectors
from ..services.common import enrollment_of, role_of

SIDES = ("mentor", "mentee")


def _side_or_404(side: str) -> str:
    if side not in SIDES:
        raise Http404
    return side


@no_store
@login_required
def profile(request: HttpRequest, pair_id: int, side: str) -> HttpResponse:
    pair, is_member = access.get_visible_pair(request.user, pair_id)
    side = _side_or_404(side)
    employee = enrollment_of(pair, side).employee
    card = selectors.person_card(
        pair, side, profile=selectors.profiles_by_employee([employee.pk]).get(employee.pk),
        now=timezone.now(),
    )
    return render(request, "pairs/profile.html", {
        "pair": pair, "card": card, "is_member": is_member,
        "is_self": role_of(pair, request.user) == side,
        "tz": zoneinfo.ZoneInfo(getattr(getattr(request.user, "employee", None), "time_zone", "")
                                or "Asia/Jakarta"),
    })


@no_store
@login_required
def photo(request: HttpRequest, pair_id: int, side: str) -> HttpResponse:
    pair, _member = access.get_visible_pair(request.user, pair_id)
    employee = enrollment_of(pair, _side_or_404(side)).employee
    found = selectors.profiles_by_employee([employee.pk]).get(employee.pk)
    if found is None or not found.photo:
        raise Http404
    return FileResponse(found.photo.open("rb"), content_type="image/jpeg")


@no_store
@login_required
def meeting_ics(request: HttpRequest, pair_id: int, meeting_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    meeting = access.get_pair_meeting(pair, meeting_id)
    meeting.pair = pair  # the members and program are loaded already
    response = HttpResponse(calendar.meeting_ics(meeting),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response

"""The people of a pair (profile card, photo) and one meeting as a calendar file.

Profile and photo: the two members and HR of the program only (`access.get_visible_pair`);
everyone else gets a 404. A member of a pair that has ended keeps the card without the photo
and the WhatsApp number (`access.shows_contact`). Photos are never under a public MEDIA_URL:
this view serves them.
"""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from terbalik.core import audit
from terbalik.core.http import no_store
from terbalik.people.photos import photo_response

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
    is_self = role_of(pair, request.user) == side
    employee = enrollment_of(pair, side).employee
    contact = access.shows_contact(pair, is_member=is_member, is_self=is_self)
    card = selectors.person_card(
        pair, side, profile=selectors.profiles_by_employee([employee.pk]).get(employee.pk),
        now=timezone.now(), contact=contact,
    )
    if not is_self:  # someone else's profile, with their contact details when shown
        audit.access(request, "pairs.partner_profile_viewed", employee,
                     program_id=pair.program_id, pair_id=pair.pk, side=side,
                     contact_details=contact)
    return render(request, "pairs/profile.html", {
        "pair": pair, "card": card, "is_member": is_member, "is_self": is_self,
        "tz": zoneinfo.ZoneInfo(getattr(getattr(request.user, "employee", None), "time_zone", "")
                                or "Asia/Jakarta"),
    })


@no_store
@login_required
def photo(request: HttpRequest, pair_id: int, side: str) -> HttpResponse:
    pair, is_member = access.get_visible_pair(request.user, pair_id)
    side = _side_or_404(side)
    if not access.shows_contact(pair, is_member=is_member,
                                is_self=role_of(pair, request.user) == side):
        raise Http404
    employee = enrollment_of(pair, side).employee
    return photo_response(selectors.profiles_by_employee([employee.pk]).get(employee.pk))


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

"""Who may see or change what in notify.

Preferences and the calendar page are the signed-in person's own (views take `request.user`,
never an id). A program's chat channels belong to the HR who manage the program: that rule is
the programs app's, so it is asked here, not restated. The calendar feed has no login: its
random token is the credential, and a deactivated account's feed is gone.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from terbalik.programs.access import get_managed_program

from . import selectors
from .models import CalendarFeed


def get_channels_program(user: Any, program_id: int) -> Any:
    """The program whose chat channels `user` may set (HR who manage it), else 404."""
    return get_managed_program(user, program_id)


def get_feed(token: str) -> CalendarFeed:
    """The calendar feed behind `token`, for an active account; 404 otherwise."""
    found = selectors.calendar_feed_for_token(token)
    if found is None or not found.user.is_active:
        raise Http404
    return found

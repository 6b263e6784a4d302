from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .access import HR_ROLES, has_role


def _hr_context(request: HttpRequest) -> dict[str, object]:
    return {"directory": selectors.directory_summary(request.user)}


def _sponsor_context(request: HttpRequest) -> dict[str, object]:
    return {}


def _participant_context(request: HttpRequest) -> dict[str, object]:
    """The participant's to-do list: per pair its progress and next steps, then the surveys
    due and the programs where they choose a mentor. Higher apps' selectors are read here
    (the home is the one page every app contributes to); the query count does not grow with
    the number of pairs."""
    from django.utils import timezone

    from terbalik.matching.selectors import choices_waiting
    from terbalik.pairs.selectors import home_pairs
    from terbalik.surveys.selectors import due_for

    now = timezone.now()
    pairs = home_pairs(request.user, now)
    surveys = due_for(request.user, now)
    choices = choices_waiting(request.user)
    return {
        "home_pairs": pairs,
        "due_surveys": surveys,
        "choices": choices,
        "nothing_to_do": not any(row["steps"] for row in pairs) and not surveys and not choices,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One home, three audiences: each role's partial gets its own context builder."""
    context: dict[str, object] = {"is_hr": has_role(request.user, *HR_ROLES)}
    if context["is_hr"]:
        context.update(_hr_context(request))
    elif request.user.is_sponsor:  # type: ignore[union-attr]
        context.update(_sponsor_context(request))
    else:
        context.update(_participant_context(request))
    return render(request, "core/home.html", context)

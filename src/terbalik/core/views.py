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
    return {}


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

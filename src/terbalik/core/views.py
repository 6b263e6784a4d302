from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .access import HR_ROLES, has_role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"is_hr": has_role(request.user, *HR_ROLES)}
    if context["is_hr"]:
        context["directory"] = selectors.directory_summary(request.user)
    return render(request, "core/home.html", context)

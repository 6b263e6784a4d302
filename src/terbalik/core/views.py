from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import HR_ROLES, employees_visible_to, has_role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"is_hr": has_role(request.user, *HR_ROLES)}
    if context["is_hr"]:
        context["directory"] = employees_visible_to(request.user).aggregate(
            total=Count("pk"),
            active=Count("pk", filter=Q(active=True)),
            departments=Count("department", distinct=True),
        )
    return render(request, "core/home.html", context)

"""HR: launch a program and watch pair health. Never notes; goal texts only when shared."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from terbalik.core.access import hr_required
from terbalik.core.http import no_store

from .. import access, selectors, services
from ..forms import LaunchForm, apply_errors
from ..models import Health

#: pairs per page of HR's list
PAGE_SIZE = 50


@no_store
@hr_required
def program_pairs(request: HttpRequest, program_id: int) -> HttpResponse:
    program, pairs = access.managed_pairs(request.user, program_id)
    health = request.GET.get("health", "")
    listed = selectors.hr_pair_list(pairs, health=health)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.hr_pair_rows(page.object_list)
    counts = selectors.active_health_counts(pairs)
    return render(request, "pairs/hr_pairs.html", {
        "program": program, "rows": rows, "health": health, "choices": Health.choices,
        "page": page, "query": f"health={health}" if health in Health.values else "",
        "counts": counts, "launch": selectors.program_launch_record(program),
    })


@no_store
@hr_required
def program_launch(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _pairs = access.managed_pairs(request.user, program_id)
    form = LaunchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tz = zoneinfo.ZoneInfo("Asia/Jakarta")
        kickoff = dt.datetime.combine(form.cleaned_data["date"], form.cleaned_data["time"],
                                      tzinfo=tz)
        try:
            services.program_launch(program=program, by=request.user, kickoff_at=kickoff,
                                    kickoff_place=form.cleaned_data["place"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Program launched; every pair got the announcement."))
            return redirect("pairs:program_pairs", program.pk)
    return render(request, "pairs/launch.html", {"program": program, "form": form})

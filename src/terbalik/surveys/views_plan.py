"""HR moves the dates of a sending the program's measurement plan scheduled."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.service_errors import ServiceError, form_error

from . import access, planning
from .forms import PlanDatesForm


@hr_required
@require_http_methods(["GET", "POST"])
def plan_dates(request: HttpRequest, link_id: int) -> HttpResponse:
    link = access.get_managed_plan_link(request.user, link_id)
    instance = link.instance
    form = PlanDatesForm(request.POST or None, initial={
        "opens_on": planning.at_local_date(instance.opens_at),
        "last_day": planning.last_day_of(instance),
    })
    if request.method == "POST" and form.is_valid():
        try:
            planning.plan_sending_move(link=link, by=request.user,
                                       opens_on=form.cleaned_data["opens_on"],
                                       last_day=form.cleaned_data["last_day"])
        except ServiceError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Dates of “%(title)s” saved.") % {"title": instance.title})
            return redirect("programs:overview", program_id=link.program_id)
    return render(request, "surveys/plan_dates.html",
                  {"form": form, "link": link, "instance": instance, "program": link.program})

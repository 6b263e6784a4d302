"""The what-if simulator: other matching settings against the program's, side by side."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.i18n import localize_number_fields
from terbalik.core.service_errors import form_error
from terbalik.programs.access import get_managed_program
from terbalik.programs.models import WEIGHT_FIELDS, Program, Seniority

from .. import selectors, services
from ..access import get_managed_simulation
from ..models import Population
from ..services.simulations import MAX_CAPACITY

POLL_SECONDS = 1


class SimulationForm(forms.Form):
    population = forms.ChoiceField(label=_("People"), choices=Population.choices,
                                   widget=forms.RadioSelect)
    weight_skill = forms.FloatField(label=_("skill weight"), min_value=0)
    weight_interest = forms.FloatField(label=_("interest weight"), min_value=0)
    weight_diversity = forms.FloatField(label=_("diversity weight"), min_value=0)
    seniority = forms.ChoiceField(label=_("Seniority rule"), choices=Seniority.choices)
    capacity = forms.IntegerField(
        label=_("Mentees per mentor"), required=False, min_value=1, max_value=MAX_CAPACITY,
        help_text=_("Empty: as many as each mentor offered."),
    )
    min_score_percent = forms.IntegerField(
        label=_("Lowest acceptable score (%)"), min_value=0, max_value=100, initial=0,
        help_text=_("Pairs scoring less are not made."),
    )
    objective = forms.ChoiceField(
        label=_("After matching as many mentees as possible"), widget=forms.RadioSelect,
        choices=(("total", _("Highest total score")), ("fair", _("Raise the worst match first"))),
        initial="total",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_number_fields(self, WEIGHT_FIELDS)  # "0,6" in Indonesian, "0.6" in English


def _initial(program: Program) -> dict[str, Any]:
    return {
        **{name: getattr(program, name) for name in WEIGHT_FIELDS},
        "seniority": program.seniority_rule,
        "population": Population.APPLICANTS,
        "min_score_percent": 0,
        "objective": "total",
    }


@hr_required
@require_http_methods(["GET", "POST"])
def simulate(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    form = SimulationForm(request.POST or None, initial=_initial(program))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            simulation = services.simulation_start(
                program=program, by=request.user, population=data["population"],
                weights={name: data[name] for name in WEIGHT_FIELDS},
                seniority=data["seniority"], capacity=data["capacity"],
                min_score_percent=data["min_score_percent"], objective=data["objective"],
            )
        except ValidationError as exc:
            form_error(form, exc)
        else:
            return redirect("matching:simulation", simulation_id=simulation.pk)
    return render(request, "matching/simulate.html", {
        "program": program, "form": form,
        "simulations": selectors.recent_simulations(program),
    })


@hr_required
@require_GET
def simulation_page(request: HttpRequest, simulation_id: int) -> HttpResponse:
    simulation = get_managed_simulation(request.user, simulation_id)
    return render(request, "matching/simulation.html", {
        "simulation": simulation, "program": simulation.program, "poll": POLL_SECONDS,
        "rows": selectors.simulation_rows(simulation),
    })


@hr_required
@require_GET
def simulation_status(request: HttpRequest, simulation_id: int) -> HttpResponse:
    """The live progress fragment (HTMX polls it); asks for a full reload when finished."""
    simulation = get_managed_simulation(request.user, simulation_id)
    response = render(request, "matching/_simulation_status.html",
                      {"simulation": simulation, "poll": POLL_SECONDS})
    if simulation.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response

"""HTMX fragment of the program design page: what the matching weights would do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from terbalik.core.access import hr_required
from terbalik.core.i18n import localize_number_fields
from terbalik.programs.access import get_managed_program
from terbalik.programs.models import WEIGHT_FIELDS, Program, weight_errors

from .. import selectors

#: the preview's default bar: half the best score the weights allow
DEFAULT_THRESHOLD = 50


class WeightsPreviewForm(forms.Form):
    weight_skill = forms.FloatField(label=_("skill weight"))
    weight_interest = forms.FloatField(label=_("interest weight"))
    weight_diversity = forms.FloatField(label=_("diversity weight"))
    threshold = forms.IntegerField(
        label=_("Good match from (% of the best possible score)"),
        min_value=0, max_value=100, initial=DEFAULT_THRESHOLD,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the design form shows "0,6" in Indonesian: read the weights the same way
        localize_number_fields(self, WEIGHT_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if all(name in data for name in WEIGHT_FIELDS):
            for name, message in weight_errors(data).items():
                self.add_error(name, message)
        return data


def preview_form(program: Program, data: Any = None) -> WeightsPreviewForm:
    initial = {name: getattr(program, name) for name in WEIGHT_FIELDS}
    return WeightsPreviewForm(data, initial={**initial, "threshold": DEFAULT_THRESHOLD})


@hr_required
@require_GET
def weights_preview(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    data = request.GET.copy()
    data.setdefault("threshold", str(DEFAULT_THRESHOLD))
    form = WeightsPreviewForm(data)
    counts = None
    if form.is_valid():
        d = form.cleaned_data
        counts = selectors.weights_preview(
            program, weights={n: d[n] for n in WEIGHT_FIELDS}, threshold=d["threshold"] / 100
        )
    return render(request, "matching/_weights_preview.html",
                  {"program": program, "form": form, "counts": counts})

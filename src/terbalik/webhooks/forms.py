from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from . import selectors, transport
from .models import Event


class SubscriptionForm(forms.Form):
    target_url = forms.CharField(
        label=_("Target URL"), max_length=500,
        widget=forms.URLInput(attrs={"class": "form-control", "inputmode": "url",
                                     "autocomplete": "url"}),
        help_text=_("The receiver's https:// address. Each delivery is a signed POST."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("For example the system that receives the events."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event from the list.")},
    )
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False,  # type: ignore[arg-type]
        empty_label=_("Every program"), widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Only this program's events; empty: every program."),
    )
    active = forms.BooleanField(label=_("Active (deliver events)"), required=False,
                                initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = selectors.programs_for_filter()  # type: ignore[attr-defined]

    def clean_target_url(self) -> str:
        """The same check as the service's, so every field's problem shows at once."""
        value = str(self.cleaned_data["target_url"]).strip()
        problem = transport.url_problem(
            value, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS)
        if problem:
            raise forms.ValidationError(problem)
        return value

"""The audit viewer's filter form: every field optional, a bad value is an error on its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import audit_labels
from .audit_trail import Filters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search",
                                      "placeholder": _("Action, object id or detail")}),
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)
    actor = forms.CharField(
        label=_("Who"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("Name or e-mail")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    target_type = forms.ChoiceField(label=_("Object type"), required=False)
    program = forms.TypedChoiceField(label=_("Program"), required=False, coerce=int,
                                     empty_value=None)

    def __init__(self, *args: Any, target_types: list[tuple[str, str]],
                 programs: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *audit_labels.KINDS]
        self.fields["action"].choices = [("", _("All actions")), *audit_labels.action_choices()]
        self.fields["target_type"].choices = [("", _("All types")), *target_types]
        self.fields["program"].choices = [("", _("All programs")), *programs]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("“Until” must not be before “From”."))
        return data

    def filters(self) -> Filters:
        """The valid filters; an unbound or invalid form filters on its valid fields only."""
        if not self.is_bound:
            return Filters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            start=data.get("start"), end=data.get("end"), actor=(data.get("actor") or "").strip(),
            kind=data.get("kind") or "", action=data.get("action") or "",
            target_type=data.get("target_type") or "", program=data.get("program"),
            q=(data.get("q") or "").strip(),
        )

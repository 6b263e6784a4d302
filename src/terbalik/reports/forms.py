from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from terbalik.accounts.models import Role, User


class SponsorForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Sponsor"), queryset=User.objects.none(), empty_label=_("Choose a sponsor"),
    )
    action = forms.ChoiceField(choices=[("add", _("Add")), ("remove", _("Remove"))],
                               widget=forms.HiddenInput, initial="add")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(role=Role.SPONSOR, is_active=True).order_by(
            "full_name", "email")
        field.label_from_instance = lambda u: f"{u.full_name or u.email} <{u.email}>"


class FeedbackFilterForm(forms.Form):
    """The feedback page's filters (GET). Invalid fields are reported and left out."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    pair = forms.TypedChoiceField(label=_("Pair"), required=False, coerce=int,
                                  empty_value=None)
    rating = forms.TypedChoiceField(
        label=_("Rating"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Any rating")), *[(i, str(i)) for i in range(1, 6)]])
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(label=_("Meeting or survey"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    group = forms.ChoiceField(label=_("Group by"), required=False, initial="pair",
                              choices=[("pair", _("Pair")), ("theme", _("Theme"))])

    def __init__(self, *args: Any, scope: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("pair", [("", _("Every pair")), *scope.pairs]),
                              ("source", [("", _("Meetings and surveys")), *scope.sources]),
                              ("theme", [("", _("Every theme")), *scope.themes])):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
        for field in self.fields.values():  # the project's widgets add form-select/-control
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select-sm" if select else "form-control-sm"

    def filters(self) -> Any:
        """The valid filters as `feedback_page.Filters` (invalid fields left out)."""
        from .feedback_page import Filters

        data = self.cleaned_data if self.is_bound else {}
        values = {k: data.get(k) for k in ("pair", "rating", "date_from", "date_to")
                  if k not in self.errors}
        texts = {k: data.get(k) or "" for k in ("source", "q", "theme", "group")
                 if k not in self.errors}
        return Filters(**values, **texts)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

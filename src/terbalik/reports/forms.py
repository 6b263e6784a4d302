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

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from terbalik.accounts.models import User
from terbalik.programs.models import Program

from .models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Client name"), max_length=100,
                           help_text=_("The system or script that will use the token, e.g. "
                                       "“HRIS nightly sync”."))
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, initial=Scope.READ)
    program = forms.ModelChoiceField(
        label=_("Limited to program"), queryset=Program.objects.none(), required=False,
        empty_label=_("All programs the account may see"))
    acts_as = forms.ModelChoiceField(
        label=_("Acts as"), queryset=User.objects.none(), required=False,
        empty_label=_("Me"),
        help_text=_("The token has this account's role and programs. Choose an HR program "
                    "manager to limit it to their programs."))

    def __init__(self, *args: Any, programs: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]
        self.fields["acts_as"].queryset = users  # type: ignore[attr-defined]

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CorrectionField


class AcceptNoticeForm(forms.Form):
    accept = forms.BooleanField(label=_("I have read the privacy notice and accept it."))
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["accept"].error_messages["required"] = _(
            "Tick the box to accept the privacy notice.")


class OptionalConsentForm(forms.Form):
    agreed = forms.BooleanField(
        label=_("I agree that my optional data (photo, WhatsApp number, interests) is kept "
                "and shown to my mentoring partner."),
        required=False,
    )


class InterestsForm(forms.Form):
    interests = forms.CharField(
        label=_("My interests"), required=False, max_length=500,
        help_text=_("Comma-separated. Optional data: shown to your mentoring partner and used "
                    "for matching in the programs you are in now."),
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I withdraw my consent: I leave my programs and my optional data is "
                "erased now."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["confirm"].error_messages["required"] = _(
            "Tick the box to confirm that you withdraw your consent.")


class CorrectionRequestForm(forms.Form):
    field = forms.ChoiceField(label=_("What is wrong"), choices=CorrectionField.choices)
    requested_value = forms.CharField(
        label=_("The correct value"), max_length=200,
        help_text=_("For your manager, write their name or employee ID; for your birth date, "
                    "YYYY-MM-DD."),
    )
    note = forms.CharField(label=_("Note for HR (optional)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class CorrectionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Correct the directory")), ("reject", _("Do not correct"))],
    )
    value = forms.CharField(
        label=_("Value to write"), max_length=200, required=False,
        help_text=_("Prefilled with what the person asked for; for a manager, the employee "
                    "ID."),
    )
    reason = forms.CharField(label=_("Reason (the person sees it)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

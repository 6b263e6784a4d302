from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .erasure_services import REASON_MAX


class OwnErasureForm(forms.Form):
    explanation = forms.CharField(
        label=_("Why (optional)"), required=False, max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("HR reads this before deciding; it is deleted with your data."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my name, e-mail address and texts will be removed and that "
                "I will no longer be able to sign in."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want your data "
                                      "erased.")},
    )


class RecordErasureForm(forms.Form):
    employee_id = forms.CharField(label=_("Employee ID"), max_length=64)
    explanation = forms.CharField(
        label=_("What the person asked (optional)"), required=False, max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Approve and erase now")), ("reject", _("Reject"))],
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the request; the person reads it when the request is rejected."),
        error_messages={"required": _("Give the reason for your decision.")},
    )

"""Forms of the pair workspace. They only collect input; services validate and write."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from terbalik.core.i18n import LocalDecimalField
from terbalik.programs.models import Cadence, Channel, ParticipantRole

from .models import CheckInAnswer, Touchpoint

COMMON_ZONES = [
    "Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Singapore", "Asia/Kuala_Lumpur",
    "Asia/Tokyo", "Australia/Sydney", "Europe/Amsterdam", "Europe/London", "America/New_York",
    "UTC",
]
REPEAT_CHOICES = [
    ("once", _("Once")),
    ("weekly", _("Weekly")),
    ("biweekly", _("Every two weeks")),
    ("monthly", _("Monthly")),
]


def zone_choices(extra: str = "") -> list[tuple[str, str]]:
    zones = list(COMMON_ZONES)
    if extra and extra not in zones and extra in zoneinfo.available_timezones():
        zones.insert(0, extra)
    return [(z, z) for z in zones]


FIELD_ALIASES = {"local_date": "date", "local_time": "time"}


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form, on the named field when there is one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = FIELD_ALIASES.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class AgreementForm(forms.Form):
    channels = forms.MultipleChoiceField(
        label=_("How you meet"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    cadence = forms.ChoiceField(label=_("How often"), choices=Cadence.choices)
    session_minutes = forms.IntegerField(label=_("Session length (minutes)"))
    touchpoint = forms.ChoiceField(label=_("Between meetings"), choices=Touchpoint.choices)
    touchpoint_note = forms.CharField(
        label=_("Touchpoint details"), required=False, max_length=300,
        help_text=_("For example: a short chat message every Friday about what you tried."),
    )
    expectations = forms.CharField(
        label=_("What we expect from each other"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalForm(forms.Form):
    statement = forms.CharField(
        label=_("Specific: what will change?"), widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    baseline_value = LocalDecimalField(label=_("Starting value"), initial=0, required=False)
    target_value = LocalDecimalField(
        label=_("Measurable: target value"), required=False,
        help_text=_("A number you can check, e.g. 3."),
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=50,
                           help_text=_("For example: dashboards, posts, %."))
    achievable = forms.CharField(label=_("Achievable: why is it realistic?"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    relevance = forms.CharField(label=_("Relevant: why does it matter?"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Time-bound: due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    milestones = forms.CharField(
        label=_("Milestones (one per line)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ProgressForm(forms.Form):
    value = LocalDecimalField(label=_("Current value"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))


class NoteForm(forms.Form):
    # the service says what is wrong with a note (empty, too long); the form only keeps the text
    body = forms.CharField(label=_("Shared note"), required=False, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class WhenForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[],
        help_text=_("The time zone of the date and time above; each of you sees the meeting "
                    "in your own time zone."),
    )

    def __init__(self, *args: Any, user_zone: str = "Asia/Jakarta", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("time_zone", user_zone)
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = zone_choices(user_zone)

    def when(self) -> dict[str, Any]:
        return {"local_date": self.cleaned_data["date"], "local_time": self.cleaned_data["time"],
                "time_zone": self.cleaned_data["time_zone"]}


class MeetingForm(WhenForm):
    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEAT_CHOICES, initial="once")
    count = forms.IntegerField(
        label=_("Number of meetings"), initial=1, min_value=1, max_value=26,
        help_text=_("For a series, e.g. 12 for weekly meetings over three months."),
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), required=False,
                                 help_text=_("Leave empty for the length in your agreement."))
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, required=False)
    location = forms.CharField(label=_("Place or link"), required=False, max_length=300)


class CheckInForm(forms.Form):
    answer = forms.ChoiceField(label=_("Did the meeting take place?"),
                               choices=CheckInAnswer.choices, widget=forms.RadioSelect)
    rating = forms.TypedChoiceField(
        label=_("How was it? (1 = poor, 5 = excellent)"), coerce=int, required=False,
        empty_value=None, choices=[(i, str(i)) for i in range(1, 6)], widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment (optional)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Your program's HR team can read it."))


class LaunchForm(forms.Form):
    date = forms.DateField(label=_("Kickoff date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Kickoff time"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Place or link"), required=False, max_length=300)


class NudgeForm(forms.Form):
    """HR's message to one member of a pair; `token` (made when the form is shown) keeps a
    double submit to one nudge and one e-mail."""

    to = forms.ChoiceField(label=_("To"), choices=ParticipantRole.choices,
                           widget=forms.HiddenInput)
    body = forms.CharField(label=_("Message"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Sent by e-mail as written, with a greeting and a link to "
                                       "the pair's workspace in the recipient's language."))
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

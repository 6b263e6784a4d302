from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from terbalik.core.i18n import localize_number_fields
from terbalik.skills.forms import SkillsField, offer_taxonomy

from . import measurement, program_templates
from .intake import normalise_items
from .models import (
    Channel,
    MeasurementPhase,
    ParticipantRole,
    Program,
    Respondents,
)

GOAL_FIELDS = [
    "name",
    "description",
    "objective",
    "objective_other",
    "method",
    "goal_specific",
    "goal_metric",
    "goal_target_value",
    "goal_unit",
    "goal_direction",
    "goal_achievable",
    "goal_relevance",
    "goal_deadline",
    "success_criteria",
]

DESIGN_FIELDS = [
    "mentor_grade_min",
    "mentor_grade_max",
    "mentee_grade_min",
    "mentee_grade_max",
    "min_grade_gap",
    "seniority_rule",
    "departments_included",
    "departments_excluded",
    "min_tenure_months",
    "enrollment_mode",
    "mentee_places",
    "mentor_places",
    "term",
    "start_date",
    "end_date",
    "pair_months",
    "cadence",
    "session_minutes",
    "channels",
    "training_pass_percent",
    "expectations",
    "commitment",
    "matching_mode",
    "weight_skill",
    "weight_interest",
    "weight_diversity",
    "manager_approval",
    "manager_approval_days",
    "manager_silence",
    "min_mentors_before_choice",
]

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TemplateChoiceForm(forms.Form):
    template = forms.ChoiceField(label=_("Start from"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(t.key, t.title(language)) for t in program_templates.TEMPLATES.values()]
        self.fields["template"].choices = choices + [("blank", _("A blank program"))]


class ProgramGoalForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = GOAL_FIELDS
        widgets = {
            "description": TEXTAREA,
            "method": TEXTAREA,
            "goal_specific": TEXTAREA,
            "goal_achievable": TEXTAREA,
            "goal_relevance": TEXTAREA,
            "success_criteria": TEXTAREA,
            "goal_deadline": DATE,
        }
        help_texts = {
            "goal_specific": _("Specific: what exactly should change, for whom."),
            "goal_metric": _("Measurable: the number you will look at."),
            "goal_unit": _("A unit with “%” is a change relative to the mean before (e.g. "
                           "“% increase”); any other unit is a change in points on the "
                           "measure's own scale."),
            "goal_deadline": _("Time-bound: by when."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_number_fields(self, ["goal_target_value"])


class ListField(forms.CharField):
    """Comma-separated text ↔ a list of strings (kept as typed, without duplicates)."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value)
        items: list[str] = []
        for part in text.replace("\n", ",").split(","):
            part = " ".join(part.split())
            if part and part not in items:
                items.append(part)
        return items


class ProgramDesignForm(forms.ModelForm):
    departments_included = ListField(
        label=_("Departments included"),
        required=False,
        help_text=_("Comma-separated; empty means every department."),
    )
    departments_excluded = ListField(
        label=_("Departments excluded"), required=False, help_text=_("Comma-separated.")
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels offered"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Program
        fields = DESIGN_FIELDS
        widgets = {
            "expectations": TEXTAREA,
            "commitment": TEXTAREA,
            "start_date": DATE,
            "end_date": DATE,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localize_number_fields(self, ["weight_skill", "weight_interest", "weight_diversity"])


class MeasurementItemForm(forms.Form):
    """One plan line. The blank line for a new item must render exactly as its initial values
    (an empty survey choice, "before", 0, both), so that an untouched blank line is recognised
    as unchanged and is not saved as an extra item."""

    template_key = forms.ChoiceField(label=_("Survey or test"), choices=measurement.choices)
    phase = forms.ChoiceField(
        label=_("When"), choices=MeasurementPhase.choices, initial=MeasurementPhase.BEFORE
    )
    offset_days = forms.IntegerField(
        label=_("Days from that moment"), initial=0, min_value=-365, max_value=365
    )
    respondents = forms.ChoiceField(
        label=_("Who answers"), choices=Respondents.choices, initial=Respondents.BOTH
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template_key"].choices = [
            ("", _("Choose a survey or test")),
            *measurement.choices(),
        ]


MeasurementPlanFormSet = forms.formset_factory(
    MeasurementItemForm, extra=1, can_delete=True, max_num=20
)


class ApplyForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I want to join as"), choices=ParticipantRole.choices, widget=forms.RadioSelect
    )
    skills_wanted = SkillsField(
        label=_("Skills I want to develop (mentees)"),
        required=False,
        help_text=_("Type to search, in Indonesian or English (e.g. medsos, data analysis), "
                    "and pick one or more."),
    )
    skills_offered = SkillsField(
        label=_("Skills I can teach (mentors)"),
        required=False,
        help_text=_("Type to search, in Indonesian or English (e.g. medsos, data analysis), "
                    "and pick one or more."),
    )
    skills_other = forms.CharField(
        label=_("Other skills not in the list"),
        required=False,
        max_length=500,
        help_text=_("Comma-separated. We match what we recognise; HR sees the rest."),
    )
    interests = SkillsField(label=_("Interests"), required=False)
    languages = forms.CharField(
        label=_("Languages I can mentor or be mentored in"), required=False, initial="id"
    )
    capacity = forms.IntegerField(
        label=_("How many mentees I can take (mentors)"),
        min_value=1,
        max_value=5,
        initial=1,
        required=False,
    )
    channels = forms.MultipleChoiceField(
        label=_("Preferred channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    commitment = forms.BooleanField(label=_("I accept the commitment statement above."))
    # issue 20: the privacy notice is accepted with the application (required); optional
    # data (the free-text interests) needs its own, separate consent and is never required
    privacy_notice = forms.BooleanField(
        label=_("I have read the privacy notice and accept how my data is used."),
        help_text=_("The privacy notice is linked above the questions."),
    )
    optional_data = forms.BooleanField(
        label=_("Optional: I agree that my interests are kept and used to find me a partner."),
        required=False,
    )

    #: questions only one role answers
    ROLE_ONLY = {
        ParticipantRole.MENTEE: ("skills_wanted",),
        ParticipantRole.MENTOR: ("skills_offered", "capacity"),
    }

    def __init__(self, *args: Any, role: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_role = role
        for name in ("skills_wanted", "skills_offered", "interests"):
            offer_taxonomy(self.fields[name], interests=name == "interests")
        if role:
            # the role is known (invitation, or "apply as a mentee"): ask only its questions
            del self.fields["role"]
            for other, names in self.ROLE_ONLY.items():
                if other != role:
                    for name in names:
                        del self.fields[name]
        self.fields["commitment"].error_messages["required"] = _(
            "Accept the commitment statement to take part."
        )
        self.fields["privacy_notice"].error_messages["required"] = _(
            "Accept the privacy notice to take part."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role = self.fixed_role or data.get("role")
        other = normalise_items(data.get("skills_other", ""))
        if role == ParticipantRole.MENTEE and not (data.get("skills_wanted") or other):
            self.add_error("skills_wanted", _("Name at least one skill you want to develop."))
        if role == ParticipantRole.MENTOR and not (data.get("skills_offered") or other):
            self.add_error("skills_offered", _("Name at least one skill you can teach."))
        if normalise_items(data.get("interests", "")) and not data.get("optional_data"):
            self.add_error("interests", _(
                "Interests are optional data: tick the box agreeing to optional data, or "
                "leave them empty."))
        return data

    @property
    def chosen_role(self) -> str:
        return self.fixed_role or self.cleaned_data["role"]

    def intake(self) -> dict[str, Any]:
        data = self.cleaned_data
        other = [data["skills_other"]] if data.get("skills_other", "").strip() else []
        mentor = self.chosen_role == ParticipantRole.MENTOR
        return {
            "skills_wanted": [*data.get("skills_wanted", []), *([] if mentor else other)],
            "skills_offered": [*data.get("skills_offered", []), *(other if mentor else [])],
            "interests": data.get("interests", []),
            "languages": data.get("languages", ""),
            "capacity": data.get("capacity") or 1,
            "channels": data.get("channels", []),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, the person will see it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


AGE_BANDS = [
    ("", _("All ages")),
    ("u30", _("Under 30")),
    ("30_39", _("30–39")),
    ("40_49", _("40–49")),
    ("50p", _("50 and over")),
]


class InviteFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Invite as"), choices=ParticipantRole.choices)
    department = forms.ChoiceField(label=_("Department"), required=False)
    grade_min = forms.IntegerField(label=_("Grade from"), required=False, min_value=0)
    grade_max = forms.IntegerField(label=_("Grade to"), required=False, min_value=0)
    age_band = forms.ChoiceField(label=_("Age"), choices=AGE_BANDS, required=False)

    def __init__(self, *args: Any, departments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d, d) for d in departments
        ]


class ClosingSummaryForm(forms.Form):
    summary = forms.CharField(label=_("Closing summary"), widget=forms.Textarea(attrs={"rows": 4}))


class DirectEnrolFilterForm(InviteFilterForm):
    """Find people in the directory to enrol directly: the invitation filters plus a search."""

    q = forms.CharField(
        label=_("Name, e-mail or employee ID"), required=False, max_length=100
    )

    def __init__(self, *args: Any, departments: list[str], **kwargs: Any) -> None:
        super().__init__(*args, departments=departments, **kwargs)
        self.fields["role"].label = _("Enrol as")
        self.order_fields(["q", "role", "department", "grade_min", "grade_max", "age_band"])

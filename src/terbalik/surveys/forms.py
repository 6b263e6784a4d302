"""Forms: survey and question builder, sendings, recipient filters, and the answer form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbalik.accounts.models import Role
from terbalik.people.forms import counted
from terbalik.programs.models import Program
from terbalik.skills.forms import skills_field

from .answering import normalize_answer
from .models import (
    DEFAULT_RESPONSE_TARGET,
    Kind,
    Phase,
    ProfileField,
    Question,
    QuestionType,
    SurveyInstance,
)
from .services import QuestionData

TEXTAREA_SMALL = {"rows": 3}


class SurveyForm(forms.Form):
    title_id = forms.CharField(label=_("Title (Indonesian)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_id = forms.CharField(
        label=_("Introduction (Indonesian)"), required=False,
        widget=forms.Textarea(attrs=TEXTAREA_SMALL),
    )
    description_en = forms.CharField(
        label=_("Introduction (English)"), required=False,
        widget=forms.Textarea(attrs=TEXTAREA_SMALL),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices, initial=Kind.CUSTOM)

    def __init__(self, *args: Any, with_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_kind:
            del self.fields["kind"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("title_id", "").strip() or data.get("title_en", "").strip()):
            self.add_error("title_id", _("Give the survey a title in at least one language."))
        return data

    @property
    def title(self) -> dict[str, str]:
        return {"id": self.cleaned_data["title_id"], "en": self.cleaned_data["title_en"]}

    @property
    def description(self) -> dict[str, str]:
        return {
            "id": self.cleaned_data["description_id"],
            "en": self.cleaned_data["description_en"],
        }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines()]


def _option_values(old: list[dict[str, Any]], labels: list[dict[str, str]]) -> list[str]:
    """The stored value of each typed option line, so that editing never remaps answers.

    Option values are what answers and matching profiles store (e.g. "jv" for Javanese), so a
    line keeps the value of the existing option with the same label in either language, wherever
    the line moved. A reworded line keeps the value of the option that stood at its place if that
    option was not matched otherwise; any other line gets a new value no option ever had.
    """

    def norm(text: Any) -> str:
        return " ".join(str(text or "").split()).casefold()

    unused = list(range(len(old)))
    values: list[str | None] = [None] * len(labels)
    for i, label in enumerate(labels):
        typed = {norm(label["id"]), norm(label["en"])} - {""}
        for j in unused:
            known = {norm(t) for t in (old[j].get("label") or {}).values()} - {""}
            if typed & known:
                values[i] = str(old[j]["value"])
                unused.remove(j)
                break
    for i in range(len(labels)):
        if values[i] is None and i in unused:
            values[i] = str(old[i]["value"])
            unused.remove(i)
    taken = {str(o["value"]) for o in old} | {v for v in values if v is not None}
    n = 1
    for i in range(len(labels)):
        if values[i] is None:
            while f"o{n}" in taken:
                n += 1
            values[i] = f"o{n}"
            taken.add(values[i])
    return [str(v) for v in values]


class QuestionForm(forms.Form):
    """One question; options and scale labels are typed one per line in each language."""

    type = forms.ChoiceField(label=_("Question type"), choices=QuestionType.choices)
    text_id = forms.CharField(
        label=_("Question (Indonesian)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_en = forms.CharField(
        label=_("Question (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    help_id = forms.CharField(label=_("Help text (Indonesian)"), required=False)
    help_en = forms.CharField(label=_("Help text (English)"), required=False)
    options_id = forms.CharField(
        label=_("Options (Indonesian), one per line"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choice and test questions."),
    )
    options_en = forms.CharField(
        label=_("Options (English), one per line, same order"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    correct = forms.CharField(
        label=_("Correct options"), required=False, max_length=50,
        help_text=_(
            "Test questions: the numbers of the correct options, e.g. “2” or “1, 3”. With several "
            "correct options each right tick earns a share of the points and each wrong tick "
            "takes one away (never below zero)."
        ),
    )
    points = forms.IntegerField(label=_("Points"), required=False, min_value=0, max_value=100)
    min_value = forms.IntegerField(label=_("Lowest value"), required=False)
    max_value = forms.IntegerField(label=_("Highest value"), required=False)
    scale_id = forms.CharField(
        label=_("Scale labels (Indonesian), one per point from lowest to highest"),
        required=False, widget=forms.Textarea(attrs={"rows": 5}),
    )
    scale_en = forms.CharField(
        label=_("Scale labels (English), one per point from lowest to highest"),
        required=False, widget=forms.Textarea(attrs={"rows": 5}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    confidential = forms.BooleanField(
        label=_("Confidential: show only aggregates of at least five people"), required=False
    )
    profile_field = forms.ChoiceField(
        label=_("Feeds the matching profile field"), choices=ProfileField.choices, required=False
    )

    FIELD_FOR = {
        "text": "text_id", "options": "options_id", "points": "points",
        "max_value": "max_value", "type": "type", "profile_field": "profile_field",
    }

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        self.question = question
        if question is not None and not kwargs.get("data") and not args:
            kwargs["initial"] = self.initial_for(question)
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_for(q: Question) -> dict[str, Any]:
        options = q.options or []
        low = q.min_value if q.min_value is not None else 1
        high = q.max_value if q.max_value is not None else 5
        points = range(low, high + 1) if q.type == QuestionType.LIKERT else []
        return {
            "type": q.type,
            "text_id": q.text.get("id", ""),
            "text_en": q.text.get("en", ""),
            "help_id": (q.help_text or {}).get("id", ""),
            "help_en": (q.help_text or {}).get("en", ""),
            "options_id": "\n".join(o["label"].get("id", "") for o in options),
            "options_en": "\n".join(o["label"].get("en", "") for o in options),
            "correct": ", ".join(str(i) for i, o in enumerate(options, 1) if o.get("correct")),
            "points": q.points or None,
            "min_value": q.min_value,
            "max_value": q.max_value,
            "scale_id": "\n".join(
                (q.scale_labels.get(str(v)) or {}).get("id", "") for v in points
            ),
            "scale_en": "\n".join(
                (q.scale_labels.get(str(v)) or {}).get("en", "") for v in points
            ),
            "required": q.required,
            "confidential": q.confidential,
            "profile_field": q.profile_field,
        }

    def clean_correct(self) -> list[int]:
        raw = self.cleaned_data.get("correct", "")
        numbers = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or int(part) < 1:
                raise ValidationError(_("Write option numbers separated by commas, e.g. “1, 3”."))
            numbers.append(int(part))
        return numbers

    def to_data(self) -> QuestionData:
        d = self.cleaned_data
        ids, ens = _lines(d["options_id"]), _lines(d["options_en"])
        count = max(len(ids), len(ens))
        labels = [
            {"id": ids[i] if i < len(ids) else "", "en": ens[i] if i < len(ens) else ""}
            for i in range(count)
        ]
        values = _option_values(self.question.options if self.question is not None else [],
                                labels)
        options = []
        for i, label in enumerate(labels):
            if not (label["id"] or label["en"]):
                continue
            options.append(
                {"value": values[i], "label": label, "correct": (i + 1) in d["correct"]}
            )
        scale: dict[str, dict[str, str]] = {}
        if d["type"] == QuestionType.LIKERT:
            low = 1 if d["min_value"] is None else d["min_value"]
            high = 5 if d["max_value"] is None else d["max_value"]
            sid, sen = _lines(d["scale_id"]), _lines(d["scale_en"])
            for i, value in enumerate(range(low, high + 1)):
                scale[str(value)] = {
                    "id": sid[i] if i < len(sid) else "", "en": sen[i] if i < len(sen) else ""
                }
        return QuestionData(
            type=d["type"],
            text={"id": d["text_id"], "en": d["text_en"]},
            help_text={"id": d["help_id"], "en": d["help_en"]},
            section=dict(self.question.section) if self.question is not None else {},
            required=d["required"],
            confidential=d["confidential"],
            options=options,
            scale_labels=scale,
            min_value=d["min_value"],
            max_value=d["max_value"],
            points=d["points"] or 0,
            profile_field=d["profile_field"] or "",
            key=self.question.key if self.question is not None else "",
        )

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(self.FIELD_FOR.get(name), message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TargetForm(forms.Form):
    response_target = forms.IntegerField(
        label=_("Response target (%)"), min_value=1, max_value=100,
        initial=DEFAULT_RESPONSE_TARGET,
        help_text=_("Your home flags this sending while a smaller share of its recipients "
                    "has answered (1 to 100)."),
    )


class InstanceForm(TargetForm):
    title = forms.CharField(label=_("Title of this sending"), max_length=200)
    opens_at = forms.DateTimeField(
        label=_("Opens (Western Indonesia Time)"), widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    closes_at = forms.DateTimeField(
        label=_("Closes (Western Indonesia Time)"), widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    phase = forms.ChoiceField(label=_("Measurement"), choices=Phase.choices, initial=Phase.NONE)
    pre_instance = forms.ModelChoiceField(
        label=_("Compare with this “before” sending"),
        queryset=SurveyInstance.objects.none(),
        required=False,
        help_text=_("Only for an “after” sending: results then show the before/after comparison."),
    )
    field_order = ["title", "opens_at", "closes_at", "phase", "pre_instance", "response_target"]

    def __init__(self, *args: Any, pre_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["response_target"].required = False  # left empty: the default target
        if pre_choices is not None:
            self.fields["pre_instance"].queryset = pre_choices
        if not self.is_bound:
            now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
            self.initial.setdefault("opens_at", now)
            self.initial.setdefault("closes_at", now + timedelta(days=14))

    def clean_response_target(self) -> int:
        target = self.cleaned_data.get("response_target")
        return DEFAULT_RESPONSE_TARGET if target is None else target


ROLE_CHOICES = [("", _("Any role")), *Role.choices]


AUDIENCE_CHOICES = [
    ("", _("Mentors and mentees")),
    ("mentee", _("Mentees only")),
    ("mentor", _("Mentors only")),
]


class RecipientFilterForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=None, required=False, empty_label=_("Any program"),
        help_text=_("Only the program's approved participants."),
    )
    audience = forms.ChoiceField(label=_("Who in the program"), choices=AUDIENCE_CHOICES,
                                 required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    grade_min = forms.IntegerField(label=_("Grade from"), required=False, min_value=0)
    grade_max = forms.IntegerField(label=_("Grade up to"), required=False, min_value=0)
    role = forms.ChoiceField(label=_("Account role"), choices=ROLE_CHOICES, required=False)

    def __init__(
        self, *args: Any, departments: list[tuple[str, int]], programs: Any = None,
        **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = (
            programs if programs is not None else Program.objects.none()
        )
        self.fields["department"].choices = [("", _("All departments")), *counted(departments)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("grade_min"), data.get("grade_max")
        if low is not None and high is not None and low > high:
            self.add_error("grade_max", _("“Grade up to” must not be below “Grade from”."))
        if data.get("audience") and not data.get("program"):
            self.add_error("program", _("Choose the program whose mentors or mentees you mean."))
        return data


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """Built from a version's questions. Required-ness is checked by `response_submit`, so
    people can save a partial response; values are checked here and again by the service."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[field_name(q)] = self._field_for(q, self.initial.get(field_name(q)))

    @staticmethod
    def _field_for(q: Question, saved: Any = None) -> forms.Field:
        kept = [str(v) for v in saved] if isinstance(saved, list) else []
        label = q.display_text
        if q.type == QuestionType.LIKERT:
            return forms.TypedChoiceField(
                label=label, required=False, coerce=int,
                choices=[(v, lab or str(v)) for v, lab in q.scale_points()],
                widget=forms.RadioSelect,
            )
        if q.is_skills:
            return skills_field(label, interests=q.skill_interests, keep=kept,
                                described_by=[f"id_{field_name(q)}-help"] if q.display_help
                                else [])
        if q.is_choice and q.is_multi:
            return forms.MultipleChoiceField(
                label=label, required=False, choices=q.option_choices(),
                widget=forms.CheckboxSelectMultiple,
            )
        if q.is_choice:
            return forms.ChoiceField(
                label=label, required=False, choices=q.option_choices(), widget=forms.RadioSelect
            )
        if q.type == QuestionType.NUMBER:
            return forms.CharField(
                label=label, required=False, max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        if q.type == QuestionType.LONG_TEXT:
            return forms.CharField(
                label=label, required=False, max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        return forms.CharField(label=label, required=False, max_length=500)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for q in self.questions:
            name = field_name(q)
            if name in data:
                _value, error = normalize_answer(q, data[name], saved=self.initial.get(name))
                if error:
                    self.add_error(name, error)
        return data

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}

    def attach(self, errors: dict[int | None, str]) -> None:
        for qid, message in errors.items():
            name = None if qid is None else f"q{qid}"
            if name is not None and name not in self.fields:
                name = None
            self.add_error(name, message)

    @staticmethod
    def initial_from(answers: dict[int, Any]) -> dict[str, Any]:
        return {f"q{qid}": value for qid, value in answers.items()}


class PlanDatesForm(forms.Form):
    """HR moves a sending the measurement plan scheduled (checked by `planning`)."""

    opens_on = forms.DateField(label=_("Opens on (00:00)"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Last day to answer"),
                               widget=forms.DateInput(attrs={"type": "date"}))

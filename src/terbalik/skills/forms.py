"""Forms of the skills pages, and the skills field intake forms use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Category, Skill
from .normalise import split_terms

STATES = [("", _("Active and inactive")), ("active", _("Active only")),
          ("inactive", _("Inactive only"))]


class SkillSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=120)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("All categories")), *Category.choices])
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)


class SkillForm(forms.Form):
    label_id = forms.CharField(label=_("Indonesian label"), max_length=120)
    label_en = forms.CharField(label=_("English label"), max_length=120)
    synonyms_id = forms.CharField(
        label=_("Indonesian synonyms"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or comma-separated, e.g. slang and loanwords people type."))
    synonyms_en = forms.CharField(
        label=_("English synonyms"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or comma-separated."))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    active = forms.BooleanField(
        label=_("Active (offered on intake forms and used to map free text)"), required=False)

    @classmethod
    def initial_of(cls, skill: Skill) -> dict[str, Any]:
        return {"label_id": skill.label_id, "label_en": skill.label_en,
                "synonyms_id": "\n".join(skill.synonyms_id),
                "synonyms_en": "\n".join(skill.synonyms_en),
                "category": skill.category, "active": skill.active}


class SkillAddForm(SkillForm):
    """A new skill: the edit form without the active flag (a new skill is active)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["active"]

    def skill_fields(self) -> dict[str, Any]:
        """The cleaned labels, synonyms and category, as `skill_create` takes them."""
        return {name: self.cleaned_data[name] for name in self.fields}


class MergeChooseForm(forms.Form):
    into = forms.ChoiceField(label=_("Merge into"))

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [("", _("Choose the skill to keep")), *targets]


class SkillsSelect(forms.SelectMultiple):
    """A plain <select multiple> the vendored combobox script enhances (see combobox.js)."""

    #: id -> the words it answers to (labels, synonyms): the combobox searches them too
    terms: dict[str, tuple[str, ...]]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({
            "data-skill-combobox": "", "class": "form-select", "size": "8",
            "data-text-placeholder": _("Type to search…"),
            "data-text-chosen": _("Chosen"),
            "data-text-remove": _("Remove %s"),
            "data-text-removed": _("%s removed"),
            "data-text-added": _("%s added"),
            "data-text-count": _("%s results; use the up and down arrows, Enter picks"),
            "data-text-none": _("No skill matches; type it under “Other skills” instead"),
            **(attrs or {})})
        self.terms = {}

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None
                      ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        words = self.terms.get(str(value))
        if words:
            option["attrs"]["data-terms"] = " | ".join(words)
        return option

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None
                  ) -> list[Any]:
        """The choices, then what was typed freely (kept selected so nothing is lost)."""
        groups = super().optgroups(name, value, attrs)
        known = {str(v) for _g, options, _i in groups for o in options for v in [o["value"]]}
        extra = [v for v in value if v and v not in known]
        for offset, text in enumerate(extra):
            groups.append((None, [self.create_option(name, text, text, True,
                                                     len(groups) + offset)], len(groups)))
        return groups

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter is not None else data.get(name)


class SkillsField(forms.MultipleChoiceField):
    """Canonical ids chosen in the list, or free text (comma-separated) typed where the list
    is not used (older clients, the API): everything is kept and mapped by the service."""

    widget = SkillsSelect

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        return split_terms(value if isinstance(value, list | tuple) else [value])

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        limit = settings.SKILLS_MAX_PER_PERSON
        if len(value) > limit:
            raise forms.ValidationError(
                _("Choose at most %(limit)s."), code="too_many", params={"limit": limit})


def offer_taxonomy(field: SkillsField, *, interests: bool = False,
                   keep: Iterable[str] = ()) -> None:
    """Offer the taxonomy's skills (or interests) in the reader's language, searchable by
    their labels and synonyms in both languages; ids in `keep` (already chosen) are offered,
    with their labels, even when deactivated since."""
    from .selectors import skill_choices, taxonomy

    field.choices = skill_choices(interests=interests, keep=keep)
    field.widget.terms = {slug: entry.terms for slug, entry in taxonomy().entries.items()}


def skills_field(label: str, *, interests: bool = False, required: bool = False,
                 described_by: list[str] | None = None, keep: Iterable[str] = ()) -> SkillsField:
    """A skills field where no "other skills" box follows (the intake surveys)."""
    attrs: dict[str, Any] = {"data-text-none": _("No skill matches; try another word.")}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    field = SkillsField(label=label, required=required, widget=SkillsSelect(attrs=attrs))
    offer_taxonomy(field, interests=interests, keep=keep)
    return field

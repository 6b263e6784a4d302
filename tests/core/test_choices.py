"""`ChoiceLabels` (core/choices.py): get_FOO_display() gives what Django's own gives, for every
choice field of the models that use it, every value, in both languages."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from terbalik.core.choices import LABELS, ChoiceLabels

MODELS = [model for model in apps.get_models() if issubclass(model, ChoiceLabels)]


def test_the_hot_models_use_it():
    names = {model.__name__ for model in MODELS}
    assert {"Pair", "Meeting", "Agreement", "Goal", "CheckIn"} <= names


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_value_reads_as_django_reads_it(model, language):
    fields = [field for field in model._meta.concrete_fields if field.choices]
    assert fields
    with translation.override(language):
        for field in fields:
            values = [value for value, _label in field.flatchoices] + ["", "unknown", None]
            for value in values:
                instance = model()
                setattr(instance, field.attname, value)
                ours = getattr(instance, f"get_{field.name}_display")()
                theirs = Model._get_FIELD_display(instance, field)
                assert ours == theirs and type(ours) is type(theirs)


def test_labels_follow_the_language_and_new_choices():
    from terbalik.pairs.models import Meeting

    field = Meeting._meta.get_field("outcome")
    meeting = Meeting(outcome="held")
    with translation.override("en"):
        english = meeting.get_outcome_display()
    with translation.override("id"):
        indonesian = meeting.get_outcome_display()
    assert english != indonesian  # translated when asked, not when kept
    saved = field.choices
    try:
        field.choices = [("held", "Took place (changed)")]
        assert meeting.get_outcome_display() == "Took place (changed)"
    finally:
        field.choices = saved
        field.__dict__.pop(LABELS, None)
    with translation.override("en"):
        assert meeting.get_outcome_display() == english

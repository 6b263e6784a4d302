"""Every model that points at a person (directly or through other models) with a text field:
each such field is either changed by the erasure or listed as not personal, with a reason.
A new model or field fails here until somebody decides."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from terbalik.privacy.erasure_registry import HANDLED, NOT_PERSONAL

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.FileField,
               models.BinaryField)


def reachable_from_person() -> set[type[models.Model]]:
    """Employee and User, and every model with a relation to a model already reached."""
    start = {apps.get_model("people", "Employee"), apps.get_model("accounts", "User")}
    reached = set(start)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in reached:
                continue
            for field in model._meta.get_fields():
                if field.is_relation and field.concrete and field.related_model in reached:
                    reached.add(model)
                    changed = True
                    break
    return reached


def text_fields(model: type[models.Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)
            and not f.primary_key]


def test_every_text_field_reachable_from_a_person_is_decided():
    undecided = []
    for model in sorted(reachable_from_person(), key=lambda m: m._meta.label_lower):
        label = model._meta.label_lower
        listed = NOT_PERSONAL.get(label, {})
        for name in text_fields(model):
            if name in HANDLED.get(label, set()) or name in listed or "*" in listed:
                continue
            if name == "password" or (label, name) == ("accounts.user", "last_login"):
                continue
            undecided.append(f"{label}.{name}")
    assert undecided == [], (
        "Decide what erasure does with these fields (privacy/erasure_registry.py HANDLED or "
        f"NOT_PERSONAL with a reason): {undecided}")


def test_every_reason_is_given_and_names_real_fields():
    for label, fields in NOT_PERSONAL.items():
        for name, why in fields.items():
            assert len(why) > 5, f"{label}.{name} needs a reason"
    known = {m._meta.label_lower: {f.name for f in m._meta.concrete_fields}
             for m in apps.get_models()}
    for label, names in [*HANDLED.items(), *((k, set(v)) for k, v in NOT_PERSONAL.items())]:
        assert label in known, f"{label} is not a model"
        assert names - {"*"} <= known[label], f"{label}: {names - known[label] - {'*'}}"


def test_the_walk_reaches_the_person_s_free_text():
    labels = {m._meta.label_lower for m in reachable_from_person()}
    assert {"pairs.note", "pairs.checkin", "surveys.answer", "pairs.milestone",
            "people.profile", "matching.matchrun"} <= labels

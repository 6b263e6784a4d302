"""`get_FOO_display()` without rebuilding the field's choices on every call (issue 18).

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` on every
call: it flattens the choices and hashes each (value, label) pair, and hashing a lazy label
translates it, so one `{{ meeting.get_outcome_display }}` translated every label of the
field (~0.4 ms for a meeting's outcome on the pair page, most requested). The mapping from a
value to its lazy label is the same for as long as the field's choices are the same object
(Django's setter replaces them, never changes them), so `ChoiceLabels` builds it once per
field and choices object and then translates only the label asked for, as Django does:
the same text, byte for byte (tests/core/test_choices.py compares both).
"""

from __future__ import annotations

from typing import Any

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

#: the attribute of a field holding (its choices object, value -> label) once built
LABELS = "_terbalik_choice_labels"


def choice_labels(field: Any) -> dict[Any, Any]:
    """`dict(make_hashable(field.flatchoices))`, kept on the field for its choices object."""
    choices = field.choices
    kept = field.__dict__.get(LABELS)
    if kept is None or kept[0] is not choices:
        kept = (choices, dict(make_hashable(field.flatchoices)))
        field.__dict__[LABELS] = kept
    return kept[1]


class ChoiceLabels:
    """Model mixin: the `get_FOO_display()` of every field with choices reads the labels
    kept by `choice_labels`; the result is Django's (`Model._get_FIELD_display`)."""

    def _get_FIELD_display(self, field: Any) -> Any:
        value = getattr(self, field.attname)
        # force_str() to coerce lazy strings, as Django does
        return force_str(choice_labels(field).get(make_hashable(value), value),
                         strings_only=True)

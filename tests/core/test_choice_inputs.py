"""`choice_input` must give exactly what `{{ choice.tag }}` gives through the project's
input.html override (it replaces it in core/form_fields.html to save the template engine)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe

from terbalik.core.templatetags.choice_inputs import choice_input


class OptionsForm(forms.Form):
    answer = forms.ChoiceField(choices=[("held", "It took place"), ("a&b", "<b>x</b>")],
                               widget=forms.RadioSelect)
    rating = forms.TypedChoiceField(coerce=int, required=False, empty_value=None,
                                    choices=[(i, str(i)) for i in range(1, 4)],
                                    widget=forms.RadioSelect(attrs={"class": "extra x\"y"}))
    tools = forms.MultipleChoiceField(
        required=False, choices=[("a", "A"), (mark_safe("s&amp;"), "S")],
        widget=forms.CheckboxSelectMultiple(attrs={"disabled": True, "data-x": 'q"<',
                                                   "hidden": False}))


@pytest.mark.parametrize("data", [None, {"answer": "a&b", "rating": "2", "tools": ["a"]}])
@pytest.mark.parametrize("auto_id", ["id_%s", "m7-%s", False])
def test_choice_input_renders_as_the_widget_template_does(data, auto_id):
    form = OptionsForm(data=data, auto_id=auto_id)
    choices = [choice for name in ("answer", "rating", "tools") for choice in form[name]]
    assert len(choices) == 7
    for choice in choices:
        assert choice_input(choice) == choice.tag()
    assert any("checked" in choice_input(c) for c in choices) == bool(data)

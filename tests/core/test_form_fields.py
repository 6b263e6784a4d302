from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class ChoiceForm(forms.Form):
    channel = forms.ChoiceField(
        label="Channel", choices=[("chat", "Chat"), ("video", "Video")], widget=forms.RadioSelect
    )
    tools = forms.MultipleChoiceField(
        label="Tools",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def test_choice_groups_render_as_fieldsets_with_labelled_options():
    html = render_to_string("core/form_fields.html", {"form": ChoiceForm()})
    assert html.count("<fieldset") == 2
    assert "<legend" in html and "Channel" in html and "Tools" in html
    assert 'for=""' not in html
    assert 'for="id_channel_0"' in html and 'id="id_channel_0"' in html


class NameForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As in the directory.")


def test_errors_and_help_are_announced_with_their_field():
    import re

    form = NameForm(data={"name": ""})
    assert not form.is_valid()
    html = render_to_string("core/form_fields.html", {"form": form})
    described = re.search(r'<input[^>]*aria-describedby="([^"]+)"', html).group(1).split()
    assert described, html
    for target in described:
        assert f'id="{target}"' in html
    assert 'aria-invalid="true"' in html

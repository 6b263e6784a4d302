"""`{{ choice|choice_input }}`: the `<input>` of one radio button or checkbox of a
RadioSelect / CheckboxSelectMultiple field, as `{{ choice.tag }}` renders it through the
project's django/forms/widgets/input.html, without the template engine.

`choice.tag` renders three templates per option (radio_option, input_option, input); the
check-in form's eight radio buttons cost ~1.5 ms of CPU that way on every pair page and
check-in form (issue 18). tests/core/test_choice_inputs.py compares the two renderings for
every kind of option, so a change to input.html that is not made here too fails there.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms.boundfield import BoundWidget
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescaping."""
    return conditional_escape(value if isinstance(value, SafeString) else "%s" % value)


@register.filter  # returns SafeString: every piece escaped
def choice_input(choice: BoundWidget) -> SafeString:
    widget = choice.data
    kind = widget["type"]
    attrs = widget["attrs"]
    name = conditional_escape(widget["name"])
    parts = [f'<input type="{conditional_escape(kind)}" name="{name}"']
    if widget["value"] is not None:
        parts.append(f' value="{_text(widget["value"])}"')
    css = "form-check-input" if kind in ("checkbox", "radio") else (
        "" if kind == "hidden" else "form-control")
    if attrs.get("class"):
        css += " " + conditional_escape(attrs["class"])
    parts.append(f' class="{css}"')
    for key, value in attrs.items():
        if key != "class" and value is not False:
            parts.append(f" {conditional_escape(key)}" if value is True
                         else f' {conditional_escape(key)}="{_text(value)}"')
    parts.append(">")
    return mark_safe("".join(parts))  # noqa: S308  (every piece above is escaped)

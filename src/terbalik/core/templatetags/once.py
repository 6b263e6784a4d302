"""`{% form_once %}`: the one-time token every state-changing form carries (see core/once.py);
`{% form_once_vals %}` the same token as the `hx-vals` attribute of an HTMX element that posts
outside a form (a link with `hx-post`).

A builtin tag (settings.TEMPLATES), so no template needs `{% load %}` for it.
"""

import json

from django import template
from django.utils.html import format_html

from terbalik.core.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_once() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())


@register.simple_tag
def form_once_vals() -> str:
    return format_html("hx-vals='{}'", json.dumps({FIELD: new_token()}))

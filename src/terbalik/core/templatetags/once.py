"""`{% form_once %}`: the one-time token every state-changing form carries (see core/once.py);
`{% form_once_vals %}` the same token as the `hx-vals` attribute of an HTMX element that posts
outside a form (a link with `hx-post`).

A builtin tag (settings.TEMPLATES), so no template needs `{% load %}` for it.
"""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from terbalik.core.once import FIELD, new_token

register = template.Library()


#: the field with its name escaped once; the token (URL-safe base64: letters, digits, - and _)
#: needs no escaping, so each form costs a string join rather than format_html's escaping
_FIELD_HTML = format_html('<input type="hidden" name="{}" value="', FIELD)


@register.simple_tag
def form_once() -> str:
    return mark_safe(_FIELD_HTML + new_token() + '">')  # noqa: S308 (escaped above, see there)


@register.simple_tag
def form_once_vals() -> str:
    return format_html("hx-vals='{}'", json.dumps({FIELD: new_token()}))

"""`{% form_once %}`: the one-time token every state-changing form carries (see core/once.py).

A builtin tag (settings.TEMPLATES), so no template needs `{% load %}` for it.
"""

from django import template
from django.utils.html import format_html

from terbalik.core.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_once() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())

"""`{{ text|linkify }}`: see `terbalik.core.safe_links` (no database access here)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from terbalik.core import safe_links

register = template.Library()


@register.filter  # returns SafeString: every piece escaped by safe_links.linkify
def linkify(value: object) -> SafeString:
    return safe_links.linkify("" if value is None else str(value))

"""`{{ p|pvalue }}`: a p-value written as `core.stats_format.p_text` writes it."""

from __future__ import annotations

from django import template

from terbalik.core.stats_format import p_text

register = template.Library()


@register.filter
def pvalue(value: float | None) -> str:
    return p_text(value)

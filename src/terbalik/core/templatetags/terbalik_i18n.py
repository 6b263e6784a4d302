"""Template filters for the locale: `{{ employee.languages|language_names }}`."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from terbalik.core import i18n

register = template.Library()


@register.filter
def language_names(codes: Iterable[str] | str | None) -> str:
    if isinstance(codes, str):
        codes = [part for part in codes.replace("|", ",").split(",") if part.strip()]
    return i18n.language_names(codes)

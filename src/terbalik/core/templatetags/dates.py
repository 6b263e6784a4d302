"""`{{ value|day_and_time }}`: what `{{ value|date:"D j M Y, H:i" }}` gives for a datetime
(e.g. "Tue 1 Dec 2026, 14:30"), without Django's date formatter.

The meetings of the pair page and the participant home show that format once per row, and
`|date` with it cost ~30 µs each (a regular-expression split of the format, a method lookup and
two lazy translations per piece; issue 18). The day and month names are translated once per
process and language. Anything other than a datetime goes to `|date` itself.
tests/core/test_dates.py compares both filters for every weekday and month, in every language.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import date
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR
from django.utils.translation import get_language

register = template.Library()

FORMAT = "D j M Y, H:i"


@register.filter(expects_localtime=True, is_safe=False)
def day_and_time(value: Any) -> str:
    if type(value) is not datetime.datetime:
        return date(value, FORMAT)
    days, months = _names(get_language())
    return (f"{days[value.weekday()]} {value.day} {months[value.month]} {value.year:04d}, "
            f"{value.hour:02d}:{value.minute:02d}")


@lru_cache(maxsize=16)
def _names(language: str | None) -> tuple[tuple[str, ...], dict[int, str]]:
    """The abbreviated day and month names `|date` gives in the active language."""
    return (tuple(str(WEEKDAYS_ABBR[day]) for day in range(7)),
            {month: str(MONTHS_3[month]).title() for month in MONTHS_3})


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _names.cache_clear()

"""The layout's URLs, worked out once per process: `{% static_once 'x.css' %}` and
`{% url_once 'core:home' %}` give what `{% static %}` and `{% url %}` (without arguments)
give, from a per-process cache; `{% url_ids 'pairs:checkin' pair.pk m.pk %}` gives what
`{% url %}` gives for ids (non-negative ints) from a pattern reversed once, and falls back to
`reverse` for any other argument, and `{% url_args 'pairs:checkin' ids %}` the same for a list
of them (issue 18: each `{% url %}` walked the resolver, ~25 µs).

The layout is on every page and its static files and links never change while the process
runs, yet `{% static %}` joins and quotes each path and `{% url %}` walks the URL resolver on
every render. The caches are keyed on the script prefix and URLconf, and emptied when a test
changes the settings they depend on.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

register = template.Library()

#: settings that change what the cached URLs are
_SOURCES = {"STATIC_URL", "STORAGES", "ROOT_URLCONF", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"}


@register.simple_tag
def static_once(path: str) -> str:
    return _static(path, get_script_prefix())


@register.simple_tag
def url_once(name: str) -> str:
    return reversed_once(name, get_script_prefix(), get_urlconf())


@register.simple_tag
def url_ids(name: str, *ids: Any) -> str:
    if all(type(i) is int and i >= 0 for i in ids):
        parts = _id_pattern(name, len(ids), get_script_prefix(), get_urlconf())
        if parts is not None:
            out = [parts[0]]
            for i, part in zip(ids, parts[1:], strict=True):
                out += (str(i), part)
            return "".join(out)
    return reverse(name, args=ids)


@register.simple_tag
def url_args(name: str, args: list[Any]) -> str:
    """`{% url_ids name a b %}` for a list of arguments (a step's link on the home page)."""
    return url_ids(name, *args)


#: ids no real row reaches, to find where reverse() puts each argument
_MARKS = (9_876_543_210_123, 9_876_543_210_457, 9_876_543_210_789, 9_876_543_210_901)


@lru_cache(maxsize=256)
def _id_pattern(name: str, count: int, prefix: str, urlconf: Any) -> tuple[str, ...] | None:
    """reverse(name, args=<count ids>) split around its arguments, or None when the pattern
    is not one that takes any id there (then every call reverses)."""
    if count > len(_MARKS) - 1:
        return None
    try:
        first = reverse(name, args=_MARKS[:count], urlconf=urlconf)
        second = reverse(name, args=_MARKS[1:count + 1], urlconf=urlconf)
        small = reverse(name, args=[0] * count, urlconf=urlconf)
    except NoReverseMatch:
        return None
    parts = _split(first, _MARKS[:count])
    if parts is None or parts != _split(second, _MARKS[1:count + 1]):
        return None
    if small != "0".join(parts):  # a pattern such as [0-9]{13} would not take every id
        return None
    return parts


def _split(url: str, marks: tuple[int, ...]) -> tuple[str, ...] | None:
    parts: list[str] = []
    rest = url
    for mark in marks:
        before, found, rest = rest.partition(str(mark))
        if not found or any(str(m) in before for m in _MARKS):
            return None
        parts.append(before)
    if any(str(m) in rest for m in _MARKS):
        return None
    parts.append(rest)
    return tuple(parts)


@lru_cache(maxsize=128)
def _static(path: str, prefix: str) -> str:
    return static(path)


@lru_cache(maxsize=128)
def reversed_once(name: str, prefix: str, urlconf: Any) -> str:
    """reverse(name) without arguments, once per process, script prefix and URLconf."""
    return reverse(name, urlconf=urlconf)


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting in _SOURCES:
        _static.cache_clear()
        reversed_once.cache_clear()
        _id_pattern.cache_clear()

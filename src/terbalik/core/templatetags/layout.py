"""The layout's URLs, worked out once per process: `{% static_once 'x.css' %}` and
`{% url_once 'core:home' %}` give what `{% static %}` and `{% url %}` (without arguments)
give, from a per-process cache.

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
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

#: settings that change what the cached URLs are
_SOURCES = {"STATIC_URL", "STORAGES", "ROOT_URLCONF", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"}


@register.simple_tag
def static_once(path: str) -> str:
    return _static(path, get_script_prefix())


@register.simple_tag
def url_once(name: str) -> str:
    return reversed_once(name, get_script_prefix(), get_urlconf())


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

"""The layout's URLs, worked out once per process: `{% static_once 'x.css' %}` and
`{% url_once 'core:home' %}` give what `{% static %}` and `{% url %}` (without arguments)
give, from a per-process cache; `{% url_ids 'pairs:checkin' pair.pk m.pk %}` gives what
`{% url %}` gives for ids (non-negative ints) from a pattern reversed once, and falls back to
`reverse` for any other argument (a short lower-case word, such as a pair's side, is kept
with the pattern), and `{% url_args 'pairs:checkin' ids %}` the same for a list of them
(issue 18: each `{% url %}` walked the resolver, ~25 µs); `{% language_options %}` gives
base.html's language menu, rendered once per language.

The layout is on every page and its static files and links never change while the process
runs, yet `{% static %}` joins and quotes each path and `{% url %}` walks the URL resolver on
every render. The caches are keyed on the script prefix and URLconf, and emptied when a test
changes the settings they depend on.
"""

from __future__ import annotations

import weakref
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import TextNode
from django.template.library import SimpleNode
from django.template.loader import get_template
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import trans_real

from .i18n_kept import plain_translation

register = template.Library()

#: settings that change what the cached URLs are
_SOURCES = {"STATIC_URL", "STORAGES", "ROOT_URLCONF", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"}


#: base.html's <option>s of the language menu, per loaded template object, then per current
#: language and LANGUAGES: all that they show (codes and names in their own language)
_options: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], SafeString]] = (
    weakref.WeakKeyDictionary())
OPTIONS_TEMPLATE = "core/_language_options.html"


@register.simple_tag
def language_options(current: str) -> SafeString:
    """What core/_language_options.html renders for the `current` language: the same for
    every page and user of it, so it is rendered once (4 nodes per option, ~0.3 ms a page)."""
    template = get_template(OPTIONS_TEMPLATE)  # a new wrapper each time, around the loader's
    by_language = _options.setdefault(template.template, {})
    key = (current, tuple(settings.LANGUAGES))
    html = by_language.get(key)
    if html is None:
        html = by_language[key] = mark_safe(  # noqa: S308 (rendered by the template, escaped)
            template.render({"LANGUAGE_CODE": current}))
    return html


class ConstantNode(template.Node):
    """`{% constant %}...{% endconstant %}`: a stretch of the layout made only of text, plain
    `{% translate "..." %}` and `{% static_once %}` / `{% url_once %}` of quoted names (checked
    when the template is read), rendered once per catalogue, script prefix, URLconf and
    autoescape (~20 nodes of base.html, ~0.5 ms a page). Its output depends on nothing else:
    the translations are the catalogue's, the addresses those the two tags keep per prefix
    and URLconf. A changed setting they depend on empties every kept output (`_forget`)."""

    def __init__(self, nodelist: Any) -> None:
        self.nodelist = nodelist
        # keyed by the catalogue object itself (held, so never another's id); catalogues are
        # replaced only when a setting changes, and then every ConstantNode forgets (_forget)
        self.kept: dict[tuple[Any, ...], SafeString] = {}
        _constants.add(self)

    def render(self, context: Any) -> Any:
        catalogue = trans_real.catalog() if settings.USE_I18N else None
        if not isinstance(catalogue, trans_real.DjangoTranslation):  # one per language, kept
            return self.nodelist.render(context)  # by Django; not a deactivate_all()'s own
        key = (catalogue, get_script_prefix(), get_urlconf(), context.autoescape)
        html = self.kept.get(key)
        if html is None:
            html = self.kept[key] = mark_safe(  # noqa: S308 (the nodes' own, escaped, output)
                self.nodelist.render(context))
        return html


#: every ConstantNode of the loaded templates, to forget their output when a setting changes
_constants: weakref.WeakSet[ConstantNode] = weakref.WeakSet()


def _constant_node(node: Any) -> bool:
    if isinstance(node, TextNode):
        return True
    if isinstance(node, TranslateNode):
        return plain_translation(node)
    if isinstance(node, SimpleNode):
        return (node.func in (static_once, url_once) and not node.kwargs
                and node.target_var is None and not node.takes_context
                and all(isinstance(arg.var, str) and not arg.filters for arg in node.args))
    return False


@register.tag("constant")
def constant(parser: Any, token: Any) -> ConstantNode:
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    for node in nodelist:
        if not _constant_node(node):
            raise template.TemplateSyntaxError(
                f"{{% constant %}} takes text, plain {{% translate %}}, {{% static_once %}} and "
                f"{{% url_once %}} of quoted names only, not {node!r}")
    return ConstantNode(nodelist)


@register.simple_tag
def static_once(path: str) -> str:
    return _static(path, get_script_prefix())


@register.simple_tag
def url_once(name: str) -> str:
    return reversed_once(name, get_script_prefix(), get_urlconf())


@register.simple_tag
def url_ids(name: str, *ids: Any) -> str:
    shape: int | tuple[str | None, ...] = len(ids)  # ids only: their number
    for i in ids:
        if type(i) is not int or i < 0:
            if not all(type(i) is int and i >= 0 or _word(i) for i in ids):
                return reverse(name, args=ids)
            # a word (`side`: "mentor" or "mentee") is part of the pattern, not an argument
            shape = tuple(None if type(i) is int else i for i in ids)
            ids = tuple(i for i in ids if type(i) is int)
            break
    parts = _id_pattern(name, shape, get_script_prefix(), get_urlconf())
    if parts is None:
        return reverse(name, args=_args(shape, ids))
    out = [parts[0]]
    for i, part in zip(ids, parts[1:], strict=True):
        out += (str(i), part)
    return "".join(out)


def _word(value: Any) -> bool:
    """A short lower-case ASCII word: one of the few fixed values a URL takes (a side)."""
    return (type(value) is str and 0 < len(value) <= 12 and value.isascii()
            and value.isalpha() and value.islower())


@register.simple_tag
def url_args(name: str, args: list[Any]) -> str:
    """`{% url_ids name a b %}` for a list of arguments (a step's link on the home page)."""
    return url_ids(name, *args)


#: ids no real row reaches, to find where reverse() puts each argument
_MARKS = (9_876_543_210_123, 9_876_543_210_457, 9_876_543_210_789, 9_876_543_210_901)


def _args(shape: int | tuple[str | None, ...], ids: tuple[int, ...]) -> list[Any]:
    """The arguments: `ids` in turn where `shape` has None (everywhere, when it is their
    number), the word elsewhere."""
    if isinstance(shape, int):
        return list(ids)
    given = iter(ids)
    return [next(given) if word is None else word for word in shape]


@lru_cache(maxsize=256)
def _id_pattern(name: str, shape: int | tuple[str | None, ...], prefix: str,
                urlconf: Any) -> tuple[str, ...] | None:
    """reverse(name, args=<an id where `shape` has None, the word elsewhere; ids only when
    it is a number>) split around its ids, or None when the pattern is not one that takes
    any id there (then every call reverses)."""
    count = shape if isinstance(shape, int) else shape.count(None)
    if count > len(_MARKS) - 1:
        return None
    try:
        first = reverse(name, args=_args(shape, _MARKS[:count]), urlconf=urlconf)
        second = reverse(name, args=_args(shape, _MARKS[1:count + 1]), urlconf=urlconf)
        small = reverse(name, args=_args(shape, (0,) * count), urlconf=urlconf)
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
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS", "TEMPLATES"}:
        _options.clear()
    if setting in _SOURCES or setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS",
                                          "USE_I18N", "TEMPLATES"}:
        for node in list(_constants):
            node.kept.clear()
    if setting in _SOURCES:
        _static.cache_clear()
        reversed_once.cache_clear()
        _id_pattern.cache_clear()

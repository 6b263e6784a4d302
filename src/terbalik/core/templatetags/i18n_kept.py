"""`{% load i18n i18n_kept %}`: Django's `{% translate %}` (and `{% trans %}`), with the
translation of a plain string kept per catalogue (issue 18).

A `{% translate "Goals" %}` tag gives the same text for as long as the active translation
catalogue is the same object, yet Django looks it up again on every render: a lazy string,
its cast, the catalogue lookup and the output checks, ~20 µs a tag; the pair page renders
about fifty of them. After this library, a plain tag (a quoted string: no variable, filter,
`context`, `noop` or `as`) renders once per catalogue and message and is then read from a
dictionary kept per catalogue object. Every other form is Django's own node, unchanged.

The first render of each message *is* Django's render (its output is kept as is), so the
text is the same byte for byte. A catalogue is Django's translation object for a language:
it is replaced, never changed, when settings or locale paths change (then a new dictionary
starts). Without USE_I18N, Django's node renders every time. The syntax is Django's, so
makemessages still finds the strings. Load it after `i18n`: the later library's tag wins.
"""

from __future__ import annotations

import weakref
from typing import Any

from django import template
from django.conf import settings
from django.templatetags.i18n import TranslateNode, do_translate
from django.utils.safestring import SafeString
from django.utils.translation import trans_real

register = template.Library()

#: per catalogue object: message -> the tag's output
_kept: weakref.WeakKeyDictionary[Any, dict[str, SafeString]] = weakref.WeakKeyDictionary()


class KeptTranslateNode(TranslateNode):
    """A `{% translate "..." %}` of a plain string, rendered once per catalogue."""

    def render(self, context: Any) -> Any:
        if not settings.USE_I18N:
            return super().render(context)
        catalogue = trans_real.catalog()
        messages = _kept.get(catalogue)
        if messages is None:
            messages = _kept[catalogue] = {}
        message = self.filter_expression.var.literal
        value = messages.get(message)
        if value is None:
            value = messages[message] = super().render(context)
        return value


def plain_translation(node: TranslateNode) -> bool:
    """A `{% translate %}` of a quoted string alone (no filter, context, noop or `as`)."""
    expression = node.filter_expression
    return (not node.noop and node.asvar is None and node.message_context is None
            and not expression.filters and getattr(expression.var, "lookups", 0) is None
            and isinstance(expression.var.literal, str))


@register.tag("translate")
@register.tag("trans")
def translate(parser: Any, token: Any) -> TranslateNode:
    """Django's `{% translate %}` tag; a plain string's node keeps its translations."""
    node = do_translate(parser, token)
    if type(node) is TranslateNode and plain_translation(node):
        node.__class__ = KeptTranslateNode
    return node

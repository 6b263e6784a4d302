"""The fields of an empty check-in form, rendered once per language (issue 18).

The pair page shows an inline check-in form under every past meeting nobody of this side has
answered yet. Rendering its three fields through core/form_fields.html cost about 2 ms of CPU
per form on each pair page, the load's most requested page. The fields of an empty form
depend on nothing but the active language and the meeting's id (the form's `auto_id`,
`m<id>-%s`): no data, no user, no request. So they are rendered once per language with a
placeholder id, and each meeting gets that HTML with its own id put in.

Kept per loaded template object (a reloaded or changed template renders again) and emptied
when a setting changes (tests that switch languages or catalogues). A posted form with errors
or a saved answer is rendered as before, never from here.
tests/pairs/test_checkin_fields.py compares the two renderings in both languages.
"""

from __future__ import annotations

import weakref
from typing import Any

from django.core.signals import setting_changed
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..forms import CheckInForm

TEMPLATE = "core/form_fields.html"
#: the meeting id's stand-in in the kept HTML: never part of a label, a help text or a choice
SLOT = "m__meeting__-"

_rendered: weakref.WeakKeyDictionary[Any, dict[str | None, str]] = weakref.WeakKeyDictionary()


def blank_checkin_fields(meeting_pk: int) -> SafeString:
    """The HTML `{% include "core/form_fields.html" with form=CheckInForm(auto_id=
    f"m{meeting_pk}-%s") %}` gives, without rendering it again."""
    template = get_template(TEMPLATE)  # a new wrapper each time, around the loader's own
    by_language = _rendered.setdefault(template.template, {})
    language = get_language()
    html = by_language.get(language)
    if html is None:
        html = by_language[language] = template.render(
            {"form": CheckInForm(auto_id=SLOT + "%s")})
    return mark_safe(html.replace(SLOT, f"m{int(meeting_pk)}-"))  # noqa: S308 (rendered safe)


def _forget(**kwargs: Any) -> None:
    _rendered.clear()


setting_changed.connect(_forget, dispatch_uid="terbalik.pairs.checkin_fields")

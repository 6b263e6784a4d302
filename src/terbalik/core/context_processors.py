from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from terbalik.accounts.models import Role

from .access import HR_ROLES, role_sees
from .templatetags.layout import reversed_once

# (url name, label, roles that see it; empty = every signed-in user)
NAV_ITEMS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("core:home", _("Home"), ()),
    ("programs:list", _("Programs"), HR_ROLES),
    ("programs:browse", _("Mentoring programs"), (Role.PARTICIPANT,)),
    ("surveys:list", _("Surveys"), HR_ROLES),
    ("surveys:results_list", _("Survey results"), (Role.SPONSOR,)),
    ("pairs:mine", _("My mentoring"), (Role.PARTICIPANT,)),
    ("matching:my_list", _("Matching choices"), (Role.PARTICIPANT,)),
    ("surveys:my", _("My surveys"), (Role.PARTICIPANT,)),
    ("reports:overview", _("Reports"), (*HR_ROLES, Role.SPONSOR)),
    ("people:list", _("Directory"), HR_ROLES),
    ("people:import", _("Import"), HR_ROLES),
    ("webhooks:list", _("Webhooks"), (Role.ADMIN,)),
    ("core:audit", _("Audit trail"), (Role.ADMIN,)),
    ("accounts:profile", _("My account"), ()),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu of the signed-in person's role. Its URLs are reversed once per process
    (templatetags/layout.py): the menu is on every page and the URL patterns never change
    while the process runs; so are which items a role sees and each item's HTML in each
    language (`_menu`). The current page is marked on every request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    items = []
    for url, label, match, html in _menu(bool(user.is_superuser), user.role,
                                         get_script_prefix(), get_urlconf(), get_language()):
        active = match and (path == url or (url != "/" and path.startswith(url)))
        items.append({"url": url, "label": label, "active": active, "html": html[active]})
    return {"nav_items": items}


#: one menu item as base.html showed it: `{{ item.html }}`, escaped as the template escaped
ITEM_HTML = '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>'


@lru_cache(maxsize=256)
def _menu(superuser: bool, role: str, prefix: str, urlconf: Any,
          language: str | None) -> tuple[tuple[str, Any, bool, tuple[str, str]], ...]:
    """(url, label, whether it can be the current page, its HTML when it is not and when it
    is) of each item a role sees: NAV_ITEMS filtered as `access.has_role` filters (a
    superuser sees every item), then Administration for platform admins (never current).
    The HTML is in `language`, the active one when this is called."""
    items = [(reversed_once(name, prefix, urlconf), label, True)
             for name, label, roles in NAV_ITEMS if not roles or role_sees(superuser, role, roles)]
    if superuser or role == Role.ADMIN:
        items.append((reversed_once("admin:index", prefix, urlconf), _("Administration"), False))
    current = mark_safe(' aria-current="page"')  # noqa: S308 (a constant)
    return tuple(
        (url, label, match, (format_html(ITEM_HTML, "", url, "", label),
                             format_html(ITEM_HTML, " active", url, current, label)))
        for url, label, match in items)


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "INSTALLED_APPS", "LANGUAGES",
                   "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _menu.cache_clear()

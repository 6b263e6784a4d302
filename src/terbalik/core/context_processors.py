from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import gettext_lazy as _

from terbalik.accounts.models import Role

from .access import HR_ROLES, has_role
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
    while the process runs. The labels stay lazy: each page shows them in its language."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    prefix, urlconf = get_script_prefix(), get_urlconf()
    path = request.path
    items = []
    for name, label, roles in NAV_ITEMS:
        if roles and not has_role(user, *roles):
            continue
        url = reversed_once(name, prefix, urlconf)
        active = path == url or (url != "/" and path.startswith(url))
        items.append({"url": url, "label": label, "active": active})
    if user.is_superuser or user.role == Role.ADMIN:
        items.append({"url": reversed_once("admin:index", prefix, urlconf),
                      "label": _("Administration"), "active": False})
    return {"nav_items": items}

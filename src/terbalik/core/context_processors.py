from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from terbalik.accounts.models import Role

from .access import HR_ROLES, has_role

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
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    shown = tuple(not roles or has_role(user, *roles) for _name, _label, roles in NAV_ITEMS)
    admin = bool(user.is_superuser or user.role == Role.ADMIN)
    path = request.path
    items = []
    for url, label, marked in _entries(shown, admin, get_script_prefix(), get_urlconf()):
        active = marked and (path == url or (url != "/" and path.startswith(url)))
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}


@lru_cache(maxsize=64)
def _entries(
    shown: tuple[bool, ...], admin: bool, prefix: str, urlconf: Any
) -> tuple[tuple[str, Any, bool], ...]:
    """The menu entries `shown`, their URLs reversed once per process (per script prefix and
    URLconf): the menu is on every page and the URL patterns never change while the process
    runs. The labels stay lazy, so each page shows them in its own language. The
    administration entry is never marked active, as before."""
    entries = [(reverse(name), label, True)
               for (name, label, _roles), show in zip(NAV_ITEMS, shown, strict=True) if show]
    if admin:
        entries.append((reverse("admin:index"), _("Administration"), False))
    return tuple(entries)

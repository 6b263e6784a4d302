from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
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
    items = []
    for name, label, roles in NAV_ITEMS:
        if roles and not has_role(user, *roles):
            continue
        url = reverse(name)
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"url": url, "label": label, "active": active})
    if user.is_superuser or user.role == Role.ADMIN:
        items.append({"url": reverse("admin:index"), "label": _("Administration"), "active": False})
    return {"nav_items": items}

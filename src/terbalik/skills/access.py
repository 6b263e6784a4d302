"""Who may see or change the skills taxonomy: HR program managers and platform admins.

The taxonomy is company-wide (every program's intake uses it), like the directory's managed
lists, so every HR manager may edit and merge it; participants only pick from it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from terbalik.core.access import HR_ROLES, has_role

from .models import Skill


def skills_visible_to(user: Any) -> QuerySet[Skill]:
    return Skill.objects.all() if has_role(user, *HR_ROLES) else Skill.objects.none()


def get_skill(user: Any, slug: str) -> Skill:
    return get_object_or_404(skills_visible_to(user).select_related("merged_into"), slug=slug)

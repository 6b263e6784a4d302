"""Who may see and decide erasure requests.

A person sees and makes their own request. HR program managers see the requests of people
enrolled in a program they own and decide them; platform admins see and decide every request
(also those of people in no program). Everything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from terbalik.core.access import HR_ROLES, has_role, is_platform_admin
from terbalik.programs.access import programs_managed_by

from .models import ErasureRequest


def erasure_requests_visible_to(user: Any) -> QuerySet[ErasureRequest]:
    requests = ErasureRequest.objects.select_related("employee", "user")
    if is_platform_admin(user):
        return requests.all()
    if has_role(user, *HR_ROLES):
        programs = programs_managed_by(user)
        return requests.filter(
            Q(employee__program_enrollments__program__in=programs)
            | Q(user__program_enrollments__program__in=programs)
        ).distinct()
    return requests.none()


def get_managed_erasure(user: Any, erasure_id: int) -> ErasureRequest:
    return get_object_or_404(erasure_requests_visible_to(user), pk=erasure_id)


def may_see_erasure(user: Any, erasure_id: int) -> bool:
    """Whether `user` may open this request's page (HR recording for someone outside their
    programs may not)."""
    return erasure_requests_visible_to(user).filter(pk=erasure_id).exists()


def may_ask_own(user: Any) -> bool:
    """Any signed-in person may ask for the erasure of their own data."""
    return bool(getattr(user, "is_authenticated", False))

"""Who may manage webhooks: platform admins only.

A subscription without a program filter receives events of every program, and its secret is a
credential of the receiving system: integrations are platform settings (DESIGN.md: the
platform admin owns "users, directory sync, settings"). HR managers see their programs in the
app itself and through the API with a token scoped to their programs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from terbalik.accounts.models import Role
from terbalik.core.access import is_platform_admin, role_required

from .models import Delivery, Subscription

admin_required = role_required(Role.ADMIN)


def may_manage(user: Any) -> bool:
    return is_platform_admin(user)


def subscriptions_visible_to(user: Any) -> QuerySet[Subscription]:
    if may_manage(user):
        return Subscription.objects.all()
    return Subscription.objects.none()


def get_subscription(user: Any, subscription_id: int) -> Subscription:
    return get_object_or_404(
        subscriptions_visible_to(user).select_related("program", "created_by"),
        pk=subscription_id,
    )


def get_delivery(user: Any, subscription: Subscription, delivery_id: int) -> Delivery:
    return get_object_or_404(
        Delivery.objects.filter(subscription__in=subscriptions_visible_to(user)),
        subscription=subscription, pk=delivery_id,
    )

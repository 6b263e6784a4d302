"""Reads for the webhooks pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from .access import subscriptions_visible_to
from .models import Delivery, DeliveryState, Subscription


def subscriptions_for(user: Any) -> QuerySet[Subscription]:
    """The list page: each subscription with its delivery counts and last attempt."""
    return (
        subscriptions_visible_to(user).select_related("program")
        .annotate(
            failed=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
            waiting=Count("deliveries", filter=Q(deliveries__state__in=[
                DeliveryState.PENDING, DeliveryState.SENDING])),
            last_attempt=Max("deliveries__last_attempt_at"),
        )
        .order_by("target_url", "id")
    )


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    """The delivery log, newest first (the log's index covers this order)."""
    return Delivery.objects.filter(subscription=subscription).order_by("-created_at", "-id")


def programs_for_filter() -> QuerySet[Any]:
    """The programs a subscription can be limited to (webhooks does not import programs)."""
    program = Subscription._meta.get_field("program").related_model
    return program._default_manager.order_by("name")  # type: ignore[union-attr]


def subscription_exists(target_url: str) -> bool:
    return Subscription.objects.filter(target_url=target_url).exists()

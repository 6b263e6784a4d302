"""Webhook subscriptions and their deliveries. Written only through `terbalik.webhooks.services`.

A subscription is a receiver's address, the events it wants (optionally for one program only)
and the secret its deliveries are signed with. A delivery is one event for one subscription:
written in the same transaction as the change it reports (an outbox row), then posted by a
worker, retried with back-off, and kept as the subscription's delivery log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """The events a subscription can choose (`ping` is the "send test" event, never chosen)."""

    ENROLMENT_CHANGED = "enrolment.changed", _("Enrolment changed state")
    PAIR_CREATED = "pair.created", _("Pair created (published)")
    MEETING_HELD = "meeting.held", _("Meeting held (confirmed by both)")
    PAIR_AT_RISK = "pair.at_risk", _("Pair flagged at risk")
    PROGRAM_PHASE_CHANGED = "program.phase_changed", _("Program moved to another phase")
    OUTCOME_AVAILABLE = "outcome.available", _("Program outcome available (post-survey closed)")


PING = "ping"
EVENTS = tuple(Event.values)


class Subscription(models.Model):
    target_url = models.URLField(_("target URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # CASCADE, not SET_NULL: a program's subscription must never widen to every program
    program = models.ForeignKey(
        "programs.Program", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", verbose_name=_("program"),
        help_text=_("Only this program's events; empty: every program."),
    )
    secret = models.CharField(_("signing secret"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        ordering = ["target_url", "id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        indexes = [models.Index(fields=["active"], name="webhooks_sub_active")]

    def __str__(self) -> str:
        return self.target_url


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """One event for one subscription. `event_id` is the `webhook-id` header: the same on
    every attempt, so the receiver can drop a repeat.

    `lease_until`: while pending, when the sweep hands the row (again) to the task queue (a
    retry that is due, or a task that was lost); while sending, when the worker's lease ends."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries",
        verbose_name=_("subscription"),
    )
    event_id = models.CharField(_("event id"), max_length=64)
    event_type = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True,
                                                       blank=True)
    response_body = models.TextField(_("response body (start)"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event_id"],
                                    name="webhooks_delivery_once"),
        ]
        indexes = [
            models.Index(fields=["subscription", "-created_at", "-id"],
                         name="webhooks_delivery_log"),
            models.Index(fields=["lease_until"], name="webhooks_delivery_due",
                         condition=models.Q(state__in=["pending", "sending"])),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} -> {self.subscription_id}"

"""Notification state: e-mail preferences, private calendar feeds and the idempotent send log.

Written only through `terbalik.notify.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """Kinds of optional e-mails a person can switch off. Invitations always go."""

    MEETING_REMINDER = "meeting_reminder", _("Reminder the day before a meeting")
    CHECKIN_REQUEST = "checkin_request", _("Request to confirm a meeting afterwards")
    TOUCHPOINT = "touchpoint", _("Touchpoint messages between meetings")
    PULSE = "pulse", _("Relationship check-in surveys")
    NUDGE = "nudge", _("Nudges when the pair stalls")


OPTIONAL_KINDS = tuple(Kind.values)


class EmailPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="email_preference",
        verbose_name=_("user"),
    )
    muted_kinds = models.JSONField(_("muted kinds"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")

    def __str__(self) -> str:
        return str(self.user)


class CalendarFeed(models.Model):
    """A private calendar address; the random token is the credential. Revoke = new token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class SendStatus(models.TextChoices):
    """Where a logged message is on its way out (see `services.send_logged`)."""

    SKIPPED = "skipped", _("nothing to send")
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class NotificationLog(models.Model):
    """One row per cause: the unique key makes every message go out once in effect.

    A message is rendered and written here (status queued) in the same transaction as its
    cause, then a worker claims the row (sending, with a lease), sends it under a Message-ID
    derived from the key and marks it sent. A worker that dies mid-way leaves the row in
    queued/sending; the scheduled sweep hands it out again once `lease_until` has passed.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recipient"),
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    sent = models.BooleanField(_("sent"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SendStatus.choices, default=SendStatus.SKIPPED
    )
    message = models.JSONField(_("message"), default=dict, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=250, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["lease_until"],
                name="notify_log_unsent_lease",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return self.key

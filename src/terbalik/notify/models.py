"""Notification state: e-mail and chat preferences, private calendar feeds, program chat
channels and the idempotent send log (one row per cause and channel).

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


class Channel(models.TextChoices):
    """The ways a message goes out (`terbalik.notify.channels` renders and sends each)."""

    EMAIL = "email", _("E-mail")
    SLACK = "slack", _("Slack")
    TEAMS = "teams", _("Microsoft Teams")
    WHATSAPP = "whatsapp", _("WhatsApp")


CHAT_CHANNELS = (Channel.SLACK.value, Channel.TEAMS.value, Channel.WHATSAPP.value)
#: chat channels a program can post its announcements to (WhatsApp has no group sending)
PROGRAM_CHANNELS = (Channel.SLACK.value, Channel.TEAMS.value)


class ChatPreference(models.Model):
    """Which chat channels a person wants next to e-mail, and what each needs.

    WhatsApp needs an explicit consent, kept with its time and the number it was given for:
    a changed number or a withdrawn consent stops WhatsApp at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_preference",
        verbose_name=_("user"),
    )
    channels = models.JSONField(_("chat channels"), default=list, blank=True)
    slack_user_id = models.CharField(_("Slack user ID"), max_length=40, blank=True)
    slack_email = models.CharField(_("e-mail looked up in Slack"), max_length=254, blank=True)
    # a personal Teams Workflows webhook: the address is the credential, never shown in full
    teams_webhook_url = models.CharField(_("Teams webhook address"), max_length=1000,
                                         blank=True)
    whatsapp_consent_at = models.DateTimeField(_("WhatsApp consent given"), null=True,
                                               blank=True)
    whatsapp_consent_number = models.CharField(_("WhatsApp number consented"), max_length=20,
                                               blank=True)
    whatsapp_withdrawn_at = models.DateTimeField(_("WhatsApp consent withdrawn"), null=True,
                                                 blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("chat preference")
        verbose_name_plural = _("chat preferences")

    def __str__(self) -> str:
        return str(self.user)


class ProgramChatChannel(models.Model):
    """Where HR wants a program's announcements posted as well (a cohort's Slack channel or
    a Teams channel's incoming webhook), in the language chosen for that channel."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("program"),
    )
    channel = models.CharField(_("channel"), max_length=10,
                               choices=[(c, Channel(c).label) for c in PROGRAM_CHANNELS])
    # a Slack channel ID, or a Teams webhook address (a credential: never shown in full)
    target = models.CharField(_("destination"), max_length=1000)
    language = models.CharField(_("language"), max_length=10)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("program chat channel")
        verbose_name_plural = _("program chat channels")
        constraints = [
            models.UniqueConstraint(fields=["program", "channel"],
                                    name="notify_program_channel_once"),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}:{self.channel}"


class SendStatus(models.TextChoices):
    """Where a logged message is on its way out (see `services.send_logged`)."""

    SKIPPED = "skipped", _("nothing to send")
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class NotificationLog(models.Model):
    """One row per cause and channel: the unique (key, channel) makes every message go out
    once in effect on each channel.

    A message is rendered and written here (status queued) in the same transaction as its
    cause, then a worker claims the row (sending, with a lease), sends it under a Message-ID
    derived from the key and marks it sent. A worker that dies mid-way leaves the row in
    queued/sending; the scheduled sweep hands it out again once `lease_until` has passed.
    """

    key = models.CharField(_("key"), max_length=200, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices,
                               default=Channel.EMAIL)
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
        constraints = [
            models.UniqueConstraint(fields=["key", "channel"], name="notify_log_once_per_channel"),
        ]
        indexes = [
            models.Index(
                fields=["lease_until"],
                name="notify_log_unsent_lease",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return self.key

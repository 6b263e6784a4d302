"""What HR does around a pair: the pair's health history and HR's nudges.

Imported through `terbalik.pairs.models`. Written only through `terbalik.pairs.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HealthRecord(models.Model):
    """A pair's health from the moment it was computed until the next record (changes only)."""

    pair = models.ForeignKey(
        "pairs.Pair", on_delete=models.CASCADE, related_name="health_records",
        verbose_name=_("pair"),
    )
    health = models.CharField(_("health"), max_length=10)
    reasons = models.JSONField(_("health reasons"), default=list, blank=True)
    at = models.DateTimeField(_("computed"))

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("health record")
        verbose_name_plural = _("health records")

    def __str__(self) -> str:
        return f"{self.pair_id}: {self.health} at {self.at:%Y-%m-%d}"


class Nudge(models.Model):
    """A message HR wrote to one member of a pair; `token` makes a double submit one nudge."""

    pair = models.ForeignKey(
        "pairs.Pair", on_delete=models.CASCADE, related_name="nudges", verbose_name=_("pair")
    )
    role = models.CharField(_("to"), max_length=10)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("recipient"),
    )
    body = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=10)
    token = models.CharField(_("form token"), max_length=64, unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"))
    delivered = models.BooleanField(_("e-mail sent"), default=False)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("nudge")
        verbose_name_plural = _("nudges")

    def __str__(self) -> str:
        return f"nudge {self.pk} to {self.role} of pair {self.pair_id}"

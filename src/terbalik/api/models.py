"""API tokens: one per client (an HR system, a script), created by a platform admin.

Only a SHA-256 digest of the secret is stored; the secret (`tbk_<prefix>_<random>`) is shown
once, at creation. A token acts as an account (by default the admin who created it) with that
account's role, narrowed by its scope (read or read-write) and, optionally, by one program.
Written only through `terbalik.api.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    name = models.CharField(_("client name"), max_length=100)
    #: the visible start of the secret, to recognise a token in lists and logs
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)  # SHA-256, hex
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices,
                             default=Scope.READ)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, null=True, blank=True,
        related_name="api_tokens", verbose_name=_("program"),
    )
    #: the account the token acts as (its role and its programs)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
        verbose_name=_("acts as"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="api_tokens_created", verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == Scope.WRITE

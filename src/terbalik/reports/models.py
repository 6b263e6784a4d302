"""Reports: who sponsors which program (sponsors read aggregated reports of those only)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramSponsor(models.Model):
    """An executive sponsor assigned to a program. Written only through `reports.services`."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="report_sponsors",
        verbose_name=_("program"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sponsored_programs",
        verbose_name=_("sponsor"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["program", "user"]
        verbose_name = _("program sponsor")
        verbose_name_plural = _("program sponsors")
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="reports_one_sponsor_link")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.program}"

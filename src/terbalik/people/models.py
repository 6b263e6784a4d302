from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Asia/Jakarta"


class Employee(models.Model):
    """One person in the company directory. Written only through `people.services`."""

    employee_id = models.CharField(_("employee ID"), max_length=64, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("work e-mail"), max_length=254, unique=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True, db_index=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True, db_index=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["full_name", "employee_id"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        indexes = [models.Index(Lower("full_name"), name="people_employee_name_lower")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_id})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def management_chain(self, limit: int = 50) -> list[Employee]:
        """Managers from the direct one up to the top (guards against bad data loops)."""
        chain: list[Employee] = []
        seen = {self.pk}
        current = self.manager
        while current is not None and current.pk not in seen and len(chain) < limit:
            chain.append(current)
            seen.add(current.pk)
            current = current.manager
        return chain


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    CHAT = "chat", _("Company chat")
    IN_PERSON = "in_person", _("In person")


class Profile(models.Model):
    """What a participant adds about themselves for their partner: optional photo (a small
    square, re-encoded server-side), WhatsApp number and whether the partner may see it,
    preferred channels. Written only through `people.services.profile_update`."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="profile", verbose_name=_("employee")
    )
    photo = models.FileField(_("photo"), upload_to="photos/", blank=True, max_length=200)
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    whatsapp_consent = models.BooleanField(_("partner may see my WhatsApp number"), default=False)
    channels = models.JSONField(_("preferred channels"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")

    def __str__(self) -> str:
        return f"profile of {self.employee_id}"

    @property
    def shares_whatsapp(self) -> bool:
        return bool(self.whatsapp and self.whatsapp_consent)


class ImportBatch(models.Model):
    """An uploaded directory file waiting for the user's confirmation."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("waiting for confirmation")
        APPLIED = "applied", _("imported")
        REFUSED = "refused", _("refused")
        DISCARDED = "discarded", _("discarded")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="employee_imports"
    )
    file_name = models.CharField(max_length=255)
    content = models.BinaryField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("employee import")
        verbose_name_plural = _("employee imports")

    def __str__(self) -> str:
        return self.file_name

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Asia/Jakarta"


def tidy_name(name: str) -> str:
    """A department or location as shown: stray spaces removed ("  Keuangan  " -> "Keuangan")."""
    return " ".join((name or "").split())


def name_key(name: str) -> str:
    """What makes two spellings one record: case and spaces ignored ("keuangan " = "Keuangan")."""
    return tidy_name(name).casefold()


class NamedRecord(models.Model):
    """A managed list entry (department, location): created by the import, renamed and merged
    by HR (`people.lists`). Employees point at its unique `name`, so reading an employee's
    department or location needs no join."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = tidy_name(self.name)
        self.key = name_key(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Department(NamedRecord):
    class Meta(NamedRecord.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Location(NamedRecord):
    class Meta(NamedRecord.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")


def _named(model: type[NamedRecord], field: str) -> property:
    """`employee.department` / `employee.location`: the record's name, or "" (no query: the
    foreign key holds the name). Setting a name is kept for `save()`, which finds the record
    with the same key or creates it, so factories, fixtures and the admin keep working."""
    attname = f"{field}_record_id"

    def get(self: Employee) -> str:
        return getattr(self, attname) or ""

    def set_(self: Employee, name: str) -> None:
        pending = self.__dict__.setdefault("_pending_names", {})
        pending[field] = (model, tidy_name(name or ""))
        setattr(self, attname, tidy_name(name or "") or None)

    return property(get, set_)


class Employee(models.Model):
    """One person in the company directory. Written only through `people.services`."""

    employee_id = models.CharField(_("employee ID"), max_length=64, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("work e-mail"), max_length=254, unique=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True, db_index=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    department_record = models.ForeignKey(
        Department, verbose_name=_("department"), to_field="name", db_column="department",
        null=True, blank=True, on_delete=models.PROTECT, related_name="employees",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    location_record = models.ForeignKey(
        Location, verbose_name=_("location"), to_field="name", db_column="location",
        null=True, blank=True, on_delete=models.PROTECT, related_name="employees",
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # canonical skill ids (`terbalik.skills`), then terms no skill answers to, as typed by the
    # import (trimmed, case-folded: free text, which erasure drops, privacy/erasure.py): what
    # the directory import says a person can teach or wants to develop; an enrollment's own
    # intake answers come first, these fill in where it has none (matching/snapshot.py)
    skills_offered = models.JSONField(_("skills offered"), default=list, blank=True)
    skills_wanted = models.JSONField(_("skills to develop"), default=list, blank=True)
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

    department = _named(Department, "department")
    location = _named(Location, "location")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_id})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.email = (self.email or "").strip().lower()
        for field, (model, name) in self.__dict__.pop("_pending_names", {}).items():
            record = model.objects.filter(key=name_key(name)).first() if name else None
            if name and record is None:
                record = model.objects.create(name=name)
            setattr(self, f"{field}_record_id", record.name if record else None)
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

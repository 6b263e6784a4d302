"""The single write path for the employee directory: import, export, managed lists."""

from __future__ import annotations

import re
import uuid
from typing import IO, TYPE_CHECKING, Literal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError

from . import bulk_sql, photos
from .import_columns import EXPORT_HEADERS, RECORD_FIELDS, RECORD_MODELS
from .importing import (
    CLEAR_MARKER,
    ImportPlan,
    RowChange,
    RowError,
    build_plan,
    export_rows,
)
from .models import (
    ContactChannel,
    Department,
    Employee,
    NamedRecord,
    Profile,
    name_key,
    tidy_name,
)
from .spreadsheet import Message, write_csv, write_xlsx

if TYPE_CHECKING:
    from terbalik.accounts.models import User

__all__ = [
    "ImportPlan",
    "ImportRefused",
    "RowChange",
    "RowError",
    "employee_import_apply",
    "employee_import_preview",
    "employees_export",
    "named_record_merge",
    "named_record_rename",
]


class ImportRefused(ServiceError):
    """The file has errors; nothing was written. The one service error (code
    `"import_refused"`), carrying the plan: `plan.errors` names each row and column."""

    def __init__(self, plan: ImportPlan) -> None:
        super().__init__(
            _("Nothing was imported: the file has problems. They are listed below."),
            code="import_refused",
        )
        self.plan = plan


def employee_import_preview(*, content: bytes, file_name: str) -> ImportPlan:
    """What importing this file would do now. Writes nothing.

    The preview keeps only what it shows (counts, problems, the first changes): the pending
    writes are dropped here and worked out again, against the database of that moment, when
    the import is confirmed."""
    plan = build_plan(content=content, file_name=file_name)
    plan.creates.clear()
    plan.updates.clear()
    return plan


def employee_import_apply(*, content: bytes, file_name: str, by: User | None) -> ImportPlan:
    """Import the file in one transaction, or raise `ImportRefused` and write nothing."""
    try:
        with transaction.atomic():
            plan = build_plan(content=content, file_name=file_name)
            if plan.errors:
                raise ImportRefused(plan)
            _write(plan)
            audit.record(
                action="people.employee_import",
                actor=by,
                details={
                    "file_name": file_name[:255],
                    "rows": plan.rows,
                    "created": plan.created,
                    "updated": plan.updated,
                    "unchanged": plan.unchanged,
                },
            )
    except IntegrityError as exc:  # somebody changed the directory at the same moment
        plan = ImportPlan(file_name=file_name)
        plan.errors.append(RowError(None, "", Message(
            _("The directory changed while this file was being imported. Nothing was "
              "imported; please try again."))))
        raise ImportRefused(plan) from exc
    plan.applied = True
    return plan


def _write(plan: ImportPlan) -> None:
    now = timezone.now()
    pk_of: dict[str, int] = dict(Employee.objects.values_list("employee_id", "pk"))

    # 1. E-mails that move between employees: park the current holders on a unique
    #    placeholder first, so no statement ever sees two employees with one address.
    final_emails = {rec["email"] for rec in plan.creates}
    final_emails.update(ch["email"] for _old, ch in plan.updates if "email" in ch)
    if final_emails:
        movers = [old["pk"] for old, ch in plan.updates
                  if "email" in ch and old["email"].lower() in final_emails]
        parked = [Employee(pk=pk, email=f"import-{pk}@parked.invalid") for pk in movers]
        if parked:
            Employee.objects.bulk_update(parked, ["email"])

    # 2. Departments and locations the file names for the first time (one query each)
    _create_records(plan)
    for rec in plan.creates:
        for name, field_name in RECORD_FIELDS.items():
            if name in rec:
                rec[field_name] = rec.pop(name) or None

    # 3. New employees, all at once (forward references to managers later in the file are
    #    allowed): a constant number of statements, whatever the file's size or the depth of
    #    its hierarchy (people/bulk_sql.py, tests/people/test_import_scaling.py).
    if plan.creates:
        bulk_sql.create_employees(plan.creates, now=now, pk_of=pk_of)

    # 4. Existing employees: only the fields that changed, all in bulk.
    if plan.updates:
        objs = []
        fields: set[str] = {"updated_at"}
        for old, changed in plan.updates:
            obj = Employee(**{_ATTNAMES.get(k, k): v for k, v in old.items()})
            for name, value in changed.items():
                if name == "manager":
                    obj.manager_id = pk_of[value] if value else None
                elif name in RECORD_FIELDS:
                    setattr(obj, f"{RECORD_FIELDS[name]}_id", value or None)
                else:
                    setattr(obj, name, value)
            obj.updated_at = now
            fields.update(RECORD_FIELDS.get(name, name) for name in changed)
            objs.append(obj)
        Employee.objects.bulk_update(objs, sorted(fields), batch_size=500)


_ATTNAMES = {"pk": "id", **{f: f"{f}_id" for f in RECORD_FIELDS.values()}}


def _create_records(plan: ImportPlan) -> None:
    """Create the departments and locations the plan's rows name and nobody had yet (their
    spelling was made canonical by the plan)."""
    for name, model in RECORD_MODELS.items():
        wanted = {rec[name] for rec in plan.creates if rec.get(name)}
        wanted.update(ch[name] for _old, ch in plan.updates if ch.get(name))
        if not wanted:
            continue
        known = set(model.objects.values_list("name", flat=True))
        model.objects.bulk_create(
            [model(name=n, key=name_key(n)) for n in sorted(wanted - known)], batch_size=500)


Format = Literal["csv", "xlsx"]


def employees_export(*, queryset: QuerySet[Employee], fmt: Format) -> bytes:
    """The directory as CSV or XLSX with the import's English headers; imports back unchanged."""
    rows = export_rows(queryset)
    if fmt == "csv":
        return write_csv(EXPORT_HEADERS, rows)
    if fmt == "xlsx":  # a CSV cell starting with "-" is already quoted by write_csv
        return write_xlsx(EXPORT_HEADERS, rows, quoted=frozenset({CLEAR_MARKER}))
    raise ValueError(f"unknown export format: {fmt!r}")


# --- a participant's own profile (photo, WhatsApp, preferred channels) ---------------------

_PHONE_KEEP = re.compile(r"[\s().\-]")


def normalise_whatsapp(value: str) -> str:
    """An international number as digits only (`+62 812-3456-7890` -> `6281234567890`);
    a leading 0 is read as Indonesian (`0812...` -> `62812...`). Empty stays empty."""
    raw = _PHONE_KEEP.sub("", value or "")
    if not raw:
        return ""
    if raw.startswith("+"):
        raw = raw[1:]
    elif raw.startswith("00"):
        raw = raw[2:]
    elif raw.startswith("0"):
        raw = "62" + raw[1:]
    if not raw.isdigit() or not 8 <= len(raw) <= 15:
        raise ServiceError(
            {"whatsapp": [_("Enter the WhatsApp number with its country code, e.g. "
                            "+62 812 3456 7890.")]},
            code="whatsapp_invalid",
        )
    return raw


@transaction.atomic
def profile_update(
    *,
    employee: Employee,
    by: User,
    whatsapp: str,
    whatsapp_consent: bool,
    channels: list[str],
    photo: IO[bytes] | None = None,
    remove_photo: bool = False,
) -> Profile:
    """Save what `employee` (only they themselves) shares with their partner. A new photo is
    re-encoded (`photos.square_jpeg`) before anything is written; a refused photo or number
    writes nothing."""
    if by.employee_id != employee.pk:
        raise ServiceError(_("You can only change your own profile."), code="not_own_profile")
    number = normalise_whatsapp(whatsapp)
    unknown = [c for c in channels if c not in ContactChannel.values]
    if unknown:
        raise ServiceError({"channels": [_("Choose channels from the list.")]})
    content = photos.square_jpeg(photo) if photo is not None else None
    profile, _created = Profile.objects.select_for_update().get_or_create(employee=employee)
    old_photo = profile.photo.name if profile.photo else ""
    profile.whatsapp = number
    profile.whatsapp_consent = bool(whatsapp_consent and number)
    profile.channels = [c for c in ContactChannel.values if c in channels]
    if content is not None:
        profile.photo.save(f"{uuid.uuid4().hex}.jpg", ContentFile(content), save=False)
    elif remove_photo:
        profile.photo = ""
    profile.save()
    if old_photo and old_photo != profile.photo.name:
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    audit.record(action="people.profile_update", actor=by, target=employee,
                 details={"photo": bool(profile.photo), "whatsapp": profile.shares_whatsapp})
    return profile


# --- managed lists (departments, locations) --------------------------------------------


def _record_field(record: NamedRecord) -> str:
    return "department_record" if isinstance(record, Department) else "location_record"


@transaction.atomic
def named_record_rename(*, record: NamedRecord, name: str, by: User | None) -> NamedRecord:
    """Rename a department or location; its employees follow. Refused when the new name is
    empty or is another record's (case and spaces ignored): merge them instead."""
    new = tidy_name(name)
    if not new:
        raise ServiceError({"name": [_("Write a name.")]}, code="name_empty")
    model = type(record)
    if model.objects.filter(key=name_key(new)).exclude(pk=record.pk).exists():
        raise ServiceError(
            {"name": [_("“%(name)s” already exists. To make them one, merge them below.")
                      % {"name": new}]},
            code="name_taken",
        )
    old = record.name
    if new == old:
        return record
    record = model.objects.select_for_update().get(pk=record.pk)
    record.name = new
    record.save()
    Employee.objects.filter(**{_record_field(record): old}).update(
        **{_record_field(record): record}, updated_at=timezone.now())
    audit.record(action=f"people.{model._meta.model_name}_rename", actor=by, target=record,
                 details={"from": old, "to": new})
    return record


@transaction.atomic
def named_record_merge(*, source: NamedRecord, target: NamedRecord, by: User | None) -> int:
    """Move every employee of `source` to `target` and delete `source`; returns how many
    employees moved."""
    model = type(source)
    if type(target) is not model or target.pk == source.pk:
        raise ServiceError({"target": [_("Choose another entry of the same list.")]},
                           code="merge_target")
    source = model.objects.select_for_update().get(pk=source.pk)
    field = _record_field(source)
    moved = Employee.objects.filter(**{field: source.name}).update(
        **{field: target}, updated_at=timezone.now())
    audit.record(action=f"people.{model._meta.model_name}_merge", actor=by, target=target,
                 details={"from": source.name, "into": target.name, "employees": moved})
    source.delete()
    return moved


# --- corrections (issue 20: a person asked HR to correct a directory field) ----------------

#: directory fields HR may correct one at a time, on a person's request
CORRECTABLE_FIELDS = ("full_name", "department", "grade", "manager", "birth_date")


def _corrected_value(employee: Employee, field: str, value: str) -> object:
    import datetime as dt

    value = (value or "").strip()
    if field == "full_name":
        if not value:
            raise ServiceError({"value": [_("Write the full name.")]}, code="correction_invalid")
        return value[:200]
    if field == "department":
        return tidy_name(value)
    if field == "grade":
        try:
            grade = int(value) if value else None
        except ValueError:
            grade = -1
        if grade is not None and not 0 <= grade <= 32767:
            raise ServiceError({"value": [_("The grade must be a whole number.")]},
                               code="correction_invalid")
        return grade
    if field == "manager":
        if not value:
            return None
        manager = Employee.objects.filter(employee_id=value).first()
        if manager is None or manager.pk == employee.pk:
            raise ServiceError(
                {"value": [_("No other employee has the employee ID “%(id)s”.") % {"id": value}]},
                code="correction_invalid")
        return manager
    if field == "birth_date":
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise ServiceError({"value": [_("Write the date as YYYY-MM-DD.")]},
                               code="correction_invalid") from None
    raise ServiceError({"value": [_("This field cannot be corrected here.")]},
                       code="correction_invalid")


@transaction.atomic
def employee_correct(*, employee: Employee, field: str, value: str, by: User) -> Employee:
    """Set one directory field of `employee` to `value` (text as typed; a manager by employee
    ID); audited with the old and new value. The next directory import may overwrite it, so
    HR also fixes the source system."""
    if field not in CORRECTABLE_FIELDS:
        raise ServiceError({"value": [_("This field cannot be corrected here.")]},
                           code="correction_invalid")
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    new = _corrected_value(employee, field, value)
    old = getattr(employee, field)
    setattr(employee, field, new)
    employee.save()
    audit.record(action="people.correct", actor=by, target=employee,
                 details={"field": field, "old": str(old or ""), "new": str(new or "")})
    return employee

"""The api app's write path: API tokens, and the bulk upsert of employees that the API and
`terbalik sync-employees` share (a thin layer over the directory import)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.access import is_platform_admin
from terbalik.core.service_errors import ServiceError
from terbalik.people import services as people_services
from terbalik.people.import_columns import EXPORT_HEADERS
from terbalik.people.importing import CLEAR_MARKER, ImportPlan
from terbalik.people.spreadsheet import CONTROL_CHARS, escape_formula

from .models import ApiToken, Scope

if TYPE_CHECKING:
    from terbalik.accounts.models import User
    from terbalik.programs.models import Program

SECRET_START = "tbk_"  # noqa: S105 - the visible start of every token, not a secret
_LAST_USED_STEP = dt.timedelta(minutes=1)  # last-used time is written at most once a minute


def digest_of(secret: str) -> str:
    """The stored form of a secret: the secret is 32 random bytes, so one SHA-256 is enough
    (nothing to guess; a slow hash would only slow every request)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once; never stored


@transaction.atomic
def token_create(
    *, by: User, name: str, scope: str, program: Program | None = None, user: User | None = None
) -> NewToken:
    """A new token for client `name`, acting as `user` (default: `by`). Only platform admins
    create tokens."""
    if not is_platform_admin(by):
        raise ServiceError(_("Only platform admins can create API tokens."), code="forbidden")
    name = CONTROL_CHARS.sub("", name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Name the client that will use this token.")]
    elif len(name) > 100:
        errors["name"] = [_("The client name has at most 100 characters.")]
    if scope not in Scope.values:
        errors["scope"] = [_("Choose read only or read and write.")]
    acting = user or by
    if not acting.is_active:
        errors["user"] = [_("This account is deactivated.")]
    if errors:
        raise ServiceError(errors, code="invalid")
    prefix = secrets.token_hex(4)
    secret = f"{SECRET_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        name=name, prefix=prefix, digest=digest_of(secret), scope=scope, program=program,
        user=acting, created_by=by, created_at=timezone.now(),
    )
    audit.record(action="api.token_create", actor=by, target=token,
                 details={"name": name, "scope": scope, "program": program.pk if program else None,
                          "acts_as": acting.pk})
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke at once; revoking twice is harmless."""
    if not is_platform_admin(by):
        raise ServiceError(_("Only platform admins can revoke API tokens."), code="forbidden")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(action="api.token_revoke", actor=by, target=token,
                     details={"name": token.name})
    return token


def token_touch(*, token: ApiToken) -> None:
    """Record that the token was used now (at most one write a minute per token)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= _LAST_USED_STEP:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


# --- employees: the bulk upsert -----------------------------------------------------------

#: JSON field -> import column header (the export's English headers)
JSON_FIELDS: dict[str, str] = {h: h for h in EXPORT_HEADERS}
JSON_FIELDS["full_name"] = "name"
JSON_FIELDS["time_zone"] = "timezone"
JSON_FIELDS["manager_employee_id"] = "manager_id"


def _cell(value: Any) -> str:
    if value is None:
        return CLEAR_MARKER  # JSON null clears the stored value, like "-" in a file
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return escape_formula("|".join(CONTROL_CHARS.sub("", str(v)) for v in value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return escape_formula(CONTROL_CHARS.sub("", value))
    return str(value)


def records_to_csv(records: Iterable[Mapping[str, Any]]) -> bytes:
    """Employee records (JSON objects) as the CSV file the import reads: one column per field
    any record names; a field a record leaves out is an empty cell (keeps the stored value),
    `null` is the clear marker. Unknown fields become columns the import ignores and names in
    a notice."""
    rows = list(records)
    headers: list[str] = []
    seen: set[str] = set()
    for record in rows:
        for key in record:
            if key not in seen:
                seen.add(key)
                headers.append(key)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([JSON_FIELDS.get(h, h) for h in headers])
    for record in rows:
        writer.writerow(["" if h not in record else _cell(record[h]) for h in headers])
    return buffer.getvalue().encode("utf-8")


def employees_upsert(
    *, records: list[dict[str, Any]], by: User | None, source: str = "api.json"
) -> ImportPlan:
    """Create or update employees by `employee_id`, with exactly the directory import's rules,
    in one transaction: all or nothing (`people.services.ImportRefused` carries the row
    errors; row numbers are the file's, so record i is row i + 2). Repeating it changes
    nothing."""
    if not records:
        raise ServiceError(_("Send at least one employee."), code="empty")
    return people_services.employee_import_apply(
        content=records_to_csv(records), file_name=source, by=by)

"""The audit log's single write path, its one deletion path, and the helper sensitive views use.

- `record(action=, actor=, target=, details=)`: every entry is written here (stable signature:
  services across the apps call it).
- `access(request, action, target, **details)`: one line in a view that shows or exports
  confidential results or other people's personal data ("…_viewed" / "…_exported").
- `purge_older_than(days=)`: the retention purge, the only way an entry ever leaves.
- `redact_person(texts=, replacement=)`: erasure's way to replace a person's name and e-mail
  address in past entries with their pseudonym (the facts stay, the identity goes).

Entries are append-only (see `AuditEntry`); on PostgreSQL a trigger enforces it for both
audit tables, ours and django-auditlog's `LogEntry` (role and ownership changes).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEntry, _purging

PROGRAM_LABEL = "programs.program"


def _program_of(target: models.Model | None, details: dict[str, Any]) -> int | None:
    """The program an entry is about: the target itself, the target's program, or a detail."""
    if target is not None:
        if target._meta.label_lower == PROGRAM_LABEL:
            return int(target.pk)
        found = target.__dict__.get("program_id")  # a loaded column, never a query
        if isinstance(found, int):
            return found
    found = details.get("program_id")
    return found if isinstance(found, int) else None


def record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    details = details or {}
    return AuditEntry.objects.create(
        actor=actor_obj,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        program_id=_program_of(target, details),
        details=details,
    )


def access(
    request: HttpRequest, action: str, target: models.Model | None = None, **details: Any
) -> AuditEntry:
    """Record that the signed-in user viewed or exported something confidential.

    Called once by each sensitive view after its access check passed, so a refused request
    leaves no entry. `action` ends in "_viewed" or "_exported" (the viewer's kinds).
    """
    return record(action=action, actor=request.user, target=target, details=details)


def _set_local(flag: str, value: str = "on") -> None:
    """A transaction-local setting the PostgreSQL trigger reads (nothing elsewhere)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [flag, value])


def purge_older_than(*, days: int, now: dt.datetime | None = None) -> int:
    """Delete the audit entries (both tables) older than `days` days; the number removed.

    The retention task calls this with `settings.PRIVACY_RETENTION_DAYS["audit"]`. It is the
    only deletion path: the model refuses deletes outside it, and on PostgreSQL the trigger
    lets a DELETE through only with the transaction-local flag set here.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    # a savepoint scopes the flag: if the body fails, rolling the savepoint back undoes the
    # setting (PostgreSQL reverts set_config with the subtransaction) and the original error
    # propagates; no statement runs on the aborted transaction
    with transaction.atomic():
        _set_local("terbalik.audit_purge")
        token = _purging.set(True)
        try:
            ours, _by_model = AuditEntry.objects.filter(at__lt=cutoff).delete()
            theirs, _by_model = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
        finally:
            _purging.reset(token)  # Python state only: never a query
        _set_local("terbalik.audit_purge", "off")  # success: not past the purge (caller's atomic)
    return ours + theirs


def _pattern(texts: list[str]) -> re.Pattern[str]:
    """The texts as whole words, case-insensitive: "Ani" matches "ani" but not "Daniel",
    "K000012" not "K0000120", "ani@x.id" not "dani@x.id" (longest first)."""
    words = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
    return re.compile(rf"(?<![\w.+-])(?:{words})(?![\w-]|\.\w)", re.IGNORECASE)


def _replace(value: Any, texts: list[str] | re.Pattern[str], replacement: str) -> Any:
    pattern = texts if isinstance(texts, re.Pattern) else _pattern(texts)
    if isinstance(value, str):
        return pattern.sub(lambda _m: replacement, value)
    if isinstance(value, list):
        return [_replace(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, pattern, replacement) for key, item in value.items()}
    return value


def redact_person(*, texts: Iterable[str], replacement: str) -> int:
    """Replace each of `texts` (a person's name, e-mail address) by `replacement` (their
    pseudonym) in every audit entry that contains one; the number of entries rewritten.

    For erasure (UU PDP): what happened and when stays in the trail, who it was does not.
    The only update path; on PostgreSQL it sets the transaction-local flag the trigger checks.
    """
    needles = sorted({t for t in texts if t and len(t) >= 3}, key=len, reverse=True)
    if not needles:
        return 0
    changed = 0
    with transaction.atomic():  # a savepoint: a failure rolls the flag back with it
        _set_local("terbalik.audit_redact")
        changed = _redact(needles, replacement)
        _set_local("terbalik.audit_redact", "off")  # success: not past the redaction
    return changed


def _redact(needles: list[str], replacement: str) -> int:
    changed = 0
    ours = models.Q()
    theirs = models.Q()
    for text in needles:
        ours |= models.Q(details__icontains=text)
        theirs |= (models.Q(object_repr__icontains=text)
                   | models.Q(changes_text__icontains=text)
                   | models.Q(changes__icontains=text)
                   | models.Q(actor_email__iexact=text))
    pattern = _pattern(needles)
    folded = {t.casefold() for t in needles}
    for entry in AuditEntry.objects.filter(ours).only("pk", "details"):
        new = _replace(entry.details, pattern, replacement)
        if new != entry.details:
            # a plain UPDATE by primary key: the queryset and model refuse updates on purpose
            models.QuerySet(AuditEntry).filter(pk=entry.pk).update(details=new)
            changed += 1
    for log in LogEntry.objects.filter(theirs):
        fields = {
            "object_repr": _replace(log.object_repr, pattern, replacement),
            "changes_text": _replace(log.changes_text, pattern, replacement),
            "changes": _replace(log.changes, pattern, replacement),
            "actor_email": (replacement if (log.actor_email or "").casefold() in folded
                            else log.actor_email),
        }
        if any(getattr(log, name) != new for name, new in fields.items()):
            LogEntry.objects.filter(pk=log.pk).update(**fields)
            changed += 1
    return changed

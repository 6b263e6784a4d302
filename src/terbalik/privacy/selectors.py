"""Reads of the privacy app: consent state and correction requests."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from terbalik.accounts.models import Role
from terbalik.programs.models import LIVE, Enrollment

from . import notice
from .erasure_access import erasure_requests_visible_to
from .models import (
    ConsentKind,
    ConsentRecord,
    CorrectionRequest,
    CorrectionStatus,
    ErasureRequest,
)


def latest(user: Any, kinds: tuple[str, ...]) -> ConsentRecord | None:
    return ConsentRecord.objects.filter(user=user, kind__in=kinds).order_by("-at", "-id").first()


def accepted_version(user: Any) -> int | None:
    """The notice version the person accepted last, or None (never, or withdrawn since)."""
    row = latest(user, (ConsentKind.NOTICE, ConsentKind.WITHDRAWN))
    if row is None or row.kind == ConsentKind.WITHDRAWN:
        return None
    return row.notice_version


def has_accepted_current(user: Any) -> bool:
    return accepted_version(user) == notice.current().number


def optional_agreed(user: Any) -> bool:
    """True while the person agrees to optional data (photo, WhatsApp, interests)."""
    row = latest(user, (ConsentKind.OPTIONAL, ConsentKind.OPTIONAL_WITHDRAWN,
                        ConsentKind.WITHDRAWN))
    return row is not None and row.kind == ConsentKind.OPTIONAL


def is_participant(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role == Role.PARTICIPANT
                and user.employee_id)


def live_enrollments(user: Any) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(employee_id=user.employee_id, status__in=LIVE)


def live_enrollments_shown(user: Any) -> list[Enrollment]:
    """The person's live enrollments with their programs (for pages)."""
    if not getattr(user, "employee_id", None):
        return []
    return list(live_enrollments(user).select_related("program"))


def needs_notice(user: Any) -> bool:
    """A participant in a program who has not accepted the current notice (enrolled by HR,
    or the notice changed since)."""
    return (is_participant(user) and live_enrollments(user).exists()
            and not has_accepted_current(user))


def consent_history(user: Any) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).order_by("-at", "-id")


def corrections_of(employee: Any) -> QuerySet[CorrectionRequest]:
    return CorrectionRequest.objects.filter(employee=employee).select_related("decided_by")


def corrections_pending(visible: QuerySet[CorrectionRequest]) -> QuerySet[CorrectionRequest]:
    """The pending ones of `visible` (what the viewer may see: `access.corrections_visible_to`)."""
    return (visible.filter(status=CorrectionStatus.PENDING)
            .select_related("employee", "requested_by").order_by("created_at", "id"))


def corrections_decided(visible: QuerySet[CorrectionRequest],
                        limit: int = 50) -> list[CorrectionRequest]:
    return list(visible.exclude(status=CorrectionStatus.PENDING)
                .select_related("employee", "decided_by").order_by("-decided_at", "-id")[:limit])


def current_value(employee: Any, field: str) -> str:
    """A directory field as the person sees it (manager: name and ID)."""
    if field == "manager":
        manager = employee.manager
        return f"{manager.full_name} ({manager.employee_id})" if manager else ""
    value = getattr(employee, field, "")
    return "" if value is None else str(value)


def current_interests(user: Any) -> str:
    """The interests of the person's newest live enrollment, as they would type them."""
    if not getattr(user, "employee_id", None):
        return ""
    newest = live_enrollments(user).order_by("-applied_at", "-id").first()
    return ", ".join((newest.intake or {}).get("interests", [])) if newest else ""


def erasure_rows(user: Any, limit: int) -> list[ErasureRequest]:
    """The newest `limit` requests `user` may see, with who asked and who decided."""
    return list(erasure_requests_visible_to(user).select_related(
        "requested_by", "decided_by")[:limit])

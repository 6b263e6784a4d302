"""The demo's audit trail: a few realistic "who looked at what" entries next to the ones the
demo's own services already wrote (programs created, sponsors given reports, roles recorded).

`build_demo_audit(hr_user=, running=)` is idempotent: a second run adds nothing. Entries are
written through `core.audit.record`, like every other entry, so they carry the time of the run.
"""

from __future__ import annotations

from typing import Any

from terbalik.accounts.models import Role, User

from . import audit
from .models import AuditEntry


def build_demo_audit(*, hr_user: Any, running: Any, finished: Any = None) -> int:
    """Write the demo entries once; the number written."""
    if AuditEntry.objects.filter(action="reports.data_exported", actor=hr_user).exists():
        return 0
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    sponsor = User.objects.filter(role=Role.SPONSOR).order_by("pk").first()
    pair = running.pairs.select_related("mentor__user", "mentee__employee").order_by(
        "pk").first()
    reported = finished or running
    entries: list[tuple[str, Any, Any, dict[str, Any]]] = [
        ("reports.dashboard_viewed", sponsor, reported, {"aggregates_only": True}),
        ("reports.report_pdf_exported", sponsor, reported, {"aggregates_only": True}),
        ("reports.feedback_viewed", hr_user, reported, {"aggregates_only": False}),
        ("reports.data_exported", hr_user, reported, {"kind": "pairs", "fmt": "xlsx"}),
        ("people.directory_exported", admin, None, {"fmt": "csv", "filters": {}}),
    ]
    if pair is not None:
        entries += [
            ("pairs.hr_pair_viewed", hr_user, pair, {}),
            ("people.profile_viewed", hr_user, pair.mentee.employee, {}),
            ("pairs.partner_profile_viewed", pair.mentor.user, pair.mentee.employee,
             {"program_id": pair.program_id, "pair_id": pair.pk, "side": "mentee",
              "contact_details": True}),
        ]
    written = 0
    for action, actor, target, details in entries:
        if actor is None:
            continue
        audit.record(action=action, actor=actor, target=target, details=details)
        written += 1
    return written

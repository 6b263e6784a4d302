"""The retention policy, enforced once a day by the scheduler (`run_due`) or by hand
(`terbalik retention [--dry-run]`).

Periods come from `settings.PRIVACY_RETENTION_DAYS` (environment variables in README):

- leavers: a person whose exit date (or, without one, the day they were marked inactive) is
  more than "after_leaving" days ago is pseudonymised (`erasure.pseudonymise`);
- closed programs: the free text of a program completed or archived more than
  "after_program_closes" days ago (pair notes, agreements, goals' wording, meeting places,
  check-in comments, nudges, rematch reasons, text answers of its surveys, intake free text)
  is removed; numbers and states stay;
- match runs: snapshots are pseudonymised at publish (`matching.services.review.run_publish`)
  and purged, with the per-person results, "match_snapshots" days after the run finished;
- the notification log: rows older than "messages" days are deleted, HR nudges' text cleared;
- webhook deliveries: finished ones (delivered or failed) whose last attempt is more than
  "messages" days ago are deleted (their payloads name people); pending ones stay;
- the audit trail: entries older than "audit" days are deleted.

Every step only touches what is still there, so a second run removes nothing (idempotent).
A dry run does the same work inside a transaction that is rolled back (files are deleted only
after a commit, so a dry run deletes none).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.matching.models import MatchRun, RematchRequest, RunStatus
from terbalik.notify.models import NotificationLog, SendStatus
from terbalik.pairs.models import CheckIn, Nudge, Pair
from terbalik.people.models import Employee
from terbalik.programs.models import Enrollment, Program, Status
from terbalik.surveys.models import TEXT_TYPES, Answer
from terbalik.webhooks.models import Delivery, DeliveryState

from . import erasure, pseudonyms
from .models import RetentionRun

logger = logging.getLogger(__name__)

KINDS = ("leavers", "closed_program_texts", "match_snapshots", "messages",
         "webhook_deliveries", "audit")
#: kind -> its key in settings.PRIVACY_RETENTION_DAYS
SETTING = {
    "leavers": "after_leaving",
    "closed_program_texts": "after_program_closes",
    "match_snapshots": "match_snapshots",
    "messages": "messages",
    "webhook_deliveries": "messages",
    "audit": "audit",
}
#: the environment variable that sets each period (settings.py)
ENV = {
    "after_leaving": "RETENTION_AFTER_LEAVING_DAYS",
    "after_program_closes": "RETENTION_AFTER_PROGRAM_CLOSES_DAYS",
    "match_snapshots": "RETENTION_MATCH_SNAPSHOTS_DAYS",
    "messages": "RETENTION_MESSAGES_DAYS",
    "audit": "RETENTION_AUDIT_DAYS",
}
CLOSED = (Status.COMPLETED, Status.ARCHIVED)


def kind_labels() -> dict[str, str]:
    return {
        "leavers": _("leavers pseudonymised"),
        "closed_program_texts": _("texts of closed programs removed"),
        "match_snapshots": _("match-run snapshots purged"),
        "messages": _("notification log entries removed"),
        "webhook_deliveries": _("webhook deliveries removed"),
        "audit": _("audit entries removed"),
    }


def days(kind: str) -> int:
    return int(settings.PRIVACY_RETENTION_DAYS[kind])


def _before(now: dt.datetime, kind: str) -> dt.datetime:
    return now - dt.timedelta(days=days(kind))


def leavers_due(now: dt.datetime) -> Any:
    """Employees who left more than "after_leaving" days ago and still carry their identity."""
    cutoff = _before(now, "after_leaving")
    left = Q(exit_date__isnull=False, exit_date__lte=timezone.localdate(cutoff)) | Q(
        exit_date__isnull=True, active=False, updated_at__lte=cutoff)
    return Employee.objects.filter(left).exclude(employee_id__startswith=pseudonyms.ID_PREFIX)


def _leavers(now: dt.datetime) -> int:
    from .erasure_services import erase_automatically

    reason = f"after_leaving: {days('after_leaving')} days"
    count = 0
    for employee in leavers_due(now).order_by("pk"):
        erase_automatically(employee=employee, reason=reason)
        count += 1
    return count


def closed_programs(now: dt.datetime) -> Any:
    return Program.objects.filter(
        status__in=CLOSED, status_changed_at__lte=_before(now, "after_program_closes"))


def _program_texts(now: dt.datetime) -> int:
    programs = closed_programs(now)
    counts: Counter[str] = Counter()
    pairs = Pair.objects.filter(program__in=programs)
    erasure.clear_pair_texts(pairs, counts)
    enrollments = Enrollment.objects.filter(program__in=programs)
    erasure.clear_intakes(enrollments, counts)
    erasure.clear(CheckIn.objects.filter(meeting__pair__in=pairs), counts, "comments",
                  comment="")
    erasure.clear(Nudge.objects.filter(pair__in=pairs), counts, "nudges", body="")
    erasure.clear(RematchRequest.objects.filter(pair__in=pairs), counts, "reasons", reason="")
    answers = Answer.objects.filter(
        response__instance__program__in=programs, question__type__in=TEXT_TYPES,
        value__isnull=False).exclude(value="")
    counts["answers"] += answers.update(value="")
    return sum(counts.values())


def _match_snapshots(now: dt.datetime) -> int:
    finished = [RunStatus.DONE, RunStatus.FAILED, RunStatus.SUPERSEDED, RunStatus.PUBLISHED]
    cutoff = _before(now, "match_snapshots")
    runs = MatchRun.objects.filter(status__in=finished).filter(
        Q(finished_at__lte=cutoff) | Q(finished_at__isnull=True, created_at__lte=cutoff)
    ).exclude(snapshot=[])
    count = 0
    for run in runs.only("result"):
        summary = (run.result or {}).get("summary", {})
        MatchRun.objects.filter(pk=run.pk).update(
            snapshot=[], fixed=[], result={"summary": summary, "purged": True})
        count += 1
    return count


def _messages(now: dt.datetime) -> int:
    cutoff = _before(now, "messages")
    waiting = (SendStatus.QUEUED, SendStatus.SENDING)
    deleted = NotificationLog.objects.filter(created_at__lt=cutoff).exclude(
        status__in=waiting).delete()[0]
    cleared = Nudge.objects.filter(sent_at__lt=cutoff).exclude(body="").update(body="")
    return int(deleted) + cleared


def _webhook_deliveries(now: dt.datetime) -> int:
    """Finished webhook deliveries (delivered or given up) whose last attempt — or, without
    one, creation — is more than "messages" days ago; pending and sending ones stay."""
    cutoff = _before(now, "messages")
    finished = (DeliveryState.DELIVERED, DeliveryState.FAILED)
    old = Q(last_attempt_at__lt=cutoff) | Q(last_attempt_at__isnull=True, created_at__lt=cutoff)
    return int(Delivery.objects.filter(state__in=finished).filter(old).delete()[0])


def _audit(now: dt.datetime) -> int:
    """Both audit tables, through the trail's only deletion path (append-only otherwise)."""
    return audit.purge_older_than(days=int(settings.PRIVACY_RETENTION_DAYS["audit"]), now=now)


STEPS = {
    "leavers": _leavers,
    "closed_program_texts": _program_texts,
    "match_snapshots": _match_snapshots,
    "messages": _messages,
    "webhook_deliveries": _webhook_deliveries,
    "audit": _audit,
}


def apply(*, now: dt.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Remove what the policy says is due; returns the count per kind. A dry run rolls back."""
    now = now or timezone.now()
    removed: dict[str, int] = {}
    with transaction.atomic():
        for kind in KINDS:
            removed[kind] = STEPS[kind](now)
        if dry_run:
            transaction.set_rollback(True)
    return removed


def run_due(*, now: dt.datetime | None = None) -> dict[str, int] | str:
    """The scheduler's job: the first tick of each day runs the policy and records what it
    removed (a RetentionRun row, an audit entry and a log line); later ticks that day, and a
    second scheduler racing the first, do nothing."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if RetentionRun.objects.filter(day=day).exists():
        return "done today"
    try:
        with transaction.atomic():  # a failure rolls the day back: the next tick tries again
            record = RetentionRun.objects.create(day=day, started_at=now)
            removed = apply(now=now)
            record.removed = removed
            record.finished_at = timezone.now()
            record.save(update_fields=["removed", "finished_at"])
            audit.record(action="privacy.retention_run", target=record,
                         details={"removed": removed})
    except IntegrityError:
        return "done today"
    logger.info("retention run %s removed %s", day, removed)
    return removed

"""The one periodic entry point: `run_due(now=...)` runs every due job once.

Jobs are named by dotted path and imported when the tick runs (notify sits below the apps
whose jobs it runs, so it does not import them at module level). A path that does not import
is a programming error and raises at once; it is never silently skipped. Every job must be
safe to run twice and from two schedulers at once: sends go through `services.notify_once`
(a unique key per cause) and jobs that claim rows lock them with
`select_for_update(skip_locked=True)`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)

JOBS: list[str] = [
    "terbalik.notify.services.sweep",
    "terbalik.webhooks.services.sweep",
    "terbalik.reports.jobs.outcomes_announce",
    "terbalik.pairs.jobs.run_due",
    "terbalik.programs.services.manager_approvals_expire",
    "terbalik.matching.services.choice_requests_expire",
    "terbalik.matching.services.runs_fail_stale",
    "terbalik.matching.services.simulations_fail_stale",
    "terbalik.surveys.planning.run_due",
    "terbalik.core.once.forget_expired",
    "terbalik.core.services.task_results_prune",
    "terbalik.privacy.retention.run_due",  # once a day: the retention policy (issue 20)
]


def _load(path: str) -> Callable[..., Any]:
    """The job at `path`; ImportError / AttributeError propagate (a wrong path is a bug)."""
    module_name, _, attr = path.rpartition(".")
    job: Callable[..., Any] = getattr(importlib.import_module(module_name), attr)
    return job


def run_due(*, now: dt.datetime | None = None) -> dict[str, Any]:
    """Run every job; one failing job is logged and does not stop the others."""
    now = now or timezone.now()
    results: dict[str, Any] = {}
    jobs = [(path, _load(path)) for path in JOBS]  # every path loads before any job runs
    for path, job in jobs:
        try:
            results[path] = job(now=now)
        except Exception:  # a broken job must not stop reminders and nudges
            logger.exception("scheduled job %s failed", path)
            results[path] = "failed"
    return results

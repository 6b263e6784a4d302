"""Finished background tasks are deleted after a week by a scheduled job, so the heartbeat
(one task a minute) and the e-mails (one task each) do not grow the table forever."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from terbalik.core.services import task_results_prune
from terbalik.core.tasks import heartbeat
from terbalik.notify import tick

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 5, 10, 9, 0, tzinfo=dt.UTC)


def _task(status: str, *, finished_days_ago: float | None, enqueued_days_ago: float = 30
          ) -> str:
    with time_machine.travel(NOW - dt.timedelta(days=enqueued_days_ago), tick=False):
        result = heartbeat.enqueue()
    finished = None if finished_days_ago is None else NOW - dt.timedelta(days=finished_days_ago)
    DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
    return str(result.id)


@pytest.fixture
def tasks() -> dict[str, str]:
    return {
        "old_succeeded": _task(TaskResultStatus.SUCCESSFUL, finished_days_ago=8),
        "old_failed": _task(TaskResultStatus.FAILED, finished_days_ago=7.5),
        "recent_succeeded": _task(TaskResultStatus.SUCCESSFUL, finished_days_ago=6),
        "waiting": _task(TaskResultStatus.READY, finished_days_ago=None),
        "running": _task(TaskResultStatus.RUNNING, finished_days_ago=None),
    }


def _left() -> set[str]:
    return {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}


@pytest.mark.parametrize("batch", [1, 1000])
def test_finished_tasks_older_than_a_week_are_deleted_in_batches_once(tasks, batch):
    with time_machine.travel(NOW, tick=False):
        assert task_results_prune(batch=batch) == 2
        assert task_results_prune(batch=batch) == 0  # a second run finds nothing
    assert _left() == {tasks["recent_succeeded"], tasks["waiting"], tasks["running"]}


def test_how_long_finished_tasks_are_kept_is_a_setting(tasks, settings):
    settings.TASK_RESULTS_KEEP_DAYS = 30
    assert task_results_prune(now=NOW) == 0
    settings.TASK_RESULTS_KEEP_DAYS = 1
    assert task_results_prune(now=NOW) == 3
    assert _left() == {tasks["waiting"], tasks["running"]}


def test_the_scheduler_tick_prunes_finished_tasks(tasks):
    results = tick.run_due(now=NOW)
    assert results["terbalik.core.services.task_results_prune"] == 2
    assert tasks["old_succeeded"] not in _left()

"""One scheduler at a time: a second one waits and takes over when the first dies."""

from __future__ import annotations

import io
import os
import signal
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from terbalik.core import scheduler
from terbalik.core.models import Heartbeat

from .ops_helpers import database_url_for_subprocess, production_env, read, terbalik, wait_for


def _start_scheduler(env: dict[str, str], log) -> subprocess.Popen[bytes]:
    return subprocess.Popen(terbalik("tick", "--loop", "--interval", "1", "--poll", "1"),
                            env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.mark.django_db(transaction=True)
def test_second_scheduler_waits_and_takes_over_when_the_first_is_killed(tmp_path):
    """PostgreSQL: the advisory lock; SQLite: the file lock beside the database file."""
    env = production_env(tmp_path=tmp_path, database_url=database_url_for_subprocess(tmp_path))
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    with first_log.open("wb") as out:
        first = _start_scheduler(env, out)
    second = None
    try:
        wait_for(lambda: "Scheduler lock taken" in read(first_log), "the first scheduler",
                 alive=lambda: first.poll() is None)
        with second_log.open("wb") as out:
            second = _start_scheduler(env, out)
        wait_for(lambda: "Another scheduler holds the lock" in read(second_log),
                 "the second scheduler to wait", alive=lambda: second.poll() is None)
        assert "Scheduler lock taken" not in read(second_log)

        os.kill(first.pid, signal.SIGKILL)  # no goodbye: the lock must be freed by its death
        first.wait(timeout=60)
        wait_for(lambda: "Scheduler lock taken" in read(second_log),
                 "the second scheduler to take over", alive=lambda: second.poll() is None)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
    assert second.returncode == 0, read(second_log)  # SIGTERM: a clean stop


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the advisory lock is PostgreSQL's; SQLite's file lock is above")
def test_a_single_tick_skips_while_another_scheduler_holds_the_lock():
    holder = scheduler.PostgresAdvisoryLock()
    assert holder.try_acquire()
    try:
        assert holder.still_held()
        out = io.StringIO()
        call_command("tick", stdout=out)
        assert "Another scheduler holds the lock; nothing run." in out.getvalue()
        assert not Heartbeat.objects.filter(name="scheduler").exists()
    finally:
        holder.release()
    assert not holder.still_held()
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "nothing run" not in out.getvalue()
    assert Heartbeat.objects.filter(name="scheduler").exists()


class FakeLock:
    """Held for `held_for` checks, then lost once; free to take again afterwards."""

    def __init__(self, held_for: int) -> None:
        self.held_for = held_for
        self.checks = 0
        self.acquired = 0
        self.released = 0

    def try_acquire(self) -> bool:
        self.acquired += 1
        return True

    def still_held(self) -> bool:
        self.checks += 1
        return self.checks != self.held_for + 1

    def release(self) -> None:
        self.released += 1


@pytest.mark.django_db
def test_a_scheduler_that_loses_its_lock_stops_running_and_takes_it_again():
    lock, stop, runs, said = FakeLock(held_for=2), scheduler.Stop(), [], []

    def run() -> None:
        runs.append(1)
        if len(runs) == 3:
            stop.event.set()

    scheduler.run_forever(run, interval=0, poll=0, lock=lock, stop=stop, say=said.append)
    assert said == ["Scheduler lock taken; running scheduled jobs.",
                    "Scheduler lock lost; waiting for it again.",
                    "Scheduler lock taken; running scheduled jobs."]
    assert len(runs) == 3
    assert lock.acquired == 2

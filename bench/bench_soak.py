"""Soak with faults: due reminders go out exactly once in effect while workers and the
scheduler are killed with SIGKILL at random moments and restarted (issue 18).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/bench_soak.py [--reminders 10000] [--workers 2] \\
        [--fault-seconds 120] [--timeout 1800] [--lease 60] [--seed 1]

Builds the scaled company with reminders/4 pairs, each with two meetings in the next 24 hours
(two members each: `--reminders` meeting reminders due), starts a loopback SMTP server
(aiosmtpd) in this process, `--workers` x `terbalik db_worker` and one
`terbalik tick --loop` (the scheduler: reminders and the notify sweep) with NOTIFY_SEND=worker.
For `--fault-seconds` it kills one of them (by PID, SIGKILL) every 2-8 s and starts it again,
then lets them drain. At the end every logged message must have reached the SMTP server
exactly once de-duplicated by Message-ID (repeats of one Message-ID are counted and shown),
nothing else may have arrived, no message may be left queued/sending/failed and no task
ready. Prints the figures; exits 1 on a miss. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from company import ROOT, bench_env, build, setup_django  # bench/company.py
from targets import finish

TERBALIK = str(ROOT / ".venv" / "bin" / "terbalik")


class Collector:
    """The loopback SMTP server's handler: counts deliveries per Message-ID."""

    def __init__(self) -> None:
        self.ids: collections.Counter[str] = collections.Counter()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        headers = BytesHeaderParser().parsebytes(envelope.content)
        self.ids[str(headers.get("Message-ID", "")).strip()] += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def due_meetings(pairs: list[Any]) -> int:
    """Two meetings in the next 24 hours for every pair; returns the reminders now due."""
    from django.utils import timezone

    from terbalik.pairs.models import Meeting, MeetingStatus

    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(pair=pair, uid=f"{uuid.uuid4()}@soak", starts_at=start,
                ends_at=start + dt.timedelta(hours=1), time_zone="Asia/Jakarta",
                status=MeetingStatus.SCHEDULED, updated_at=now)
        for pair in pairs
        for start in (now + dt.timedelta(hours=3), now + dt.timedelta(hours=20))
    )
    return 4 * len(pairs)


class Fleet:
    """The worker and scheduler processes, started, killed and restarted by PID."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.env, self.log = env, log.open("ab")
        self.commands = {f"worker{i}": [TERBALIK, "db_worker", "--no-reload", "--interval",
                                        "0.5", "--no-startup-delay"] for i in range(workers)}
        self.commands["scheduler"] = [TERBALIK, "tick", "--loop", "--interval", "5"]
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.kills: collections.Counter[str] = collections.Counter()

    def start(self, name: str) -> None:
        self.procs[name] = subprocess.Popen(  # noqa: S603 - our own console script
            self.commands[name], env=self.env, stdout=self.log, stderr=self.log)

    def start_all(self) -> None:
        for name in self.commands:
            self.start(name)

    def kill(self, name: str) -> None:
        proc = self.procs[name]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        self.kills["scheduler" if name == "scheduler" else "worker"] += 1
        self.start(name)

    def stop_all(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fault-seconds", type=float, default=120)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--lease", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    setup_django()
    from aiosmtpd.controller import Controller
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from terbalik.core.models import Heartbeat
    from terbalik.core.services import SCHEDULER
    from terbalik.core.tasks import heartbeat
    from terbalik.notify.models import NotificationLog, SendStatus

    HEARTBEAT_TASK = heartbeat.module_path  # noqa: N806 - the scheduler keeps one in the queue

    pairs = max(1, args.reminders // 4)
    data = build(employees=2 * pairs, pairs=pairs)
    NotificationLog.objects.all().delete()
    DBTaskResult.objects.all().delete()
    due = due_meetings(data["pairs"])

    collector, port = Collector(), free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    env = {**os.environ, **bench_env(), "NOTIFY_SEND": "worker",
           "NOTIFY_LEASE_SECONDS": str(args.lease),
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    log = ROOT / "var" / "bench_soak.log"
    log.parent.mkdir(exist_ok=True)
    fleet = Fleet(env, args.workers, log)
    started = time.monotonic()
    fleet.start_all()
    unsent = [SendStatus.QUEUED, SendStatus.SENDING]
    try:
        while time.monotonic() - started < args.fault_seconds:
            time.sleep(rng.uniform(2, 8))
            fleet.kill(rng.choice(sorted(fleet.commands)))
        # Done when everything is sent and two scheduler runs have *finished* since that was
        # first seen: the second of them started after it, so a run that was still creating
        # messages (a long run's later jobs) cannot slip in after the end. A fixed number of
        # polls was not enough: one run took longer than the polls once the machine was busy.
        quiet_since: dt.datetime | None = None
        runs_since: set[dt.datetime] = set()
        while time.monotonic() - started < args.timeout and len(runs_since) < 2:
            reminders = NotificationLog.objects.filter(kind="meeting_reminder").count()
            left = NotificationLog.objects.filter(status__in=unsent).count()
            ready = DBTaskResult.objects.exclude(task_path=HEARTBEAT_TASK).filter(
                status="READY").count()
            if reminders >= due and not left and not ready:
                quiet_since = quiet_since or timezone.now()
                runs_since.update(Heartbeat.objects.filter(
                    name=SCHEDULER, seen_at__gt=quiet_since).values_list("seen_at", flat=True))
            else:
                quiet_since, runs_since = None, set()
            time.sleep(3)
        time.sleep(2)  # the last SMTP conversations end
    finally:
        fleet.stop_all()
        controller.stop()
    elapsed = time.monotonic() - started

    logged = dict(
        NotificationLog.objects.exclude(status=SendStatus.SKIPPED)
        .values_list("message_id", "status")
    )
    reminder_ids = set(
        NotificationLog.objects.filter(kind="meeting_reminder").values_list("message_id",
                                                                            flat=True)
    )
    received = collector.ids
    deliveries = sum(received.values())
    repeated = {mid: n for mid, n in received.items() if n > 1}
    missing = set(logged) - set(received)
    unexpected = set(received) - set(logged)
    stuck = collections.Counter(s for s in logged.values() if s != SendStatus.SENT)
    ready_tasks = DBTaskResult.objects.exclude(task_path=HEARTBEAT_TASK).filter(
        status="READY").count()
    abandoned = DBTaskResult.objects.filter(status="RUNNING").count()
    print(f"soak: {due} reminders due, {args.workers} workers + 1 scheduler, "
          f"lease {args.lease} s, {elapsed:.0f} s")
    print(f"  kills (SIGKILL by PID): {fleet.kills['worker']} worker, "
          f"{fleet.kills['scheduler']} scheduler")
    print(f"  messages logged: {len(logged)} ({len(reminder_ids)} reminders)")
    print(f"  SMTP deliveries: {deliveries}, distinct Message-IDs: {len(received)}, "
          f"repeats of one Message-ID: {deliveries - len(received)} "
          f"({len(repeated)} messages)")
    print(f"  not sent (queued/sending/failed): {dict(stuck) or 0}; tasks still ready: "
          f"{ready_tasks}; tasks left running by killed workers: {abandoned}")
    print(f"  throughput: {deliveries / elapsed:.1f} messages/s")
    missed = []
    if len(reminder_ids) != due:
        missed.append(f"{len(reminder_ids)} reminders logged, {due} due")
    if missing:
        missed.append(f"{len(missing)} logged messages never reached the SMTP server")
    if unexpected:
        missed.append(f"{len(unexpected)} Message-IDs arrived that no logged message has")
    if stuck:
        missed.append(f"messages not sent: {dict(stuck)}")
    if ready_tasks:
        missed.append(f"{ready_tasks} tasks still waiting")
    finish(missed)


if __name__ == "__main__":
    sys.exit(main())

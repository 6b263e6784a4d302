"""`terbalik serve [ADDR:PORT]`: the web server, the background worker and the scheduler.

Without options it is the development start (`make run`): Django's development server with
autoreload, one worker and the scheduler. `--production` starts gunicorn
(terbalik/gunicorn_conf.py), `--task-workers` `db_worker`s and one scheduler (`tick --loop`,
which waits if another machine's scheduler holds the lock) and supervises them: SIGTERM or
Ctrl+C stops all of them gracefully; if one of them dies the others are stopped and the
command exits non-zero, so systemd (deploy/systemd/) or any supervisor restarts the set.
On several machines run it on each, or run the processes as separate services
(README, "Run in production").
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess  # noqa: S404
import sys
import tempfile
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

GRACE_SECONDS = 40  # a little more than gunicorn's graceful_timeout


class Command(BaseCommand):
    help = "Run the web server together with the background worker and scheduler."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="",
                            help="Where to listen (default 127.0.0.1:8000, or BIND / PORT).")
        parser.add_argument("--production", action="store_true",
                            help="gunicorn instead of the development server (DEBUG off).")
        parser.add_argument("--task-workers", type=int, default=2,
                            help="Background workers to start with --production (default 2).")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the worker.")
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Do not start the periodic scheduler."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["production"]:
            self._production(options)
            return
        # The autoreloader re-runs this command in a child process (RUN_MAIN=true):
        # only the outer process starts the helpers, so there is exactly one of each.
        if os.environ.get("RUN_MAIN") != "true":
            for label, command in self._helpers(options, workers=1):
                process = _start(["-m", "terbalik.cli", *command])
                atexit.register(_stop, process)
                self.stdout.write(f"{label} started (pid {process.pid}).")
        call_command("runserver", options["addrport"] or "127.0.0.1:8000")

    def _helpers(self, options: dict[str, Any], *, workers: int) -> list[tuple[str, list[str]]]:
        helpers = []
        if not options["no_worker"]:
            helpers += [(f"Background worker {n + 1}", ["db_worker"]) for n in range(workers)]
        if not options["no_scheduler"]:
            helpers.append(("Scheduler", ["tick", "--loop", "--interval", "60"]))
        return helpers

    def _production(self, options: dict[str, Any]) -> None:
        if settings.DEBUG:
            raise CommandError("--production runs with DEBUG off: unset DEBUG.")
        if options["task_workers"] < 0:
            raise CommandError("--task-workers must be 0 or more.")
        if connection.vendor != "postgresql":
            self.stderr.write("Note: SQLite serves one machine; past one machine use "
                              "PostgreSQL (DATABASE_URL).")
        own_metrics_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        if own_metrics_dir:  # every process of this machine adds to the same /metrics
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="terbalik-metrics-")
        gunicorn = ["-m", "gunicorn", "-c", "python:terbalik.gunicorn_conf"]
        if options["addrport"]:
            gunicorn += ["--bind", options["addrport"]]
        children = [("Web server (gunicorn)", _start(gunicorn))]
        for label, command in self._helpers(options, workers=options["task_workers"]):
            children.append((label, _start(["-m", "terbalik.cli", *command])))
        for label, process in children:
            self.stdout.write(f"{label} started (pid {process.pid}).")
        self.stdout.flush()
        try:
            code = _supervise(children, say=self._say)
        finally:
            if own_metrics_dir:
                shutil.rmtree(os.environ.pop("PROMETHEUS_MULTIPROC_DIR"), ignore_errors=True)
        if code:
            raise CommandError("a process stopped unexpectedly; all were stopped", returncode=code)

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *args], env=os.environ.copy())  # noqa: S603


def _supervise(children: list[tuple[str, subprocess.Popen[bytes]]], *, say: Any) -> int:
    """Wait until asked to stop (0) or until a child exits by itself (1); stop the rest."""
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_a: stop.set())
                for signum in (signal.SIGTERM, signal.SIGINT)}
    code = 0
    try:
        while not stop.wait(0.5):
            dead = [(label, p) for label, p in children if p.poll() is not None]
            if dead:
                for label, process in dead:
                    say(f"{label} exited with {process.returncode}; stopping the others.")
                code = 1
                break
    finally:
        for _label, process in children:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _label, process in children:
            _stop(process, already_asked=True)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    say("All processes stopped.")
    return code


def _stop(process: subprocess.Popen[bytes], *, already_asked: bool = False) -> None:
    if process.poll() is None:
        if not already_asked:
            process.terminate()
        try:
            process.wait(timeout=GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

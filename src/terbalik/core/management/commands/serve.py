"""`terbalik serve [ADDR:PORT]`: the web server, the background worker and the scheduler.

For development and demos (`make run`). In production run the web server (e.g. gunicorn
terbalik.wsgi), one or more `terbalik db_worker` processes and one `terbalik tick --loop` as
separate services; see README.
"""

from __future__ import annotations

import atexit
import os
import subprocess  # noqa: S404
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the development web server together with the background worker and scheduler."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-worker", action="store_true", help="Do not start the worker.")
        parser.add_argument(
            "--no-scheduler", action="store_true", help="Do not start the periodic scheduler."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The autoreloader re-runs this command in a child process (RUN_MAIN=true):
        # only the outer process starts the helpers, so there is exactly one of each.
        if os.environ.get("RUN_MAIN") != "true":
            helpers = []
            if not options["no_worker"]:
                helpers.append(("Background worker", ["db_worker"]))
            if not options["no_scheduler"]:
                helpers.append(("Scheduler", ["tick", "--loop", "--interval", "60"]))
            for label, command in helpers:
                process = subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "terbalik.cli", *command], env=os.environ.copy()
                )
                atexit.register(_stop, process)
                self.stdout.write(f"{label} started (pid {process.pid}).")
        call_command("runserver", options["addrport"])


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()

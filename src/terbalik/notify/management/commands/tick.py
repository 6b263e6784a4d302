"""`terbalik tick`: run every due scheduled job once (reminders, nudges, health, closing...).

Run it every minute from cron, or keep one `terbalik tick --loop` running as a service.
`--enqueue` hands the run to a `db_worker` instead of doing it in this process.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the due scheduled jobs (once, or every --interval seconds with --loop)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the run for a background worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            self._once(enqueue=options["enqueue"], verbosity=options["verbosity"])
            if not options["loop"]:
                return
            time.sleep(max(1, options["interval"]))

    def _once(self, *, enqueue: bool, verbosity: int) -> None:
        if enqueue:
            from ...tasks import tick

            result = tick.enqueue()
            if verbosity > 1:
                self.stdout.write(f"enqueued {result.id}")
            return
        from ...tick import run_due

        results = run_due()
        if verbosity > 1:
            for name, value in results.items():
                self.stdout.write(f"{name}: {value}")

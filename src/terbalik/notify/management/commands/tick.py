"""`terbalik tick`: run every due scheduled job once (reminders, nudges, health, closing...).

Run it every minute from cron, or keep one `terbalik tick --loop` running as a service.
`--enqueue` hands the run to a `db_worker` instead of doing it in this process. Only one
scheduler runs at a time (`terbalik.core.scheduler`): a second `--loop` waits and takes over
when the first dies; a single run skips while another scheduler holds the lock.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from terbalik.core import scheduler


class Command(BaseCommand):
    help = "Run the due scheduled jobs (once, or every --interval seconds with --loop)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between runs.")
        parser.add_argument(
            "--poll", type=float, default=10,
            help="Seconds between tries to take over from another scheduler (with --loop).",
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Enqueue the run for a background worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def run() -> None:
            self._once(enqueue=options["enqueue"], verbosity=options["verbosity"])

        if options["loop"]:
            stop = scheduler.Stop()
            stop.install()
            scheduler.run_forever(run, interval=max(1, options["interval"]),
                                  poll=max(0.1, options["poll"]), stop=stop, say=self._say)
        elif not scheduler.run_if_free(run):
            self._say("Another scheduler holds the lock; nothing run.")

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

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

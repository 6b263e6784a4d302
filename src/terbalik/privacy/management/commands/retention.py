"""`terbalik retention [--dry-run]`: apply the retention policy now, or show what it would do."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from terbalik.privacy import retention


class Command(BaseCommand):
    help = "Remove the data whose retention period has ended (see README, Privacy)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="show what would be removed; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        removed = retention.apply(dry_run=dry_run)
        title = _("Would remove:") if dry_run else _("Removed:")
        self.stdout.write(title)
        labels = retention.kind_labels()
        for kind in retention.KINDS:
            self.stdout.write(f"  {labels[kind]}: {removed[kind]} "
                              f"({retention.days(retention.SETTING[kind])} {_('days')})")
        if not dry_run:
            from terbalik.core import audit

            audit.record(action="privacy.retention_command", details={"removed": removed})

"""`terbalik sync-employees URL|FILE [--token …]`: a scheduled pull of the HR system's feed."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terbalik.api import sync
from terbalik.core.service_errors import ServiceError
from terbalik.people.importing import ImportPlan, RowError
from terbalik.people.services import ImportRefused


def _located(error: RowError, plan: ImportPlan) -> str:
    """A row's problem or warning, naming the feed's record (JSON) or the file's row."""
    if not error.row:
        where = ""
    elif plan.file_name.lower().endswith(".json"):  # file row 2 is the feed's first record
        where = _("Record %(number)s") % {"number": error.row - 1}
    else:
        where = _("Row %(row)s") % {"row": error.row}
    column = f" “{error.column}”" if error.column else ""
    return f"{where}{column}: {error.message}" if where or column else str(error.message)


class Command(BaseCommand):
    help = (
        "Pull employees from an HR system's CSV or JSON feed (a URL, fetched with the bearer "
        "token, or a file) and apply them with the directory import's rules, all or nothing. "
        "Exit status 0 when applied, 2 when refused (errors on stderr), 1 when unreadable."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="https://… feed URL, or a CSV/XLSX/JSON file")
        parser.add_argument(
            "--token", default=os.environ.get("SYNC_FEED_TOKEN", ""),
            help="bearer token for the feed URL (default: $SYNC_FEED_TOKEN; keeps it out of "
                 "the process list)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            content, name, kind = sync.fetch(options["source"], token=options["token"])
        except sync.FeedError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        try:
            plan = sync.apply(content=content, name=name, kind=kind)
        except sync.FeedError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        except ImportRefused as refused:
            for error in refused.plan.errors:
                self.stderr.write(_located(error, refused.plan))
            raise CommandError(ngettext(
                "Nothing was imported: %(count)s problem.",
                "Nothing was imported: %(count)s problems.",
                len(refused.plan.errors)) % {"count": len(refused.plan.errors)},
                returncode=2) from refused
        except ServiceError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for notice in plan.notices:
            self.stderr.write(_("Note: %(notice)s") % {"notice": notice})
        for warning in plan.warnings:
            self.stderr.write(_("Note: %(notice)s") % {"notice": _located(warning, plan)})
        self.stdout.write(self.style.SUCCESS(
            _("Created %(created)s, updated %(updated)s, unchanged %(unchanged)s.") % {
                "created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged}))

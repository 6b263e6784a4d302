"""`terbalik import-employees FILE [--dry-run]`: the directory import for HRIS syncs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terbalik.people import services
from terbalik.people.importing import ImportPlan, RowError


class Command(BaseCommand):
    help = (
        "Import employees from a CSV or XLSX file (upsert by employee_id, all or nothing). "
        "Exit status 0 when imported, 2 when refused (errors on stderr)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and show the plan; write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                content = handle.read(settings.IMPORT_MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc.strerror},
                returncode=1,
            ) from exc
        if options["dry_run"]:
            plan = services.employee_import_preview(content=content, file_name=path.name)
            self.report_notices(plan)
            if plan.errors:
                self.refuse(plan)
            self.stdout.write(_("Dry run: nothing was written."))
            self.stdout.write(self.counts(plan, dry_run=True))
            for change in plan.changes:
                fields = ", ".join(
                    f"{c.column}: {c.old or '-'} → {c.new or '-'}" if change.action == "update"
                    else f"{c.column}: {c.new}"
                    for c in change.changes
                )
                self.stdout.write(
                    f"  {change.row}\t{change.action}\t{change.employee_id}\t{fields}"
                )
            if plan.more_changes:
                more = ngettext(
                    "… and %(count)s more changed row.",
                    "… and %(count)s more changed rows.",
                    plan.more_changes,
                ) % {"count": plan.more_changes}
                self.stdout.write(f"  {more}")
            return
        try:
            plan = services.employee_import_apply(content=content, file_name=path.name, by=None)
        except services.ImportRefused as refused:
            self.report_notices(refused.plan)
            self.refuse(refused.plan)
        self.report_notices(plan)
        self.stdout.write(self.style.SUCCESS(self.counts(plan, dry_run=False)))

    def report_notices(self, plan: ImportPlan) -> None:
        for notice in plan.notices:
            self.stderr.write(_("Note: %(notice)s") % {"notice": notice})
        for warning in plan.warnings:
            self.stderr.write(_("Note: %(notice)s") % {"notice": self.located(warning)})

    @staticmethod
    def located(error: RowError) -> str:
        if error.row is not None and error.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": error.row, "column": error.column, "message": error.message}
        if error.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": error.row, "message": error.message}
        return str(error.message)

    def refuse(self, plan: ImportPlan) -> None:
        for error in plan.errors:
            self.stderr.write(self.located(error))
        raise CommandError(
            ngettext(
                "Nothing was imported: %(count)s problem in %(file)s.",
                "Nothing was imported: %(count)s problems in %(file)s.",
                len(plan.errors),
            ) % {"count": len(plan.errors), "file": plan.file_name},
            returncode=2,
        )

    @staticmethod
    def counts(plan: ImportPlan, *, dry_run: bool) -> str:
        if dry_run:
            text = _("Would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged.")
        else:
            text = _("Created %(created)s, updated %(updated)s, unchanged %(unchanged)s.")
        return text % {"created": plan.created, "updated": plan.updated,
                       "unchanged": plan.unchanged}

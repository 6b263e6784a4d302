"""`terbalik export-employees FILE`: the directory as CSV, or XLSX when FILE ends in .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terbalik.people import services
from terbalik.people.models import Employee


class Command(BaseCommand):
    help = "Export the employee directory to FILE (.csv or .xlsx) with the import's headers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="target file; .xlsx writes Excel, .csv writes CSV")
        parser.add_argument(
            "--active-only", action="store_true", help="leave out employees who have left"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        suffix = path.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError(
                _("Use a file name ending in .csv or .xlsx (got %(file)s).") % {"file": path}
            )
        queryset = Employee.objects.order_by("employee_id")
        if options["active_only"]:
            queryset = queryset.filter(active=True)
        content = services.employees_export(
            queryset=queryset, fmt="xlsx" if suffix == ".xlsx" else "csv"
        )
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": path, "error": exc.strerror}
            ) from exc
        count = queryset.count()
        self.stdout.write(
            ngettext("Exported %(count)s employee to %(file)s.",
                     "Exported %(count)s employees to %(file)s.", count)
            % {"count": count, "file": path}
        )

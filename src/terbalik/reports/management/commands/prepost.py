"""`terbalik prepost FILE.csv --target T [--unit points|percent] [--direction increase|decrease]
[--test auto|t|wilcoxon] [--confidence 0.95] [--json]`: the web page's verdict for a file.

The same function judges (`terbalik.surveys.verdict.prepost_verdict`) and the same words
describe (`terbalik.reports.verdict_text`). Exit status 0 with a verdict, 2 when the file or an
option cannot be used (the line number on stderr, nothing on stdout).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from terbalik.reports import verdict_text
from terbalik.reports.prepost_file import FileError, read_pairs
from terbalik.surveys import verdict as V

MAX_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Judge a before/after change against a target from a CSV with the header "
        "participant,before,after: met, not met, inconclusive or insufficient data. "
        "Exit status 2 when the file cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV with the columns participant,before,after")
        parser.add_argument("--target", required=True,
                            help="the wanted change (for a decrease: the size of the reduction)")
        parser.add_argument("--unit", choices=[V.POINTS, V.PERCENT], default=V.POINTS,
                            help="points: mean of after − before; percent: relative to the "
                                 "mean before (Fieller interval)")
        parser.add_argument("--direction", choices=[V.INCREASE, V.DECREASE], default=V.INCREASE)
        parser.add_argument("--test", choices=["auto", "t", "wilcoxon"], default="auto",
                            help="auto: Wilcoxon signed-rank below 30 pairs, paired t from 30")
        parser.add_argument("--confidence", type=float, default=0.95)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                content = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s")
                               % {"file": path, "error": exc.strerror}, returncode=2) from exc
        if len(content) > MAX_BYTES:
            raise CommandError(_("%(file)s is larger than 50 MB.") % {"file": path},
                               returncode=2)
        try:
            pairs = read_pairs(content)
        except FileError as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from exc
        try:
            target = V.to_fraction(options["target"])
        except ValueError as exc:
            raise CommandError(_("--target must be a number (got %(value)s).")
                               % {"value": options["target"]}, returncode=2) from exc
        if target < 0:
            raise CommandError(_("--target is a size: give it without a sign and use "
                                 "--direction decrease for a reduction."), returncode=2)
        if not 0 < options["confidence"] < 1:
            raise CommandError(_("--confidence must be between 0 and 1, e.g. 0.95."),
                               returncode=2)
        verdict = V.prepost_verdict(pairs, target=target, unit=options["unit"],
                                    direction=options["direction"], test=options["test"],
                                    confidence=options["confidence"])
        if options["json"]:
            self.stdout.write(json.dumps(verdict.as_json(), ensure_ascii=False))
            return
        words = verdict_text.describe(verdict, metric=_("the measure"))
        self.stdout.write(words.headline)
        for line in words.details:
            self.stdout.write("  " + line)
        if verdict.mean_before is not None:
            self.stdout.write("  " + _("Mean before %(before)s, mean after %(after)s, mean change "
                                       "%(change)s points.") % {
                "before": verdict_text.number(verdict.mean_before, 2),
                "after": verdict_text.number(verdict.mean_after, 2),
                "change": verdict_text.number(verdict.mean_change, 2, sign=True)})
        self.stdout.write(words.conclusion)

"""``terbalik match``: suggestions and an optimal assignment from a participants CSV."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext, ngettext

from terbalik.matching.engine import (
    ConfigError,
    MatchConfig,
    Participant,
    ParticipantFileError,
    ReadLimits,
    Translator,
    assignments_csv,
    format_micro,
    load_config,
    read_participants_csv,
    run,
    suggestions_csv,
)
from terbalik.matching.engine.config import check_top
from terbalik.matching.engine.fair import FairResult, run_fair, score_stats
from terbalik.matching.engine.progress import TerminalProgress
from terbalik.skills.normalise import SkillIndex
from terbalik.skills.selectors import taxonomy

USAGE_ERROR = 2


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=USAGE_ERROR)


def write_atomically(files: list[tuple[Path, str]]) -> None:
    """Write every file to a temporary sibling, then move them all into place."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files:
            fd, temp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.",
                                        suffix=".tmp")
            temps.append((temp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        for temp, path in temps:
            os.replace(temp, path)
    finally:
        for temp, _ in temps:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)


#: rows named per unmapped term in the report (then "and N more")
REPORT_LINES = 5


class CanonicalTerms:
    """Maps skills and interests through the taxonomy while the file is read (ids, then
    unmapped terms as typed: ``SkillIndex.canonical``), and keeps the terms it could not map.

    Given to ``read_participants_csv`` as its ``map_terms``: each participant is made once,
    with its mapped lists, and each distinct list is mapped once (``SkillIndex.map_lists``).
    100,000 participants took 1.7 s mapped and copied one by one, about 0.3 s so."""

    def __init__(self) -> None:
        #: per field, per participant in file order: the terms no skill answers to
        self.unmapped: dict[str, list[tuple[str, ...]]] = {}
        self._index: SkillIndex | None = None  # read once (a query), when first needed

    def __call__(self, name: str, column: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        if self._index is None:
            self._index = taxonomy().index
        mapped = self._index.map_lists(column)
        self.unmapped[name] = [terms for _values, terms in mapped]
        return [values for values, _terms in mapped]

    def report(self, people: list[Participant]) -> dict[str, tuple[list[int], int]]:
        """Per unmapped term, the lines of the first ``REPORT_LINES`` rows naming it and how
        many rows name it (a row naming it among both its skills and interests counts
        twice), the terms in the order they are first met (skills before interests)."""
        empty: list[tuple[str, ...]] = [()] * len(people)
        columns = [self.unmapped.get("skills", empty), self.unmapped.get("interests", empty)]
        total: Counter[str] = Counter()
        for column in columns:
            for terms, rows in Counter(column).items():
                for term in terms:
                    total[term] += rows
        lines: dict[str, list[int]] = {}
        # only the first rows are listed: stop once every term has its lines
        missing = sum(min(count, REPORT_LINES) for count in total.values())
        for person, skill_terms, interest_terms in zip(people, *columns, strict=True):
            if not missing:
                break
            for term in (*skill_terms, *interest_terms):
                listed = lines.setdefault(term, [])
                if len(listed) < REPORT_LINES:
                    listed.append(person.line)
                    missing -= 1
        return {term: (listed, total[term]) for term, listed in lines.items()}


def current_translator() -> Translator:
    """Explanations in the active language, each message and label looked up once.

    The writers explain tens of thousands of pairs with a few dozen distinct messages and
    labels; through Django each lookup asks for the active language again (a context-local
    read): 270,000 lookups took about 0.5 s of a 20,000 x 80,000 run. The language does not
    change while the files are written, so each answer is kept for the call."""
    return Translator(gettext=cache(gettext), ngettext=cache(ngettext),
                      label=cache(taxonomy().label))


class Command(BaseCommand):
    # Django's checks import every URL and view (scipy.stats for the reports alone): about
    # 1 s of a 12-person run. This command reads a file and writes files; `terbalik check`
    # and every server start still run them.
    requires_system_checks: list[str] = []
    help = (
        "Match mentors and mentees from a participants CSV: the top suggestions of each "
        "mentee and an assignment with the most matched mentees, then the highest total "
        "score, proven optimal by an LP duality certificate (or reported with its gap to a "
        "proven upper bound). Exit status 2 on an unusable file or configuration; output "
        "files are only replaced once everything has succeeded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("participants", help="participants CSV file")
        parser.add_argument("--out", required=True, help="ASSIGNMENTS.csv to write")
        parser.add_argument("--suggestions", help="SUGGESTIONS.csv to write")
        parser.add_argument("--top", type=int, help="suggestions per mentee (default 3)")
        parser.add_argument(
            "--config",
            help="CONFIG.toml: [weights] skill/interest/diversity, seniority "
            "(grade|age|grade_and_age|grade_or_age; age only where both birth dates "
            "are known, otherwise grade decides), min_score, top",
        )
        parser.add_argument("--language", help="language of explanations: id or en")
        parser.add_argument(
            "--fair", action="store_true",
            help="raise the worst match first: as many matched mentees, then the highest "
            "lowest score, then the highest total; prints the trade-off against the default",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        language = options.get("language") or settings.LANGUAGE_CODE
        codes = [code for code, _name in settings.LANGUAGES]
        if language not in codes:
            raise _fail(
                gettext("unknown language %(language)s; choose one of %(choices)s")
                % {"language": language, "choices": ", ".join(codes)}
            )
        with translation.override(language):
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        config = MatchConfig()
        if options.get("config"):
            try:
                config = load_config(options["config"])
            except ConfigError as exc:
                raise _fail(exc.render(gettext)) from None
            except OSError as exc:
                raise _fail(self._cannot_read(options["config"], exc)) from None
        if options.get("top") is not None:
            try:
                config = dataclasses.replace(config, top=check_top(options["top"], "--top"))
            except ConfigError as exc:
                raise _fail(exc.render(gettext)) from None
        source = options["participants"]
        terms = CanonicalTerms()
        try:
            people = read_participants_csv(source, limits=ReadLimits(
                max_bytes=settings.IMPORT_MAX_BYTES,
                max_rows=settings.IMPORT_MAX_ROWS,
                max_columns=settings.IMPORT_MAX_COLUMNS,
                max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
                max_list_items=settings.SKILLS_MAX_PER_PERSON,
            ), map_terms=terms)
        except ParticipantFileError as exc:
            raise _fail(
                gettext("%(path)s: %(message)s") % {"path": source, "message": exc.render(gettext)}
            ) from None
        except OSError as exc:
            raise _fail(self._cannot_read(source, exc)) from None

        self._report_unmapped(terms.report(people))
        stream = getattr(self.stderr, "_out", sys.stderr)
        progress = TerminalProgress(stream) if self.stderr.isatty() else None
        fair: FairResult | None = None
        if options.get("fair"):
            fair = run_fair(people, config, progress=progress)
            result = fair.fair
        else:
            result = run(people, config, progress=progress)
        if progress is not None:
            progress.finish()
        tr = current_translator()
        files = [(Path(options["out"]), assignments_csv(result.assignments, tr))]
        if options.get("suggestions"):
            files.append((Path(options["suggestions"]),
                          suggestions_csv(result.suggestions(config.top), tr)))
        try:
            write_atomically(files)
        except OSError as exc:
            raise _fail(
                gettext("cannot write the output files: %(error)s") % {"error": exc.strerror}
            ) from None
        self._summary(result.summary)
        if fair is not None:
            self._trade_off(fair)

    def _report_unmapped(self, unmapped: dict[str, tuple[list[int], int]]) -> None:
        """Terms no skill answers to, on stderr (the run goes on: they match as plain text)."""
        if not unmapped:
            return
        self.stderr.write(
            ngettext("%(count)d term matched no skill of the taxonomy (compared as typed):",
                     "%(count)d terms matched no skill of the taxonomy (compared as typed):",
                     len(unmapped)) % {"count": len(unmapped)})
        for term, (first, rows) in sorted(unmapped.items(), key=lambda kv: kv[1][0][0]):
            lines = ", ".join(map(str, first))
            more = rows - len(first)
            self.stderr.write(
                "  " + (gettext("“%(term)s” (lines %(lines)s and %(more)d more)") if more > 0
                        else gettext("“%(term)s” (lines %(lines)s)"))
                % {"term": term, "lines": lines, "more": more})

    @staticmethod
    def _cannot_read(path: str, exc: OSError) -> str:
        return gettext("cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}

    def _summary(self, s: Any) -> None:
        lines = [
            gettext("mentees: %(count)d") % {"count": s.mentees},
            gettext("mentors: %(count)d") % {"count": s.mentors},
            gettext("feasible pairs: %(count)d") % {"count": s.feasible_pairs},
            gettext("matched: %(count)d") % {"count": s.matched},
            gettext("mean score: %(score).6f") % {"score": s.mean_score},
        ]
        if s.exact:
            lines.append(gettext("optimal: yes (proven by an LP duality certificate)"))
        else:
            lines.append(
                gettext(
                    "optimal: not proven; total score %(total)s, proven upper bound "
                    "%(bound)s, gap at most %(gap).3f%%"
                )
                % {"total": format_micro(s.total_score_micro),
                   "bound": format_micro(s.upper_bound_micro), "gap": 100 * s.gap}
            )
        lines.append(gettext("seconds: %(seconds).2f") % {"seconds": s.seconds})
        for line in lines:
            self.stdout.write(line)

    def _trade_off(self, fair: FairResult) -> None:
        """The fair assignment against the default, in the same units as the summary."""
        self.stdout.write(gettext("trade-off (default -> worst match first):"))
        default, chosen = score_stats(fair.total), score_stats(fair.fair)
        for label, before, after in (
            (gettext("lowest score"), default.minimum_micro, chosen.minimum_micro),
            (gettext("10th percentile"), default.p10_micro, chosen.p10_micro),
            (gettext("median score"), default.median_micro, chosen.median_micro),
            (gettext("total score"), default.total_micro, chosen.total_micro),
        ):
            self.stdout.write(f"  {label}: {format_micro(before)} -> {format_micro(after)}")
        if not fair.exact:
            self.stdout.write(gettext("  not every step was proven optimal; see the gap above"))

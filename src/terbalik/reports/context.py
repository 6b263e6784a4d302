"""Everything one program's report shows, computed once for the page, the print page and
the PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from terbalik.core.privacy import MIN_GROUP_SIZE
from terbalik.programs.models import Program

from . import feedback, metrics, outcomes, retention


@dataclass
class Report:
    program: Program
    people: bool
    board: metrics.Dashboard
    outcomes: list[outcomes.Outcome]
    verdict: outcomes.Verdict
    retention: retention.Retention
    feedback: feedback.Feedback
    generated_at: dt.datetime
    min_group: int = MIN_GROUP_SIZE

    @property
    def retention_rows(self) -> list[tuple[str, retention.Cohort]]:
        from django.utils.translation import gettext as _

        return [(_("Mentors in this program"), self.retention.participants),
                (_("Comparable non-participants (weighted)"), self.retention.comparison)]

    @property
    def retention_notes(self) -> list[str]:
        """The method, follow-up, exclusions and the log-rank test, in sentences."""
        from django.utils.formats import number_format
        from django.utils.translation import gettext as _
        from django.utils.translation import ngettext

        ret = self.retention
        if ret.start is None:
            return []
        notes = [_("Observational comparison. Mentors are counted from the day their first "
                   "pair started; comparable non-participants (same grade band and "
                   "department, never enrolled) from the program's start. Kaplan–Meier "
                   "estimate; the non-participants are weighted to the mentors' mix of grade "
                   "bands and departments.")]
        if not ret.available:
            return notes
        p, c = ret.participants, ret.comparison
        notes.append(_("Followed for up to %(p)s months (mentors) and %(c)s months "
                       "(non-participants); no figure is given beyond that.")
                     % {"p": number_format(p.follow_up_months, 1),
                        "c": number_format(c.follow_up_months, 1)})
        if p.excluded:
            notes.append(ngettext(
                "%(n)s mentor who left before their pair started is not counted.",
                "%(n)s mentors who left before their pair started are not counted.",
                p.excluded) % {"n": p.excluded})
        if ret.unmatched:
            notes.append(ngettext(
                "%(n)s mentor has no comparable non-participant in their grade band and "
                "department and adds nothing to the test.",
                "%(n)s mentors have no comparable non-participant in their grade band and "
                "department and add nothing to the test.",
                ret.unmatched) % {"n": ret.unmatched})
        test = ret.test
        if test is None:
            notes.append(_("No log-rank test yet: nobody has left in a grade band and "
                           "department that holds both groups."))
        else:
            from terbalik.core.stats_format import p_clause

            notes.append(_("Log-rank test stratified by grade band and department: "
                           "χ² = %(chi2)s, %(p)s (%(observed)s mentors left where "
                           "%(expected)s were expected).")
                         % {"chi2": number_format(round(test.statistic, 2), 2),
                            "p": p_clause(test.p_value),
                            "observed": number_format(round(test.observed), 0),
                            "expected": number_format(round(test.expected, 1), 1)})
        return notes

    @property
    def charts(self) -> dict[str, Any]:
        survival = {}
        for name, cohort in (("participants", self.retention.participants),
                             ("comparison", self.retention.comparison)):
            survival[name] = [{"x": round(t / 30.44, 2), "y": round(s * 100, 1)}
                              for t, s in cohort.curve]
        return {
            "weeks": self.board.chart,
            "outcomes": [
                {"id": f"outcome-{i}", **c}
                for i, o in enumerate(self.outcomes) for c in o.charts[:1]
            ],
            "survival": survival,
        }


def build_report(*, program: Program, people: bool, now: dt.datetime | None = None) -> Report:
    now = now or timezone.now()
    found = outcomes.outcomes(program=program, people=people)
    pairs = metrics.pair_counts(program)  # read once for the dashboard and the retention
    kept = retention.retention(program=program, as_of=timezone.localdate(now),
                               first_start=pairs["first_start"])
    return Report(
        program=program,
        people=people,
        board=metrics.dashboard(program=program, people=people, now=now, pairs=pairs),
        outcomes=found,
        verdict=outcomes.program_verdict(program=program, found=found, retention=kept),
        retention=kept,
        feedback=feedback.feedback(program_id=program.pk, people=people),
        generated_at=now,
    )

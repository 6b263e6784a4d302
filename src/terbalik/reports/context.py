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
                (_("Comparable non-participants"), self.retention.comparison)]

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
    kept = retention.retention(program=program, as_of=timezone.localdate(now))
    return Report(
        program=program,
        people=people,
        board=metrics.dashboard(program=program, people=people, now=now),
        outcomes=found,
        verdict=outcomes.program_verdict(program=program, found=found, retention=kept),
        retention=kept,
        feedback=feedback.feedback(program_id=program.pk, people=people),
        generated_at=now,
    )

"""Program exports (CSV and XLSX) for HR: pairs, meetings, goals; responses per sending.

Confidentiality: pairs' private notes are never exported; a goal's text only when the pair
shares its goals with HR; meeting comments only in the feedback export (`feedback_page`);
survey responses go through `terbalik.surveys.exports` (confidential questions left out).
Cells a spreadsheet would run as a formula are neutralised by the shared writers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.pairs.models import Goal, Meeting, MeetingOutcome, Pair
from terbalik.people.spreadsheet import Cell, write_table
from terbalik.programs.models import Program
from terbalik.surveys.exports import responses_export
from terbalik.surveys.models import SurveyInstance

Format = Literal["csv", "xlsx"]
KINDS = ("pairs", "meetings", "goals", "outcome")


def _when(value: Any) -> dt.datetime | None:
    """Local wall time without zone (spreadsheet cells have none); None stays empty."""
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def meeting_state(status: str, outcome: str) -> str:
    """One state as the model says: cancelled, else the check-in outcome (held, confirmed
    by one person, did not happen, …, not confirmed yet)."""
    from terbalik.pairs.models import MeetingStatus

    if status == MeetingStatus.CANCELLED:
        return _label(MeetingStatus, status)
    return _label(MeetingOutcome, outcome)


def _label(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def pairs_table(program: Program) -> tuple[list[str], list[list[Cell]]]:
    from terbalik.pairs.models import Health, PairStatus

    headers = [_("Pair"), _("Mentor"), _("Mentor employee ID"), _("Mentee"),
               _("Mentee employee ID"), _("Status"), _("Health"), _("Started"), _("Ended"),
               _("Meetings held"), _("Meetings planned"), _("Goals"), _("Goals achieved")]
    pairs = (
        Pair.objects.filter(program=program)
        .select_related("mentor__employee", "mentee__employee")
        .annotate(
            planned=Count("meetings", filter=~Q(meetings__status="cancelled"), distinct=True),
            held=Count("meetings", filter=Q(meetings__outcome=MeetingOutcome.HELD),
                       distinct=True),
            n_goals=Count("goals", distinct=True),
            n_achieved=Count("goals", filter=Q(goals__status="achieved"), distinct=True),
        ).order_by("started_at", "id")
    )
    rows: list[list[Cell]] = [
        [p.pk, p.mentor.employee.full_name, p.mentor.employee.employee_id,
         p.mentee.employee.full_name, p.mentee.employee.employee_id,
         _label(PairStatus, p.status), _label(Health, p.health), _when(p.started_at),
         _when(p.ended_at), p.held, p.planned, p.n_goals, p.n_achieved]
        for p in pairs
    ]
    return headers, rows


def meetings_table(program: Program) -> tuple[list[str], list[list[Cell]]]:
    from terbalik.pairs.models import MeetingStatus

    headers = [_("Pair"), _("Mentor"), _("Mentee"), _("Starts"), _("Ends"), _("Channel"),
               _("State"), _("Mean rating")]
    # Plain tuples, labels and the zone looked up once: tens of thousands of rows.
    meetings = (
        Meeting.objects.filter(pair__program=program)
        .annotate(rating=Avg("checkins__rating")).order_by("starts_at", "id")
        .values_list("pair_id", "pair__mentor__employee__full_name",
                     "pair__mentee__employee__full_name", "starts_at", "ends_at", "channel",
                     "status", "outcome", "rating")
    )
    zone = timezone.get_current_timezone()
    cancelled = _label(MeetingStatus, MeetingStatus.CANCELLED)
    outcomes = {str(value): str(label) for value, label in MeetingOutcome.choices}

    def wall(value: dt.datetime | None) -> dt.datetime | None:
        return value.astimezone(zone).replace(tzinfo=None) if value else None

    rows: list[list[Cell]] = [
        [pair_id, mentor, mentee, wall(starts), wall(ends), channel,
         cancelled if status == MeetingStatus.CANCELLED else outcomes.get(outcome, outcome),
         None if rating is None else round(float(rating), 2)]
        for pair_id, mentor, mentee, starts, ends, channel, status, outcome, rating
        in meetings.iterator(chunk_size=5000)
    ]
    return headers, rows


def goals_table(program: Program) -> tuple[list[str], list[list[Cell]]]:
    from terbalik.pairs.models import GoalStatus

    headers = [_("Pair"), _("Goal"), _("Target"), _("Unit"), _("Starting value"),
               _("Current value"), _("Due date"), _("Status")]
    hidden = _("(not shared by the pair)")
    goals = Goal.objects.filter(pair__program=program).select_related("pair").order_by(
        "pair_id", "due_date", "id")
    rows: list[list[Cell]] = []
    for g in goals:
        shared = g.pair.goals_shared
        rows.append([
            g.pair_id, g.statement if shared else hidden,
            float(g.target_value) if shared else None, g.unit if shared else None,
            float(g.baseline_value) if shared else None,
            float(g.current_value) if shared else None, g.due_date,
            _label(GoalStatus, g.status),
        ])
    return headers, rows


def outcome_table(program: Program) -> tuple[list[str], list[list[Cell]]]:
    """The program's verdict, the same one the report page shows (HR's full view)."""
    from terbalik.programs.models import GoalDirection

    from .context import build_report
    from .verdict_text import interval_name, test_name

    verdict = build_report(program=program, people=True).verdict
    v = verdict.verdict
    headers = [_("Verdict"), _("Measure"), _("Target"), _("Unit"), _("Direction"), "n",
               _("Left out"), _("Mean before"), _("Mean after"), _("Mean change"),
               _("Estimate"), _("CI low"), _("CI high"), _("Confidence"), _("Interval"),
               _("Test"), _("p (two-sided)"), _("Effect size"), _("Conclusion")]

    def num(value: object) -> float | None:
        return None if value is None else round(float(value), 6)  # type: ignore[arg-type]

    if v is None:
        return headers, [[verdict.label, verdict.measure] + [None] * 16 + [verdict.headline]]
    row: list[Cell] = [
        verdict.label, verdict.measure, num(v.target),
        "%" if v.unit == "percent" else _("points"), _label(GoalDirection, v.direction),
        v.n, v.excluded, num(v.mean_before), num(v.mean_after),
        num(v.mean_change), num(v.estimate), num(v.ci_low), num(v.ci_high), v.confidence,
        interval_name(v.interval) if v.interval else None,
        test_name(v.test) if v.test else None, num(v.p_value), num(v.effect_size),
        " ".join([verdict.headline, verdict.conclusion]),
    ]
    return headers, [row]


TABLES = {"pairs": pairs_table, "meetings": meetings_table, "goals": goals_table,
          "outcome": outcome_table}


def export(*, program: Program, kind: str, fmt: Format) -> bytes:
    headers, rows = TABLES[kind](program)
    titles = {"pairs": _("Pairs"), "meetings": _("Meetings"), "goals": _("Goals"),
              "outcome": _("Verdict")}
    return write_table(headers, rows, fmt=fmt, title=titles[kind])


def program_sendings(program: Program) -> list[SurveyInstance]:
    return list(SurveyInstance.objects.filter(program_id=program.pk).order_by("opens_at", "id"))


def sending_export(*, program: Program, instance_id: int, fmt: Format) -> bytes | None:
    instance = SurveyInstance.objects.filter(program_id=program.pk, pk=instance_id).first()
    if instance is None:
        return None
    return responses_export(instance=instance, fmt=fmt)

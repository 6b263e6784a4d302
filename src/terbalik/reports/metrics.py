"""Program dashboard figures, aggregated in the database.

Each figure is one aggregate query (conditional `Count`, `Avg`, `TruncWeek`); the number of
queries does not grow with pairs, meetings or people. For sponsors (`people=False`) people
counts between 1 and MIN_GROUP_SIZE − 1 are suppressed, and so is every engagement figure while
fewer than MIN_GROUP_SIZE people take part.

Definitions: meetings exclude cancelled ones; "held" is the two-sided outcome `held`; the
check-in rate is the share of past meetings somebody confirmed (outcome no longer pending);
the mean session rating is over every check-in rating (shown to sponsors from 5 rated pairs);
goals exclude dropped ones; training counts participants in pairs who completed the module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, DateField, Func, Min, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format

from terbalik.core.compiled import Compiled, aggregated, first_row
from terbalik.core.privacy import group_is_reportable
from terbalik.pairs.models import (
    CheckIn,
    Goal,
    GoalStatus,
    Health,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Pair,
    PairStatus,
    TrainingResult,
)
from terbalik.programs.models import Enrollment, EnrollmentStatus, Invitation, Program
from terbalik.surveys.models import Response, SurveyInstance


def shown(n: int | None, people: bool) -> int | None:
    """A people count as the reader may see it (None: suppressed)."""
    if n is None:
        return None
    if people or n == 0 or group_is_reportable(n):
        return n
    return None


def percent(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return 100.0 * part / whole


@dataclass
class Dashboard:
    people: bool
    funnel: list[tuple[str, int | None]] = field(default_factory=list)
    participants: int = 0
    suppressed: bool = False
    matched_percent: float | None = None
    pairs: dict[str, int] = field(default_factory=dict)
    weeks: list[dict[str, Any]] = field(default_factory=list)
    meetings_planned: int = 0
    meetings_held: int = 0
    meetings_past: int = 0
    checkin_rate: float | None = None
    mean_rating: float | None = None
    ratings: int = 0
    goals_set: int = 0
    goals_achieved: int = 0
    training_done: int | None = None
    training_total: int = 0
    surveys: list[dict[str, Any]] = field(default_factory=list)

    @property
    def training_percent(self) -> float | None:
        return percent(self.training_done, self.training_total)

    @property
    def goals_percent(self) -> float | None:
        return percent(self.goals_achieved, self.goals_set)

    @property
    def chart(self) -> dict[str, Any]:
        return {
            "labels": week_labels(self.weeks),
            "planned": [w["planned"] for w in self.weeks],
            "held": [w["held"] for w in self.weeks],
        }


def week_labels(weeks: list[dict[str, Any]]) -> list[str]:
    """The charts' x axis: each week's Monday in the reader's short date format (the active
    language's SHORT_DATE_FORMAT: "02/03/2026" in English, "02-03-2026" in Indonesian)."""
    return [date_format(w["week"], "SHORT_DATE_FORMAT") for w in weeks]


class SqliteLocalWeek(Func):
    """Monday of the local week of a UTC datetime column, with SQLite's native date functions.

    Django's TruncWeek on SQLite calls a Python function per row (about 5 µs each); this uses
    the current time zone's offset from UTC now, which is exact for zones without daylight
    saving time (all of Indonesia) and at most an hour off around a DST change elsewhere.
    """

    output_field = DateField()

    def __init__(self, expression: Any, offset_minutes: int) -> None:
        super().__init__(expression)
        self.offset_minutes = offset_minutes

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> Any:  # noqa: ARG002
        sql, params = compiler.compile(self.source_expressions[0])
        modifier = f"{self.offset_minutes:+d} minutes"
        return f"date({sql}, %s, '-6 days', 'weekday 1')", [*params, modifier]


def week_of(field: str) -> Any:
    if connection.vendor == "sqlite":
        offset = timezone.localtime().utcoffset() or dt.timedelta(0)
        return SqliteLocalWeek(field, int(offset.total_seconds() // 60))
    return TruncWeek(field)


FUNNEL_KEYS = ("invited", "applied", "approved", "matched", "active", "completed")


def _pair_counts(program_id: int) -> QuerySet[Any]:
    active, done = Q(status=PairStatus.ACTIVE), Q(status=PairStatus.COMPLETED)
    return aggregated(
        Pair.objects.filter(program_id=program_id),
        mentors=Count("mentor", distinct=True),
        mentees=Count("mentee", distinct=True),
        active_mentors=Count("mentor", distinct=True, filter=active),
        active_mentees=Count("mentee", distinct=True, filter=active),
        done_mentors=Count("mentor", distinct=True, filter=done),
        done_mentees=Count("mentee", distinct=True, filter=done),
        total=Count("id"),
        active=Count("id", filter=active),
        at_risk=Count("id", filter=active & Q(health=Health.AT_RISK)),
        inactive=Count("id", filter=active & Q(health=Health.INACTIVE)),
        first_start=Min("started_at"),
    )


# The dashboard's aggregates over one program, each compiled once per connection (issue 18):
# Django building an aggregate query (resolving every Count, its filter and the outer query)
# cost more CPU than PostgreSQL running it; the six of them were a fifth of the page's CPU.
_PAIR_COUNTS = Compiled(Pair, _pair_counts)
_INVITED = Compiled(Invitation, lambda program_id: aggregated(
    Invitation.objects.filter(program_id=program_id), n=Count("employee", distinct=True)))
_ENROLLED = Compiled(Enrollment, lambda program_id: aggregated(
    Enrollment.objects.filter(program_id=program_id), applied=Count("id"),
    approved=Count("id", filter=Q(status=EnrollmentStatus.APPROVED))))
_RATINGS = Compiled(CheckIn, lambda program_id: aggregated(
    CheckIn.objects.filter(meeting__pair__program_id=program_id, rating__isnull=False),
    mean=Avg("rating"), n=Count("id"), pairs=Count("meeting__pair", distinct=True)))
_GOALS = Compiled(Goal, lambda program_id: aggregated(
    Goal.objects.filter(pair__program_id=program_id).exclude(status=GoalStatus.DROPPED),
    n=Count("id"), achieved=Count("id", filter=Q(status=GoalStatus.ACHIEVED))))


def _training(program_id: int) -> QuerySet[Any]:
    # the enrollments in a pair of the program: its pairs' two sides (each an index search),
    # not every enrollment joined with every pair twice
    of_program = Pair.objects.filter(program_id=program_id)
    return aggregated(
        Enrollment.objects.filter(
            Q(pk__in=of_program.values("mentor_id")) | Q(pk__in=of_program.values("mentee_id"))),
        total=Count("id"),
        done=Count("id", filter=Q(pk__in=TrainingResult.objects.filter(
            completed_at__isnull=False).values("enrollment_id"))),
    )


_TRAINING = Compiled(Enrollment, _training)


def pair_counts(program: Program) -> dict[str, Any]:
    """The program's pairs in one pass (1 query): distinct mentors and mentees (all, in
    active pairs, in completed pairs), pairs by status and health, and the first start."""
    return first_row(_PAIR_COUNTS(program.pk))


def funnel_counts(program: Program, pairs: dict[str, Any] | None = None) -> dict[str, int]:
    """People at each stage (2 queries, 3 without `pairs` from `pair_counts`)."""
    invited = first_row(_INVITED(program.pk))["n"]
    enrolled = first_row(_ENROLLED(program.pk))
    if pairs is None:
        pairs = pair_counts(program)
    return {
        "invited": invited,
        "applied": enrolled["applied"],
        "approved": enrolled["approved"],
        "matched": pairs["mentors"] + pairs["mentees"],
        "active": pairs["active_mentors"] + pairs["active_mentees"],
        "completed": pairs["done_mentors"] + pairs["done_mentees"],
    }


def funnel_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "invited": _("Invited"),
        "applied": _("Applied"),
        "approved": _("Approved"),
        "matched": _("Matched"),
        "active": _("In an active pair"),
        "completed": _("Completed"),
    }


def dashboard(*, program: Program, people: bool, now: dt.datetime | None = None,
              pairs: dict[str, Any] | None = None) -> Dashboard:
    """The dashboard's figures; `pairs` is `pair_counts(program)` when the caller read it."""
    now = now or timezone.now()
    if pairs is None:
        pairs = pair_counts(program)
    counts = funnel_counts(program, pairs)
    labels = funnel_labels()
    board = Dashboard(people=people, participants=counts["matched"])
    board.funnel = [(labels[k], shown(counts[k], people)) for k in FUNNEL_KEYS]
    board.matched_percent = percent(shown(counts["matched"], people), counts["approved"])
    board.suppressed = not people and not group_is_reportable(counts["matched"])
    board.pairs = {key: pairs[key] for key in ("total", "active", "at_risk", "inactive")}
    if board.suppressed:
        return board
    meetings = Meeting.objects.filter(pair__program=program).exclude(
        status=MeetingStatus.CANCELLED
    )
    held = Q(outcome=MeetingOutcome.HELD)
    past = Q(starts_at__lt=now)
    board.weeks = list(
        meetings.annotate(week=week_of("starts_at")).values("week")
        .annotate(planned=Count("id"), held=Count("id", filter=held),
                  past=Count("id", filter=past),
                  answered=Count("id", filter=past & ~Q(outcome=MeetingOutcome.PENDING)))
        .order_by("week")
    )
    for week in board.weeks:
        value = week["week"]
        if isinstance(value, dt.datetime):
            week["week"] = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
        elif isinstance(value, str):
            week["week"] = dt.date.fromisoformat(value)
    totals = {key: sum(w[key] for w in board.weeks)
              for key in ("planned", "held", "past", "answered")}
    board.meetings_planned, board.meetings_held = totals["planned"], totals["held"]
    board.meetings_past = totals["past"]
    board.checkin_rate = percent(totals["answered"], totals["past"])
    rating = first_row(_RATINGS(program.pk))
    if people or group_is_reportable(rating["pairs"]):  # 5 pairs: at least 5 people
        board.mean_rating, board.ratings = rating["mean"], rating["n"]
    goals = first_row(_GOALS(program.pk))
    board.goals_set, board.goals_achieved = goals["n"], goals["achieved"]
    training = first_row(_TRAINING(program.pk))
    board.training_total = training["total"]
    board.training_done = shown(training["done"], people) if training["done"] else 0
    board.surveys = survey_rates(program=program, people=people)
    return board


def _survey_rates(program_id: int) -> QuerySet[Any]:
    return (
        SurveyInstance.objects.filter(program_id=program_id)
        .annotate(
            n_recipients=Count("recipient_links", distinct=True),
            n_submitted=Count(
                "responses", filter=Q(responses__status=Response.Status.SUBMITTED), distinct=True
            ),
        )
        .order_by("opens_at", "id")
        .values("pk", "title", "phase", "opens_at", "closes_at", "n_recipients", "n_submitted")
    )


_SURVEY_RATES = Compiled(SurveyInstance, _survey_rates)


def survey_rates(*, program: Program, people: bool) -> list[dict[str, Any]]:
    """Response rate per sending linked to the program (1 query)."""
    result = []
    for values in _SURVEY_RATES(program.pk):
        row = dict(values)
        row["recipients"], row["submitted"] = row.pop("n_recipients"), row.pop("n_submitted")
        row["rate"] = percent(row["submitted"], row["recipients"])
        if not people and not group_is_reportable(row["recipients"]):
            row["submitted"] = row["rate"] = None
        result.append(row)
    return result

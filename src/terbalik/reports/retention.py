"""Junior retention: mentors of the program against comparable non-participants.

Observational, not causal: people who volunteer as mentors differ from those who do not, so a
difference is not evidence that the program caused it. The page and the PDF say so.

Method (stated on the page):
- **Time zero.** A mentor's clock starts on the day they joined the program (their first pair
  in it started); no time before joining counts as participant time (that would be immortal
  time: nobody can leave before joining and still become a mentor). A non-participant's clock
  starts on the program's start (the first pair's start date, else the program's start date).
- **Who counts.** Mentors who left on or before their own start are excluded (counted in
  `excluded`, never given a negative duration). Non-participants: employed at the program's
  start (hired on or before it, not left by then), never enrolled in any program, in a stratum
  (grade band × department) that holds at least one mentor. Grade band: grades 1–2, 3–4, …
- **Follow-up** ends at the exit date (the event) or `as_of` (censored); an exit dated after
  `as_of` is not known yet and counts as censored.
- **Kaplan–Meier** with the usual rule (censoring at an event time counts after the event).
  The curve stops at the cohort's last observed day: no value beyond the follow-up, and the
  6/12-month figures are "too early" until somebody was followed that long.
- **Weighted comparison.** The non-participants' curve is weighted to the mentors' mix of
  strata: each non-participant in stratum s weighs (mentors in s) / (non-participants in s),
  so the comparison group looks like the mentors in grade band and department.
- **Log-rank test, stratified** by the same strata: per stratum, observed minus expected exits
  of the mentors and the hypergeometric variance at each exit day; χ² = (Σ O−E)² / Σ V with one
  degree of freedom. Strata with only one group add nothing.
Groups under `MIN_GROUP_SIZE` people are hidden (curves, figures and the test).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db.models import DateField, Min, Q
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from scipy.stats import chi2

from terbalik.core.privacy import group_is_reportable
from terbalik.pairs.models import Pair
from terbalik.people.models import Employee
from terbalik.programs.models import Enrollment, Program

SIX_MONTHS = 182
TWELVE_MONTHS = 365

Curve = list[tuple[float, float]]


def kaplan_meier(durations: Sequence[float], events: Sequence[bool],
                 weights: Sequence[float] | None = None) -> Curve:
    """Survival steps [(0, 1.0), (t1, S(t1)), …] at each event time, then the last follow-up.

    `events[i]` is True when person i left at `durations[i]`, False when still there
    (censored). Censoring at an event time counts after the event. With `weights`, at-risk and
    exit counts are sums of weights. The last point is the longest follow-up (same survival as
    the step before), so the curve ends where the observation ends and never beyond.
    """
    if len(durations) != len(events):
        raise ValueError("durations and events must have the same length")
    d = np.asarray(durations, dtype=float)
    e = np.asarray(events, dtype=bool)
    w = np.ones(len(d)) if weights is None else np.asarray(weights, dtype=float)
    if len(w) != len(d):
        raise ValueError("weights must have the same length as durations")
    if (d < 0).any():
        raise ValueError("durations cannot be negative")
    curve: Curve = [(0.0, 1.0)]
    if not len(d):
        return curve
    times, at_risk, left = _risk_table(d, e, w)
    informative = at_risk > 0
    factors = 1 - left[informative] / at_risk[informative]
    survival = np.cumprod(factors)  # the same running product the step-by-step rule makes
    curve.extend(zip(times[informative].tolist(), survival.tolist(), strict=True))
    last = float(d.max())
    if last > curve[-1][0]:
        curve.append((last, curve[-1][1]))
    return curve


def _risk_table(d: np.ndarray, e: np.ndarray, w: np.ndarray) -> tuple[
        np.ndarray, np.ndarray, np.ndarray]:
    """Event times (ascending), the weight at risk (d >= t) and the weight leaving (d == t,
    event) at each: one sort instead of a pass over everybody per event time."""
    times = np.unique(d[e])
    order = np.argsort(d, kind="stable")
    sorted_d = d[order]
    # weight of everybody from position i to the end of the sorted durations
    tail = np.append(np.cumsum(w[order][::-1])[::-1], 0.0)
    at_risk = tail[np.searchsorted(sorted_d, times, side="left")]
    left = np.bincount(np.searchsorted(times, d[e]), weights=w[e], minlength=len(times))
    return times, at_risk, left


def survival_at(curve: Sequence[tuple[float, float]], t: float) -> float | None:
    """S(t) from a curve made by `kaplan_meier`; None beyond its last observed day."""
    if not curve or t > curve[-1][0]:
        return None
    value = 1.0
    for time, s in curve:
        if time <= t:
            value = s
    return value


@dataclass
class LogRank:
    statistic: float
    p_value: float
    observed: float  # exits among mentors
    expected: float  # exits expected among mentors under equal hazards (summed over strata)
    variance: float
    strata: int  # strata holding both groups (those that inform the test)


def logrank_components(durations: Sequence[float], events: Sequence[bool],
                       in_group: Sequence[bool]) -> tuple[float, float, float]:
    """(observed, expected, variance) of group-1 exits in one stratum (hypergeometric)."""
    d = np.asarray(durations, dtype=float)
    e = np.asarray(events, dtype=bool)
    g = np.asarray(in_group, dtype=bool)
    times = np.unique(d[e])
    if not len(times):
        return 0.0, 0.0, 0.0
    sorted_all, sorted_group = np.sort(d), np.sort(d[g])
    n = (len(sorted_all) - np.searchsorted(sorted_all, times, side="left")).astype(float)
    n1 = (len(sorted_group) - np.searchsorted(sorted_group, times, side="left")).astype(float)
    d_all = np.bincount(np.searchsorted(times, d[e]), minlength=len(times)).astype(float)
    d1 = np.bincount(np.searchsorted(times, d[e & g]), minlength=len(times)).astype(float)
    share = n1 / n
    spread = n > 1
    terms = (d_all[spread] * share[spread] * (1 - share[spread]) * (n[spread] - d_all[spread])
             / (n[spread] - 1))
    # summed in time order, as the step-by-step definition does
    return (float(sum(d1.tolist())), float(sum((d_all * n1 / n).tolist())),
            float(sum(terms.tolist())))


def logrank(durations: Sequence[float], events: Sequence[bool], in_group: Sequence[bool],
            strata: Sequence[Hashable] | None = None) -> LogRank | None:
    """Two-group log-rank test, stratified when `strata` is given; None without information."""
    keys = list(strata) if strata is not None else [0] * len(durations)
    by_stratum: dict[Hashable, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        by_stratum[key].append(i)
    observed = expected = variance = 0.0
    informative = 0
    for members in by_stratum.values():
        groups = {bool(in_group[i]) for i in members}
        if len(groups) < 2:
            continue
        o, e, v = logrank_components([durations[i] for i in members],
                                     [events[i] for i in members],
                                     [in_group[i] for i in members])
        observed, expected, variance = observed + o, expected + e, variance + v
        informative += 1
    if variance <= 0:
        return None
    statistic = (observed - expected) ** 2 / variance
    return LogRank(statistic, float(chi2.sf(statistic, 1)), observed, expected, variance,
                   informative)


def grade_band(grade: int | None) -> int | None:
    return None if grade is None else (grade + 1) // 2


@dataclass
class Cohort:
    n: int
    left: int = 0
    excluded: int = 0  # left on or before their own start: not followed at all
    suppressed: bool = False
    weighted: bool = False
    curve: Curve = field(default_factory=list)
    follow_up_days: int = 0
    at_6: float | None = None
    at_12: float | None = None
    known_6: int = 0
    known_12: int = 0
    left_6: int = 0
    left_12: int = 0

    @property
    def follow_up_months(self) -> float:
        return round(self.follow_up_days / 30.44, 1)


@dataclass
class Retention:
    start: dt.date | None
    participants: Cohort
    comparison: Cohort
    test: LogRank | None = None
    unmatched: int = 0  # mentors whose stratum holds no non-participant

    @property
    def available(self) -> bool:
        return self.start is not None and not (
            self.participants.suppressed or self.comparison.suppressed
        )

    @property
    def has_curve(self) -> bool:
        """Something to draw: shown groups, followed beyond day 0 (else an empty state)."""
        return self.available and any(
            len(c.curve) > 1 for c in (self.participants, self.comparison))


@dataclass(frozen=True)
class Person:
    start: dt.date  # time zero
    exit: dt.date | None
    stratum: tuple[int | None, str]


def _follow(person: Person, as_of: dt.date) -> tuple[float, bool] | None:
    """(days followed, left) or None when the person was not followed at all."""
    if person.exit is not None and person.exit <= person.start:
        return None
    if person.start > as_of:
        return None
    if person.exit is not None and person.exit <= as_of:
        return float((person.exit - person.start).days), True
    return float((as_of - person.start).days), False


def _follow_all(people: list[Person], as_of: dt.date) -> list[tuple[float, bool] | None]:
    """`_follow` of each person, computed once per distinct Person object (`retention` hands
    the same object to every mentor with the same start, exit and stratum)."""
    done: dict[int, tuple[float, bool] | None] = {}
    found = []
    for person in people:
        key = id(person)
        if key not in done:
            done[key] = _follow(person, as_of)
        found.append(done[key])
    return found


def _cohort(people: list[Person], follows: list[tuple[float, bool] | None],
            weights: dict[tuple[int | None, str], float] | None = None) -> tuple[
                Cohort, list[tuple[float, bool, tuple[int | None, str]]]]:
    followed = []
    excluded = 0
    for person, found in zip(people, follows, strict=True):
        if found is None:
            excluded += 1
        else:
            followed.append((found[0], found[1], person.stratum))
    durations = [d for d, _e, _s in followed]
    events = [e for _d, e, _s in followed]
    cohort = Cohort(n=len(followed), left=sum(events), excluded=excluded,
                    weighted=weights is not None)
    if not group_is_reportable(len(followed)):
        cohort.suppressed = True
        return cohort, followed
    w = None if weights is None else [weights.get(s, 0.0) for _d, _e, s in followed]
    cohort.curve = kaplan_meier(durations, events, w)
    cohort.follow_up_days = int(max(durations))
    cohort.at_6 = survival_at(cohort.curve, SIX_MONTHS)
    cohort.at_12 = survival_at(cohort.curve, TWELVE_MONTHS)
    for days, attr in ((SIX_MONTHS, "6"), (TWELVE_MONTHS, "12")):
        known = sum(1 for d, e in zip(durations, events, strict=True) if d >= days or e)
        left = sum(1 for d, e in zip(durations, events, strict=True) if e and d < days)
        setattr(cohort, f"known_{attr}", known)
        setattr(cohort, f"left_{attr}", left)
    return cohort, followed


#: `retention`'s default: read the first start of the program's pairs
READ = "read"


def program_start(program: Program, first: dt.datetime | None | str = READ) -> dt.date | None:
    """Time zero of the non-participants: the local day the program's first pair started
    (`first`, when the caller already read it), else the program's start date."""
    if first == READ:
        first = program.pairs.aggregate(first=Min("started_at"))["first"]
    if isinstance(first, dt.datetime):
        return timezone.localtime(first).date()
    return program.start_date


def compare(participants: list[Person], others: list[Person], as_of: dt.date,
            start: dt.date | None = None) -> Retention:
    """The whole comparison over plain data (what `retention` reads from the database)."""
    mentor_strata: dict[tuple[int | None, str], int] = defaultdict(int)
    other_strata: dict[tuple[int | None, str], int] = defaultdict(int)
    p_follows = _follow_all(participants, as_of)
    for person, found in zip(participants, p_follows, strict=True):
        if found is not None:
            mentor_strata[person.stratum] += 1
    others = [o for o in others if o.stratum in mentor_strata]
    c_follows = _follow_all(others, as_of)
    for person, found in zip(others, c_follows, strict=True):
        if found is not None:
            other_strata[person.stratum] += 1
    weights = {s: mentor_strata[s] / n for s, n in other_strata.items() if n}
    p, p_rows = _cohort(participants, p_follows)
    c, c_rows = _cohort(others, c_follows, weights)
    test = None
    if not (p.suppressed or c.suppressed):
        rows = p_rows + c_rows
        test = logrank([d for d, _e, _s in rows], [e for _d, e, _s in rows],
                       [True] * len(p_rows) + [False] * len(c_rows),
                       [s for _d, _e, s in rows])
    unmatched = sum(n for s, n in mentor_strata.items() if s not in other_strata)
    return Retention(start=start, participants=p, comparison=c, test=test, unmatched=unmatched)


def retention(*, program: Program, as_of: dt.date | None = None,
              first_start: dt.datetime | None | str = READ) -> Retention:
    """Two queries: the mentors (with their first pair's start), then the comparison group;
    one more for the program's first start unless the caller passes `first_start` (the
    earliest `started_at` of its pairs, None without any)."""
    as_of = as_of or timezone.localdate()
    start = program_start(program, first_start)
    if start is None:
        return Retention(None, Cohort(0, suppressed=True), Cohort(0, suppressed=True))
    # From the program's pairs (one index search), grouped by mentor: starting from the
    # employees made SQLite join every employee with every pair of the program.
    # The local day of each mentor's first start in the database (TruncDate in the current
    # time zone, as `timezone.localtime(...).date()`): 2,000 datetimes parsed and converted
    # in Python were a third of the dashboard's CPU. Cast to a date, which it already is: on
    # PostgreSQL the rows then need no converter at all (TruncDate's own, a Python call per
    # row and the converters' pass over every row, were a quarter of this function's CPU);
    # on SQLite date() of the day it is, read by the DateField's converter.
    mentors = (
        Pair.objects.filter(program=program, mentor__isnull=False)
        .values_list("mentor__employee__grade", "mentor__employee__department_record",
                     "mentor__employee__exit_date", "mentor__employee_id")
        .annotate(joined=Cast(TruncDate(Min("started_at")), DateField()))
        .order_by("mentor__employee_id").values_list(
            "mentor__employee__grade", "mentor__employee__department_record",
            "mentor__employee__exit_date", "joined")
    )
    # Mentors sharing a start, an exit and a stratum share one Person (a few dozen distinct
    # ones among 2,000 mentors): building 2,000 frozen dataclasses cost a third of this read.
    shared: dict[tuple[object, ...], Person] = {}
    participants = []
    for key in mentors:  # (grade, department, exit date, first start)
        person = shared.get(key)
        if person is None:
            grade, department, exit_date, joined = key
            person = shared[key] = Person(start=joined or start, exit=exit_date,
                                          stratum=(grade_band(grade), department))
        participants.append(person)
    # the strata of the distinct mentors' keys: the same set as over every mentor
    strata = {(grade_band(grade), department) for grade, department, _exit, _j in shared
              if grade is not None}
    # The mentors' departments and grades in SQL, their exact strata (grade band and
    # department pairs) here: one OR'd condition per stratum cost more CPU to build than the
    # rows it saved.
    departments = {department for _band, department in strata}
    match = Q(department_record__in=departments - {None})
    if None in departments:
        match |= Q(department_record__isnull=True)
    if strata:
        bands = [band for band, _department in strata if band is not None]
        match &= Q(grade__gte=2 * min(bands) - 1, grade__lte=2 * max(bands))
    else:
        match = Q(pk__in=[])
    employed = Q(hire_date__lte=start) & (Q(exit_date__isnull=True) | Q(exit_date__gt=start))
    ever_enrolled = Enrollment.objects.values("employee_id")
    others = [
        Person(start=start, exit=exit_date, stratum=stratum)
        for grade, department, exit_date in (
            Employee.objects.filter(match & employed).exclude(pk__in=ever_enrolled)
            .values_list("grade", "department_record", "exit_date")
        )
        if (stratum := (grade_band(grade), department)) in strata
    ]
    return compare(participants, others, as_of, start)

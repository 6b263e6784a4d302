"""The what-if simulator's arithmetic: one population, two settings, the figures side by side.

Plain data in (snapshot rows as `snapshot.build_snapshot` makes them, configuration mappings),
plain data out (numbers and department names; no person is named, so a stored simulation
holds no personal data). The service around it (`services.simulations`) builds the rows and
stores the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from terbalik.matching.engine import MICRO, MatchResult, run
from terbalik.matching.engine.fair import run_fair, score_stats

from .snapshot import config_of, participants

#: grade gaps (mentee grade minus mentor grade) are shown in these buckets
GAP_BUCKETS = (("1", 1, 1), ("2", 2, 2), ("3-4", 3, 4), ("5+", 5, 10_000))
#: departments listed per side (the largest first)
DEPARTMENTS_SHOWN = 8

Progress = Callable[[str, int, int], None]


def with_capacity(rows: Sequence[dict[str, Any]], capacity: int | None) -> list[dict[str, Any]]:
    """Every mentor takes up to `capacity` mentees (None: as each stated)."""
    if capacity is None:
        return list(rows)
    return [{**row, "capacity": capacity} if row["role"] == "mentor" else row for row in rows]


def _gap_bucket(gap: int) -> str:
    for label, low, high in GAP_BUCKETS:
        if low <= gap <= high:
            return label
    return "other"  # a mentor not below the mentee: only the age rule allows it


def side(
    rows: Sequence[dict[str, Any]],
    mapping: dict[str, Any],
    *,
    capacity: int | None,
    objective: str,
    labels: dict[str, str],
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Coverage, score distribution and seniority/department mix of one setting."""
    people = participants(with_capacity(rows, capacity))
    config = config_of(mapping)
    exact = True
    if objective == "fair":
        fair = run_fair(people, config, progress=progress)
        result: MatchResult = fair.fair
        exact = fair.exact
    else:
        result = run(people, config, progress=progress)
        exact = result.summary.exact
    stats = score_stats(result)
    by_id = {row["employee_id"]: row for row in rows}
    gaps: Counter[str] = Counter()
    cross = 0
    mentees: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    for assignment in result.assignments:
        mentee = by_id[assignment.mentee_id]
        department = mentee.get("department") or ""
        mentees[department] += 1
        if assignment.pair is None:
            continue
        matched[department] += 1
        mentor = by_id[assignment.pair.mentor_id]
        gaps[_gap_bucket(int(mentee["grade"]) - int(mentor["grade"]))] += 1
        if department and mentor.get("department") and mentor["department"] != department:
            cross += 1
    departments = [
        {"name": labels.get(name, name), "mentees": count, "matched": matched[name]}
        for name, count in sorted(mentees.items(), key=lambda kv: (-kv[1], kv[0]))
    ][:DEPARTMENTS_SHOWN]
    total_mentees = result.summary.mentees
    return {
        "mentees": total_mentees,
        "mentors": result.summary.mentors,
        "matched": stats.matched,
        "coverage": round(100 * stats.matched / total_mentees) if total_mentees else 0,
        "minimum": stats.minimum_micro / MICRO,
        "p10": stats.p10_micro / MICRO,
        "median": stats.median_micro / MICRO,
        "mean": stats.mean,
        "exact": exact,
        "gaps": [{"label": label, "count": gaps[label]} for label, _lo, _hi in GAP_BUCKETS]
        + ([{"label": "other", "count": gaps["other"]}] if gaps["other"] else []),
        "cross_department": cross,
        "departments": departments,
    }

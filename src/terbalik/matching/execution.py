"""Executing a bulk matching run: the engine on the stored snapshot, progress, the stored
proposals. Both the `run_start` service (small runs, inline) and the worker task
(`tasks.execute_run`) call `run_execute`; this module imports neither of them."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from terbalik.matching.engine import MatchResult, run
from terbalik.matching.engine.fair import run_fair, score_stats

from .checks import blockers
from .models import MatchRun, Proposal, RunStatus
from .snapshot import config_of, details_of, objective_of, participants

#: unmatched mentees analysed rule by rule (each costs a few small engine runs)
ANALYSE_LIMIT = 60
#: seconds between two progress writes
PROGRESS_EVERY = 0.3


def engine_result(match_run: MatchRun, progress: Any = None) -> MatchResult:
    """Run the engine on the stored snapshot and configuration (the same result every time)."""
    return _engine(match_run, progress)[0]


def _engine(match_run: MatchRun, progress: Any = None
            ) -> tuple[MatchResult, dict[str, Any] | None]:
    """The result, and with the fairness objective its trade-off against the default."""
    people = participants(match_run.snapshot)
    config = config_of(match_run.config)
    if objective_of(match_run.config) != "fair":
        return run(people, config, progress=progress), None
    fair = run_fair(people, config, progress=progress)
    default, chosen = score_stats(fair.total), score_stats(fair.fair)
    return fair.fair, {
        "exact": fair.exact,
        "default": {"minimum": default.minimum_micro, "median": default.median_micro,
                    "total": default.total_micro, "matched": default.matched},
        "fair": {"minimum": chosen.minimum_micro, "median": chosen.median_micro,
                 "total": chosen.total_micro, "matched": chosen.matched},
    }


def run_execute(*, run_id: int) -> MatchRun:
    """Execute a queued run (the worker calls this; small runs are executed by `run_start`).

    Progress is written as the engine goes so the run page can show it. Safe to call twice:
    only a queued run is executed.
    """
    claimed = MatchRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    match_run = MatchRun.objects.get(pk=run_id)
    if not claimed:
        return match_run
    last = [0.0, ""]

    def progress(step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step == last[1] and now - last[0] < PROGRESS_EVERY and done < total:
            return
        last[0], last[1] = now, step
        MatchRun.objects.filter(pk=run_id).update(
            progress_step=step[:20], progress_done=done, progress_total=total
        )

    try:
        result, trade_off = _engine(match_run, progress)
        blocked = _analyse_unmatched(match_run, result, progress)
        with transaction.atomic():
            _store(match_run, result, blocked, trade_off)
    except Exception as exc:  # the run page shows the failure; nothing half-written
        MatchRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        match_run.refresh_from_db()
        return match_run
    match_run.refresh_from_db()
    return match_run


def result_json(result: MatchResult) -> dict[str, Any]:
    top: dict[str, list[str]] = {}
    for suggestion in result.suggestions():
        top.setdefault(suggestion.mentee_id, []).append(suggestion.pair.mentor_id)
    summary = result.summary
    return {
        "assignments": [
            {
                "mentee": a.mentee_id,
                "mentor": a.pair.mentor_id if a.pair else None,
                "status": a.status,
                "score_micro": a.pair.score_micro if a.pair else None,
                "details": details_of(a.pair) if a.pair else {},
            }
            for a in result.assignments
        ],
        "top": top,
        "summary": {
            "mentees": summary.mentees,
            "mentors": summary.mentors,
            "feasible_pairs": summary.feasible_pairs,
            "matched": summary.matched,
            "total_score_micro": summary.total_score_micro,
            "exact": summary.exact,
            "gap": summary.gap,
        },
    }


def _analyse_unmatched(
    match_run: MatchRun, result: MatchResult, progress: Any
) -> dict[str, list[str]]:
    """Rule families that leave each unmatched mentee without any eligible mentor (the
    unmatched report); done here, in the worker, so the run page stays fast."""
    todo = [a.mentee_id for a in result.assignments if a.status == "no_eligible_mentor"][
        :ANALYSE_LIMIT
    ]
    config = config_of(match_run.config)
    out: dict[str, list[str]] = {}
    for n, mentee_id in enumerate(todo):
        out[mentee_id] = blockers(rows=match_run.snapshot, config=config, mentee_id=mentee_id)
        progress("explain", n + 1, len(todo))
    return out


def _store(match_run: MatchRun, result: MatchResult, blocked: dict[str, list[str]],
           trade_off: dict[str, Any] | None) -> None:
    data = result_json(result)
    data["blockers"] = blocked
    if trade_off is not None:
        data["trade_off"] = trade_off
    enrollment_of = {row["employee_id"]: row["enrollment"] for row in match_run.snapshot}
    start = match_run.proposals.count()
    rows = []
    for position, item in enumerate(data["assignments"], start=start):
        mentor = enrollment_of[item["mentor"]] if item["mentor"] else None
        rows.append(
            Proposal(
                run=match_run,
                mentee_id=enrollment_of[item["mentee"]],
                mentor_id=mentor,
                engine_status=item["status"],
                score_micro=item["score_micro"],
                details=item["details"],
                engine_mentor_id=mentor,
                engine_score_micro=item["score_micro"],
                in_top=bool(item["mentor"])
                and item["mentor"] in data["top"].get(item["mentee"], []),
                position=position,
            )
        )
    Proposal.objects.bulk_create(rows)
    MatchRun.objects.filter(pk=match_run.pk).update(
        result=data,
        status=RunStatus.DONE,
        finished_at=timezone.now(),
        progress_step="assign",
        progress_done=1,
        progress_total=1,
    )

"""Bulk matching runs: snapshot, execute (inline or in the worker), replay."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from terbalik.core import audit
from terbalik.matching.engine import MatchResult, run
from terbalik.pairs.models import Pair, PairStatus
from terbalik.programs.models import Enrollment, ParticipantRole, Program

from ..checks import blockers
from ..models import ChoiceRequest, MatchRun, Proposal, RequestStatus, RunStatus
from ..snapshot import build_snapshot, config_mapping, config_of, details_of, participants
from .common import approved, capacity_of, mentor_load, require_matching_status

#: runs with more participants than this go to the background worker (about 2 s of work)
DEFAULT_INLINE_LIMIT = 1500
#: unmatched mentees analysed rule by rule (each costs a few small engine runs)
ANALYSE_LIMIT = 60
#: seconds between two progress writes
PROGRESS_EVERY = 0.3
#: a queued or running run older than this is taken as lost (worker gone) and marked failed
DEFAULT_STALE_MINUTES = 30


def inline_limit() -> int:
    return int(getattr(settings, "TERBALIK_MATCH_INLINE_LIMIT", DEFAULT_INLINE_LIMIT))


def stale_minutes() -> int:
    return int(getattr(settings, "TERBALIK_MATCH_STALE_MINUTES", DEFAULT_STALE_MINUTES))


def runs_fail_stale(*, now: dt.datetime | None = None, program: Program | None = None) -> int:
    """Mark runs that waited or ran too long as failed, so HR can start again. The periodic
    job calls this; `run_start` does too for its program."""
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=stale_minutes())
    qs = MatchRun.objects.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)).filter(
        Q(started_at__lt=limit) | Q(started_at=None, created_at__lt=limit)
    )
    if program is not None:
        qs = qs.filter(program=program)
    return qs.update(
        status=RunStatus.FAILED,
        error=gettext_noop("The run took too long or its worker stopped."),
        finished_at=now,
    )


def _scope(
    program: Program, locked: Sequence[Proposal], only: Sequence[Enrollment] | None
) -> tuple[list[Enrollment], list[tuple[Enrollment, int]], list[dict[str, Any]]]:
    """Who the engine sees: unmatched mentees and mentors with free places; what stays fixed."""
    fixed: list[dict[str, Any]] = []
    active = Pair.objects.filter(program=program, status=PairStatus.ACTIVE).values_list(
        "mentee_id", "mentor_id"
    )
    for mentee_id, mentor_id in active:
        fixed.append({"mentee": mentee_id, "mentor": mentor_id, "why": "pair"})
    pending = ChoiceRequest.objects.filter(
        program=program, status=RequestStatus.PENDING
    ).values_list("mentee_id", "mentor_id")
    for mentee_id, mentor_id in pending:
        fixed.append({"mentee": mentee_id, "mentor": mentor_id, "why": "request"})
    for proposal in locked:
        fixed.append({"mentee": proposal.mentee_id, "mentor": proposal.mentor_id, "why": "locked"})
    taken = {f["mentee"] for f in fixed}
    mentees = [e for e in approved(program, ParticipantRole.MENTEE) if e.pk not in taken]
    if only is not None:
        wanted = {e.pk for e in only}
        mentees = [e for e in mentees if e.pk in wanted]
    load = mentor_load(program)
    for proposal in locked:
        if proposal.mentor_id:
            load[proposal.mentor_id] += 1
    mentors = [(e, capacity_of(e) - load[e.pk]) for e in approved(program, ParticipantRole.MENTOR)]
    return mentees, [(e, free) for e, free in mentors if free > 0], fixed


@transaction.atomic
def run_start(
    *,
    program: Program,
    by: Any,
    mentees: Sequence[Enrollment] | None = None,
    previous: MatchRun | None = None,
) -> MatchRun:
    """Snapshot the program and match everyone still unmatched (or only `mentees`).

    Active pairs, requests waiting for a mentor and the pairs locked in `previous` stay fixed.
    Small runs execute now; larger ones go to the background worker.
    """
    program = Program.objects.select_for_update().get(pk=program.pk)
    require_matching_status(program)
    runs_fail_stale(program=program)
    busy = MatchRun.objects.filter(
        program=program, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    )
    if busy.exists():
        raise ValidationError(_("A matching run of this program is still in progress."))
    locked: list[Proposal] = []
    if previous is not None:
        if previous.program_id != program.pk or previous.status != RunStatus.DONE:
            raise ValidationError(_("Only a run that is ready for review can be re-run."))
        locked = list(previous.proposals.filter(locked=True))
    mentee_rows, mentor_rows, fixed = _scope(program, locked, mentees)
    snapshot = build_snapshot(mentees=mentee_rows, mentors=mentor_rows)
    MatchRun.objects.filter(program=program, status=RunStatus.DONE).update(
        status=RunStatus.SUPERSEDED
    )
    match_run = MatchRun.objects.create(
        program=program,
        snapshot=snapshot,
        config=config_mapping(program),
        fixed=fixed,
        previous=previous,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        background=len(snapshot) > inline_limit(),
    )
    for position, proposal in enumerate(locked):
        Proposal.objects.create(
            run=match_run,
            mentee_id=proposal.mentee_id,
            mentor_id=proposal.mentor_id,
            engine_status=proposal.engine_status,
            score_micro=proposal.score_micro,
            details=proposal.details,
            engine_mentor_id=proposal.engine_mentor_id,
            engine_score_micro=proposal.engine_score_micro,
            locked=True,
            overridden=proposal.overridden,
            in_top=proposal.in_top,
            position=position,
        )
    audit.record(
        action="matching.run_started",
        actor=by,
        target=match_run,
        details={
            "program": program.pk,
            "participants": len(snapshot),
            "background": match_run.background,
            "previous": getattr(previous, "pk", None),
        },
    )
    if match_run.background:
        run_id = match_run.pk
        transaction.on_commit(lambda: _enqueue(run_id))
    else:
        run_execute(run_id=match_run.pk)
        match_run.refresh_from_db()
    return match_run


def _enqueue(run_id: int) -> None:
    from ..tasks import execute_run

    result = execute_run.enqueue(run_id)
    MatchRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])


def engine_result(match_run: MatchRun, progress: Any = None) -> MatchResult:
    """Run the engine on the stored snapshot and configuration (the same result every time)."""
    return run(participants(match_run.snapshot), config_of(match_run.config), progress=progress)


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
        result = engine_result(match_run, progress)
        blocked = _analyse_unmatched(match_run, result, progress)
        with transaction.atomic():
            _store(match_run, result, blocked)
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


def _store(match_run: MatchRun, result: MatchResult, blocked: dict[str, list[str]]) -> None:
    data = result_json(result)
    data["blockers"] = blocked
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

"""Bulk matching runs: snapshot, execute (inline or in the worker), replay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.pairs.models import Pair, PairStatus
from terbalik.programs.models import Enrollment, ParticipantRole, Program

from ..execution import run_execute
from ..models import ChoiceRequest, MatchRun, Proposal, RequestStatus, RunStatus
from ..snapshot import OBJECTIVES, build_snapshot, config_mapping, objective_of
from ..tasks import execute_run
from .common import approved, capacity_of, mentor_load, require_matching_status

#: runs with more participants than this go to the background worker (about 2 s of work)
DEFAULT_INLINE_LIMIT = 1500
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
    objective: str = "total",
) -> MatchRun:
    """Snapshot the program and match everyone still unmatched (or only `mentees`).

    Active pairs, requests waiting for a mentor and the pairs locked in `previous` stay fixed.
    Small runs execute now; larger ones go to the background worker. `objective` "fair"
    raises the worst match first (then the total); a re-run keeps its run's objective.
    """
    if objective not in OBJECTIVES:
        raise ServiceError(_("Choose what the assignment maximises."))
    if previous is not None:
        objective = objective_of(previous.config)
    program = Program.objects.select_for_update().get(pk=program.pk)
    require_matching_status(program)
    runs_fail_stale(program=program)
    busy = MatchRun.objects.filter(
        program=program, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)
    )
    if busy.exists():
        raise ServiceError(_("A matching run of this program is still in progress."))
    locked: list[Proposal] = []
    if previous is not None:
        if previous.program_id != program.pk or previous.status != RunStatus.DONE:
            raise ServiceError(_("Only a run that is ready for review can be re-run."))
        locked = list(previous.proposals.filter(locked=True))
    mentee_rows, mentor_rows, fixed = _scope(program, locked, mentees)
    snapshot = build_snapshot(mentees=mentee_rows, mentors=mentor_rows)
    MatchRun.objects.filter(program=program, status=RunStatus.DONE).update(
        status=RunStatus.SUPERSEDED
    )
    match_run = MatchRun.objects.create(
        program=program,
        snapshot=snapshot,
        config={**config_mapping(program), "objective": objective},
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
    result = execute_run.enqueue(run_id)
    MatchRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])

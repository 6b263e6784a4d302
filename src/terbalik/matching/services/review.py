"""HR review of a run: override, swap, lock, publish. Hard rules are checked by the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.matching.engine import MICRO
from terbalik.pairs import services as pair_services
from terbalik.pairs.models import Pair, PairSource
from terbalik.programs.models import Enrollment, EnrollmentStatus, ParticipantRole

from .. import emails
from ..checks import CAPACITY_REASON, check_pair
from ..models import MatchRun, Proposal, RunStatus
from ..snapshot import build_snapshot, config_of, details_of, pseudonymise_snapshots
from .common import capacity_of, mentor_load


@dataclass(frozen=True)
class OverrideCheck:
    """What putting `mentor` on a proposal would do: allowed or not (why), and its cost."""

    allowed: bool
    reasons: list[str] = field(default_factory=list)
    score_micro: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    #: the engine's score for this mentee minus the new score (micro units; > 0 is a loss)
    cost_micro: int = 0

    @property
    def cost(self) -> float:
        return self.cost_micro / MICRO

    @property
    def score(self) -> float | None:
        return None if self.score_micro is None else self.score_micro / MICRO


def _require_reviewable(match_run: MatchRun) -> None:
    if match_run.status != RunStatus.DONE:
        raise ServiceError(_("This run can no longer be changed."))


def _mentor_of_program(match_run: MatchRun, mentor: Enrollment) -> None:
    if (
        mentor.program_id != match_run.program_id
        or mentor.role != ParticipantRole.MENTOR
        or mentor.status != EnrollmentStatus.APPROVED
    ):
        raise ServiceError(_("Choose an approved mentor of this program."))


def _places_used_in_run(match_run: MatchRun, mentor: Enrollment, *, besides: set[int]) -> int:
    return match_run.proposals.filter(mentor=mentor).exclude(pk__in=besides).count()


def override_check(
    *, proposal: Proposal, mentor: Enrollment | None, besides: set[int] | None = None
) -> OverrideCheck:
    """Check (without writing) a new mentor for this proposal's mentee; None = no mentor."""
    engine_micro = proposal.engine_score_micro or 0
    if mentor is None:
        return OverrideCheck(True, cost_micro=engine_micro)
    match_run = proposal.run
    _mentor_of_program(match_run, mentor)
    reasons: list[str] = []
    free = capacity_of(mentor) - mentor_load(match_run.program)[mentor.pk]
    used = _places_used_in_run(match_run, mentor, besides=besides or {proposal.pk})
    if used >= free:
        reasons.append(str(CAPACITY_REASON))
    rows = build_snapshot(mentees=[proposal.mentee], mentors=[(mentor, 1)])
    checked = check_pair(
        rows=rows,
        config=config_of(match_run.config),
        mentee_id=proposal.mentee.employee.employee_id,
        mentor_id=mentor.employee.employee_id,
    )
    reasons.extend(checked.messages())
    if reasons or checked.pair is None:
        return OverrideCheck(False, reasons=reasons)
    score = checked.pair.score_micro
    return OverrideCheck(
        True,
        score_micro=score,
        details=details_of(checked.pair),
        cost_micro=engine_micro - score,
    )


def _refuse(check: OverrideCheck, mentee: Enrollment) -> None:
    if not check.allowed:
        raise ServiceError(
            _("%(mentee)s cannot be paired that way: %(reasons)s.")
            % {"mentee": mentee.employee.full_name, "reasons": "; ".join(check.reasons)}
        )


def _lock_run(match_run: MatchRun) -> MatchRun:
    locked = MatchRun.objects.select_for_update().get(pk=match_run.pk)
    _require_reviewable(locked)
    return locked


def _apply(proposal: Proposal, mentor: Enrollment | None, check: OverrideCheck) -> None:
    proposal.mentor = mentor
    proposal.score_micro = check.score_micro
    proposal.details = check.details
    proposal.overridden = proposal.mentor_id != proposal.engine_mentor_id
    top = proposal.run.result.get("top", {}).get(proposal.mentee.employee.employee_id, [])
    proposal.in_top = mentor is not None and mentor.employee.employee_id in top
    proposal.save(update_fields=["mentor", "score_micro", "details", "overridden", "in_top"])


@transaction.atomic
def proposal_override(*, proposal: Proposal, mentor: Enrollment | None, by: Any) -> Proposal:
    """Put another mentor (or none) on a proposal; refused with the reason on any hard rule."""
    match_run = _lock_run(proposal.run)
    proposal = Proposal.objects.select_related("mentee__employee", "run").get(
        pk=proposal.pk, run=match_run
    )
    if proposal.locked:
        raise ServiceError(_("Unlock the pair before changing it."))
    check = override_check(proposal=proposal, mentor=mentor)
    _refuse(check, proposal.mentee)
    before = proposal.mentor_id
    _apply(proposal, mentor, check)
    audit.record(
        action="matching.proposal_override",
        actor=by,
        target=proposal,
        details={
            "run": match_run.pk,
            "from": before,
            "to": getattr(mentor, "pk", None),
            "cost_micro": check.cost_micro,
        },
    )
    return proposal


@transaction.atomic
def proposal_swap(*, first: Proposal, second: Proposal, by: Any) -> tuple[Proposal, Proposal]:
    """Exchange the mentors of two mentees of the same run; both new pairs must be allowed."""
    match_run = _lock_run(first.run)
    first, second = (
        Proposal.objects.select_related("mentee__employee", "mentor__employee", "run").get(
            pk=p.pk, run=match_run
        )
        for p in (first, second)
    )
    if first.pk == second.pk:
        raise ServiceError(_("Choose two different mentees to swap."))
    if first.locked or second.locked:
        raise ServiceError(_("Unlock the pair before changing it."))
    besides = {first.pk, second.pk}
    check_a = override_check(proposal=first, mentor=second.mentor, besides=besides)
    check_b = override_check(proposal=second, mentor=first.mentor, besides=besides)
    _refuse(check_a, first.mentee)
    _refuse(check_b, second.mentee)
    mentor_a, mentor_b = first.mentor, second.mentor
    _apply(first, mentor_b, check_a)
    _apply(second, mentor_a, check_b)
    audit.record(
        action="matching.proposal_swap",
        actor=by,
        target=match_run,
        details={
            "proposals": [first.pk, second.pk],
            "cost_micro": check_a.cost_micro + check_b.cost_micro,
        },
    )
    return first, second


@transaction.atomic
def proposal_lock(*, proposal: Proposal, by: Any, locked: bool) -> Proposal:
    """Lock a pair so a re-run keeps it, or unlock it."""
    match_run = _lock_run(proposal.run)
    proposal = Proposal.objects.get(pk=proposal.pk, run=match_run)
    if locked and proposal.mentor_id is None:
        raise ServiceError(_("Only a mentee with a mentor can be locked."))
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    audit.record(
        action="matching.proposal_lock" if locked else "matching.proposal_unlock",
        actor=by,
        target=proposal,
        details={"run": match_run.pk},
    )
    return proposal


@transaction.atomic
def run_rerun(*, match_run: MatchRun, by: Any) -> MatchRun:
    """Match again everyone not locked in this run (locked pairs stay as they are)."""
    from .runs import run_start

    return run_start(program=match_run.program, by=by, previous=match_run)


@transaction.atomic
def run_publish(*, match_run: MatchRun, by: Any) -> list[Pair]:
    """Create a pair for each proposed mentor, e-mail both people, audit. Nothing else moves:
    the program status, other pairs and pending requests stay as they are."""
    match_run = _lock_run(match_run)
    proposals = list(
        match_run.proposals.exclude(mentor=None).select_related(
            "mentee__employee",
            "mentee__user",
            "mentee__program",
            "mentor__employee",
            "mentor__user",
            "mentor__program",
            "run",
        )
    )
    mentor_ids = sorted({p.mentor_id for p in proposals})
    list(Enrollment.objects.select_for_update().filter(pk__in=mentor_ids))  # serialise
    load = mentor_load(match_run.program)
    pairs: list[Pair] = []
    for proposal in proposals:
        mentor = proposal.mentor
        assert mentor is not None
        if load[mentor.pk] >= capacity_of(mentor):
            raise ServiceError(
                _("%(mentor)s has no free place left; change the run and publish again.")
                % {"mentor": mentor.employee.full_name}
            )
        if proposal.overridden:
            _refuse(
                override_check(proposal=proposal, mentor=mentor, besides={p.pk for p in proposals}),
                proposal.mentee,
            )
        pair = pair_services.pair_create(
            program=match_run.program,
            mentor=mentor,
            mentee=proposal.mentee,
            by=by,
            source=PairSource.MANUAL if proposal.overridden else PairSource.BULK,
            score=(proposal.score_micro or 0) / MICRO,
            score_details={**proposal.details, "run": match_run.pk},
        )
        load[mentor.pk] += 1
        pairs.append(pair)
        emails.pair_published(pair=pair, mentor=mentor, mentee=proposal.mentee)
    match_run.status = RunStatus.PUBLISHED
    match_run.published_at = timezone.now()
    match_run.published_by = by if getattr(by, "is_authenticated", False) else None
    match_run.save(update_fields=["status", "published_at", "published_by"])
    pseudonymise_snapshots(match_run.program)  # issue 20: no names kept once published
    audit.record(
        action="matching.run_published",
        actor=by,
        target=match_run,
        details={"program": match_run.program_id, "pairs": [p.pk for p in pairs]},
    )
    return pairs

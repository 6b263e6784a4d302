"""Reads of the matching pages (querysets or plain data); views call these, never the ORM."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from terbalik.pairs.models import Pair, PairStatus
from terbalik.programs.models import (
    Enrollment,
    EnrollmentStatus,
    MatchingMode,
    ParticipantRole,
    Program,
)

from .access import match_enrollments_of
from .models import (
    ChoiceRequest,
    MatchRun,
    Proposal,
    RematchRequest,
    RematchStatus,
    RequestStatus,
    Simulation,
)
from .services.common import approved

CHOOSING_MODES = (MatchingMode.MENTEE_CHOOSES, MatchingMode.BOTH)


def program_summary(program: Program, *, runs: int = 10, recent: int = 20) -> dict[str, Any]:
    """The figures and short lists of the HR matching page of `program`."""
    mentors = approved(program, ParticipantRole.MENTOR).count()
    mentees = approved(program, ParticipantRole.MENTEE).count()
    requests = Counter(
        ChoiceRequest.objects.filter(program=program).values_list("status", flat=True)
    )
    pairs = Pair.objects.filter(program=program, status=PairStatus.ACTIVE).count()
    return {
        "mentors": mentors,
        "mentees": mentees,
        "requests": requests,
        "pairs": pairs,
        "runs": MatchRun.objects.filter(program=program).select_related("created_by")[:runs],
        "recent": ChoiceRequest.objects.filter(program=program)
        .select_related("mentee__employee", "mentor__employee")
        .order_by("-created_at", "-pk")[:recent],
        "open_rematch": RematchRequest.objects.filter(
            pair__program=program, status=RematchStatus.OPEN
        ).count(),
    }


def run_proposals(match_run: MatchRun) -> list[Proposal]:
    return list(
        match_run.proposals.select_related(
            "mentee__employee", "mentor__employee", "engine_mentor__employee"
        )
    )


def approved_mentors(program: Program) -> list[Enrollment]:
    """Approved mentors by name (the choices when HR edits a proposal)."""
    return list(
        Enrollment.objects.filter(
            program=program, role=ParticipantRole.MENTOR, status=EnrollmentStatus.APPROVED
        )
        .select_related("employee")
        .order_by("employee__full_name", "pk")
    )


def other_matched_proposals(match_run: MatchRun, proposal: Proposal) -> QuerySet[Proposal]:
    return (
        match_run.proposals.exclude(pk=proposal.pk)
        .exclude(mentor=None)
        .select_related("mentee__employee", "mentor__employee")
    )


def program_pairs(program: Program) -> QuerySet[Pair]:
    """The program's pairs with their open rematch requests (count and list), for HR."""
    return (
        Pair.objects.filter(program=program)
        .select_related("mentor__employee", "mentee__employee")
        .annotate(
            open_requests=Count(
                "rematch_requests", filter=Q(rematch_requests__status=RematchStatus.OPEN)
            )
        )
        .prefetch_related(
            Prefetch(
                "rematch_requests",
                queryset=RematchRequest.objects.filter(status=RematchStatus.OPEN).select_related(
                    "requested_by"
                ),
                to_attr="open_list",
            )
        )
        .order_by("status", "mentee__employee__full_name", "pk")
    )


def my_match_enrollments(user: Any) -> list[Enrollment]:
    """`user`'s approved enrollments, the latest application first."""
    return list(match_enrollments_of(user).order_by("-applied_at", "pk"))


def my_match_enrollment_ids(user: Any) -> set[int]:
    return set(match_enrollments_of(user).values_list("pk", flat=True))


def enrollments_by_pk(enrollment_ids: list[int]) -> dict[int, Enrollment]:
    """Enrollments with their employee, by primary key, in one query."""
    return {
        e.pk: e
        for e in Enrollment.objects.filter(pk__in=enrollment_ids).select_related("employee")
    }


def mentee_active_pair(mentee: Enrollment) -> Pair | None:
    return (
        Pair.objects.filter(mentee=mentee, status=PairStatus.ACTIVE)
        .select_related("mentor__employee")
        .first()
    )


def mentee_pending_request(mentee: Enrollment) -> ChoiceRequest | None:
    return (
        ChoiceRequest.objects.filter(mentee=mentee, status=RequestStatus.PENDING)
        .select_related("mentor__employee")
        .first()
    )


def mentor_pending_requests(mentor: Enrollment) -> list[ChoiceRequest]:
    """Requests waiting for this mentor's answer, the one expiring first first."""
    return list(
        ChoiceRequest.objects.filter(mentor=mentor, status=RequestStatus.PENDING)
        .select_related("mentee__employee")
        .order_by("expires_at", "pk")
    )


def mentor_active_pairs(mentor: Enrollment) -> list[Pair]:
    return list(
        Pair.objects.filter(mentor=mentor, status=PairStatus.ACTIVE).select_related(
            "mentee__employee"
        )
    )


def open_rematch_pair_ids(enrollment: Enrollment, user: Any) -> QuerySet[RematchRequest]:
    """Ids of the pairs of `enrollment` for which `user` has an open re-match request
    (a lazy `values_list`, evaluated where the page uses it)."""
    return RematchRequest.objects.filter(
        pair__in=Pair.objects.filter(Q(mentor=enrollment) | Q(mentee=enrollment)),
        requested_by=user,
        status=RematchStatus.OPEN,
    ).values_list("pair_id", flat=True)


def choices_waiting(user: Any, *, own: list[tuple[int, str, str]] | None = None,
                    paired: set[int] | None = None) -> list[Enrollment]:
    """`user`'s mentee enrollments whose next step is choosing among suggested mentors: the
    program lets mentees choose and choosing is open (enough mentors approved), no active
    pair and no request waiting for a mentor's answer. At most three queries, however many
    programs: most participants have no mentee enrollment, or one with an active pair, which
    two small queries tell; only the rest pay for the full one (its SQL alone cost about
    3 ms of CPU on every participant home). When the caller has read them already (the home:
    two queries fewer), `own`: (id, role, status) of all of `user`'s enrollments
    (`pairs.access.own_enrollments`), and `paired`: the ids of `user`'s mentee enrollments in
    an active pair."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from .models import RequestStatus
    from .services.common import MATCHING_STATUSES

    mine = set(match_enrollments_of(user).filter(role=ParticipantRole.MENTEE)
               .values_list("pk", flat=True)) if own is None else {
        pk for pk, role, status in own
        if role == ParticipantRole.MENTEE and status == EnrollmentStatus.APPROVED}
    if not mine:
        return []
    mine -= paired if paired is not None else set(
        Pair.objects.filter(mentee_id__in=mine, status=PairStatus.ACTIVE)
        .values_list("mentee_id", flat=True))
    if not mine:
        return []

    mentors = (
        Enrollment.objects.filter(program=OuterRef("program"), role=ParticipantRole.MENTOR,
                                  status=EnrollmentStatus.APPROVED)
        .order_by().values("program").annotate(n=Count("pk")).values("n")
    )
    return list(
        match_enrollments_of(user)
        .filter(pk__in=mine, role=ParticipantRole.MENTEE, program__status__in=MATCHING_STATUSES,
                program__matching_mode__in=CHOOSING_MODES)
        .exclude(pairs_as_mentee__status=PairStatus.ACTIVE)
        .exclude(choice_requests_made__status=RequestStatus.PENDING)
        .annotate(mentors=Coalesce(Subquery(mentors), 0))
        .filter(mentors__gte=F("program__min_mentors_before_choice"))
        .select_related("program")
        .order_by("-applied_at", "pk")
    )


#: enrollments counted as the program's current applicants in the weights preview
APPLICANT_STATUSES = (EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED)


def weights_preview(program: Program, *, weights: dict[str, float], threshold: float
                    ) -> dict[str, int]:
    """How many of the program's current mentee applicants (waiting for HR or approved) the
    engine would match, with these weights, to a mentor scoring at least `threshold` (a
    share, 0–1, of the best score these weights allow). Computes; writes nothing."""
    from terbalik.matching.engine import run

    from .services.common import capacity_of
    from .snapshot import build_snapshot, config_mapping, config_of, participants

    applicants = (
        Enrollment.objects.filter(program=program, status__in=APPLICANT_STATUSES)
        .select_related("employee", "user")
        .order_by("employee__employee_id", "pk")
    )
    mentees = [e for e in applicants if e.role == ParticipantRole.MENTEE]
    mentors = [(e, capacity_of(e)) for e in applicants if e.role == ParticipantRole.MENTOR]
    counts = {"mentees": len(mentees), "mentors": len(mentors), "matched": 0}
    if not mentees or not mentors:
        return counts
    mapping = config_mapping(program, top=1)
    mapping["weights"] = {key: float(weights[f"weight_{key}"])
                          for key in ("skill", "interest", "diversity")}
    mapping["min_score"] = round(threshold * sum(mapping["weights"].values()), 6)
    result = run(participants(build_snapshot(mentees=mentees, mentors=mentors)),
                 config_of(mapping))
    counts["matched"] = sum(1 for a in result.assignments if a.pair is not None)
    return counts


#: simulations listed on the what-if page
RECENT_SIMULATIONS = 10


def recent_simulations(program: Program) -> list[Simulation]:
    return list(Simulation.objects.filter(program=program).select_related("created_by")
                .order_by("-created_at", "-pk")[:RECENT_SIMULATIONS])


def simulation_rows(simulation: Simulation) -> dict[str, Any] | None:
    """The finished simulation's two sides, ready to show side by side, or None."""
    result = simulation.result or {}
    if "current" not in result or "what_if" not in result:
        return None
    current, what_if = result["current"], result["what_if"]
    return {
        "current": current,
        "what_if": what_if,
        "gaps": list(zip(current["gaps"], what_if["gaps"], strict=False)),
    }

"""What each user may see in the matching app; everything else is a 404.

HR users see the runs, requests and pairs of the programs they manage (`programs.access`).
Participants see only their own approved enrollments, the requests sent to them as a mentor
and their own pairs.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from terbalik.pairs.models import Pair
from terbalik.programs.access import enrollments_of, programs_managed_by
from terbalik.programs.models import Enrollment, EnrollmentStatus, ParticipantRole, Program

from .models import ChoiceRequest, MatchRun, Proposal, RematchRequest, Simulation


def runs_managed_by(user: Any) -> QuerySet[MatchRun]:
    return MatchRun.objects.filter(program__in=programs_managed_by(user).values("pk"))


def get_managed_run(user: Any, run_id: int) -> MatchRun:
    return get_object_or_404(runs_managed_by(user).select_related("program"), pk=run_id)


def get_run_proposal(match_run: MatchRun, proposal_id: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.filter(run=match_run).select_related(
            "run", "mentee__employee", "mentor__employee", "engine_mentor__employee"
        ),
        pk=proposal_id,
    )


def get_managed_pair(user: Any, program: Program, pair_id: int) -> Pair:
    return get_object_or_404(
        Pair.objects.filter(
            program=program, program__in=programs_managed_by(user).values("pk")
        ).select_related("program", "mentor__employee", "mentee__employee"),
        pk=pair_id,
    )


def get_managed_rematch(user: Any, program: Program, request_id: int) -> RematchRequest:
    return get_object_or_404(
        RematchRequest.objects.filter(
            pair__program=program, pair__program__in=programs_managed_by(user).values("pk")
        ),
        pk=request_id,
    )


def match_enrollments_of(user: Any) -> QuerySet[Enrollment]:
    return enrollments_of(user).filter(status=EnrollmentStatus.APPROVED)


def get_own_match_enrollment(user: Any, enrollment_id: int) -> Enrollment:
    return get_object_or_404(match_enrollments_of(user).select_related("user"), pk=enrollment_id)


def get_request_for_mentor(user: Any, request_id: int) -> ChoiceRequest:
    mine = match_enrollments_of(user).values("pk")
    return get_object_or_404(
        ChoiceRequest.objects.filter(mentor__in=mine).select_related("mentor", "mentee__employee"),
        pk=request_id,
    )



def get_choosable_mentor(mentee: Enrollment, mentor_id: int) -> Enrollment:
    """A mentor enrolled in the mentee's program; `Enrollment.DoesNotExist` otherwise (the view
    answers with a message, not a 404, because the id comes from the mentee's own form)."""
    return Enrollment.objects.get(
        pk=mentor_id, program=mentee.program, role=ParticipantRole.MENTOR
    )


def get_managed_simulation(user: Any, simulation_id: int) -> Simulation:
    return get_object_or_404(
        Simulation.objects.filter(
            program__in=programs_managed_by(user).values("pk")
        ).select_related("program"),
        pk=simulation_id,
    )

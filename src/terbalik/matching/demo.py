"""Matching in the demo company (`terbalik demo`): idempotent and deterministic.

- the invitation-only program at the "matching" stage goes to published pairs through a bulk
  match (run, review, publish);
- the open program shows mentee choice in progress: up to three mentees with suggestions chose
  a mentor; the first one's mentor accepted, the other requests wait for an answer.

Call after `programs.demo.build_demo_programs(hr_user=...)`. E-mails are not sent.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from terbalik.pairs.models import Pair
from terbalik.programs import emails
from terbalik.programs.demo import CLOSED_TEMPLATE, OPEN_TEMPLATE
from terbalik.programs.models import Enrollment, ParticipantRole, Program

from . import services
from .models import ChoiceRequest, MatchRun, RunStatus, Simulation
from .services.common import approved, free_places

#: mentees of the open program who choose; the first one's mentor accepts
CHOOSERS = 3


def _program(hr_user: Any, template: str) -> Program | None:
    return Program.objects.filter(template_key=template, owners=hr_user).order_by("id").first()


def _bulk(program: Program, hr_user: Any) -> None:
    if (
        Pair.objects.filter(program=program).exists()
        or MatchRun.objects.filter(program=program, status=RunStatus.PUBLISHED).exists()
    ):
        return
    match_run = services.run_start(program=program, by=hr_user)
    if match_run.status == RunStatus.DONE:
        services.run_publish(match_run=match_run, by=hr_user)


def _choice(program: Program) -> None:
    if ChoiceRequest.objects.filter(program=program).exists():
        return
    if services.choice_closed_reason(program):
        return
    chosen = 0
    for mentee in approved(program, ParticipantRole.MENTEE):
        if chosen >= CHOOSERS or mentee.user is None:
            continue
        current = services.suggestions_current(mentee=mentee, by=mentee.user)
        for item in current.items:
            mentor = Enrollment.objects.select_related("user", "employee").get(pk=item["mentor"])
            if free_places(mentor) <= 0:
                continue
            request = services.choice_make(mentee=mentee, mentor=mentor, by=mentee.user)
            if chosen == 0 and mentor.user is not None:
                services.choice_accept(request=request, by=mentor.user)
            chosen += 1
            break


def _what_if(program: Program, hr_user: Any) -> None:
    """One comparison on the what-if page: more weight on diversity, worst match first."""
    if Simulation.objects.filter(program=program).exists():
        return
    services.simulation_start(
        program=program, by=hr_user, population="applicants",
        weights={"weight_skill": 0.4, "weight_interest": 0.2, "weight_diversity": 0.4},
        seniority=program.seniority_rule, capacity=None, min_score_percent=0,
        objective="fair",
    )


def build_demo_matching(*, hr_user: Any) -> None:
    """Bulk-match the invitation-only demo program, start choice in the open one, and leave
    a what-if comparison on the first."""
    with emails.muted(), transaction.atomic():
        closed = _program(hr_user, CLOSED_TEMPLATE)
        if closed is not None:
            _bulk(closed, hr_user)
            _what_if(closed, hr_user)
        opened = _program(hr_user, OPEN_TEMPLATE)
        if opened is not None:
            _choice(opened)

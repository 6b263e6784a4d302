"""Launch (kickoff announcement) and the communication-skills training."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.notify import chat, emails
from terbalik.programs.models import Program, Status

from .. import messages, training
from ..models import Launch, Pair, PairStatus, TrainingResult
from ..selectors import published_pairs_count
from .common import members


@transaction.atomic
def program_launch(
    *, program: Program, by: Any, kickoff_at: dt.datetime, kickoff_place: str = ""
) -> Launch:
    """Start the running phase: the program becomes active (from matching) and every pair
    gets the kickoff announcement. Launching twice is refused."""
    from terbalik.programs.services import program_transition

    if timezone.is_naive(kickoff_at):
        raise ServiceError({"kickoff_at": [_("The kickoff time needs a time zone.")]})
    if Launch.objects.filter(program=program).exists():
        raise ServiceError(_("This program was already launched."))
    if program.status == Status.MATCHING:
        program = program_transition(  # a refusal is a ServiceError naming what is missing
            program=program, to=Status.ACTIVE, by=by,
            published_pairs=published_pairs_count(program),
        )
    elif program.status != Status.ACTIVE:
        raise ServiceError(_("Only a program in matching or active can be launched."))
    launch = Launch.objects.create(
        program=program, kickoff_at=kickoff_at, kickoff_place=kickoff_place.strip()[:300],
        launched_at=timezone.now(), launched_by=by,
    )
    pairs = list(Pair.objects.filter(program=program, status=PairStatus.ACTIVE).select_related(
        "program", "mentor__employee__user", "mentee__employee__user", "mentor__user",
        "mentee__user",
    ))
    launch_announce(launch=launch, pairs=pairs)
    chat.program_post_once(key=f"program-launch:{program.pk}", program=program,
                           build=messages.program_kickoff(program, kickoff_at,
                                                          launch.kickoff_place))
    audit.record(action="pairs.program_launch", actor=by, target=program,
                 details={"pairs": len(pairs)})
    return launch


def launch_announce(*, launch: Launch, pairs: list[Pair]) -> None:
    """The kickoff e-mail to both members of each pair, once per launch, pair and person
    (key `launch:{launch}:{pair}:{user}`): announcing again sends nothing twice."""
    for pair in pairs:
        for role, user in members(pair):
            emails.send(key=f"launch:{launch.pk}:{pair.pk}:{user.pk}", user=user,
                        build=messages.announcement(pair, role, user, launch.kickoff_at,
                                                    launch.kickoff_place))


@transaction.atomic
def training_submit(*, enrollment: Any, by: Any, answers: dict[str, str]) -> TrainingResult:
    """Score the five-question check. Complete only at the program's pass mark; the latest
    attempt decides, so a failed retake takes "complete" away (retries allowed)."""
    if enrollment.user_id != by.pk and enrollment.employee_id != by.employee_id:
        raise ServiceError(_("You can only take the module for yourself."))
    missing = [q["key"] for q in training.QUESTIONS if not answers.get(q["key"])]
    if missing:
        raise ServiceError({key: [_("Choose an answer.")] for key in missing})
    result, _created = TrainingResult.objects.select_for_update().get_or_create(
        enrollment=enrollment
    )
    result.score = training.score(answers)
    result.answers = {q["key"]: answers[q["key"]] for q in training.QUESTIONS}
    result.attempts += 1
    pass_percent = getattr(enrollment.program, "training_pass_percent",
                           training.DEFAULT_PASS_PERCENT)
    if not training.passed(result.score, pass_percent):
        result.completed_at = None
    elif result.completed_at is None:
        result.completed_at = timezone.now()
    result.save()
    return result

"""Closing: the closing survey, completing pairs, and rolling over in ongoing programs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit

from .. import messages
from ..models import Pair, PairStatus
from .common import add_months, members, require_active, require_member
from .pairs import pair_end

SURVEY_DAYS = 14


def send_survey(*, pair: Pair, template_key: str, title: str, now: dt.datetime) -> Any:
    """A sending of a shipped survey template to both members (None when not installed)."""
    from terbalik.surveys import services as surveys
    from terbalik.surveys.emails import survey_invitations_send
    from terbalik.surveys.models import Survey

    survey = Survey.objects.filter(template_key=template_key).first()
    users = [u for _role, u in members(pair)]
    if survey is None or not users:
        return None
    instance = surveys.survey_instance_create(
        survey=survey, by=None, title=title, opens_at=now,
        closes_at=now + dt.timedelta(days=SURVEY_DAYS), program_id=pair.program_id,
    )
    surveys.survey_instance_add_recipients(instance=instance, users=users, by=None)
    survey_invitations_send(instance=instance, by=None)
    return instance


@transaction.atomic
def pair_complete(*, pair: Pair, now: dt.datetime, by: Any = None) -> Pair:
    """End of term: closing survey to both, the pair completes (goals can still be marked)."""
    from terbalik.notify.services import notify_once

    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PairStatus.ACTIVE:
        return pair
    if notify_once_claim(f"closing-survey:{pair.pk}:{pair.rollovers}", now):
        send_survey(
            pair=pair, template_key="program-evaluation", now=now,
            title=_("Closing survey: %(program)s") % {"program": pair.program.name},
        )
    pair = pair_end(pair=pair, by=by, status=PairStatus.COMPLETED, reason="term ended")
    for _role, user in members(pair):
        notify_once(key=f"pair-completed:{pair.pk}:{user.pk}", kind="pair_completed", user=user,
                    build=messages.pair_completed(pair, user), now=now)
    return pair


def notify_once_claim(key: str, now: dt.datetime) -> bool:
    from terbalik.notify.services import claim

    return claim(key=key, kind="survey", now=now)


@transaction.atomic
def pair_continue_choose(*, pair: Pair, by: Any, wants: bool) -> Pair:
    """In an ongoing program: say whether you want another term with this partner."""
    role = require_member(pair, by)
    require_active(pair)
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    setattr(pair, f"continue_{role}", bool(wants))
    pair.save(update_fields=[f"continue_{role}"])
    audit.record(action="pairs.continue_choice", actor=by, target=pair,
                 details={"role": role, "continue": bool(wants)})
    return pair


@transaction.atomic
def pair_rollover(*, pair: Pair, now: dt.datetime) -> Pair:
    """At the end of an ongoing term: both want to go on → a new term; else complete."""
    pair = Pair.objects.select_for_update().select_related("program").get(pk=pair.pk)
    if pair.status != PairStatus.ACTIVE or pair.term_ends_on is None:
        return pair
    if pair.term_ends_on > timezone.localdate(now):
        return pair
    if pair.continue_mentor and pair.continue_mentee:
        pair.term_ends_on = add_months(pair.term_ends_on, pair.program.pair_months or 3)
        pair.rollovers += 1
        pair.continue_mentor = pair.continue_mentee = False
        pair.save(update_fields=["term_ends_on", "rollovers", "continue_mentor",
                                 "continue_mentee"])
        audit.record(action="pairs.rollover", actor=None, target=pair,
                     details={"until": pair.term_ends_on.isoformat()})
        return pair
    return pair_complete(pair=pair, now=now)

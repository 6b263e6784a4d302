"""Mentee choice: suggestions, the request to a mentor, accept/decline, passing on, expiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.matching.engine import run
from terbalik.pairs import services as pair_services
from terbalik.pairs.models import Pair, PairSource, PairStatus
from terbalik.programs.models import Enrollment, EnrollmentStatus, ParticipantRole

from .. import emails
from ..models import ChoiceRequest, RequestStatus, SuggestionSet
from ..snapshot import build_snapshot, config_mapping, config_of, details_of, participants
from .common import (
    approved,
    capacity_of,
    choice_closed_reason,
    free_places,
    is_person,
    mentor_load,
)

SUGGESTIONS = 3


def _lock(enrollment: Enrollment) -> Enrollment:
    return (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("employee", "user", "program")
        .get(pk=enrollment.pk)
    )


def _has_active_pair(mentee: Enrollment) -> bool:
    return Pair.objects.filter(mentee=mentee, status=PairStatus.ACTIVE).exists()


def _pending(mentee: Enrollment) -> ChoiceRequest | None:
    return ChoiceRequest.objects.filter(mentee=mentee, status=RequestStatus.PENDING).first()


def _excluded_mentors(mentee: Enrollment) -> set[int]:
    """Mentors this mentee should not be offered again: they said no, let the request lapse,
    or their pair with this mentee was dissolved."""
    tried = set(
        ChoiceRequest.objects.filter(mentee=mentee)
        .exclude(status__in=(RequestStatus.PENDING, RequestStatus.ACCEPTED))
        .values_list("mentor_id", flat=True)
    )
    tried |= set(
        Pair.objects.filter(mentee=mentee, status=PairStatus.DISSOLVED).values_list(
            "mentor_id", flat=True
        )
    )
    return tried


def _compute_items(mentee: Enrollment, exclude: set[int]) -> list[dict[str, Any]]:
    program = mentee.program
    load = mentor_load(program)
    mentors = [
        (m, capacity_of(m) - load[m.pk])
        for m in approved(program, ParticipantRole.MENTOR)
        if m.pk not in exclude and m.employee_id != mentee.employee_id
    ]
    rows = build_snapshot(mentees=[mentee], mentors=mentors)
    if not any(r["role"] == "mentor" for r in rows):
        return []
    enrollment_of = {r["employee_id"]: r["enrollment"] for r in rows}
    result = run(participants(rows), config_of(config_mapping(program, top=SUGGESTIONS)))
    return [
        {
            "mentor": enrollment_of[s.pair.mentor_id],
            "rank": s.rank,
            "score_micro": s.pair.score_micro,
            "details": details_of(s.pair),
        }
        for s in result.suggestions(SUGGESTIONS)
    ]


def refreshes_left(mentee: Enrollment) -> int:
    from .common import settings_for

    used = SuggestionSet.objects.filter(mentee=mentee, automatic=False, round__gt=0).count()
    return max(0, settings_for(mentee.program).refresh_limit - used)


def _new_set(mentee: Enrollment, *, automatic: bool, exclude: set[int]) -> SuggestionSet:
    previous = SuggestionSet.objects.filter(mentee=mentee).order_by("-round").first()
    SuggestionSet.objects.filter(mentee=mentee, current=True).update(current=False)
    return SuggestionSet.objects.create(
        program=mentee.program,
        mentee=mentee,
        round=(previous.round + 1) if previous else 0,
        automatic=automatic,
        items=_compute_items(mentee, exclude),
    )


def _require_open(mentee: Enrollment) -> None:
    if mentee.role != ParticipantRole.MENTEE or mentee.status != EnrollmentStatus.APPROVED:
        raise ServiceError(_("Only approved mentees choose a mentor."))
    reason = choice_closed_reason(mentee.program)
    if reason:
        raise ServiceError(reason)


@transaction.atomic
def suggestions_current(*, mentee: Enrollment, by: Any) -> SuggestionSet:
    """The mentee's current suggestions, made on first use."""
    mentee = _lock(mentee)
    _require_open(mentee)
    found = SuggestionSet.objects.filter(mentee=mentee, current=True).first()
    if found is not None:
        return found
    return _new_set(mentee, automatic=False, exclude=_excluded_mentors(mentee))


@transaction.atomic
def suggestions_refresh(*, mentee: Enrollment, by: Any) -> SuggestionSet:
    """Fresh suggestions without the mentors shown so far; a limited number of times."""
    mentee = _lock(mentee)
    _require_open(mentee)
    if not is_person(mentee, by):
        raise ServiceError(_("Only the mentee can ask for fresh suggestions."))
    if _pending(mentee) or _has_active_pair(mentee):
        raise ServiceError(_("You already have a mentor or a request waiting for an answer."))
    if refreshes_left(mentee) <= 0:
        raise ServiceError(_("You have used all your fresh suggestions; choose one of these."))
    shown = {
        item["mentor"] for s in SuggestionSet.objects.filter(mentee=mentee) for item in s.items
    }
    created = _new_set(mentee, automatic=False, exclude=_excluded_mentors(mentee) | shown)
    if created.round == 0:  # the very first set is not a refresh
        created.round = 1
        created.save(update_fields=["round"])
    audit.record(action="matching.suggestions_refresh", actor=by, target=mentee)
    return created


def _send_request(
    mentee: Enrollment,
    mentor: Enrollment,
    item: dict[str, Any],
    suggestion_set: SuggestionSet | None,
    *,
    picked: bool,
    now: dt.datetime,
) -> ChoiceRequest:
    from .common import settings_for

    days = settings_for(mentee.program).response_days
    request = ChoiceRequest.objects.create(
        program=mentee.program,
        mentee=mentee,
        mentor=mentor,
        suggestion_set=suggestion_set,
        picked=picked,
        score_micro=item.get("score_micro"),
        details=item.get("details", {}),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    emails.choice_request(request=request, days=days)
    return request


@transaction.atomic
def choice_make(*, mentee: Enrollment, mentor: Enrollment, by: Any) -> ChoiceRequest:
    """The mentee picks one of their suggested mentors; the mentor's place is held at once.

    The mentor's enrollment row is locked, so two mentees choosing the same mentor at the same
    instant cannot take more places than the mentor has.
    """
    mentee = _lock(mentee)
    _require_open(mentee)
    if not is_person(mentee, by):
        raise ServiceError(_("Only the mentee can choose their mentor."))
    if _pending(mentee) or _has_active_pair(mentee):
        raise ServiceError(_("You already have a mentor or a request waiting for an answer."))
    current = SuggestionSet.objects.filter(mentee=mentee, current=True).first()
    item = next((i for i in (current.items if current else []) if i["mentor"] == mentor.pk), None)
    if current is None or item is None:
        raise ServiceError(_("Choose one of the mentors suggested to you."))
    mentor = _lock(mentor)
    if mentor.status != EnrollmentStatus.APPROVED:
        raise ServiceError(_("This mentor is no longer in the program."))
    if free_places(mentor) <= 0:
        raise ServiceError(
            _(
                "%(mentor)s has just been chosen by someone else and has no place left. "
                "Please choose another mentor."
            )
            % {"mentor": mentor.employee.full_name}
        )
    request = _send_request(mentee, mentor, item, current, picked=True, now=timezone.now())
    audit.record(
        action="matching.choice_made", actor=by, target=request, details={"mentor": mentor.pk}
    )
    return request


def _pass_on(request: ChoiceRequest, now: dt.datetime) -> ChoiceRequest | None:
    """After a no or silence: send the request to the mentee's next suggested mentor with a
    free place, or give the mentee automatic new suggestions to choose from."""
    mentee = _lock(request.mentee)
    if _has_active_pair(mentee) or _pending(mentee):
        return None
    excluded = _excluded_mentors(mentee)
    current = request.suggestion_set
    items = sorted(current.items if current else [], key=lambda i: i["rank"])
    for item in items:
        if item["mentor"] in excluded:
            continue
        mentor = _lock(Enrollment(pk=item["mentor"]))
        if mentor.status != EnrollmentStatus.APPROVED or free_places(mentor) <= 0:
            continue
        emails.choice_outcome(request=request, mentee=mentee, mentor=request.mentor,
                              kind="passed_on")
        return _send_request(mentee, mentor, item, current, picked=False, now=now)
    _new_set(mentee, automatic=True, exclude=excluded)
    emails.choice_outcome(request=request, mentee=mentee, mentor=request.mentor,
                          kind="choose_again")
    return None


def _mentor_request(request: ChoiceRequest, by: Any) -> ChoiceRequest:
    request = (
        ChoiceRequest.objects.select_for_update(of=("self",))
        .select_related(
            "mentor__employee",
            "mentor__user",
            "mentor__program",
            "mentee__employee",
            "mentee__user",
            "mentee__program",
        )
        .get(pk=request.pk)
    )
    if not is_person(request.mentor, by):
        raise ServiceError(_("Only the chosen mentor can answer this request."))
    if request.status != RequestStatus.PENDING:
        raise ServiceError(_("This request has already been answered."))
    return request


@transaction.atomic
def choice_accept(*, request: ChoiceRequest, by: Any) -> Pair:
    """The mentor accepts: the pair starts (never over the mentor's capacity)."""
    request = _mentor_request(request, by)
    now = timezone.now()
    if request.expires_at <= now:
        raise ServiceError(_("The time to answer has passed; the request moved on."))
    mentor = _lock(request.mentor)
    active = Pair.objects.filter(mentor=mentor, status=PairStatus.ACTIVE).count()
    if active >= capacity_of(mentor):
        raise ServiceError(_("You have no free place left for another mentee."))
    pair = pair_services.pair_create(
        program=request.program,
        mentor=mentor,
        mentee=request.mentee,
        by=by,
        source=PairSource.CHOICE,
        score=(request.score_micro or 0) / 1_000_000,
        score_details=request.details,
    )
    request.status = RequestStatus.ACCEPTED
    request.decided_at = now
    request.pair = pair
    request.save(update_fields=["status", "decided_at", "pair"])
    SuggestionSet.objects.filter(mentee=request.mentee, current=True).update(current=False)
    audit.record(action="matching.choice_accepted", actor=by, target=request)
    emails.choice_outcome(request=request, mentee=request.mentee, mentor=mentor, kind="accepted")
    return pair


@transaction.atomic
def choice_decline(*, request: ChoiceRequest, by: Any) -> ChoiceRequest | None:
    """The mentor declines; the request passes to the mentee's next choice (returned)."""
    request = _mentor_request(request, by)
    now = timezone.now()
    request.status = RequestStatus.DECLINED
    request.decided_at = now
    request.save(update_fields=["status", "decided_at"])
    audit.record(action="matching.choice_declined", actor=by, target=request)
    return _pass_on(request, now)


def choice_requests_expire(*, now: dt.datetime | None = None) -> int:
    """Requests nobody answered in time lapse and pass on. The periodic job calls this."""
    now = now or timezone.now()
    count = 0
    due = ChoiceRequest.objects.filter(
        status=RequestStatus.PENDING, expires_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            request = (
                ChoiceRequest.objects.select_for_update(of=("self",))
                .select_related("mentor__employee", "mentee__employee", "mentee__program")
                .filter(pk=pk, status=RequestStatus.PENDING)
                .first()
            )
            if request is None:
                continue
            request.status = RequestStatus.EXPIRED
            request.decided_at = now
            request.save(update_fields=["status", "decided_at"])
            audit.record(action="matching.choice_expired", target=request)
            _pass_on(request, now)
            count += 1
    return count

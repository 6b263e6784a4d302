"""What each user may see in the pairs app; everything else is a 404.

Participants see only the pairs they are a member of. HR sees the pairs of the programs they
manage (programs.access), on the HR list and HR's page of one pair: never notes, goal texts
only when shared.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.db.models.query import MAX_GET_RESULTS
from django.http import Http404
from django.shortcuts import get_object_or_404

from terbalik.core.compiled import Compiled
from terbalik.programs.access import (
    get_managed_program,
    manager_scope,
    programs_in_scope,
    programs_managed_by,
)
from terbalik.programs.models import Enrollment

from .models import Goal, Meeting, Milestone, Pair, PairStatus

#: what pages and services read of a pair: its program, both members' directory records and
#: their accounts. Not the enrollments' own `user` links as well: that is the same account
#: (`services.common.user_of` uses the loaded one); joining it twice made the pair query
#: 11 tables wide, and building its SQL cost more CPU than most participant pages' other work.
RELATED = (
    "program", "mentor__employee", "mentee__employee",
    "mentor__employee__user", "mentee__employee__user",
)


#: the columns the member's pages of one pair read (the workspace, a meeting's check-in): the
#: pair's own state, the program's name, both members' links and directory facts (the partner
#: card) and the agreement as the workspace shows it; not the members' accounts (only
#: services that write to them need those: `services.common.user_of`). The full rows of these
#: five tables are ~190 columns, the program alone ~60: compiling them cost these pages more
#: CPU than any of their other queries.
MEMBER_PAGE_FIELDS = (
    "program", "mentor", "mentee", "status", "goals_shared", "term_ends_on",
    "continue_mentor", "continue_mentee", "program__name",
    *(f"{side}__{name}" for side in ("mentor", "mentee") for name in (
        "user", "employee", "intake", "employee__full_name", "employee__email",
        "employee__job_title", "employee__department_record", "employee__time_zone",
        "employee__languages",
    )),
    *(f"agreement__{name}" for name in (
        "channels", "cadence", "session_minutes", "touchpoint", "touchpoint_note",
        "expectations", "version", "mentor_accepted_at", "mentee_accepted_at",
    )),
)


def _own_enrollments(user_pk: int, employee_pk: int | None = None
                     ) -> QuerySet[Enrollment, tuple[int, str, str]]:
    mine = Q(user=user_pk)
    if employee_pk is not None:
        mine |= Q(employee_id=employee_pk)
    return Enrollment.objects.filter(mine).order_by().values_list("pk", "role", "status")


_own = Compiled(Enrollment, _own_enrollments)  # compiled once: the participant pages read it


def own_enrollments(user: Any) -> list[tuple[int, str, str]]:
    """(id, role, status) of `user`'s enrollments, by account or by directory record (one
    small indexed query; pages that need them for more than `pairs_of` read them once)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.employee_id:
        return _own(user.pk, user.employee_id)
    return _own(user.pk)


def own_enrollment_ids(user: Any, enrollments: list[int] | None = None) -> list[int]:
    """The ids of `user`'s enrollments: none when signed out, `enrollments` when the caller
    has read them (`own_enrollments`), else read now (the pair lists' one guard)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if enrollments is None:
        return [pk for pk, _role, _status in own_enrollments(user)]
    return enrollments


def pairs_of(user: Any, enrollments: list[int] | None = None) -> QuerySet[Pair]:
    """The pairs `user` is a member of (through an enrollment of theirs, by account or by
    directory record).

    Two small queries: the ids of their enrollments (indexed by user and by employee), then
    `mentor_id IN (ids) OR mentee_id IN (ids)` with the ids as literals, so PostgreSQL uses the
    two foreign-key indexes and nested loops for the joined rows. The former form (four ORed
    conditions across the joined enrollments, then DISTINCT over every selected column of
    eleven joined tables) cost 52 ms to plan for a 1.7 ms run on every participant page; with
    the ids as a subquery instead of literals it plans fast but misjudges the rows and hashes
    all employees (55 ms run at 5,000 employees). bench/bench_own_pairs.py measures all this.
    `enrollments`: the ids of `own_enrollments(user)` when the caller has read them.
    """
    enrollments = own_enrollment_ids(user, enrollments)
    if not enrollments:
        return Pair.objects.none()
    return pairs_with(*enrollments)


def pairs_with(*enrollments: int) -> QuerySet[Pair]:
    """`pairs_of`'s query for these enrollment ids (at least one)."""
    return Pair.objects.filter(
        Q(mentor_id__in=enrollments) | Q(mentee_id__in=enrollments)
    ).select_related(*RELATED)


def _member(user_pk: int, employee_pk: int | None) -> Q:
    """A user (by id, with their directory record's id) on either side of a pair, tested on
    the pair's own joined enrollments."""
    member = Q()
    for side in ("mentor", "mentee"):
        member |= Q(**{f"{side}__user": user_pk})
        if employee_pk is not None:
            member |= Q(**{f"{side}__employee_id": employee_pk})
    return member


def _own_pair(user_pk: int, pair_pk: int, employee_pk: int | None = None, *,
              active_only: bool, page: bool) -> QuerySet[Pair]:
    """`get_own_pair`'s query, as `get(pk=...)` runs it (compiled once: `_own_pairs`)."""
    pairs = Pair.objects.filter(_member(user_pk, employee_pk), pk=pair_pk).select_related(
        *RELATED)
    if active_only:
        pairs = pairs.filter(status=PairStatus.ACTIVE)
    if page:  # and the agreement, which the workspace shows (services.agreement_for)
        pairs = pairs.select_related(None).select_related(
            "program", "mentor__employee", "mentee__employee", "agreement",
        ).only(*MEMBER_PAGE_FIELDS)
    return pairs.filter(pk=pair_pk).order_by()[:MAX_GET_RESULTS]


#: every participant page of a pair starts with this query: its SQL is compiled once per
#: connection and form (core/compiled.py), about 0.7 ms of CPU less per page
_own_pairs = Compiled(Pair, _own_pair)


def get_own_pair(user: Any, pair_id: int, *, active_only: bool = False,
                 page: bool = False) -> Pair:
    """A pair `user` is a member of (only a running one with `active_only`), or 404. `page`:
    only what the member's pages show (MEMBER_PAGE_FIELDS), for views that hand the pair to
    no service but their own reads.

    One query, unlike `pairs_of`: bound to one pair by its key, the membership test on the
    enrollments the pair query joins anyway plans as fast as the `IN (ids)` form (about 1 ms
    on PostgreSQL at 5,000 employees) and needs no list of the user's enrollments first."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    ids = (user.pk, pair_id) if user.employee_id is None else (
        user.pk, pair_id, user.employee_id)
    found = _own_pairs(*ids, active_only=active_only, page=page)
    if not found:  # get_object_or_404's answer
        raise Http404(f"No {Pair._meta.object_name} matches the given query.")
    return found[0]


def get_visible_pair(user: Any, pair_id: int) -> tuple[Pair, bool]:
    """A pair `user` is a member of, or one of a program `user` manages as HR, or 404; with
    whether `user` is a member. For the people cards (contact details, photo): the partner and
    the program's HR only."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    own = pairs_of(user).filter(pk=pair_id).first()
    if own is not None:
        return own, True
    managed = Pair.objects.filter(program__in=programs_managed_by(user)).select_related(*RELATED)
    return get_object_or_404(managed, pk=pair_id), False


def shows_contact(pair: Pair, *, is_member: bool, is_self: bool = False) -> bool:
    """Whether a people card may show the WhatsApp number and the photo: to the program's HR
    always, to a member only while the pair is active (former partners keep the e-mail
    address), and one's own card always."""
    return not is_member or is_self or pair.status == PairStatus.ACTIVE


def _pair_meeting(pair_pk: int, meeting_pk: int) -> QuerySet[Meeting]:
    # what get_object_or_404(Meeting.objects.filter(pair=...), pk=...) runs
    return Meeting.objects.filter(pair=pair_pk).filter(pk=meeting_pk).order_by()[
        :MAX_GET_RESULTS]


_PAIR_MEETING = Compiled(Meeting, _pair_meeting)  # the check-in pages: compiled once


def get_pair_meeting(pair: Pair, meeting_id: int, *, loaded: bool = False) -> Meeting:
    """The pair's meeting, with `pair` as its loaded pair; `loaded`: with its check-ins as
    the list `loaded_checkins`, as the workspace shows it (selectors.meetings_with_checkins)."""
    found = _PAIR_MEETING(pair.pk, meeting_id)
    if not found:  # get_object_or_404's answer
        raise Http404(f"No {Meeting._meta.object_name} matches the given query.")
    meeting = found[0]
    if loaded:
        meeting.loaded_checkins = list(meeting.checkins.all())
    meeting.pair = pair  # members already loaded: no query for them again
    return meeting


def get_pair_goal(pair: Pair, goal_id: int, *, loaded: bool = False) -> Goal:
    """The pair's goal; `loaded`: with milestones and progress, as the workspace shows it."""
    goals = Goal.objects.filter(pair=pair)
    if loaded:
        goals = goals.prefetch_related("milestones", "progress")
    return get_object_or_404(goals, pk=goal_id)


def get_goal_milestone(goal: Goal, milestone_id: int) -> Milestone:
    return get_object_or_404(Milestone.objects.filter(goal=goal), pk=milestone_id)


def managed_pairs(user: Any, program_id: int) -> tuple[Any, QuerySet[Pair]]:
    program = get_managed_program(user, program_id)
    return program, Pair.objects.filter(program=program).select_related(*RELATED)


def pairs_in_scope(scope: str, *user_pk: int) -> QuerySet[Pair]:
    """The pairs of the programs of a `manager_scope` answer (plain data, so compiled reads
    can take it): the one rule behind `pairs_managed_by`."""
    return Pair.objects.filter(program__in=programs_in_scope(scope, *user_pk).values("pk"))


def pairs_managed_by(user: Any) -> QuerySet[Pair]:
    """Every pair of the programs `user` manages (platform admins: all), else none."""
    scope = manager_scope(user)
    if scope is None:
        return Pair.objects.none()
    return pairs_in_scope(scope[0], *scope[1]).select_related(*RELATED)


def get_hr_pair(user: Any, pair_id: int) -> Pair:
    """A pair of a program `user` manages, for HR's pair page, or 404."""
    return get_object_or_404(pairs_managed_by(user), pk=pair_id)


def get_own_enrollment_for_training(user: Any, enrollment_id: int) -> Any:
    from terbalik.programs.access import get_own_enrollment

    return get_own_enrollment(user, enrollment_id)

"""Read helpers other apps use (no writes here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from terbalik.core.compiled import Compiled
from terbalik.people.models import Profile
from terbalik.programs.access import manager_scope
from terbalik.skills.selectors import taxonomy

from .access import (
    own_enrollment_ids,
    own_enrollments,  # noqa: F401 - re-exported: the home (core/views.py) reads it once
    pairs_in_scope,
    pairs_managed_by,
    pairs_of,
    pairs_with,
)
from .health import REASONS
from .models import (
    CheckIn,
    Goal,
    GoalStatus,
    Health,
    HealthRecord,
    Launch,
    Meeting,
    MeetingOutcome,
    MeetingStatus,
    Note,
    Nudge,
    Pair,
    PairStatus,
    TrainingResult,
)


def published_pairs_count(program: Any) -> int:
    """Pairs a program has published (active or already finished), for lifecycle checks."""
    return Pair.objects.filter(program=program).exclude(status=PairStatus.DISSOLVED).count()


# --- reads for the participant pages (views only call these) -----------------------------


def pairs_of_member(user: Any) -> list[dict[str, Any]]:
    """The user's pairs, newest first (the "my pairs" page), with what the page shows: the
    pair's id, the program's and both members' names and the pair's status label. Plain
    values: building five joined model instances per pair (select_related) cost Django more
    CPU than the rest of the page's own work."""
    labels = dict(PairStatus.choices)
    enrollments = own_enrollment_ids(user)
    if not enrollments:  # no query, like pairs_of's none()
        return []
    return [
        {"pk": pk, "program_name": program, "mentor_name": mentor, "mentee_name": mentee,
         "status_label": labels.get(status, status)}
        for pk, status, program, mentor, mentee in _MEMBER_ROWS(*enrollments)
    ]


def _member_rows(*enrollments: int) -> QuerySet[Pair, tuple[Any, ...]]:
    return pairs_with(*enrollments).order_by("-started_at").values_list(
        "pk", "status", "program__name", "mentor__employee__full_name",
        "mentee__employee__full_name")


_MEMBER_ROWS = Compiled(Pair, _member_rows)  # "my pairs": compiled once per number of ids


def first_pair_in_program(user: Any, program: Any) -> Pair | None:
    return pairs_of(user).filter(program=program).first()


def pairs_filtered(pairs: QuerySet[Pair], *, program_id: int | None = None,
                   status: str = "") -> QuerySet[Pair]:
    """`pairs` of one program and/or in one status, when given."""
    if program_id is not None:
        pairs = pairs.filter(program_id=program_id)
    if status:
        pairs = pairs.filter(status=status)
    return pairs


def pair_meetings(pair: Pair) -> QuerySet[Meeting]:
    """Every meeting of `pair`, unordered (callers order or paginate)."""
    return Meeting.objects.filter(pair=pair)


def _meetings(pair_pk: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(pair=pair_pk).order_by("starts_at")


def _goals(pair_pk: int) -> QuerySet[Goal]:
    return Goal.objects.filter(pair=pair_pk)


def _notes(pair_pk: int, *, limit: int) -> QuerySet[Note]:
    return Note.objects.filter(pair=pair_pk).select_related("author").only(
        "pair", "body", "created_at", "author__full_name", "author__email")[:limit]


#: the pair page's own reads, compiled once per connection (core/compiled.py): the page is
#: over a third of the load, and building these queries cost more CPU than running them. Each
#: row gets `pair` as the related manager (`pair.meetings` ...) gave it.
_MEETINGS = Compiled(Meeting, _meetings)
_GOALS = Compiled(Goal, _goals)
_NOTES = Compiled(Note, _notes)


def _of_pair(rows: list[Any], pair: Pair) -> list[Any]:
    for row in rows:
        row.pair = pair
    return rows


def _checkins(pair_pk: int) -> QuerySet[CheckIn]:
    return CheckIn.objects.filter(meeting__pair=pair_pk)


#: the pair's check-ins in one compiled read: prefetch_related built and compiled its
#: `meeting_id IN (...)` query and a filtered queryset per meeting on every pair page (~0.6 ms)
_CHECKINS = Compiled(CheckIn, _checkins)


def meetings_with_checkins(pair: Pair) -> list[Meeting]:
    """Every meeting of the pair in time order, each with its check-ins (in their time order)
    as the list `loaded_checkins`; `meeting.checkins` itself is not loaded."""
    meetings = _of_pair(_MEETINGS(pair.pk), pair)
    by_meeting: dict[int, list[CheckIn]] = {meeting.pk: [] for meeting in meetings}
    for checkin in _CHECKINS(pair.pk):
        if checkin.meeting_id in by_meeting:  # not one planned since the meetings were read
            by_meeting[checkin.meeting_id].append(checkin)
    for meeting in meetings:
        meeting.loaded_checkins = by_meeting[meeting.pk]
        for checkin in meeting.loaded_checkins:
            checkin.meeting = meeting  # as prefetch_related set it
    return meetings


def goals_of(pair: Pair) -> list[Goal]:
    goals = _of_pair(_GOALS(pair.pk), pair)
    prefetch_related_objects(goals, "milestones", "progress")
    return goals


def recent_notes(pair: Pair, limit: int = 50) -> list[Note]:
    """The newest notes with what the workspace shows of them: the text, when, and the
    author's name or address (not the whole account row). With `pair` (deferred, each note
    would read it again)."""
    return _of_pair(_NOTES(pair.pk, limit=limit), pair)


def training_result(enrollment: Any) -> TrainingResult | None:
    return TrainingResult.objects.filter(enrollment=enrollment).first()


def _completed(enrollment_pk: int) -> QuerySet[TrainingResult, int]:
    return TrainingResult.objects.filter(
        enrollment=enrollment_pk, completed_at__isnull=False).order_by().values_list(
        "pk", flat=True)[:1]


_COMPLETED = Compiled(TrainingResult, _completed)


def has_completed_training(enrollment: Any) -> bool:
    return bool(_COMPLETED(enrollment.pk))


def loaded_checkin(meeting: Meeting, role: str | None) -> CheckIn | None:
    """The check-in `role` gave for a meeting from `meetings_with_checkins` or
    `access.get_pair_meeting(loaded=True)` (no query)."""
    return next((c for c in meeting.loaded_checkins if c.role == role), None)


def _own_checkin(meeting_pk: int, *, role: str | None) -> QuerySet[CheckIn]:
    # what first() runs: the model's order, LIMIT 1
    return CheckIn.objects.filter(meeting=meeting_pk, role=role).order_by(
        *CheckIn._meta.ordering)[:1]


_OWN_CHECKIN = Compiled(CheckIn, _own_checkin)  # per role: the check-in form asks it


def own_checkin(meeting: Meeting, role: str | None) -> CheckIn | None:
    found = _OWN_CHECKIN(meeting.pk, role=role)
    return found[0] if found else None


# --- reads for HR's pair list ---------------------------------------------------------------


def health_filter(values: Iterable[str]) -> list[str]:
    """The known health values among `values` (the pair list's `?health=` parameters, which
    may repeat: the HR home links at-risk and inactive pairs together), in the list's order."""
    asked = set(values)
    return [value for value in Health.values if value in asked]


#: what HR's pair list reads of each pair (`hr_pair_rows` and the template), in this order
LISTED = ("pk", "status", "health", "health_reasons", "goals_shared",
          "mentor__employee__full_name", "mentee__employee__full_name")


def hr_pair_list(pairs: QuerySet[Pair], *, health: Iterable[str] = ()) -> QuerySet[Pair, int]:
    """HR's list of a program's pairs (from `access.managed_pairs`), only the active pairs of
    the given healths when `health` names known values, by mentee name: their ids, which the
    view paginates and `hr_pair_rows` reads a page of. Only the mentee's name is joined: the
    list is paginated, so counting it (and finding one page of it) must not join or
    aggregate the meetings and goals of every pair of the program — `hr_pair_rows` counts
    those for the page's pairs only (the former annotated list cost PostgreSQL ~100 ms of CPU
    per view at 2,000 pairs); and PostgreSQL sorts every pair of the program before it keeps
    one page, so the sort carries ids, not the rows of the pair, both enrollments and both
    employees (that made it several times dearer)."""
    if healths := health_filter([health] if isinstance(health, str) else health):
        pairs = pairs.filter(health__in=healths, status=PairStatus.ACTIVE)
    return pairs.select_related(None).order_by(
        "mentee__employee__full_name", "pk").values_list("pk", flat=True)


def hr_pair_rows(ids: Iterable[int]) -> list[dict[str, Any]]:
    """One row per pair of a page of `hr_pair_list` (pair ids, in the list's order): the
    columns the list shows, meetings held counted in the same query, goals (achieved)
    counted, health reasons, and the goals' statements only when the pair shares them — two
    queries for the page, whatever its size. Plain values: the page's 50 pairs as joined
    model instances (pair, both enrollments, both employees: 250 objects) and their goals as
    Goal objects cost about 5 ms of CPU per view, most of the list's own work."""
    ids = list(ids)
    held = (Meeting.objects.filter(pair=OuterRef("pk"), outcome=MeetingOutcome.HELD)
            .order_by().values("pair").annotate(n=Count("pk")).values("n"))
    found = {row[0]: row for row in Pair.objects.filter(pk__in=ids).order_by()
             .values_list(*LISTED).annotate(held=Coalesce(Subquery(held), 0))}
    goals: dict[int, list[tuple[str, str]]] = {pk: [] for pk in ids}
    for pair_id, status, statement in (Goal.objects.filter(pair_id__in=ids)
                                       .order_by("due_date", "pk")
                                       .values_list("pair_id", "status", "statement")):
        goals[pair_id].append((status, statement))
    # each label translated once for the page, not once per row
    healths, statuses = ({value: str(label) for value, label in choices.choices}
                         for choices in (Health, PairStatus))
    reasons = {code: str(label) for code, label in REASONS.items()}
    rows = []
    for pk in ids:
        if pk not in found:
            continue
        _pk, status, health, health_reasons, shared, mentor, mentee, held_n = found[pk]
        mine = goals[pk]
        active = status == PairStatus.ACTIVE
        rows.append({
            "pk": pk, "mentor": mentor, "mentee": mentee, "health": health,
            "reasons": [reasons[r] for r in health_reasons if r in reasons],
            "goals": [statement for _status, statement in mine] if shared else None,
            "active": active,
            "state": healths.get(health, health) if active else statuses.get(status, status),
            "held": held_n,
            "goals_done": sum(s == GoalStatus.ACHIEVED for s, _statement in mine),
            "goals_total": len(mine),
        })
    return rows


def _health_counts(program_id: int) -> QuerySet[Pair, tuple[str, int]]:
    return (Pair.objects.filter(program_id=program_id, status=PairStatus.ACTIVE).order_by()
            .values_list("health").annotate(n=Count("pk")).values_list("health", "n"))


# HR's pair list's fixed reads of its program, compiled once per connection (issue 18)
_HEALTH_COUNTS = Compiled(Pair, _health_counts)
_LAUNCH = Compiled(Launch, lambda program_id: Launch.objects.filter(
    program_id=program_id).order_by("pk")[:1])  # first(): by primary key, one row


def active_health_counts(program: Any) -> dict[str, int]:
    """How many active pairs of `program` are in each health, in one query."""
    return dict(_HEALTH_COUNTS(program.pk))


def program_launch_record(program: Any) -> Launch | None:
    found = _LAUNCH(program.pk)
    return found[0] if found else None


# --- the people of a pair: profile cards ----------------------------------------------------


def _profiles(*employee_pks: int) -> QuerySet[Profile]:
    return Profile.objects.filter(employee_id__in=employee_pks)


_PROFILES = Compiled(Profile, _profiles)


def profiles_by_employee(employee_ids: list[int]) -> dict[int, Any]:
    """The participant profiles of these employees, by employee id, in one query (none for
    no employee, like the ORM's empty `IN`)."""
    if not employee_ids:
        return {}
    return {p.employee_id: p for p in _PROFILES(*employee_ids)}


def next_meeting(pair: Pair, now: Any) -> Meeting | None:
    return (pair.meetings.filter(status=MeetingStatus.SCHEDULED, starts_at__gt=now)
            .order_by("starts_at", "pk").first())


def person_card(pair: Pair, side: str, *, profile: Any, now: Any, contact: bool,
                meetings: list[Meeting] | None = None, skills: bool = True) -> dict[str, Any]:
    """What the partner (or the program's HR) sees about one member of `pair`: directory
    facts, the intake's languages, interests and skills, the profile's channels, photo and —
    only with consent — the WhatsApp link, and the pair's meeting link when it is a web
    address. Whoever calls this has checked the reader may see the pair; `contact`
    (`access.shows_contact`) False leaves out the photo and the WhatsApp number. `meetings`:
    the pair's meetings when the caller has loaded them all (no query for the next one).
    `skills` False: without the intake's interests and skills (the workspace does not show
    them; their labels need the skill taxonomy)."""
    from terbalik.core.safe_links import safe_url
    from terbalik.people.photos import initials

    from .services.common import enrollment_of

    enrollment = enrollment_of(pair, side)
    employee = enrollment.employee
    intake = enrollment.intake or {}
    languages = list(dict.fromkeys([*(employee.languages or []), *intake.get("languages", [])]))
    upcoming = next_meeting(pair, now) if meetings is None else min(
        (m for m in meetings if m.status == MeetingStatus.SCHEDULED and m.starts_at > now),
        key=lambda m: (m.starts_at, m.pk), default=None)
    location = upcoming.location if upcoming else ""
    if not contact:
        profile = None
    card: dict[str, Any] = {
        "side": side,
        "employee": employee,
        "initials": initials(employee.full_name),
        "has_photo": bool(profile and profile.photo),
        "languages": languages,
        "channels": [str(label) for value, label in _channel_choices()
                     if profile and value in profile.channels],
        "email": employee.email,
        "whatsapp_url": f"https://wa.me/{profile.whatsapp}" if profile and profile.shares_whatsapp
        else "",
        "whatsapp": profile.whatsapp if profile and profile.shares_whatsapp else "",
        "meeting": upcoming,
        "meeting_link": location if safe_url(location) else "",
    }
    if skills:  # canonical skill ids shown by their label in the viewer's language (issue 21)
        labels = taxonomy().labels
        card.update({key: labels(intake.get(key, []))
                     for key in ("interests", "skills_offered", "skills_wanted")})
    return card


def _channel_choices() -> list[tuple[str, str]]:
    from terbalik.people.models import ContactChannel

    return list(ContactChannel.choices)


# --- reads for HR's home and HR's page of one pair ----------------------------------------

RISKY = (Health.INACTIVE, Health.AT_RISK)


def _reasons(pair: Pair) -> list[Any]:
    return [REASONS[r] for r in pair.health_reasons if r in REASONS]


#: what the HR home shows of a pair (at risk, or its term ending): the program's and both
#: members' names, its health. The full rows of the pair, its program, both enrollments,
#: employees and accounts cost more to build in SQL and Python than the rest of the home.
HOME_FIELDS = ("program__name", "mentor__employee__full_name", "mentee__employee__full_name",
               "status", "health", "health_reasons", "started_at", "term_ends_on")


def _home_pairs(user: Any) -> QuerySet[Pair]:
    return pairs_managed_by(user).select_related(None).select_related(
        "program", "mentor__employee", "mentee__employee").only(*HOME_FIELDS)


def _risky(scope: str, *user_pk: int) -> QuerySet[Pair]:
    return pairs_in_scope(scope, *user_pk).filter(status=PairStatus.ACTIVE, health__in=RISKY)


def _risky_pairs(*user_pk: int, scope: str, limit: int) -> QuerySet[Pair]:
    return (_risky(scope, *user_pk)
            .select_related("program", "mentor__employee", "mentee__employee")
            .only(*HOME_FIELDS).order_by("-health", "started_at", "pk")[:limit])


def _risky_by_program(*user_pk: int, scope: str) -> QuerySet[Pair, tuple[int, int]]:
    return (_risky(scope, *user_pk)
            .order_by().values_list("program").annotate(n=Count("pk"))
            .values_list("program", "n"))


# The HR home's reads of the pairs at risk, compiled once per connection and scope (issue 18):
# building them (the programs' subquery, three joins, the deferred columns) cost Django more
# CPU than PostgreSQL running them. The same reads as `_home_pairs(user)` filtered.
_RISKY_PAIRS = Compiled(Pair, _risky_pairs)
_RISKY_BY_PROGRAM = Compiled(Pair, _risky_by_program)


def at_risk_pairs(user: Any, *, limit: int = 10,
                  by_program: dict[int, int] | None = None) -> tuple[list[dict[str, Any]], int]:
    """The first `limit` running pairs `user` manages that are at risk or inactive (inactive
    first, longest-running problem first), each with its reasons, and how many there are
    (2 queries, whatever the number of pairs; 1 when the caller has read
    `at_risk_by_program`, whose sum is that number)."""
    scope = manager_scope(user)
    if scope is None:
        return [], 0
    rows = [{"pair": pair, "reasons": _reasons(pair)}
            for pair in _RISKY_PAIRS(*scope[1], scope=scope[0], limit=limit)]
    if len(rows) < limit:
        return rows, len(rows)
    if by_program is None:
        by_program = at_risk_by_program(user)
    return rows, sum(by_program.values())


def at_risk_by_program(user: Any) -> dict[int, int]:
    """Running pairs at risk or inactive per program `user` manages (1 query)."""
    scope = manager_scope(user)
    if scope is None:
        return {}
    return dict(_RISKY_BY_PROGRAM(*scope[1], scope=scope[0]))


def terms_ending(user: Any, *, today: dt.date, days: int = 7, limit: int = 10) -> list[Pair]:
    """Running pairs whose term ends within `days` days, soonest first (1 query)."""
    return list(
        _home_pairs(user).filter(
            status=PairStatus.ACTIVE, term_ends_on__gte=today,
            term_ends_on__lte=today + dt.timedelta(days=days),
        ).order_by("term_ends_on", "pk")[:limit]
    )


def hr_pair_page(pair: Pair, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """What HR's page of one pair shows, in a fixed number of queries (6): one timeline of
    its meetings, check-ins (feedback), goals (set, progress, achieved) and health changes,
    newest first, and HR's nudges. Goal texts (and the words written with progress) only
    when the pair shares them; never the pair's private notes."""
    goals = list(pair.goals.prefetch_related("progress").order_by("created_at", "pk"))
    meetings = list(pair.meetings.prefetch_related("checkins").order_by("starts_at", "pk"))
    health = [
        {"at": r.at, "health": r.health, "label": Health(r.health).label
         if r.health in Health.values else r.health,
         "reasons": health_reason_labels(r.reasons)}
        for r in HealthRecord.objects.filter(pair=pair).order_by("at", "pk")
    ]
    return {
        "timeline": pair_timeline(meetings=meetings, goals=goals, health=health,
                                  now=now or timezone.now()),
        "goal_texts": pair.goals_shared,
        "reasons": _reasons(pair),
        "nudges": list(
            Nudge.objects.filter(pair=pair).select_related("sent_by").order_by("-sent_at", "-pk")
        ),
    }


def _meeting_kind(meeting: Meeting, now: dt.datetime) -> str:
    if meeting.status == MeetingStatus.CANCELLED:
        return "meeting_cancelled"
    if meeting.outcome == MeetingOutcome.HELD:
        return "meeting_held"
    if meeting.starts_at > now:
        return "meeting_planned"
    return "meeting"  # past, not (yet) confirmed as held: its outcome says how


def pair_timeline(*, meetings: list[Meeting], goals: list[Goal], health: list[dict[str, Any]],
                  now: dt.datetime) -> list[dict[str, Any]]:
    """Every dated event of a pair, newest first (no query: meetings with their check-ins
    and goals with their progress are prefetched). Goals are numbered in the order they were
    set, so that HR can follow one goal whose text the pair does not share."""
    events: list[dict[str, Any]] = []
    for meeting in meetings:
        events.append({"at": meeting.starts_at, "kind": _meeting_kind(meeting, now),
                       "meeting": meeting})
        events.extend({"at": c.at, "kind": "checkin", "checkin": c, "meeting": meeting}
                      for c in meeting.checkins.all())
    for number, goal in enumerate(goals, start=1):
        events.append({"at": goal.created_at, "kind": "goal_created", "goal": goal,
                       "number": number})
        events.extend({"at": p.at, "kind": "goal_progress", "goal": goal, "number": number,
                       "progress": p} for p in goal.progress.all())
        if goal.achieved_at:
            events.append({"at": goal.achieved_at, "kind": "goal_achieved", "goal": goal,
                           "number": number})
    events.extend({**h, "kind": "health"} for h in health)
    return sorted(events, key=lambda e: e["at"], reverse=True)


def health_reason_labels(codes: list[str]) -> list[Any]:
    return [REASONS[r] for r in codes if r in REASONS]


from .home import home_pairs  # noqa: E402, F401  (the participant home's reads, re-exported)

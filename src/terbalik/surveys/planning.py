"""The measurement plan schedules its own sendings (issue 14).

Saving a program's goal, design or measurement plan calls `plan_schedule`: every plan line
run before the pairs start, halfway or after the program becomes one sending of the shipped
survey template the line names, linked to the program through `PlannedSending`:

- **before** (pre): open from `start + offset` (7 days when the offset is not negative) and
  closed at 00:00 on the start date, so every answer comes before the program starts;
- **after** (post, pointing at its pre sending when the plan also measures before): open at
  00:00 on the end date (or `offset` days earlier when the offset is negative) for `offset`
  days (7 when not positive);
- **halfway**: the same around the middle of the program.
Dates are 00:00 in the site's time zone (Asia/Jakarta).

A window that has already ended when the plan is saved is not created (older programs keep
their hand-made sendings). Idempotent: saving again (or with other dates) updates the same
sendings. A sending that has
opened keeps its dates (the program page says so), as does one whose dates HR set by hand
(`plan_sending_move`); a line removed from the plan deletes its sending only while nobody
could answer it yet.

Recipients are the program's approved participants (mentees, mentors or both, as the plan line
says), added again at every `terbalik tick` until the sending closes (late joiners too). The
tick job `run_due` sends the invitation when the sending opens and reminds non-responders
`REMIND_AFTER_DAYS` after opening and on the last day, through the surveys app's own
invitation and reminder e-mails (each at most once per person; each round claimed once in the
notification log).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.programs import measurement
from terbalik.programs.models import (
    Enrollment,
    EnrollmentStatus,
    MeasurementPhase,
    ParticipantRole,
    Program,
    Respondents,
)

from .models import Phase, PlannedSending, SurveyInstance

WINDOW_DAYS = 7
REMIND_AFTER_DAYS = 3
MOMENTS = (MeasurementPhase.BEFORE, MeasurementPhase.MIDPOINT, MeasurementPhase.AFTER)


@dataclass(frozen=True)
class Window:
    template_key: str
    moment: str
    phase: str
    respondents: str
    opens_on: dt.date
    closes_on: dt.date  # the sending closes at 00:00 on this day

    @property
    def opens_at(self) -> dt.datetime:
        return at_midnight(self.opens_on)

    @property
    def closes_at(self) -> dt.datetime:
        return at_midnight(self.closes_on)


@dataclass
class ScheduleResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)


def at_local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def at_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min),
                               timezone.get_default_timezone())


def _span(anchor: dt.date, offset: int, *, before: bool) -> tuple[dt.date, dt.date]:
    if before:
        days = -offset if offset < 0 else WINDOW_DAYS
        return anchor - dt.timedelta(days=days), anchor
    opens = anchor + dt.timedelta(days=min(offset, 0))
    return opens, anchor + dt.timedelta(days=offset if offset > 0 else WINDOW_DAYS)


def windows(program: Program) -> tuple[list[Window], list[str]]:
    """The sendings the plan asks for, from the program's dates; notes on lines it cannot."""
    notes: list[str] = []
    first: dict[tuple[str, str], Any] = {}
    for item in program.measurements.all():
        if item.phase in MOMENTS:
            first.setdefault((item.template_key, item.phase), item)
    measured_before = {key for key, moment in first if moment == MeasurementPhase.BEFORE}
    found: list[Window] = []
    start, end = program.start_date, program.end_date
    for (key, moment), item in first.items():
        name = measurement.label(key)
        if moment == MeasurementPhase.BEFORE:
            if start is None:
                notes.append(_("%(survey)s before the program: set the start date to schedule "
                               "it.") % {"survey": name})
                continue
            opens, closes = _span(start, item.offset_days, before=True)
            phase = Phase.PRE
        else:
            if start is None or end is None:
                notes.append(_("%(survey)s (%(moment)s): set the start and end dates to "
                               "schedule it.")
                             % {"survey": name, "moment": MeasurementPhase(moment).label})
                continue
            anchor = end if moment == MeasurementPhase.AFTER else start + (end - start) / 2
            opens, closes = _span(anchor, item.offset_days, before=False)
            phase = (Phase.POST if moment == MeasurementPhase.AFTER and key in measured_before
                     else Phase.NONE)
        found.append(Window(key, moment, phase, item.respondents, opens, closes))
    found.sort(key=lambda w: (MOMENTS.index(w.moment), w.opens_on, w.template_key))
    return found, notes


def title_for(program: Program, window: Window | PlannedSending) -> str:
    moments = {
        MeasurementPhase.BEFORE: _("before"),
        MeasurementPhase.MIDPOINT: _("halfway"),
        MeasurementPhase.AFTER: _("after"),
    }
    title = _("%(survey)s (%(moment)s): %(program)s") % {
        "survey": measurement.label(window.template_key),
        "moment": moments.get(window.moment, window.moment), "program": program.name,
    }
    return title[:200]


def participants(program: Program, respondents: str) -> list[Any]:
    """Active accounts of the program's approved participants the plan line addresses."""
    from terbalik.accounts.models import User

    enrolled = Enrollment.objects.filter(program=program, status=EnrollmentStatus.APPROVED)
    if respondents == Respondents.MENTEES:
        enrolled = enrolled.filter(role=ParticipantRole.MENTEE)
    elif respondents == Respondents.MENTORS:
        enrolled = enrolled.filter(role=ParticipantRole.MENTOR)
    ids: set[int] = set()
    for user_id, employee_user_id in enrolled.values_list("user_id", "employee__user__id"):
        ids.update(pk for pk in (user_id, employee_user_id) if pk is not None)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def recipients_sync(*, link: PlannedSending, by: Any = None) -> int:
    """Add the participants the line addresses (idempotent); nothing once it has closed."""
    from .services import survey_instance_add_recipients

    if link.instance.status == "closed":
        return 0
    return survey_instance_add_recipients(
        instance=link.instance, users=participants(link.program, link.respondents), by=by
    )


def _started(instance: SurveyInstance, now: dt.datetime) -> bool:
    return instance.opens_at <= now


@transaction.atomic
def plan_schedule(*, program: Program, by: Any, now: dt.datetime | None = None) -> ScheduleResult:
    """Create or update the plan's sendings; the same call twice changes nothing."""
    from .services import survey_instance_create
    from .templates_data import template_for_plan_key

    now = now or timezone.now()
    program = Program.objects.select_for_update().get(pk=program.pk)
    wanted, notes = windows(program)
    result = ScheduleResult(notes=notes)
    links = {
        (link.template_key, link.moment): link
        for link in PlannedSending.objects.select_for_update()
        .filter(program=program).select_related("instance")
    }
    pre_of: dict[str, SurveyInstance] = {}
    for window in wanted:
        link = links.pop((window.template_key, window.moment), None)
        pre = pre_of.get(window.template_key) if window.phase == Phase.POST else None
        if link is None and window.closes_at <= now:
            result.notes.append(
                _("%(survey)s (%(moment)s): its dates have passed, so it was not scheduled.")
                % {"survey": measurement.label(window.template_key),
                   "moment": MeasurementPhase(window.moment).label})
            continue
        if link is None:
            survey = template_for_plan_key(window.template_key)
            if survey is None:
                result.notes.append(
                    _("%(survey)s: no shipped survey template; send it by hand.")
                    % {"survey": measurement.label(window.template_key)})
                continue
            instance = survey_instance_create(
                survey=survey, by=by, title=title_for(program, window),
                opens_at=window.opens_at, closes_at=window.closes_at, phase=window.phase,
                pre_instance=pre, program_id=program.pk,
            )
            link = PlannedSending.objects.create(
                program=program, template_key=window.template_key, moment=window.moment,
                respondents=window.respondents, instance=instance,
            )
            recipients_sync(link=link, by=by)
            result.created += 1
        elif _update(link, window, pre, program, now, result):
            result.updated += 1
        else:
            result.unchanged += 1
        if window.phase == Phase.PRE:
            pre_of[window.template_key] = link.instance
    for link in links.values():  # lines no longer in the plan (or without dates now)
        instance = link.instance
        if not _started(instance, now) and not instance.responses.exists():
            instance.delete()
            result.removed += 1
        else:
            result.notes.append(
                _("“%(title)s” is no longer in the plan but has already opened; it stays.")
                % {"title": instance.title})
    if result.created or result.updated or result.removed:
        audit.record(action="survey.plan_schedule", actor=by, target=program, details={
            "created": result.created, "updated": result.updated, "removed": result.removed})
    return result


def _update(link: PlannedSending, window: Window, pre: SurveyInstance | None,
            program: Program, now: dt.datetime, result: ScheduleResult) -> bool:
    instance = link.instance
    changed: list[str] = []
    if link.respondents != window.respondents:
        link.respondents = window.respondents
        link.updated_at = now
        link.save(update_fields=["respondents", "updated_at"])
        changed.append("respondents")
    if _started(instance, now):
        if (instance.opens_at, instance.closes_at) != (window.opens_at, window.closes_at):
            result.notes.append(held_back_note(link))
        return bool(changed)
    wanted_fields: dict[str, Any] = {
        "phase": window.phase, "pre_instance_id": pre.pk if pre is not None else None,
    }
    if program.name not in instance.title:
        # renamed program; otherwise keep the title (saving in another language is no change)
        wanted_fields["title"] = title_for(program, window)
    if not link.moved_by_hr:
        wanted_fields.update(opens_at=window.opens_at, closes_at=window.closes_at)
    elif (instance.opens_at, instance.closes_at) != (window.opens_at, window.closes_at):
        result.notes.append(held_back_note(link))
    for name, value in wanted_fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    if changed:
        instance.save()
    return bool(changed)


def held_back_note(link: PlannedSending) -> str:
    instance = link.instance
    if link.moved_by_hr and instance.opens_at > timezone.now():
        return _("“%(title)s” keeps the dates HR set by hand.") % {"title": instance.title}
    return _("“%(title)s” opened on %(date)s, so its dates were not moved; change its last "
             "day to answer by hand if needed.") % {
        "title": instance.title,
        "date": date_format(timezone.localtime(instance.opens_at), "SHORT_DATE_FORMAT")}


# --- HR moves the dates -----------------------------------------------------------------


@transaction.atomic
def plan_sending_move(*, link: PlannedSending, by: Any, opens_on: dt.date, last_day: dt.date,
                      now: dt.datetime | None = None) -> PlannedSending:
    """HR sets a scheduled sending's dates; refused (naming the field) when they break the plan.

    The sending opens at 00:00 on `opens_on` and closes at the end of `last_day`. Before the
    program: the last day is before the start date. Halfway/after: it opens after the start
    date and after the sending before it closed. Once open only the last day moves (not into
    the past); once closed nothing moves.
    """
    now = now or timezone.now()
    link = PlannedSending.objects.select_for_update().select_related("instance", "program").get(
        pk=link.pk)
    instance, program = link.instance, link.program
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def day(value: dt.date) -> str:
        return date_format(value, "SHORT_DATE_FORMAT")

    opens_at, closes_at = at_midnight(opens_on), at_midnight(last_day + dt.timedelta(days=1))
    if instance.effective_close <= now:
        raise ServiceError(_("This sending has closed; its dates can no longer change."),
                           code="sending_closed")
    if last_day < opens_on:
        add("last_day", _("The last day to answer cannot be before the opening day."))
    start = program.start_date
    if link.moment == MeasurementPhase.BEFORE:
        if start is not None and last_day >= start:
            add("last_day", _("A survey before the program must end before its start: the last "
                              "day to answer is %(date)s at the latest.")
                % {"date": day(start - dt.timedelta(days=1))})
    elif start is not None and opens_on <= start:
        add("opens_on", _("This survey measures the program after it started: open it after "
                          "the start date (%(date)s).") % {"date": day(start)})
    pre = instance.pre_instance
    if pre is not None and opens_at < pre.effective_close:
        add("opens_on", _("Open it after the survey before the program has closed (%(date)s).")
            % {"date": day(timezone.localtime(pre.effective_close).date())})
    if _started(instance, now):
        if opens_at != instance.opens_at:
            errors.pop("opens_on", None)
            add("opens_on", _("This sending opened on %(date)s; its opening day can no longer "
                              "move. You can still change the last day to answer.")
                % {"date": day(timezone.localtime(instance.opens_at).date())})
        if closes_at <= now:
            add("last_day", _("The last day to answer cannot be in the past."))
    elif opens_at <= now:
        add("opens_on", _("Choose an opening day after today (a sending opens at 00:00)."))
    if errors:
        raise ServiceError(errors, code="dates_refused")
    if (instance.opens_at, instance.closes_at) != (opens_at, closes_at):
        instance.opens_at, instance.closes_at = opens_at, closes_at
        instance.save(update_fields=["opens_at", "closes_at"])
        link.moved_by_hr = True
        link.updated_at = now
        link.save(update_fields=["moved_by_hr", "updated_at"])
        audit.record(action="survey.plan_move", actor=by, target=instance, details={
            "opens": opens_on.isoformat(), "last_day": last_day.isoformat()})
    return link


# --- reads ------------------------------------------------------------------------------


def planned_sendings(program: Program) -> QuerySet[PlannedSending]:
    return (PlannedSending.objects.filter(program=program)
            .select_related("instance__version__survey", "instance__pre_instance")
            .order_by("instance__opens_at", "id"))


@dataclass
class PlanRow:
    link: PlannedSending
    label: str
    moment: str
    respondents: str
    planned: Window | None
    held_back: str  # why the dates differ from what the program's dates give, or ""

    @property
    def instance(self) -> SurveyInstance:
        return self.link.instance

    @property
    def opens_on(self) -> dt.date:
        return timezone.localtime(self.link.instance.opens_at).date()

    @property
    def last_day(self) -> dt.date:
        return last_day_of(self.link.instance)


def last_day_of(instance: SurveyInstance) -> dt.date:
    """The last calendar day one can answer (a sending closing at 00:00 ends the day before)."""
    close = timezone.localtime(instance.closes_at)
    day = close.date()
    return day - dt.timedelta(days=1) if close.time() == dt.time.min else day


def plan_rows(program: Program) -> tuple[list[PlanRow], list[str]]:
    """The program page's table of scheduled sendings, and notes on unscheduled lines."""
    wanted, notes = windows(program)
    by_key = {(w.template_key, w.moment): w for w in wanted}
    rows = []
    for link in planned_sendings(program):
        window = by_key.get((link.template_key, link.moment))
        inst = link.instance
        differs = window is not None and (inst.opens_at, inst.closes_at) != (
            window.opens_at, window.closes_at)
        rows.append(PlanRow(
            link=link, label=measurement.label(link.template_key),
            moment=str(MeasurementPhase(link.moment).label) if link.moment in MOMENTS
            else link.moment,
            respondents=str(Respondents(link.respondents).label)
            if link.respondents in Respondents.values else link.respondents,
            planned=window, held_back=held_back_note(link) if differs else "",
        ))
    return rows, notes


def planned_posts(program_id: int) -> dict[str, SurveyInstance]:
    """plan key → the scheduled post sending that points at its scheduled pre sending."""
    links = (PlannedSending.objects.filter(program_id=program_id, moment=MeasurementPhase.AFTER,
                                           instance__phase=Phase.POST,
                                           instance__pre_instance__plan_link__program_id=program_id)
             .select_related("instance__version__survey__copied_from",
                             "instance__pre_instance__version__survey"))
    return {link.template_key: link.instance for link in links}


def has_planned(program_id: int) -> bool:
    return PlannedSending.objects.filter(program_id=program_id).exists()


# --- the scheduler (`terbalik tick`) ----------------------------------------------------


def reminder_rounds(instance: SurveyInstance) -> list[tuple[str, dt.datetime]]:
    close = instance.effective_close
    rounds = [("last", close - dt.timedelta(days=1))]
    early = instance.opens_at + dt.timedelta(days=REMIND_AFTER_DAYS)
    if early < rounds[0][1]:
        rounds.insert(0, ("early", early))
    return rounds


def run_due(*, now: dt.datetime | None = None) -> int:
    """Scheduled sendings: recipients until they close; invitation and reminder rounds while
    open. Safe to run twice, and from two schedulers at once."""
    from terbalik.notify.services import claim

    from .emails import survey_invitations_send, survey_reminders_send

    now = now or timezone.now()
    sent = 0
    not_closed = (
        PlannedSending.objects.filter(instance__closes_at__gt=now)
        .filter(Q(instance__closed_at__isnull=True) | Q(instance__closed_at__gt=now))
        .select_related("program", "instance__version__survey")
    )
    for link in not_closed:
        with transaction.atomic():
            recipients_sync(link=link)  # scheduled ones too: HR sees who will be asked
            if link.instance.opens_at > now:
                continue
            sent += survey_invitations_send(instance=link.instance, by=None)
            for name, when in reminder_rounds(link.instance):
                if now >= when and claim(key=f"plan-reminder:{link.instance.pk}:{name}",
                                         kind="survey_reminder", now=now):
                    sent += survey_reminders_send(instance=link.instance, by=None)
    return sent

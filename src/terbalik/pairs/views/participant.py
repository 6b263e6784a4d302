"""The pair workspace for the mentor and the mentee (mobile-first)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from terbalik.core.http import no_store
from terbalik.core.service_errors import flash_error

from .. import access, calendar, selectors, services, training
from ..forms import (
    AgreementForm,
    CheckInForm,
    GoalForm,
    MeetingForm,
    MilestoneForm,
    NoteForm,
    ProgressForm,
    WhenForm,
    apply_errors,
)
from ..models import GoalStatus, MeetingStatus, PairStatus
from ..services.common import enrollment_of, partner_role, role_of
from .checkin_fields import blank_checkin_fields


def _zone(user: Any) -> str:
    return getattr(getattr(user, "employee", None), "time_zone", "") or "Asia/Jakarta"




@no_store
@login_required
def my_pairs(request: HttpRequest) -> HttpResponse:
    pairs = selectors.pairs_of_member(request.user)
    return render(request, "pairs/my_pairs.html", {"pairs": pairs})


@no_store
@login_required
def workspace(request: HttpRequest, pair_id: int) -> HttpResponse:
    return _workspace(request, access.get_own_pair(request.user, pair_id, page=True), NoteForm())


def _workspace(request: HttpRequest, pair: Any, note_form: Any) -> HttpResponse:
    role = role_of(pair, request.user) or "mentee"
    partner = enrollment_of(pair, partner_role(role))
    own = enrollment_of(pair, role)
    tz = zoneinfo.ZoneInfo(_zone(request.user))
    now = timezone.now()
    meetings = selectors.meetings_with_checkins(pair)
    for meeting in meetings:
        meeting.pair = pair  # members and program already loaded (calendar links)
        _decorate_meeting(meeting, role, now)
        if meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at > now:
            meeting.add_links = calendar.add_links(meeting)
    partner_side = partner_role(role)
    profile = selectors.profiles_by_employee([partner.employee_id]).get(partner.employee_id)
    goals = selectors.goals_of(pair)
    for goal in goals:
        goal.undo_until = services.goal_undo_until(goal)
    context = {
        "pair": pair,
        "role": role,
        "partner": partner,
        "partner_card": selectors.person_card(
            pair, partner_side, profile=profile, now=now,
            contact=access.shows_contact(pair, is_member=True), meetings=meetings,
            skills=False),
        "agreement": services.agreement_for(pair),
        "goals": goals,
        "notes": selectors.recent_notes(pair),
        "upcoming": [m for m in meetings if m.starts_at > now and m.status == "scheduled"],
        "past": [m for m in meetings if m.starts_at <= now or m.status != "scheduled"][::-1],
        "tz": tz,
        "trained": selectors.has_completed_training(own),
        "own_enrollment": own,
        "active": pair.status == PairStatus.ACTIVE,
        "note_form": note_form,
        "wants_continue": getattr(pair, f"continue_{role}"),
    }
    return render(request, "pairs/workspace.html", context)


def _decorate_meeting(meeting: Any, role: str, now: Any, form: Any = None) -> Any:
    """What the workspace shows for a meeting: my check-in, and the inline check-in form."""
    meeting.mine = selectors.loaded_checkin(meeting, role)
    meeting.can_checkin = meeting.status == MeetingStatus.SCHEDULED and meeting.starts_at <= now
    meeting.checkin_form = form
    # an empty form's fields are the same HTML for every meeting but the id (rendered once)
    meeting.checkin_fields = (
        blank_checkin_fields(meeting.pk)
        if form is None and meeting.can_checkin and not meeting.mine else None)
    return meeting


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _goal_fragment(request: HttpRequest, pair: Any, goal_id: int, **extra: Any) -> HttpResponse:
    """The goal's card alone: HTMX swaps it in place, the page keeps its scroll position."""
    goal = access.get_pair_goal(pair, goal_id, loaded=True)
    goal.undo_until = services.goal_undo_until(goal)
    return render(request, "pairs/_goal.html", {
        "pair": pair, "goal": goal, "active": pair.status == PairStatus.ACTIVE, **extra,
    })


def _form_page(request: HttpRequest, pair: Any, form: Any, title: str, submit: str) -> HttpResponse:
    return render(request, "pairs/form_page.html",
                  {"pair": pair, "form": form, "title": title, "submit": submit})


@no_store
@login_required
def agreement_edit(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    agreement = services.agreement_for(pair)
    initial = {name: getattr(agreement, name) for name in services.agreement.FIELDS}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(pair=pair, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Agreement saved. You both need to accept it again."))
            return redirect("pairs:workspace", pair.pk)
    return _form_page(request, pair, form, _("Our agreement"), _("Save the agreement"))


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def agreement_accept(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("pairs:workspace", pair.pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.agreement_accept(pair=pair, by=request.user, version=version)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("You accepted the agreement."))
    return redirect("pairs:workspace", pair.pk)


@no_store
@login_required
def goal_new(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        milestones = [(line.strip(), None) for line in data.pop("milestones").splitlines()
                      if line.strip()]
        try:
            services.goal_create(pair=pair, by=request.user, milestones=milestones, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Goal added."))
            return redirect("pairs:workspace", pair.pk)
    return _form_page(request, pair, form, _("A SMART goal"), _("Add the goal"))


@no_store
@login_required
def goal_progress(request: HttpRequest, pair_id: int, goal_id: int) -> HttpResponse:
    """Progress from the goal's card (HTMX: the card comes back) or from its own page."""
    pair = access.get_own_pair(request.user, pair_id)
    goal = access.get_pair_goal(pair, goal_id)
    form = ProgressForm(request.POST or None, initial={"value": goal.current_value})
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_progress_add(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if _is_htmx(request):
                return _goal_fragment(request, pair, goal.pk, goal_saved=_("Progress recorded."))
            messages.success(request, _("Progress recorded."))
            return redirect("pairs:workspace", pair.pk)
    if request.method == "POST" and _is_htmx(request):
        error = " ".join(" ".join(form.errors[field]) for field in form.errors)
        return _goal_fragment(request, pair, goal.pk, progress_error=error)
    return _form_page(request, pair, form, _("Update progress"), _("Save"))


def _goal_change(request: HttpRequest, pair_id: int, goal_id: int,
                 change: Callable[[Any], Any], done: str) -> HttpResponse:
    """One tap on a goal's card: the card again (HTMX) or the workspace at the goal."""
    pair = access.get_own_pair(request.user, pair_id)
    goal = access.get_pair_goal(pair, goal_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("pairs:workspace", pair.pk)
    try:
        change(goal)
    except ValidationError as exc:
        if _is_htmx(request):
            return _goal_fragment(request, pair, goal.pk, goal_saved=" ".join(exc.messages))
        flash_error(request, exc)
    else:
        if _is_htmx(request):
            return _goal_fragment(request, pair, goal.pk, goal_saved=done)
        messages.success(request, done)
    return redirect(f"{resolve_url('pairs:workspace', pair.pk)}#goal-{goal.pk}")


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def goal_status(request: HttpRequest, pair_id: int, goal_id: int) -> HttpResponse:
    """Mark achieved: one tap, undone with one more tap within services.UNDO_WINDOW."""
    status = request.POST.get("status", GoalStatus.ACHIEVED)
    done = (_("Goal marked achieved. Changed your mind? Undo it within %(minutes)d minutes.")
            % {"minutes": services.UNDO_WINDOW.seconds // 60}
            if status == GoalStatus.ACHIEVED else _("Saved."))
    return _goal_change(request, pair_id, goal_id, lambda goal: services.goal_set_status(
        goal=goal, by=request.user, status=status), done)


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def goal_undo(request: HttpRequest, pair_id: int, goal_id: int) -> HttpResponse:
    """Take back "achieved" (the window is enforced by the service)."""
    return _goal_change(request, pair_id, goal_id, lambda goal: services.goal_achieved_undo(
        goal=goal, by=request.user), _("Undone: the goal is open again."))


@no_store
@login_required
def milestone_add(request: HttpRequest, pair_id: int, goal_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    goal = access.get_pair_goal(pair, goal_id)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_add(goal=goal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("pairs:workspace", pair.pk)
    return _form_page(request, pair, form, _("Add a milestone"), _("Add"))


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def milestone_toggle(request: HttpRequest, pair_id: int, goal_id: int, milestone_id: int
                     ) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("pairs:workspace", pair.pk)
    goal = access.get_pair_goal(pair, goal_id)
    milestone = access.get_goal_milestone(goal, milestone_id)
    try:
        services.milestone_toggle(milestone=milestone, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("pairs:workspace", pair.pk)


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def goals_share(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("pairs:workspace", pair.pk)
    services.goals_share(pair=pair, by=request.user, shared=request.POST.get("shared") == "1")
    return redirect("pairs:workspace", pair.pk)


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def note_add(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("pairs:workspace", pair.pk)
    form = NoteForm(request.POST)
    try:
        services.note_add(pair=pair, by=request.user, body=request.POST.get("body", ""))
    except ValidationError as exc:
        # the workspace again, with the text kept and the error next to it
        form.is_valid()
        apply_errors(form, exc)
        return _workspace(request, pair, form)
    return redirect("pairs:workspace", pair.pk)


@no_store
@login_required
def meeting_new(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    channels = services.agreement_for(pair).channels or []
    form = MeetingForm(request.POST or None, user_zone=_zone(request.user),
                       initial={"channel": channels[0]} if channels else {})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.meeting_schedule(
                pair=pair, by=request.user, **form.when(),
                minutes=data["minutes"], repeat=data["repeat"],
                count=data["count"] if data["repeat"] != "once" else 1,
                channel=data["channel"], location=data["location"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, ngettext(
                "%(count)d meeting scheduled; invitations sent.",
                "%(count)d meetings scheduled; invitations sent.",
                len(created),
            ) % {"count": len(created)})
            return redirect("pairs:workspace", pair.pk)
    return _form_page(request, pair, form, _("Schedule meetings"), _("Schedule"))


@no_store
@login_required
def meeting_reschedule(request: HttpRequest, pair_id: int, meeting_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    meeting = access.get_pair_meeting(pair, meeting_id)
    form = WhenForm(request.POST or None, user_zone=_zone(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_reschedule(meeting=meeting, by=request.user, **form.when())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting moved; both of you got the update."))
            return redirect("pairs:workspace", pair.pk)
    return _form_page(request, pair, form, _("Move the meeting"), _("Move"))


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def meeting_cancel(request: HttpRequest, pair_id: int, meeting_id: int) -> HttpResponse:
    """Cancelling e-mails both people a cancellation: it happens only on an explicit yes."""
    pair = access.get_own_pair(request.user, pair_id)
    meeting = access.get_pair_meeting(pair, meeting_id)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "pairs/meeting_cancel.html", {
            "pair": pair, "meeting": meeting, "tz": zoneinfo.ZoneInfo(_zone(request.user)),
        })
    try:
        services.meeting_cancel(meeting=meeting, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Meeting cancelled; both of you were told."))
    return redirect("pairs:workspace", pair.pk)


@no_store
@login_required
def checkin(request: HttpRequest, pair_id: int, meeting_id: int) -> HttpResponse:
    """Confirm a meeting and rate it, inline in the workspace (HTMX: the meeting's line comes
    back) or on its own page."""
    pair = access.get_own_pair(request.user, pair_id, page=True)
    meeting = access.get_pair_meeting(pair, meeting_id)
    role = role_of(pair, request.user)
    # the saved answer fills the empty form; a posted form shows what was posted
    mine = selectors.own_checkin(meeting, role) if request.method != "POST" else None
    initial = (
        {"answer": mine.answer, "rating": mine.rating, "comment": mine.comment} if mine else {}
    )
    form = CheckInForm(request.POST or None, initial=initial,
                       auto_id=f"m{meeting.pk}-%s" if _is_htmx(request) else "id_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_submit(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if _is_htmx(request):
                return _meeting_fragment(request, pair, meeting.pk, role,
                                         checkin_saved=_("Thank you, your answer is saved."))
            messages.success(request, _("Thank you, your answer is saved."))
            return redirect("pairs:workspace", pair.pk)
    if request.method == "POST" and _is_htmx(request):
        return _meeting_fragment(request, pair, meeting.pk, role, form=form)
    return render(request, "pairs/checkin.html", {
        "pair": pair, "meeting": meeting, "form": form,
        "tz": zoneinfo.ZoneInfo(_zone(request.user)),
    })


def _meeting_fragment(request: HttpRequest, pair: Any, meeting_id: int, role: Any,
                      form: Any = None, **extra: Any) -> HttpResponse:
    meeting = access.get_pair_meeting(pair, meeting_id, loaded=True)
    _decorate_meeting(meeting, role, timezone.now(), form)
    return render(request, "pairs/_past_meeting.html", {
        "pair": pair, "m": meeting, "tz": zoneinfo.ZoneInfo(_zone(request.user)), **extra,
    })


@no_store
@require_http_methods(["GET", "POST"])
@login_required
def continue_choice(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = access.get_own_pair(request.user, pair_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("pairs:workspace", pair.pk)
    try:
        services.pair_continue_choose(pair=pair, by=request.user,
                                      wants=request.POST.get("continue") == "1")
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("pairs:workspace", pair.pk)


@no_store
@login_required
def training_module(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = access.get_own_enrollment_for_training(request.user, enrollment_id)
    language = getattr(request, "LANGUAGE_CODE", "id")
    errors: dict[str, list[str]] = {}
    result = selectors.training_result(enrollment)
    chosen: dict[str, str] = {}
    if request.method == "POST":
        chosen = {q["key"]: request.POST.get(q["key"], "") for q in training.QUESTIONS}
        try:
            result = services.training_submit(enrollment=enrollment, by=request.user,
                                              answers=chosen)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            if result.completed_at:
                messages.success(request, _("Module completed. You can now schedule meetings."))
                pair = selectors.first_pair_in_program(request.user, enrollment.program)
                if pair is not None:
                    return redirect("pairs:workspace", pair.pk)
    pass_percent = enrollment.program.training_pass_percent
    wrong = set(training.wrong_keys(result.answers)) if result and result.attempts else set()
    sections = [
        {"title": training.text(s["title"], language),
         "points": [training.text(p, language) for p in s["points"]]}
        for s in training.SECTIONS
    ]
    questions = [
        {"key": q["key"], "text": training.text(q["text"], language),
         "options": [(v, training.text(label, language)) for v, label in q["options"]],
         "chosen": chosen.get(q["key"], ""), "errors": errors.get(q["key"], []),
         "retake": q["key"] in wrong and not (result and result.completed_at)}
        for q in training.QUESTIONS
    ]
    return render(request, "pairs/training.html", {
        "enrollment": enrollment, "sections": sections, "questions": questions, "result": result,
        "pass_percent": pass_percent, "needed": training.needed(pass_percent),
        "total": len(training.QUESTIONS),
        "percent": training.percent(result.score) if result else 0,
        "retake": [q for q in questions if q["retake"]],
    })

"""Participant views: a mentee's suggestions and choice, a mentor's requests, re-matching."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from terbalik.core.service_errors import flash_error
from terbalik.pairs.access import get_own_pair
from terbalik.programs.models import Enrollment, ParticipantRole
from terbalik.skills.selectors import taxonomy

from .. import selectors, services
from ..access import (
    get_choosable_mentor,
    get_own_match_enrollment,
    get_request_for_mentor,
)
from ..quality import explain


class RematchForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why would you like a new match?"),
        help_text=gettext_lazy("Only HR reads this. Your partner never sees it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    enrollments = selectors.my_match_enrollments(request.user)
    if len(enrollments) == 1:
        return redirect("matching:mine", enrollment_id=enrollments[0].pk)
    return render(request, "matching/my_list.html", {"enrollments": enrollments})


def _cards(enrollment: Enrollment, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    mentors = selectors.enrollments_by_pk([i["mentor"] for i in items])
    program = enrollment.program
    labels = taxonomy().labels
    best = (program.weight_skill + program.weight_interest + program.weight_diversity) or 1.0
    cards = []
    for item in items:
        mentor = mentors.get(item["mentor"])
        if mentor is None:
            continue
        cards.append(
            {
                "mentor": mentor,
                "rank": item["rank"],
                "score": item["score_micro"] / 1_000_000,
                # share of the best score possible under the program's weights
                "percent": min(100, round(100 * item["score_micro"] / 1_000_000 / best)),
                "explanation": explain(item["details"], "", item["score_micro"]),
                "skills": labels(mentor.intake.get("skills_offered", [])),
                "interests": labels(mentor.intake.get("interests", [])),
                "languages": mentor.intake.get("languages", []),
            }
        )
    return cards


def _mentee_context(request: HttpRequest, enrollment: Enrollment) -> dict[str, Any]:
    pair = selectors.mentee_active_pair(enrollment)
    pending = selectors.mentee_pending_request(enrollment)
    context: dict[str, Any] = {
        "pair": pair,
        "pending": pending,
        "cards": [],
        "closed": services.choice_closed_reason(enrollment.program),
    }
    if pair is None and pending is None and not context["closed"]:
        try:
            current = services.suggestions_current(mentee=enrollment, by=request.user)
        except ValidationError as exc:
            context["closed"] = " ".join(exc.messages)
        else:
            context["cards"] = _cards(enrollment, current.items)
            context["refreshes_left"] = services.refreshes_left(enrollment)
    return context


def _mentor_context(enrollment: Enrollment) -> dict[str, Any]:
    requests = selectors.mentor_pending_requests(enrollment)
    for r in requests:
        r.explanation = explain(r.details, "", r.score_micro or 0)
    pairs = selectors.mentor_active_pairs(enrollment)
    return {"requests": requests, "mentor_pairs": pairs, "now": timezone.now()}


@login_required
def mine(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = get_own_match_enrollment(request.user, enrollment_id)
    if enrollment.role == ParticipantRole.MENTEE:
        context = _mentee_context(request, enrollment)
    else:
        context = _mentor_context(enrollment)
    context["my_rematch"] = selectors.open_rematch_pair_ids(enrollment, request.user)
    context.update({"enrollment": enrollment, "program": enrollment.program})
    return render(request, "matching/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def choose(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = get_own_match_enrollment(request.user, enrollment_id)
    if enrollment.role != ParticipantRole.MENTEE:
        raise Http404
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:mine", enrollment_id=enrollment.pk)
    try:
        mentor = get_choosable_mentor(enrollment, int(request.POST.get("mentor", "")))
        services.choice_make(mentee=enrollment, mentor=mentor, by=request.user)
    except (ValueError, Enrollment.DoesNotExist):
        messages.error(request, _("Choose one of the mentors suggested to you."))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(
            request,
            _("Request sent to %(mentor)s. We will tell you when they answer.")
            % {"mentor": mentor.employee.full_name},
        )
    return redirect("matching:mine", enrollment_id=enrollment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def refresh(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = get_own_match_enrollment(request.user, enrollment_id)
    if enrollment.role != ParticipantRole.MENTEE:
        raise Http404
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:mine", enrollment_id=enrollment.pk)
    try:
        services.suggestions_refresh(mentee=enrollment, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Here are fresh suggestions."))
    return redirect("matching:mine", enrollment_id=enrollment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, request_id: int, answer: str) -> HttpResponse:
    choice = get_request_for_mentor(request.user, request_id)
    if answer not in ("accept", "decline"):
        raise Http404
    if answer == "accept" and request.method != "POST":  # a reload: the list, never 405
        return redirect("matching:my_list")
    if answer == "decline" and (
        request.method != "POST" or request.POST.get("confirm") != "yes"
    ):
        # a decline cannot be undone (the mentee's next choice gets the request): ask first
        choice.explanation = explain(choice.details, "", choice.score_micro or 0)
        return render(
            request,
            "matching/decline.html",
            {"choice": choice, "program": choice.program},
        )
    try:
        if answer == "accept":
            services.choice_accept(request=choice, by=request.user)
            messages.success(
                request,
                _("You accepted %(mentee)s. Your pair starts now.")
                % {"mentee": choice.mentee.employee.full_name},
            )
        else:
            services.choice_decline(request=choice, by=request.user)
            messages.success(request, _("You declined. The mentee will choose someone else."))
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("matching:mine", enrollment_id=choice.mentor_id)


@login_required
@require_http_methods(["GET", "POST"])
def rematch_ask(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = get_own_pair(request.user, pair_id, active_only=True)
    mine_ids = selectors.my_match_enrollment_ids(request.user)
    own = pair.mentee if pair.mentee_id in mine_ids else pair.mentor
    form = RematchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rematch_request_create(
                pair=pair, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                flash_error(request, exc)
        else:
            messages.success(request, _("HR has your request and will contact you."))
            return redirect("matching:mine", enrollment_id=own.pk)
    return render(
        request,
        "matching/rematch_ask.html",
        {"pair": pair, "form": form, "own": own, "program": pair.program},
    )

"""HR views: matching overview of a program, runs (progress, review, publish), pairs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.service_errors import flash_error
from terbalik.programs.access import get_managed_program
from terbalik.programs.models import Enrollment

from .. import selectors, services
from ..access import (
    get_managed_pair,
    get_managed_rematch,
    get_managed_run,
    get_run_proposal,
)
from ..models import MatchRun, RequestStatus
from ..quality import explain, run_quality, unmatched_report, warnings_of
from ..services.common import choice_allowed, settings_for

PAGE_SIZE = 50
#: latest mentee choices shown on the matching page
REQUESTS_SHOWN = 20
#: the status fragment asks again after this many seconds while a run is going
POLL_SECONDS = 1




class SettingsForm(forms.Form):
    response_days = forms.IntegerField(
        label=gettext_lazy("Days a mentor has to accept or decline"), min_value=1, max_value=60
    )
    refresh_limit = forms.IntegerField(
        label=gettext_lazy("Fresh suggestions a mentee may ask for"), min_value=0, max_value=10
    )


@hr_required
@require_GET
def program_page(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    summary = selectors.program_summary(program, recent=REQUESTS_SHOWN)
    requests, mentees, pairs = summary["requests"], summary["mentees"], summary["pairs"]
    return render(
        request,
        "matching/program.html",
        {
            "program": program,
            "mentors": summary["mentors"],
            "mentees": mentees,
            "pending": requests[RequestStatus.PENDING],
            "accepted": requests[RequestStatus.ACCEPTED],
            "pairs": pairs,
            "unmatched": max(0, mentees - pairs),
            "runs": summary["runs"],
            "choice_allowed": choice_allowed(program),
            "choice_closed": services.choice_closed_reason(program),
            "settings": settings_for(program),
            "open_rematch": summary["open_rematch"],
            "recent": summary["recent"],
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    current = settings_for(program)
    form = SettingsForm(
        request.POST or None,
        initial={"response_days": current.response_days, "refresh_limit": current.refresh_limit},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.matching_settings_update(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Matching settings saved."))
            return redirect("matching:program", program_id=program.pk)
    return render(request, "matching/settings.html", {"program": program, "form": form})


@hr_required
@require_http_methods(["GET", "POST"])
def run_new(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:program", program_id=program.pk)
    try:
        match_run = services.run_start(program=program, by=request.user,
                                       objective=request.POST.get("objective", "total"))
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("matching:program", program_id=program.pk)
    return redirect("matching:run", run_id=match_run.pk)


def _review(match_run: MatchRun, page_number: str | None) -> dict[str, Any]:
    proposals = selectors.run_proposals(match_run)
    # quality and the unmatched report cover the whole run; the table shows one page of it
    page = Paginator(proposals, PAGE_SIZE).get_page(page_number)
    rows = []
    for p in page.object_list:
        rows.append(
            {
                "p": p,
                "score": (p.score_micro or 0) / 1_000_000 if p.mentor_id else None,
                "parts": p.details,
                "explanation": explain(p.details, "", p.score_micro or 0) if p.mentor_id else "",
                "warnings": warnings_of(p),
                "cost": ((p.engine_score_micro or 0) - (p.score_micro or 0)) / 1_000_000
                if p.overridden
                else 0,
            }
        )
    return {
        "rows": rows,
        "page": page,
        "quality": run_quality(proposals),
        "report": unmatched_report(match_run, proposals),
        "fixed_pairs": sum(1 for f in match_run.fixed if f["why"] == "pair"),
        "fixed_requests": sum(1 for f in match_run.fixed if f["why"] == "request"),
        "trade_off": _trade_off(match_run.result.get("trade_off")),
    }


def _trade_off(stored: dict[str, Any] | None) -> list[tuple[str, float, float]] | None:
    """The fair run's figures against the default assignment's (scores as 0..1)."""
    if not stored:
        return None
    default, fair = stored["default"], stored["fair"]
    return [
        (_("Lowest score"), default["minimum"] / 1_000_000, fair["minimum"] / 1_000_000),
        (_("Median score"), default["median"] / 1_000_000, fair["median"] / 1_000_000),
        (_("Total score"), default["total"] / 1_000_000, fair["total"] / 1_000_000),
    ]


@hr_required
@require_GET
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    match_run = get_managed_run(request.user, run_id)
    context: dict[str, Any] = {"run": match_run, "program": match_run.program, "poll": POLL_SECONDS}
    if match_run.status in ("done", "published", "superseded"):
        context.update(_review(match_run, request.GET.get("page")))
    return render(request, "matching/run.html", context)


@hr_required
@require_GET
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """The live progress fragment (HTMX polls it); asks for a full reload when finished."""
    match_run = get_managed_run(request.user, run_id)
    response = render(
        request, "matching/_run_status.html", {"run": match_run, "poll": POLL_SECONDS}
    )
    if match_run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def _mentor_choices(match_run: MatchRun) -> list[Enrollment]:
    return selectors.approved_mentors(match_run.program)


@hr_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, run_id: int, proposal_id: int) -> HttpResponse:
    """Change a proposed pair: pick a mentor, see the cost (or the refusal), then confirm."""
    match_run = get_managed_run(request.user, run_id)
    proposal = get_run_proposal(match_run, proposal_id)
    mentors = _mentor_choices(match_run)
    by_pk = {m.pk: m for m in mentors}
    raw = request.POST.get("mentor") if request.method == "POST" else request.GET.get("mentor")
    chosen: Enrollment | None = None
    check = None
    none_chosen = raw == "none"
    if raw and not none_chosen:
        try:
            chosen = by_pk[int(raw)]
        except (KeyError, ValueError):
            messages.error(request, _("Choose an approved mentor of this program."))
    if chosen is not None or none_chosen:
        try:
            check = services.override_check(proposal=proposal, mentor=chosen)
        except ValidationError as exc:
            flash_error(request, exc)
    if request.method == "POST" and check is not None and check.allowed:
        try:
            services.proposal_override(proposal=proposal, mentor=chosen, by=request.user)
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Pair changed."))
            return redirect("matching:run", run_id=match_run.pk)
    if request.method == "POST" and check is not None and not check.allowed:
        for reason in check.reasons:
            messages.error(request, reason)
    explanation = (
        explain(check.details, "", check.score_micro or 0)
        if (check and check.allowed and chosen)
        else ""
    )
    return render(
        request,
        "matching/proposal.html",
        {
            "run": match_run,
            "program": match_run.program,
            "proposal": proposal,
            "mentors": mentors,
            "chosen": chosen,
            "none_chosen": none_chosen,
            "check": check,
            "explanation": explanation,
            "engine_score": (proposal.engine_score_micro or 0) / 1_000_000,
            "others": selectors.other_matched_proposals(match_run, proposal),
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def proposal_lock(request: HttpRequest, run_id: int, proposal_id: int) -> HttpResponse:
    match_run = get_managed_run(request.user, run_id)
    proposal = get_run_proposal(match_run, proposal_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:run", run_id=match_run.pk)
    try:
        services.proposal_lock(
            proposal=proposal, by=request.user, locked=request.POST.get("locked") == "1"
        )
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("matching:run", run_id=match_run.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def proposal_swap(request: HttpRequest, run_id: int) -> HttpResponse:
    match_run = get_managed_run(request.user, run_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:run", run_id=match_run.pk)
    try:
        first = get_run_proposal(match_run, int(request.POST.get("first", "")))
        second = get_run_proposal(match_run, int(request.POST.get("second", "")))
    except ValueError:
        messages.error(request, _("Choose two mentees to swap."))
        return redirect("matching:run", run_id=match_run.pk)
    try:
        services.proposal_swap(first=first, second=second, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("Mentors swapped."))
    return redirect("matching:run", run_id=match_run.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def run_rerun(request: HttpRequest, run_id: int) -> HttpResponse:
    match_run = get_managed_run(request.user, run_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:run", run_id=match_run.pk)
    try:
        again = services.run_rerun(match_run=match_run, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("matching:run", run_id=match_run.pk)
    return redirect("matching:run", run_id=again.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    match_run = get_managed_run(request.user, run_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:run", run_id=match_run.pk)
    if request.POST.get("confirm") != "yes":
        # publishing e-mails every person and cannot be undone: only on an explicit yes
        messages.error(request, _("Tick the box to confirm that the pairs may be published."))
        return redirect("matching:run", run_id=match_run.pk)
    try:
        pairs = services.run_publish(match_run=match_run, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("matching:run", run_id=match_run.pk)
    messages.success(
        request,
        ngettext(
            "%(count)d pair published; both people were e-mailed.",
            "%(count)d pairs published; both people of each pair were e-mailed.",
            len(pairs),
        )
        % {"count": len(pairs)},
    )
    return redirect("matching:pairs", program_id=match_run.program_id)


@hr_required
@require_GET
def pair_list(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    qs = selectors.program_pairs(program)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "matching/pairs.html", {"program": program, "page": page})


@hr_required
@require_http_methods(["GET", "POST"])
def pair_dissolve(request: HttpRequest, program_id: int, pair_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    pair = get_managed_pair(request.user, program, pair_id)
    if request.method == "POST":
        try:
            services.pair_dissolve(
                pair=pair, by=request.user, reason=request.POST.get("reason", "")[:2000]
            )
        except ValidationError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Pair dissolved. The mentee can be matched again."))
        return redirect("matching:pairs", program_id=program.pk)
    return render(request, "matching/dissolve.html", {"program": program, "pair": pair})


@hr_required
@require_http_methods(["GET", "POST"])
def pair_rematch(request: HttpRequest, program_id: int, pair_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    pair = get_managed_pair(request.user, program, pair_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:pairs", program_id=program.pk)
    try:
        match_run = services.rematch_mentee(pair=pair, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
        return redirect("matching:pairs", program_id=program.pk)
    return redirect("matching:run", run_id=match_run.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def rematch_dismiss(request: HttpRequest, program_id: int, request_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    rematch = get_managed_rematch(request.user, program, request_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("matching:pairs", program_id=program.pk)
    try:
        services.rematch_request_dismiss(request=rematch, by=request.user)
    except ValidationError as exc:
        flash_error(request, exc)
    return redirect("matching:pairs", program_id=program.pk)

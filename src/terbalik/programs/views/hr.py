"""HR views: program list, creation, goal/design/measurement plan, lifecycle, applications,
invitations, promotion."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.http import no_store
from terbalik.core.links import absolute_url
from terbalik.core.service_errors import ServiceError, flash_error
from terbalik.pairs.selectors import published_pairs_count
from terbalik.people.models import Employee
from terbalik.skills.selectors import taxonomy

from .. import lifecycle, measurement, overview, promotion, selectors, services
from ..access import get_managed_enrollment, get_managed_program
from ..eligibility import reasons_not_eligible
from ..forms import (
    ClosingSummaryForm,
    InviteFilterForm,
    MeasurementPlanFormSet,
    ProgramDesignForm,
    ProgramGoalForm,
    ReasonForm,
    TemplateChoiceForm,
)
from ..models import HOLDING, LIVE, EnrollmentStatus, InvitationStatus, ParticipantRole, Status

PAGE_SIZE = 25
#: people shown at once in the invitation picker; narrower filters show the rest
CANDIDATE_LIMIT = 200
INVITATION_LIMIT = 100


def public_link(program_id: int) -> str:
    return absolute_url(reverse("programs:public", args=[program_id]))




@hr_required
def program_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.managed_programs_with_counts(request.user, status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = f"status={status}" if status in Status.values else ""
    return render(
        request,
        "programs/hr/list.html",
        {"page": page, "query": query, "status": status, "statuses": Status.choices},
    )


@hr_required
@require_http_methods(["GET", "POST"])
def program_new(request: HttpRequest) -> HttpResponse:
    language = translation.get_language() or "id"
    form = TemplateChoiceForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["template"]
        if key == "blank":
            program = services.program_create(
                by=request.user,
                name=_("New reverse mentoring program"),
                objective="other",
                objective_other=_("To be defined"),
            )
        else:
            program = services.program_create_from_template(
                by=request.user, template_key=key, language=language
            )
        messages.success(request, _("Program created as a draft. Adapt the goal and design."))
        return redirect("programs:edit_goal", program_id=program.pk)
    return render(request, "programs/hr/new.html", {"form": form})


@hr_required
def program_overview(request: HttpRequest, program_id: int) -> HttpResponse:
    from terbalik.surveys.planning import plan_rows  # surveys owns sendings and sees programs

    program = get_managed_program(request.user, program_id)
    scheduled, schedule_notes = plan_rows(program)
    return render(
        request,
        "programs/hr/overview.html",
        {
            "program": program,
            "scheduled": scheduled,
            "schedule_notes": schedule_notes,
            "ov": overview.build(program, published_pairs=_published_pairs(program)),
            "plan": [
                (measurement.label(m.template_key), m)
                for m in selectors.measurement_items(program)
            ],
            "closing_form": ClosingSummaryForm(initial={"summary": program.closing_summary}),
        },
    )


def _edit(request: HttpRequest, program_id: int, form_class: Any, template: str) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    form = form_class(request.POST or None, instance=program)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.program_update(program=program, by=request.user, changes=changes)
        except ServiceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programs:overview", program_id=program.pk)
    locked = ""
    if program.status not in services.EDITABLE_STATUSES:
        # say so before HR types into a form that cannot be saved
        locked = _("A program in status %(status)s can no longer be edited.") % {
            "status": Status(program.status).label
        }
    return render(request, template, {"program": program, "form": form, "locked": locked})


@hr_required
@require_http_methods(["GET", "POST"])
def edit_goal(request: HttpRequest, program_id: int) -> HttpResponse:
    return _edit(request, program_id, ProgramGoalForm, "programs/hr/edit_goal.html")


@hr_required
@require_http_methods(["GET", "POST"])
def edit_design(request: HttpRequest, program_id: int) -> HttpResponse:
    return _edit(request, program_id, ProgramDesignForm, "programs/hr/edit_design.html")


@hr_required
@require_http_methods(["GET", "POST"])
def edit_plan(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    initial = [
        {
            "template_key": m.template_key,
            "phase": m.phase,
            "offset_days": m.offset_days,
            "respondents": m.respondents,
        }
        for m in selectors.measurement_items(program)
    ]
    formset = MeasurementPlanFormSet(request.POST or None, initial=initial, prefix="plan")
    if request.method == "POST" and formset.is_valid():
        items = [
            services.PlanItem(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"})
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            services.program_set_measurement_plan(program=program, by=request.user, items=items)
        except ServiceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Measurement plan saved."))
            return redirect("programs:overview", program_id=program.pk)
    return render(request, "programs/hr/edit_plan.html", {"program": program, "formset": formset})


TRANSITION_CONSEQUENCES = {
    Status.RECRUITING: lambda: _(
        "The program page opens: eligible employees can apply, or you can send invitations."
    ),
    Status.MATCHING: lambda: _(
        "Sign-up closes: nobody can apply or accept an invitation any more. You can still "
        "decide on open applications."
    ),
    Status.ACTIVE: lambda: _(
        "The pairs start working together; the goal and design can no longer be edited."
    ),
    Status.CLOSING: lambda: _(
        "The program enters its closing phase: run the final surveys and write the closing summary."
    ),
    Status.COMPLETED: lambda: _("The program is completed; its results stay available."),
    Status.ARCHIVED: lambda: _("The program is archived and leaves the list of current work."),
}


def _published_pairs(program: Any) -> int:
    """Views sit above every app: they read the pairs count the lifecycle needs and pass it
    down, so programs never reaches up to pairs (only the move to active reads it)."""
    if lifecycle.next_status(program) != Status.ACTIVE:
        return 0
    return published_pairs_count(program)


@hr_required
@require_http_methods(["GET", "POST"])
def transition(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("programs:overview", program_id=program.pk)
    to = request.POST.get("to", "")
    if to not in Status.values:
        messages.error(request, _("Unknown status."))
        return redirect("programs:overview", program_id=program.pk)
    if request.POST.get("confirm") != "yes":
        # no way back in the lifecycle: say what the move changes and ask first
        missing = lifecycle.missing_for(program, to, published_pairs=_published_pairs(program))
        if not missing:
            return render(
                request,
                "programs/hr/transition_confirm.html",
                {
                    "program": program,
                    "to": to,
                    "to_label": Status(to).label,
                    "consequence": TRANSITION_CONSEQUENCES.get(to, lambda: "")(),
                },
            )
    try:
        services.program_transition(
            program=program, to=to, by=request.user, published_pairs=_published_pairs(program)
        )
    except ServiceError as exc:
        messages.error(
            request,
            _("The program cannot move to %(status)s yet:") % {"status": Status(to).label},
        )
        flash_error(request, exc)
    else:
        messages.success(
            request, _("The program is now %(status)s.") % {"status": Status(to).label}
        )
    return redirect("programs:overview", program_id=program.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def closing_summary(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("programs:overview", program_id=program.pk)
    form = ClosingSummaryForm(request.POST)
    if form.is_valid():
        try:
            services.program_set_closing_summary(
                program=program, by=request.user, summary=form.cleaned_data["summary"]
            )
        except ServiceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("Saved."))
    else:
        for error in form.errors.get("summary", []):
            messages.error(request, _("Closing summary: %(error)s") % {"error": error})
    return redirect("programs:overview", program_id=program.pk)


@hr_required
def enrollment_list(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    status, role = request.GET.get("status", ""), request.GET.get("role", "")
    qs = selectors.program_enrollments(program, status=status, role=role)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in (("status", status), ("role", role)) if v)
    skills = taxonomy()
    for e in page.object_list:  # skill ids by their label in the reader's language
        key = "skills_offered" if e.role == ParticipantRole.MENTOR else "skills_wanted"
        values = (e.intake or {}).get(key) or []
        # ids, and free text stored before the taxonomy that one of its words now names
        known = [v for v in values if v in skills.entries or skills.index.lookup(v)]
        e.skill_labels = skills.labels(known)
        e.unmapped_terms = [v for v in values if v not in known]
    return render(
        request,
        "programs/hr/enrollments.html",
        {
            "program": program,
            "page": page,
            "query": query,
            "status": status,
            "role": role,
            "statuses": EnrollmentStatus.choices,
            "holding": HOLDING,
            "live": LIVE,
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def enrollment_decide(
    request: HttpRequest, program_id: int, enrollment_id: int, action: str
) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    enrollment = get_managed_enrollment(request.user, program, enrollment_id)
    if action not in ("approve", "reject", "remove"):
        messages.error(request, _("Unknown action."))
        return redirect("programs:enrollments", program_id=program.pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and (action == "approve" or form.is_valid()):
        try:
            if action == "approve":
                services.enrollment_approve(
                    enrollment=enrollment, by=request.user
                )
                messages.success(request, _("Application approved."))
            elif action == "reject":
                services.enrollment_reject(
                    enrollment=enrollment,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("Application rejected."))
            else:
                services.enrollment_remove(
                    enrollment=enrollment,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("Participant removed."))
        except ServiceError as exc:
            flash_error(request, exc)
        return redirect("programs:enrollments", program_id=program.pk)
    return render(
        request,
        "programs/hr/confirm.html",
        {"program": program, "enrollment": enrollment, "action": action, "form": form},
    )


@hr_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    departments = selectors.directory_departments(request.user)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = InviteFilterForm(data, departments=departments)
    candidates: list[tuple[Employee, list[str]]] = []
    candidate_total = 0
    role = "mentor"
    if form.is_valid():
        d = form.cleaned_data
        role = d["role"]
        qs = selectors.directory_search(
            request.user,
            department=d.get("department") or "",
            grade_min=d.get("grade_min"),
            grade_max=d.get("grade_max"),
            age_band=d.get("age_band") or "",
        )
        if request.method == "POST":
            chosen = selectors.employees_by_ids(qs, request.POST.getlist("employee"))
            if not chosen:
                messages.error(request, _("Tick at least one person to invite."))
            else:
                try:
                    result = services.invitation_send(
                        program=program,
                        employees=chosen,
                        role=role,
                        by=request.user,
                    )
                except ServiceError as exc:
                    flash_error(request, exc)
                else:
                    sent = len(result.sent)
                    messages.success(
                        request,
                        ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
                        % {"count": sent},
                    )
                    for employee, reason in result.skipped:
                        messages.warning(
                            request,
                            _("%(name)s was not invited: %(reason)s")
                            % {"name": employee.full_name, "reason": reason},
                        )
                    return redirect("programs:invite", program_id=program.pk)
        invited = selectors.open_invitation_ids(program)
        taking_part = selectors.live_employee_ids(program)
        shown, candidate_total = selectors.first_and_total(qs, CANDIDATE_LIMIT)
        for employee in shown:
            if employee.pk in taking_part:
                reasons = [_("already takes part")]
            elif employee.pk in invited:
                reasons = [_("already invited")]
            else:
                reasons = reasons_not_eligible(program=program, employee=employee, role=role)
            candidates.append((employee, reasons))
    invitations, invitation_total = selectors.first_and_total(
        selectors.program_invitations(program), INVITATION_LIMIT
    )
    return render(
        request,
        "programs/hr/invite.html",
        {
            "program": program,
            "form": form,
            "candidates": candidates,
            "candidate_total": candidate_total,
            "candidate_limit": CANDIDATE_LIMIT,
            "invitations": invitations,
            "invitation_total": invitation_total,
            "invitation_limit": INVITATION_LIMIT,
            "sent_status": InvitationStatus.SENT,
            # one random value per rendered page: a resend press sends at most one e-mail
            "click": secrets.token_hex(8),
            "can_send": program.status == Status.RECRUITING,
        },
    )


@hr_required
def promote(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    link = public_link(program.pk)
    return render(
        request,
        "programs/hr/promote.html",
        {
            "program": program,
            "link": link,
            "announcements": promotion.announcements(program, link=link),
            "qr": promotion.qr_svg(link),
        },
    )


@no_store
@hr_required
def qr_download(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    svg = promotion.qr_svg(public_link(program.pk), scale=10)
    response = HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + svg, content_type="image/svg+xml"
    )
    response["Content-Disposition"] = f'attachment; filename="program-{program.pk}-qr.svg"'
    return response

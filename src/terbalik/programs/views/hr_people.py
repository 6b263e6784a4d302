"""HR views around people: enrol chosen employees directly, cancel or resend an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.service_errors import ServiceError, flash_error
from terbalik.people.models import Employee

from .. import selectors, services
from ..access import get_managed_invitation, get_managed_program
from ..eligibility import reasons_not_eligible
from ..forms import DirectEnrolFilterForm
from ..models import InvitationStatus, Status
from .hr import CANDIDATE_LIMIT


def _filters_query(form: DirectEnrolFilterForm) -> str:
    """The filters as a query string, to show the same list again after the POST."""
    return urlencode(
        {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    )


@hr_required
@require_http_methods(["GET", "POST"])
def enrol_direct(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_managed_program(request.user, program_id)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = DirectEnrolFilterForm(data, departments=selectors.directory_departments(request.user))
    candidates: list[tuple[Employee, list[str]]] = []
    candidate_total = 0
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if k != "role"}
        role = form.cleaned_data["role"]
        qs = selectors.directory_search(request.user, **filters)
        if request.method == "POST":
            chosen = selectors.employees_by_ids(qs, request.POST.getlist("employee"))
            if not chosen:
                messages.error(request, _("Tick at least one person to enrol."))
            else:
                try:
                    result = services.enrollment_enrol_directly(
                        program=program,
                        employees=chosen,
                        role=role,
                        by=request.user,
                    )
                except ServiceError as exc:
                    flash_error(request, exc)
                else:
                    count = len(result.enrolled)
                    messages.success(
                        request,
                        ngettext(
                            "%(count)d person enrolled; each gets one e-mail.",
                            "%(count)d people enrolled; each gets one e-mail.",
                            count,
                        )
                        % {"count": count},
                    )
                    for employee, reason in result.skipped:
                        messages.warning(
                            request,
                            _("%(name)s was not enrolled: %(reason)s")
                            % {"name": employee.full_name, "reason": reason},
                        )
                    return redirect(f"{request.path}?{_filters_query(form)}")
        taking_part = selectors.live_employee_ids(program)
        invited = selectors.open_invitation_ids(program)
        shown, candidate_total = selectors.first_and_total(qs, CANDIDATE_LIMIT)
        for employee in shown:
            if employee.pk in taking_part:
                reasons = [_("already takes part")]
            elif employee.pk in invited:
                reasons = [_("already invited")]
            else:
                reasons = reasons_not_eligible(program=program, employee=employee, role=role)
            candidates.append((employee, reasons))
    return render(
        request,
        "programs/hr/enrol_direct.html",
        {
            "program": program,
            "form": form,
            "candidates": candidates,
            "candidate_total": candidate_total,
            "candidate_limit": CANDIDATE_LIMIT,
            "can_enrol": program.status == Status.RECRUITING,
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def invitation_cancel(request: HttpRequest, program_id: int, invitation_id: int) -> HttpResponse:
    """A confirmation page first; the POST with the confirmation cancels."""
    invitation = get_managed_invitation(request.user, program_id, invitation_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        if invitation.status == InvitationStatus.CANCELLED:  # sent twice: already done
            messages.info(request, _("The invitation was already cancelled."))
        else:
            try:
                services.invitation_cancel(invitation=invitation, by=request.user)
            except ServiceError as exc:
                flash_error(request, exc)
            else:
                messages.success(
                    request,
                    _("The invitation to %(name)s is cancelled; its link no longer works.")
                    % {"name": invitation.employee.full_name},
                )
        return redirect("programs:invite", program_id=program_id)
    return render(
        request,
        "programs/hr/invitation_cancel.html",
        {"program": invitation.program, "invitation": invitation},
    )


@hr_required
@require_http_methods(["GET", "POST"])
def invitation_resend(request: HttpRequest, program_id: int, invitation_id: int) -> HttpResponse:
    invitation = get_managed_invitation(request.user, program_id, invitation_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("programs:invite", program_id=program_id)
    try:
        sent = services.invitation_resend(
            invitation=invitation,
            by=request.user,
            click=request.POST.get("click", ""),
        )
    except ServiceError as exc:
        flash_error(request, exc)
    else:
        if sent:
            messages.success(
                request,
                _("The invitation was sent again to %(name)s with a new link.")
                % {"name": invitation.employee.full_name},
            )
        else:
            messages.info(request, _("This resend was already done; nothing more was sent."))
    return redirect("programs:invite", program_id=program_id)

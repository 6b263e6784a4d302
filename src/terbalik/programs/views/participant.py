"""Employee views: program page and sign-up, my applications, withdrawal, invitation links and
the line manager's approval link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.service_errors import ServiceError, flash_error
from terbalik.privacy import services as privacy_services

from .. import selectors, services, tokens
from ..access import (
    get_enrollment_for_manager_token,
    get_invitation,
    get_invitation_for_token,
    get_own_enrollment,
    get_public_program,
)
from ..eligibility import reasons_not_eligible
from ..forms import ApplyForm
from ..models import (
    EnrollmentMode,
    EnrollmentStatus,
    Invitation,
    InvitationStatus,
    ParticipantRole,
    Status,
)


@login_required
def browse(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programs/browse.html",
        {
            "programs": selectors.recruiting_programs_public_to(request.user),
            "enrollments": selectors.enrollments_newest_first(request.user),
        },
    )


@login_required
def public(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_public_program(request.user, program_id)
    employee = request.user.employee
    mine = selectors.live_enrollment(request.user, program) if employee else None
    why_not = {
        role: reasons_not_eligible(program=program, employee=employee, role=role)
        for role in ParticipantRole.values
    }
    # an invitee who lost the e-mail finds the way to answer here
    open_invitation = (
        selectors.open_invitation(program, employee) if employee and mine is None else None
    )
    return render(
        request,
        "programs/public.html",
        {
            "program": program,
            "mine": mine,
            "why_not": why_not,
            "can_apply": program.status == Status.RECRUITING
            and program.enrollment_mode == EnrollmentMode.OPEN
            and mine is None,
            "plan_roles": ParticipantRole.choices,
            "invitation_path": (
                reverse("programs:invitation", args=[tokens.invitation_token(open_invitation.pk)])
                if open_invitation
                else ""
            ),
            "full": {
                role: services.places_left(program=program, role=role) == 0
                for role in ParticipantRole.values
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_public_program(request.user, program_id)
    initial_role = (
        request.GET.get("role") if request.GET.get("role") in ParticipantRole.values else None
    )
    form = ApplyForm(request.POST or None, role=initial_role)
    refusal: list[str] = []
    blocked: list[str] = []
    if request.method == "GET" and initial_role:
        # say it before the person fills in the form, not after
        blocked = reasons_not_eligible(
            program=program, employee=request.user.employee, role=initial_role
        )
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = privacy_services.apply_with_consent(
                program=program,
                user=request.user,
                role=form.chosen_role,
                intake=form.intake(),
                commitment_accepted=form.cleaned_data["commitment"],
                notice_accepted=form.cleaned_data["privacy_notice"],
                optional_agreed=form.cleaned_data["optional_data"],
            )
        except ServiceError as exc:
            existing = selectors.live_enrollment(request.user, program)
            if existing is None:
                refusal = exc.messages
            else:  # sent twice (double click, reload): the first one counts, show it
                messages.info(request, _("You already applied to this program."))
                return redirect("programs:my_enrollment", enrollment_id=existing.pk)
        else:
            if enrollment.status == EnrollmentStatus.WAITLISTED:
                messages.info(request, _("All places are taken: you are on the waitlist."))
            else:
                messages.success(request, _("Thank you, your application was received."))
            return redirect("programs:my_enrollment", enrollment_id=enrollment.pk)
    return render(
        request,
        "programs/apply.html",
        {
            "program": program,
            "form": form,
            "refusal": refusal,
            "blocked": blocked,
            "role": initial_role or "",
            "role_label": ParticipantRole(initial_role).label if initial_role else "",
        },
    )


@login_required
def my_enrollment(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = get_own_enrollment(request.user, enrollment_id)
    position = None
    if enrollment.status == EnrollmentStatus.WAITLISTED:
        position = selectors.waitlist_position(enrollment)
    return render(
        request,
        "programs/my_enrollment.html",
        {"enrollment": enrollment, "position": position, "live": enrollment.is_live},
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, enrollment_id: int) -> HttpResponse:
    enrollment = get_own_enrollment(request.user, enrollment_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("programs:my_enrollment", enrollment_id=enrollment.pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to withdraw."))
        return redirect("programs:my_enrollment", enrollment_id=enrollment.pk)
    try:
        services.enrollment_withdraw(
            enrollment=enrollment, by=request.user
        )
    except ServiceError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("You withdrew from the program."))
    return redirect("programs:my_enrollment", enrollment_id=enrollment.pk)


def _link_problem(request: HttpRequest, kind: str, status: int = 400) -> HttpResponse:
    return render(request, "programs/link_problem.html", {"kind": kind}, status=status)


def _used_or_cancelled(invitation: Invitation) -> str:
    return "cancelled" if invitation.status == InvitationStatus.CANCELLED else "used"


def _invitation_signed_out(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """The invitation link opened while signed out: sign in, or get a link to set a password
    (accounts made for invitees have none yet)."""
    invitation = get_invitation_for_token(invitation_id)
    if invitation.status != InvitationStatus.SENT:
        return _link_problem(request, _used_or_cancelled(invitation), 410)
    sent = False
    if request.method == "POST" and request.POST.get("answer") == "password":
        try:
            services.invitation_password_link_send(
                invitation=invitation
            )
        except ServiceError:
            return _link_problem(request, "used", 410)
        sent = True
    return render(
        request,
        "programs/invitation_signed_out.html",
        {
            "invitation": invitation,
            "program": invitation.program,
            "sent": sent,
            "login_url": f"{reverse('accounts:login')}?{urlencode({'next': request.path})}",
        },
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation_id = tokens.read_invitation_token(token)
    except tokens.LinkExpired:
        return _link_problem(request, "expired", 410)
    except tokens.LinkInvalid:
        return _link_problem(request, "invalid")
    if not request.user.is_authenticated:
        return _invitation_signed_out(request, invitation_id)
    invitation = get_invitation(invitation_id, request.user)
    if invitation.status != InvitationStatus.SENT:
        return _link_problem(request, _used_or_cancelled(invitation), 410)
    form = ApplyForm(request.POST or None, role=invitation.role)
    refusal: list[str] = []
    if request.method == "POST" and request.POST.get("answer") == "decline":
        if request.POST.get("confirm") != "yes":  # one tap must not throw the invitation away
            return render(
                request,
                "programs/invitation_decline.html",
                {"invitation": invitation, "program": invitation.program},
            )
        services.invitation_decline(invitation=invitation, user=request.user)
        messages.info(request, _("You declined the invitation. Thank you for answering."))
        return redirect("programs:browse")
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = privacy_services.invitation_accept_with_consent(
                invitation=invitation,
                user=request.user,
                intake=form.intake(),
                commitment_accepted=form.cleaned_data["commitment"],
                notice_accepted=form.cleaned_data["privacy_notice"],
                optional_agreed=form.cleaned_data["optional_data"],
            )
        except ServiceError as exc:
            refusal = exc.messages
        else:
            messages.success(request, _("Welcome! You accepted the invitation."))
            return redirect("programs:my_enrollment", enrollment_id=enrollment.pk)
    return render(
        request,
        "programs/invitation.html",
        {"invitation": invitation, "program": invitation.program, "form": form, "refusal": refusal},
    )


@require_http_methods(["GET", "POST"])
def manager_decision(request: HttpRequest, token: str) -> HttpResponse:
    """The line manager's link: the signed token is the credential (no sign-in needed)."""
    try:
        raw = tokens.read_manager_token(token, days=3650)
    except tokens.LinkInvalid:
        return _link_problem(request, "invalid")
    except tokens.LinkExpired:  # pragma: no cover - 10 years
        return _link_problem(request, "expired", 410)
    enrollment = get_enrollment_for_manager_token(raw)
    try:
        tokens.read_manager_token(token, days=enrollment.program.manager_approval_days)
    except tokens.LinkExpired:
        return _link_problem(request, "expired", 410)
    if enrollment.status != EnrollmentStatus.MANAGER_PENDING:
        return _link_problem(request, "used", 410)
    if request.method == "POST":
        answer = request.POST.get("answer")
        if answer in ("approve", "refuse"):
            actor = request.user if request.user.is_authenticated else None
            services.manager_decide(
                enrollment=enrollment,
                approve=answer == "approve",
                by=actor,
            )
            return render(
                request,
                "programs/manager_done.html",
                {"enrollment": enrollment, "approved": answer == "approve"},
            )
    return render(request, "programs/manager_decision.html", {"enrollment": enrollment})

"""Privacy pages: the public notice, accepting it, "my data" (download, optional data,
withdrawal, correction requests) and HR's list of correction requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core import audit
from terbalik.core.http import no_store
from terbalik.core.service_errors import ServiceError, form_error

from . import access, export, notice, selectors, services
from .forms import (
    AcceptNoticeForm,
    CorrectionDecisionForm,
    CorrectionRequestForm,
    InterestsForm,
    OptionalConsentForm,
    WithdrawForm,
)
from .middleware import SESSION_KEY
from .models import ConsentMethod


def _data(request: HttpRequest) -> Any:
    """The POSTed data, also when empty (an unticked box sends nothing)."""
    return request.POST if request.method == "POST" else None


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return "/"


def notice_view(request: HttpRequest) -> HttpResponse:
    """The privacy notice, public (linked from the footer and the sign-in page)."""
    return render(request, "privacy/notice_page.html", notice.context())


@login_required
@require_http_methods(["GET", "POST"])
def accept_view(request: HttpRequest) -> HttpResponse:
    form = AcceptNoticeForm(_data(request),
                            initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        services.notice_accept(user=request.user,  # type: ignore[arg-type]
                               method=ConsentMethod.FIRST_VISIT)
        request.session[SESSION_KEY] = notice.current().number
        messages.success(request, _("Thank you, you accepted the privacy notice."))
        return redirect(_safe_next(request, form.cleaned_data.get("next")))
    return render(request, "privacy/accept.html", {
        **notice.context(), "form": form,
        "accepted": selectors.has_accepted_current(request.user),
    })


def _mine(request: HttpRequest, **forms: object) -> HttpResponse:
    user = request.user
    employee = getattr(user, "employee", None)
    context = {
        **notice.context(),
        "accepted_version": selectors.accepted_version(user),
        "optional_agreed": selectors.optional_agreed(user),
        "history": list(selectors.consent_history(user)[:20]),
        "optional_form": forms.get("optional_form") or OptionalConsentForm(
            initial={"agreed": selectors.optional_agreed(user)}),
        "correction_form": (forms.get("correction_form") or CorrectionRequestForm())
        if employee else None,
        "corrections": list(selectors.corrections_of(employee)) if employee else [],
        "interests_form": forms.get("interests_form") or InterestsForm(
            initial={"interests": selectors.current_interests(user)}),
        "live": selectors.live_enrollments_shown(user),
    }
    return render(request, "privacy/mine.html", context)


@no_store
@login_required
def mine_view(request: HttpRequest) -> HttpResponse:
    return _mine(request)


@no_store
@login_required
def export_json_view(request: HttpRequest) -> HttpResponse:
    """Everything held about the signed-in person, as JSON (only ever their own)."""
    data = export.export_json(user=request.user)
    audit.record(action="privacy.export", actor=request.user, target=request.user,
                 details={"format": "json"})
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-terbalik-data.json"'
    return response


@no_store
@login_required
def export_pdf_view(request: HttpRequest) -> HttpResponse:
    """The same, as a readable PDF in the person's language."""
    language = getattr(request.user, "language", "") or translation.get_language()
    data = export.export_pdf(user=request.user, language=language)
    audit.record(action="privacy.export", actor=request.user, target=request.user,
                 details={"format": "pdf"})
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-terbalik-data.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def optional_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("privacy:mine")
    form = OptionalConsentForm(request.POST)
    if form.is_valid():
        agreed = form.cleaned_data["agreed"]
        services.optional_consent_set(user=request.user,  # type: ignore[arg-type]
                                      agreed=agreed, method=ConsentMethod.ACCOUNT)
        messages.success(request, _("You agreed to optional data.") if agreed else
                         _("Your optional data was erased."))
    return redirect("privacy:mine")


@no_store
@login_required
@require_http_methods(["GET", "POST"])
def withdraw_view(request: HttpRequest) -> HttpResponse:
    """A confirmation page, then the withdrawal."""
    form = WithdrawForm(_data(request))
    if request.method == "POST" and form.is_valid():
        services.consent_withdraw(user=request.user)  # type: ignore[arg-type]
        request.session.pop(SESSION_KEY, None)
        messages.success(request, _("You withdrew your consent. You left your programs and "
                                    "your optional data was erased."))
        return redirect("privacy:mine")
    return render(request, "privacy/withdraw.html", {
        "form": form, "live": selectors.live_enrollments_shown(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def interests_view(request: HttpRequest) -> HttpResponse:
    """The person edits their free-text interests (optional data)."""
    access.require_employee(request.user)
    if request.method != "POST":
        return redirect("privacy:mine")
    form = InterestsForm(request.POST)
    if form.is_valid():
        try:
            services.interests_update(user=request.user,  # type: ignore[arg-type]
                                      interests=form.cleaned_data["interests"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your interests were saved."))
            return redirect("privacy:mine")
    return _mine(request, interests_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def correction_new_view(request: HttpRequest) -> HttpResponse:
    access.require_employee(request.user)
    if request.method != "POST":
        return redirect("privacy:mine")
    form = CorrectionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.correction_request_create(
                user=request.user,  # type: ignore[arg-type]
                field=form.cleaned_data["field"],
                requested_value=form.cleaned_data["requested_value"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your correction request was sent to HR."))
            return redirect("privacy:mine")
    return _mine(request, correction_form=form)


@login_required
def corrections_view(request: HttpRequest) -> HttpResponse:
    access.require_resolver(request.user)
    visible = access.corrections_visible_to(request.user)
    return render(request, "privacy/corrections.html", {
        "pending": list(selectors.corrections_pending(visible)),
        "decided": selectors.corrections_decided(visible),
    })


@login_required
@require_http_methods(["GET", "POST"])
def correction_decide_view(request: HttpRequest, request_id: int) -> HttpResponse:
    found = access.get_correction_for_resolver(request.user, request_id)
    form = CorrectionDecisionForm(_data(request),
                                  initial={"value": found.requested_value})
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_decide(
                request=found, by=request.user,  # type: ignore[arg-type]
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                value=form.cleaned_data["value"] or None,
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The correction request was answered."))
            return redirect("privacy:corrections")
    return render(request, "privacy/correction_decide.html", {
        "found": found, "form": form,
        "current": selectors.current_value(found.employee, found.field),
    })




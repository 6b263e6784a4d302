"""Erasure pages: the person's "erase my data", HR's list, record and decision pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.access import find_employee, hr_required
from terbalik.core.http import no_store
from terbalik.core.service_errors import ServiceError, flash_error, form_error

from . import erasure_services as services
from .erasure_access import get_managed_erasure, may_see_erasure
from .erasure_forms import DecisionForm, OwnErasureForm, RecordErasureForm
from .models import ErasureSource, ErasureStatus
from .selectors import erasure_rows

LIST_LIMIT = 200


@no_store
@login_required
@require_http_methods(["GET", "POST"])
def erase_own_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    pending = services.pending_for(employee=getattr(user, "employee", None), user=user)
    form = OwnErasureForm(request.POST or None)
    if request.method == "POST" and pending is None and form.is_valid():
        try:
            services.erasure_request_create(
                by=user, user=user, explanation=form.cleaned_data["explanation"],
                source=ErasureSource.SELF)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your request was sent to HR. You will get an e-mail "
                                        "when it is decided."))
            return redirect("privacy:erase_own")
    if request.method == "POST" and pending is not None:
        return redirect("privacy:erase_own")
    return render(request, "privacy/erasure_own.html", {"form": form, "pending": pending})


@no_store
@hr_required
def erasure_list_view(request: HttpRequest) -> HttpResponse:
    requests = erasure_rows(request.user, LIST_LIMIT)
    return render(request, "privacy/erasure_list.html", {
        "pending": [r for r in requests if r.status == ErasureStatus.PENDING],
        "decided": [r for r in requests if r.status != ErasureStatus.PENDING],
        "form": RecordErasureForm(),
    })


@no_store
@hr_required
@require_http_methods(["GET", "POST"])
def erasure_record_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return redirect("privacy:erasure_list")
    form = RecordErasureForm(request.POST)
    if form.is_valid():
        employee = find_employee(request.user, form.cleaned_data["employee_id"].strip())
        if employee is None:
            messages.error(request, _("Employee ID: nobody in the directory has this ID."))
            return redirect("privacy:erasure_list")
        try:
            created = services.erasure_request_create(
                by=request.user, employee=employee, source=ErasureSource.HR,
                explanation=form.cleaned_data["explanation"])
        except ServiceError as exc:
            flash_error(request, exc)
        else:
            messages.success(request, _("The erasure request was recorded."))
            if may_see_erasure(request.user, created.pk):
                return redirect("privacy:erasure_detail", erasure_id=created.pk)
    else:
        for _field, errors in form.errors.items():
            for error in errors:
                messages.error(request, error)
    return redirect("privacy:erasure_list")


@no_store
@hr_required
@require_http_methods(["GET", "POST"])
def erasure_detail_view(request: HttpRequest, erasure_id: int) -> HttpResponse:
    erasure_request = get_managed_erasure(request.user, erasure_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and erasure_request.status != ErasureStatus.PENDING:
        return redirect("privacy:erasure_detail", erasure_id=erasure_request.pk)
    if request.method == "POST" and form.is_valid():
        decide = (services.erasure_approve if form.cleaned_data["decision"] == "approve"
                  else services.erasure_reject)
        try:
            decided = decide(request=erasure_request, by=request.user,
                             reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            if decided.status == ErasureStatus.DONE:
                messages.success(request, _("The data was erased; the person is now %(name)s.")
                                 % {"name": decided.pseudonym})
            else:
                messages.success(request, _("The request was rejected."))
            return redirect("privacy:erasure_detail", erasure_id=decided.pk)
    return render(request, "privacy/erasure_detail.html",
                  {"item": erasure_request, "form": form})

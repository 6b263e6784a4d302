from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core import audit
from terbalik.core.access import get_employee, get_import_batch, hr_required
from terbalik.core.http import no_store
from terbalik.core.service_errors import flash_error

from . import batches, selectors, services
from .forms import DirectoryFilterForm, ImportUploadForm
from .models import Employee, ImportBatch

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> tuple[QuerySet[Employee], DirectoryFilterForm]:
    departments, grades = selectors.directory_choices(request.user)
    form = DirectoryFilterForm(request.GET or None, departments=departments, grades=grades)
    qs = selectors.directory_filtered(
        request.user, form.cleaned_data if form.is_valid() else None
    )
    return qs, form


@hr_required
def employee_list(request: HttpRequest) -> HttpResponse:
    qs, form = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "people/employee_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "total": page.paginator.count},
    )


@no_store
@hr_required
def employee_export(request: HttpRequest, fmt: str) -> HttpResponse:
    qs, _form = _filtered(request)
    content = services.employees_export(queryset=selectors.by_employee_id(qs), fmt=fmt)
    audit.access(request, "people.directory_exported", fmt=fmt,
                 filters={k: v for k, v in request.GET.items() if v})
    stamp = timezone.localdate().isoformat()
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="employees-{stamp}.{fmt}"'
    return response


@login_required
def employee_detail(request: HttpRequest, employee_id: str) -> HttpResponse:
    employee = get_employee(request.user, employee_id)
    reports = selectors.direct_reports(request.user, employee)
    if employee.pk != getattr(request.user, "employee_id", None):  # someone else's data
        audit.access(request, "people.profile_viewed", employee)
    return render(
        request,
        "people/employee_detail.html",
        {
            "employee": employee,
            "chain": selectors.management_chain_for(request.user, employee),
            "reports": reports,
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = batches.import_batch_create(
            by=request.user, file_name=upload.name, content=upload.read()
        )
        return redirect("people:import_preview", batch_id=batch.pk)
    recent = selectors.recent_import_batches(request.user)
    return render(request, "people/import_upload.html", {
        "form": form, "recent": recent, "skills_limit": settings.SKILLS_MAX_PER_PERSON})


@hr_required
def import_preview(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_import_batch(request.user, batch_id)
    if batch.status != ImportBatch.Status.PREVIEW:
        return render(request, "people/import_done.html", {"batch": batch})
    plan = batches.import_batch_preview(batch=batch)
    return render(
        request,
        "people/import_preview.html",
        {"batch": batch, "plan": plan, "form": ImportUploadForm()},
    )


@hr_required
@require_http_methods(["GET", "POST"])
def import_apply(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_import_batch(request.user, batch_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("people:import_preview", batch_id=batch.pk)
    if batch.status != ImportBatch.Status.PREVIEW:
        messages.info(request, _("This file was already handled."))
        return redirect("people:import_preview", batch_id=batch.pk)
    try:
        plan = batches.import_batch_apply(batch=batch, by=request.user)
    except services.ImportRefused as refused:  # the rows' problems are on the preview page
        flash_error(request, refused)
        return redirect("people:import_preview", batch_id=batch.pk)
    messages.success(
        request,
        _(
            "Import finished: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged."
        )
        % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
    )
    return redirect("people:list")


@hr_required
@require_http_methods(["GET", "POST"])
def import_discard(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_import_batch(request.user, batch_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("people:import")
    if batch.status == ImportBatch.Status.PREVIEW:
        batches.import_batch_discard(batch=batch, by=request.user)
        messages.info(request, _("The file was discarded; nothing was imported."))
    return redirect("people:import")

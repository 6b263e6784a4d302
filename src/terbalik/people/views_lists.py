"""HR pages of the managed lists: departments and locations, renamed and merged."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.service_errors import ServiceError, form_error

from . import selectors, services
from .access import get_record, list_model
from .forms import RecordMergeForm, RecordRenameForm

PAGE_SIZE = 50


@hr_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    model = list_model(kind)
    page = Paginator(selectors.records_with_counts(request.user, kind), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "people/record_list.html", {
        "kind": kind, "title": model._meta.verbose_name_plural, "page": page})


@hr_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    record = get_record(request.user, kind, record_id)
    targets = selectors.merge_targets(request.user, record)
    action = request.POST.get("action") if request.method == "POST" else None
    rename = RecordRenameForm(request.POST if action == "rename" else None,
                              initial={"name": record.name})
    merge = RecordMergeForm(request.POST if action == "merge" else None, targets=targets)
    if action == "rename" and rename.is_valid():
        try:
            services.named_record_rename(record=record, name=rename.cleaned_data["name"],
                                         by=request.user)
        except ServiceError as exc:
            form_error(rename, exc)
        else:
            messages.success(request, _("Renamed; its employees follow."))
            return redirect("people:records", kind=kind)
    if action == "merge" and merge.is_valid():
        target = merge.cleaned_data["target"]
        try:
            moved = services.named_record_merge(source=record, target=target, by=request.user)
        except ServiceError as exc:
            form_error(merge, exc)
        else:
            messages.success(request, ngettext(
                "Merged into %(target)s: %(count)d employee moved.",
                "Merged into %(target)s: %(count)d employees moved.", moved,
            ) % {"target": target.name, "count": moved})
            return redirect("people:records", kind=kind)
    return render(request, "people/record_edit.html", {
        "kind": kind, "record": record, "rename": rename, "merge": merge,
        "employees": selectors.record_employee_count(record),
        "title": type(record)._meta.verbose_name_plural,
    })

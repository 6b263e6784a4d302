"""HR renames or merges a department or location (the managed lists of `people`).

The page lives here, not in `people`, because renaming or merging a department must also
rewrite every program's eligibility lists (`services.department_rename` / `department_merge`);
locations go straight to the people service.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from terbalik.core.access import hr_required
from terbalik.core.service_errors import ServiceError, form_error
from terbalik.people import selectors as people_selectors
from terbalik.people import services as people_services
from terbalik.people.access import get_record
from terbalik.people.forms import RecordMergeForm, RecordRenameForm
from terbalik.people.models import Department

from .. import services


@hr_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    record = get_record(request.user, kind, record_id)
    is_department = isinstance(record, Department)
    rename_record = (services.department_rename if is_department
                     else people_services.named_record_rename)
    merge_record = (services.department_merge if is_department
                    else people_services.named_record_merge)
    targets = people_selectors.merge_targets(request.user, record)
    action = request.POST.get("action") if request.method == "POST" else None
    rename = RecordRenameForm(request.POST if action == "rename" else None,
                              initial={"name": record.name})
    merge = RecordMergeForm(request.POST if action == "merge" else None, targets=targets)
    if action == "rename" and rename.is_valid():
        try:
            rename_record(record=record, name=rename.cleaned_data["name"], by=request.user)
        except ServiceError as exc:
            form_error(rename, exc)
        else:
            messages.success(request, _("Renamed; its employees follow."))
            return redirect("people:records", kind=kind)
    if action == "merge" and merge.is_valid():
        target = merge.cleaned_data["target"]
        try:
            moved = merge_record(source=record, target=target, by=request.user)
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
        "employees": people_selectors.record_employee_count(record),
        "title": type(record)._meta.verbose_name_plural,
    })

"""The audit trail for platform admins: list with filters, one entry, CSV/XLSX export.

Read-only by construction: there is no view that writes an entry except the export's own
("core.audit_exported"), recorded through `audit.access` like every other export.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.accounts.models import Role
from terbalik.people.spreadsheet import write_table

from . import audit, audit_trail
from .access import role_required
from .audit_forms import AuditFilterForm
from .http import no_store

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000  # rows in one export; narrow the filters for more
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

platform_admin_required = role_required(Role.ADMIN)  # superusers pass too


def _form(request: HttpRequest) -> AuditFilterForm:
    data = request.GET.copy()
    data.pop("page", None)
    return AuditFilterForm(data or None, target_types=audit_trail.target_type_choices(),
                           programs=audit_trail.program_choices())


@no_store
@platform_admin_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    page = Paginator(audit_trail.trail(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = audit_trail.page_rows(list(page.object_list))
    names = dict(form.fields["program"].choices)  # type: ignore[attr-defined]
    for row in rows:
        row.program_name = str(names.get(row.program_id, ""))
    return render(request, "core/audit/list.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
    })


@no_store
@platform_admin_required
def audit_entry(request: HttpRequest, ref: str) -> HttpResponse:
    row = audit_trail.entry(ref)
    if row is None:
        raise Http404
    if row.program_id is not None:
        row.program_name = dict(audit_trail.program_choices()).get(row.program_id, "")
    return render(request, "core/audit/entry.html", {
        "row": row,
        "details": [(key, audit_trail.detail_text(value))
                    for key, value in sorted(row.details.items())],
    })


@no_store
@platform_admin_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    filters = _form(request).filters()
    headers, rows = audit_trail.export_rows(filters, limit=EXPORT_LIMIT)
    content = write_table(headers, rows, fmt=fmt, title=_("Audit trail"))
    audit.access(request, "core.audit_exported", fmt=fmt, rows=len(rows),
                 filters=filters.as_details())
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.{fmt}"'
    return response

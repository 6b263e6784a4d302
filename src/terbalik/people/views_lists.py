"""HR pages of the managed lists: departments and locations. Renaming and merging them is
`programs.views.records.record_edit` (a department rename must also rewrite programs'
eligibility lists, which the people app cannot see)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from terbalik.core.access import hr_required

from . import selectors
from .access import list_model

PAGE_SIZE = 50


@hr_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    model = list_model(kind)
    page = Paginator(selectors.records_with_counts(request.user, kind), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "people/record_list.html", {
        "kind": kind, "title": model._meta.verbose_name_plural, "page": page})

"""Reports views: thin callers over the report builders; access through `reports.access`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.accounts.models import Role
from terbalik.core import audit
from terbalik.core.access import HR_ROLES, role_required
from terbalik.core.http import no_store
from terbalik.core.privacy import MIN_GROUP_SIZE

from . import exports, selectors, services
from .access import get_reported_program, is_sponsor, programs_reported_to
from .context import build_report
from .feedback_page import export_rows, feedback_page, feedback_scope
from .forms import FeedbackFilterForm, SponsorForm
from .overview import overview

readers = role_required(*HR_ROLES, Role.SPONSOR)


def _page(report: object, program: object, people: bool) -> dict[str, object]:
    return {
        "report": report, "program": program, "people": people,
        "chart_labels": {"planned": _("Planned"), "held": _("Held"), "before": _("Before"),
                         "after": _("After"), "participants": _("Mentors in this program"),
                         "comparison": _("Comparable non-participants"),
                         "months": _("Months since the start")},
        "export_kinds": [("outcome", _("Verdict")), ("pairs", _("Pairs")),
                         ("meetings", _("Meetings")), ("goals", _("Goals")),
                         *[(f"responses-{s.pk}", _("Responses: %(title)s") % {"title": s.title})
                           for s in (exports.program_sendings(program) if people else [])]],
    }


@no_store
@readers
def overview_view(request: HttpRequest) -> HttpResponse:
    people = not is_sponsor(request.user)
    rows = overview(programs=programs_reported_to(request.user), people=people)
    audit.access(request, "reports.overview_viewed", aggregates_only=not people)
    return render(request, "reports/overview.html",
                  {"rows": rows, "people": people, "min_group": MIN_GROUP_SIZE})


@no_store
@readers
def dashboard_view(request: HttpRequest, program_id: int) -> HttpResponse:
    program, people = get_reported_program(request.user, program_id)
    report = build_report(program=program, people=people)
    audit.access(request, "reports.dashboard_viewed", program, aggregates_only=not people)
    context = _page(report, program, people)
    if people:
        context["sponsors"] = selectors.report_sponsors(program)
        context["sponsor_form"] = SponsorForm()
    return render(request, "reports/dashboard.html", context)


@no_store
@readers
def report_view(request: HttpRequest, program_id: int) -> HttpResponse:
    program, people = get_reported_program(request.user, program_id)
    report = build_report(program=program, people=people)
    audit.access(request, "reports.report_viewed", program, aggregates_only=not people)
    return render(request, "reports/report_print.html", _page(report, program, people))


@no_store
@readers
def report_pdf_view(request: HttpRequest, program_id: int) -> HttpResponse:
    from .pdf import report_pdf

    program, people = get_reported_program(request.user, program_id)
    report = build_report(program=program, people=people)
    content = report_pdf(report, language=get_language() or "id")
    audit.access(request, "reports.report_pdf_exported", program, aggregates_only=not people)
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(program.name) or f"program-{program.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}-report.pdf"'
    return response


@no_store
@role_required(*HR_ROLES)
def export_view(request: HttpRequest, program_id: int, kind: str, fmt: str) -> HttpResponse:
    program, people = get_reported_program(request.user, program_id)
    if not people or fmt not in ("csv", "xlsx"):
        raise Http404
    if kind in exports.KINDS:
        content = exports.export(program=program, kind=kind, fmt=fmt)  # type: ignore[arg-type]
    elif kind.startswith("responses-") and kind[10:].isdigit():
        found = exports.sending_export(program=program, instance_id=int(kind[10:]),
                                       fmt=fmt)  # type: ignore[arg-type]
        if found is None:
            raise Http404
        content = found
    else:
        raise Http404
    audit.access(request, "reports.data_exported", program, kind=kind, fmt=fmt)
    return _download(content, program, kind, fmt)


def _download(content: bytes, program: object, kind: str, fmt: str) -> HttpResponse:
    types = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    response = HttpResponse(content, content_type=types[fmt])
    name = slugify(program.name) or f"program-{program.pk}"  # type: ignore[attr-defined]
    response["Content-Disposition"] = f'attachment; filename="{name}-{kind}.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(*HR_ROLES)
def sponsors_view(request: HttpRequest, program_id: int) -> HttpResponse:
    program, people = get_reported_program(request.user, program_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("reports:dashboard", program_id=program.pk)
    form = SponsorForm(request.POST)
    if people and form.is_valid():
        user = form.cleaned_data["user"]
        if form.cleaned_data["action"] == "remove":
            services.sponsor_remove(program=program, user=user, by=request.user)
            messages.success(request, _("%(name)s no longer sees this program's reports.")
                             % {"name": user.full_name or user.email})
        else:
            services.sponsor_assign(program=program, user=user, by=request.user)
            messages.success(request, _("%(name)s can now read this program's reports.")
                             % {"name": user.full_name or user.email})
    else:
        messages.error(request, _("Choose a sponsor from the list."))
    return redirect("reports:dashboard", program_id=program.pk)


def _feedback_form(request: HttpRequest, scope: object) -> FeedbackFilterForm:
    form = FeedbackFilterForm(request.GET or None, scope=scope)
    if form.is_bound:
        form.is_valid()
    return form


@no_store
@readers
def feedback_view(request: HttpRequest, program_id: int) -> HttpResponse:
    """Session ratings over time and every comment, grouped, searchable, paginated (HR);
    totals only (sponsors)."""
    program, people = get_reported_program(request.user, program_id)
    scope = feedback_scope(program)
    form = _feedback_form(request, scope)
    filters = form.filters()
    found = feedback_page(scope=scope, people=people, filters=filters,
                          page_number=request.GET.get("page"))
    audit.access(request, "reports.feedback_viewed", program, aggregates_only=not people)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reports/feedback.html", {
        "program": program, "people": people, "form": form, "feedback": found,
        "query": query.urlencode(), "min_group": MIN_GROUP_SIZE, "pair_choices": scope.pairs,
        "selected_pair": filters.pair,
        "chart_labels": {"ratings": [_("Rating %(n)s") % {"n": n} for n in range(1, 6)],
                         "week": _("Week of")},
    })


@no_store
@role_required(*HR_ROLES)
def feedback_export_view(request: HttpRequest, program_id: int, fmt: str) -> HttpResponse:
    """The comments the feedback page shows with the same filters, every page (HR only)."""
    program, people = get_reported_program(request.user, program_id)
    if not people or fmt not in ("csv", "xlsx"):
        raise Http404
    scope = feedback_scope(program)
    found = feedback_page(scope=scope, people=True,
                          filters=_feedback_form(request, scope).filters(), paginate=False)
    headers, rows = export_rows(found)
    content = exports.write_table(headers, rows, fmt=fmt, title=_("Feedback"))
    audit.access(request, "reports.feedback_exported", program, fmt=fmt, rows=len(rows))
    return _download(content, program, "feedback", fmt)

"""Sendings (survey instances) for HR, and results for HR and sponsors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from terbalik.accounts.models import Role
from terbalik.core import audit
from terbalik.core.access import HR_ROLES, hr_required, role_required
from terbalik.core.http import no_store
from terbalik.core.privacy import MIN_GROUP_SIZE

from . import access, exports, results, selectors, services
from .forms import InstanceForm, RecipientFilterForm, TargetForm
from .models import Response, SurveyInstance

PAGE_SIZE = 50


@hr_required
@require_http_methods(["GET", "POST"])
def instance_create(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.get_editable_survey(request.user, survey_id)
    pre_choices = selectors.pre_sendings_for(request.user, survey)
    form = InstanceForm(
        request.POST or None, pre_choices=pre_choices,
        initial={"title": survey.display_title},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            instance = services.survey_instance_create(
                survey=survey, by=request.user, title=data["title"],
                opens_at=data["opens_at"], closes_at=data["closes_at"], phase=data["phase"],
                pre_instance=data["pre_instance"], response_target=data["response_target"],
            )
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, _("Sending created. Now choose who receives it."))
            return redirect("surveys:recipients", instance_id=instance.pk)
    return render(request, "surveys/instance_form.html", {"form": form, "survey": survey})


def _recipient_rows(instance: SurveyInstance, page_number: str | None):  # type: ignore[no-untyped-def]
    page = Paginator(selectors.recipient_links(instance), PAGE_SIZE).get_page(page_number)
    statuses = selectors.response_statuses(instance, [link.user_id for link in page.object_list])
    labels = {
        Response.Status.SUBMITTED: _("Completed"),
        Response.Status.DRAFT: _("In progress"),
    }
    rows = [
        {"user": link.user, "status": statuses.get(link.user_id, ""),
         "status_label": labels.get(statuses.get(link.user_id, ""), _("Not started"))}
        for link in page.object_list
    ]
    return page, rows


@hr_required
def instance_detail(request: HttpRequest, instance_id: int) -> HttpResponse:
    instance = access.get_managed_instance(request.user, instance_id)
    page, rows = _recipient_rows(instance, request.GET.get("page"))
    return render(
        request,
        "surveys/instance_detail.html",
        {
            "instance": instance,
            "survey": instance.version.survey,
            "overview": results.overview(instance),
            "page": page,
            "rows": rows,
            "query": "",
            "deliveries": selectors.delivery_counts(instance),
            "target_form": TargetForm(initial={"response_target": instance.response_target}),
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def instance_target(request: HttpRequest, instance_id: int) -> HttpResponse:
    """Change the sending's response target (the form sits on the sending's page)."""
    instance = access.get_managed_instance(request.user, instance_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("surveys:instance", instance_id=instance.pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        services.survey_instance_set_target(
            instance=instance, response_target=form.cleaned_data["response_target"],
            by=request.user)
        messages.success(request, _("Response target saved."))
    else:  # the form's one field
        messages.error(request, " ".join(form.errors["response_target"]))
    return redirect("surveys:instance", instance_id=instance.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def instance_recipients(request: HttpRequest, instance_id: int) -> HttpResponse:
    instance = access.get_managed_instance(request.user, instance_id)
    departments = selectors.directory_departments()
    source = request.POST if request.method == "POST" else request.GET
    form = RecipientFilterForm(
        source or None, departments=departments,
        programs=selectors.programs_to_pick(request.user),
    )
    matches = None
    if form.is_bound and form.is_valid():
        matches = selectors.matching_users(form.cleaned_data, instance)
        if request.method == "POST":
            added = services.survey_instance_add_recipients(
                instance=instance, users=list(matches), by=request.user
            )
            messages.success(
                request,
                ngettext(
                    "%(count)d person added to this sending.",
                    "%(count)d people added to this sending.",
                    added,
                )
                % {"count": added},
            )
            return redirect("surveys:instance", instance_id=instance.pk)
    preview, match_count = (
        selectors.first_and_total(matches, 20) if matches is not None else ([], None)
    )
    return render(
        request,
        "surveys/recipients.html",
        {
            "instance": instance,
            "form": form,
            "matches": preview,
            "match_count": match_count,
            "current": selectors.recipient_count(instance),
        },
    )


@hr_required
@require_http_methods(["GET", "POST"])
def instance_invite(request: HttpRequest, instance_id: int) -> HttpResponse:
    instance = access.get_managed_instance(request.user, instance_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("surveys:instance", instance_id=instance.pk)
    sent = services.survey_invitations_send(
        instance=instance, by=request.user
    )
    if sent:
        messages.success(
            request,
            ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
            % {"count": sent},
        )
    else:
        messages.info(request, _("Nobody needed an invitation: everyone already has one."))
    return redirect("surveys:instance", instance_id=instance.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def instance_remind(request: HttpRequest, instance_id: int) -> HttpResponse:
    instance = access.get_managed_instance(request.user, instance_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("surveys:instance", instance_id=instance.pk)
    sent = services.survey_reminders_send(
        instance=instance, by=request.user
    )
    if sent:
        messages.success(
            request,
            ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", sent)
            % {"count": sent},
        )
    else:
        messages.info(
            request,
            _("No reminder sent: everyone has answered, was reminded today, or the survey is "
              "not open."),
        )
    return redirect("surveys:instance", instance_id=instance.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def instance_close(request: HttpRequest, instance_id: int) -> HttpResponse:
    instance = access.get_managed_instance(request.user, instance_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("surveys:instance", instance_id=instance.pk)
    services.survey_instance_close(instance=instance, by=request.user)
    messages.success(request, _("The survey is closed; no more answers are accepted."))
    return redirect("surveys:instance", instance_id=instance.pk)


@no_store
@role_required(*HR_ROLES, Role.SPONSOR)
def results_list(request: HttpRequest) -> HttpResponse:
    instances = selectors.results_with_progress(request.user)
    page = Paginator(instances, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveys/results_list.html", {"page": page, "query": ""})


@no_store
@role_required(*HR_ROLES, Role.SPONSOR)
def results_detail(request: HttpRequest, instance_id: int) -> HttpResponse:
    instance = access.get_results_instance(request.user, instance_id)
    people = access.can_see_people(request.user)
    question_results = results.question_results(instance=instance, people=people)
    audit.access(request, "surveys.results_viewed", instance, aggregates_only=not people)
    charts = [
        {"id": f"chart-{r.question.pk}", "labels": r.labels, "counts": r.counts}
        for r in question_results
        if r.counts and not r.suppressed
    ]
    return render(
        request,
        "surveys/results.html",
        {
            "instance": instance,
            "survey": instance.version.survey,
            "overview": results.overview(instance),
            "question_results": question_results,
            "charts": charts,
            "scores": results.person_scores(instance=instance, people=people),
            "comparison": results.pre_post(instance=instance, people=people),
            "people": people,
            "min_group": MIN_GROUP_SIZE,
            "now": timezone.now(),
        },
    )


@no_store
@hr_required
def results_export(request: HttpRequest, instance_id: int, fmt: str) -> HttpResponse:
    instance = access.get_results_instance(request.user, instance_id)
    content = exports.responses_export(instance=instance, fmt=fmt)  # type: ignore[arg-type]
    audit.access(request, "surveys.responses_exported", instance, fmt=fmt)
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{instance.pk}-responses-{stamp}.{fmt}"'
    )
    return response

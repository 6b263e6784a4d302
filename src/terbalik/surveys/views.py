"""The survey builder for HR: surveys, questions (HTMX reorder), preview, copy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.access import hr_required

from . import access, selectors, services
from .forms import AnswerForm, QuestionForm, SurveyForm
from .models import Survey


@hr_required
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = selectors.surveys_with_counts(request.user)
    own = [s for s in surveys if not s.is_template]
    templates = [s for s in surveys if s.is_template]
    sendings = selectors.recent_sendings(request.user)
    return render(
        request,
        "surveys/survey_list.html",
        {"own": own, "templates": templates, "sendings": sendings},
    )


@hr_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                by=request.user, title=form.title, kind=form.cleaned_data["kind"],
                description=form.description,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survey created. Now add its questions."))
            return redirect("surveys:detail", survey_id=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": None})


@hr_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.get_editable_survey(request.user, survey_id)
    initial = {
        "title_id": survey.title.get("id", ""), "title_en": survey.title.get("en", ""),
        "description_id": survey.description.get("id", ""),
        "description_en": survey.description.get("en", ""),
    }
    form = SurveyForm(request.POST or None, initial=initial, with_kind=False)
    if request.method == "POST" and form.is_valid():
        services.survey_update(
            survey=survey, by=request.user, title=form.title, description=form.description
        )
        messages.success(request, _("Saved."))
        return redirect("surveys:detail", survey_id=survey.pk)
    return render(request, "surveys/survey_form.html", {"form": form, "survey": survey})


def _builder_context(survey: Survey) -> dict[str, object]:
    version = services.survey_current_version(survey)
    return {
        "survey": survey,
        "version": version,
        "questions": selectors.ordered_questions(version),
        "locked": version.is_locked,
    }


@hr_required
def survey_detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.get_survey(request.user, survey_id)
    context = _builder_context(survey)
    context["versions"] = selectors.survey_versions(survey)
    context["sendings"] = selectors.survey_sendings(request.user, survey)
    return render(request, "surveys/survey_detail.html", context)


@hr_required
@require_http_methods(["GET", "POST"])
def survey_copy(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.get_survey(request.user, survey_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("surveys:detail", survey_id=survey.pk)
    copy = services.survey_copy(survey=survey, by=request.user)
    messages.success(request, _("Copy created: you can now adapt it."))
    return redirect("surveys:detail", survey_id=copy.pk)


@hr_required
def survey_preview(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.get_survey(request.user, survey_id)
    questions = selectors.ordered_questions(services.survey_current_version(survey))
    form = AnswerForm(questions=questions)
    return render(
        request,
        "surveys/preview.html",
        {"survey": survey, "form": form, "items": _items(form), "preview": True},
    )


def _items(form: AnswerForm) -> list[dict[str, object]]:
    """(question, bound field) pairs with section headings, for the answer templates."""
    items = []
    section = None
    for q in form.questions:
        heading = q.display_section
        field = form[f"q{q.pk}"]
        value = field.value()
        values = value if isinstance(value, list | tuple) else [value]
        items.append({
            "question": q,
            "field": field,
            "selected": [str(v) for v in values if v not in (None, "")],
            "section": heading if heading and heading != section else "",
        })
        section = heading or section
    return items


@hr_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = access.get_editable_survey(request.user, survey_id)
    form = QuestionForm(request.POST or None, initial={"required": True, "type": "likert"})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(survey=survey, by=request.user, data=form.to_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Question added."))
            return redirect("surveys:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": None, **_lock_context(survey)},
    )


def _lock_context(survey: Survey) -> dict[str, object]:
    return {"locked": services.survey_current_version(survey).is_locked}


@hr_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = access.get_editable_survey(request.user, survey_id)
    question = access.get_editable_question(request.user, survey, question_id)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(question=question, by=request.user, data=form.to_data())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "survey": survey, "question": question, **_lock_context(survey)},
    )


def _question_list(request: HttpRequest, survey: Survey, status: str = "") -> HttpResponse:
    context = _builder_context(survey)
    context["status"] = status
    return render(request, "surveys/_question_list.html", context)


@hr_required
@require_http_methods(["GET", "POST"])
def question_move(
    request: HttpRequest, survey_id: int, question_id: int, direction: str
) -> HttpResponse:
    survey = access.get_editable_survey(request.user, survey_id)
    question = access.get_editable_question(request.user, survey, question_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("surveys:detail", survey_id=survey.pk)
    services.question_move(question=question, by=request.user, direction=direction)
    if request.headers.get("HX-Request"):
        text = question.display_text
        status = (
            _("“%(question)s” moved up.") if direction == "up" else _("“%(question)s” moved down.")
        ) % {"question": text}
        return _question_list(request, survey, status)
    return redirect("surveys:detail", survey_id=survey.pk)


@hr_required
@require_http_methods(["GET", "POST"])
def question_remove(request: HttpRequest, survey_id: int, question_id: int) -> HttpResponse:
    survey = access.get_editable_survey(request.user, survey_id)
    question = access.get_editable_question(request.user, survey, question_id)
    if request.method == "POST":
        services.question_remove(question=question, by=request.user)
        status = _("“%(question)s” removed.") % {"question": question.display_text}
        if request.headers.get("HX-Request"):
            return _question_list(request, survey, status)
        messages.success(request, status)
        return redirect("surveys:detail", survey_id=survey.pk)
    return render(
        request,
        "surveys/question_confirm_remove.html",
        {"survey": survey, "question": question, **_lock_context(survey)},
    )


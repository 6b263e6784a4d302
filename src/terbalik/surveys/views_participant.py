"""The participant side: my surveys, and answering one (save and continue later, submit)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.http import no_store
from terbalik.core.once import form_once_exempt
from terbalik.core.service_errors import ServiceError

from . import access, selectors, services
from .forms import AnswerForm
from .views import _items


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    instances = selectors.open_sendings_for(request.user, now)
    statuses = selectors.own_statuses(request.user, instances)
    rows = [{"instance": i, "status": statuses.get(i.pk, "")} for i in instances]
    open_rows = [r for r in rows if r["instance"].is_open(now)]
    past_rows = [r for r in rows if not r["instance"].is_open(now)]
    return render(request, "surveys/my_surveys.html", {"open_rows": open_rows,
                                                       "past_rows": past_rows})


@no_store
@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, instance_id: int) -> HttpResponse:
    instance = access.get_recipient_instance(request.user, instance_id)
    questions = selectors.ordered_questions(instance.version)
    response = selectors.own_response(instance, request.user)
    saved = selectors.saved_answers(response)
    if response is not None and response.is_submitted:
        return render(request, "surveys/answer_done.html", {
            "instance": instance, "response": response,
            "answers": [(q, _readable(q, saved.get(q.pk))) for q in questions],
        })
    if not instance.is_open():
        return render(request, "surveys/answer_closed.html", {"instance": instance})
    form = AnswerForm(
        request.POST or None, questions=questions, initial=AnswerForm.initial_from(saved)
    )
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "save")
        try:
            if action == "submit":
                services.response_submit(
                    instance=instance, user=request.user, answers=form.answers()
                )
                messages.success(request, _("Thank you! Your answers have been submitted."))
                return redirect("surveys:my")
            services.response_save(instance=instance, user=request.user, answers=form.answers())
        except ServiceError as error:
            form.attach(services.answer_errors(error))
        else:
            messages.success(
                request,
                _("Your answers are saved. You can continue later from “My surveys”."),
            )
            return redirect("surveys:answer", instance_id=instance.pk)
    answered = sum(1 for q in questions if _has_value(form, q))
    return render(
        request,
        "surveys/answer.html",
        {
            "instance": instance,
            "survey": instance.version.survey,
            "form": form,
            "items": _items(form),
            "answered": answered,
            "total": len(questions),
            "percent": round(100 * answered / len(questions)) if questions else 0,
        },
    )


@form_once_exempt  # posts the same form at every change, on purpose; an upsert anyway
@login_required
@require_http_methods(["GET", "POST"])
def autosave(request: HttpRequest, instance_id: int) -> HttpResponse:
    """HTMX save-as-you-go: stores the draft and answers with a short status line."""
    instance = access.get_recipient_instance(request.user, instance_id)
    if request.method != "POST":  # a reload or an opened link: the page, never 405
        return redirect("surveys:answer", instance_id=instance.pk)
    questions = selectors.ordered_questions(instance.version)
    saved = selectors.saved_answers(selectors.own_response(instance, request.user))
    form = AnswerForm(request.POST, questions=questions, initial=AnswerForm.initial_from(saved))
    ok = False
    problem = ""  # why nothing can be saved at all (closed, already submitted), if that is why
    if form.is_valid():
        try:
            services.response_save(instance=instance, user=request.user, answers=form.answers())
            ok = True
        except ServiceError as error:
            problem = services.answer_errors(error).get(None, "")
    return render(
        request,
        "surveys/_autosave_status.html",
        {"ok": ok, "problem": problem, "at": timezone.localtime()},
    )


def _has_value(form: AnswerForm, question) -> bool:  # type: ignore[no-untyped-def]
    value = form[f"q{question.pk}"].value()
    if isinstance(value, list):
        return any(str(v).strip() for v in value)
    return value not in (None, "") and str(value).strip() != ""


def _readable(question, value) -> str:  # type: ignore[no-untyped-def]
    return question.answer_text(value)

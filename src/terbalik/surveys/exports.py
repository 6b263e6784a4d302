"""Per-person response exports (CSV and XLSX) without confidential answers.

Cells that a spreadsheet would run as a formula are neutralised by the shared writers in
`terbalik.people.spreadsheet` (CSV: leading apostrophe; XLSX: always stored as text).
"""

from __future__ import annotations

from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.people.spreadsheet import Cell, write_table

from .models import Answer, Question, QuestionType, Response, SurveyInstance, localized

Format = Literal["csv", "xlsx"]


def _display(question: Question, value: Any) -> Cell:
    if value is None:
        return None
    if question.is_skills:
        return question.answer_text(value)
    if question.is_choice:
        labels = {str(o["value"]): localized(o.get("label")) for o in question.options}
        items = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(str(v), str(v)) for v in items)
    if question.type in (QuestionType.LIKERT, QuestionType.NUMBER):
        return value if isinstance(value, int | float) else str(value)
    return str(value)


def response_table(*, instance: SurveyInstance) -> tuple[list[str], list[list[Cell]]]:
    """Headers and one row per recipient who started; confidential questions left out.

    Answers appear only once submitted: a draft is still the person's to change, so an
    in-progress row shows who it is and its status, with empty answers.
    """
    questions = [
        q for q in instance.version.questions.order_by("position", "id") if not q.confidential
    ]
    scored = instance.version.survey.is_test and not any(
        q.is_scored for q in instance.version.questions.filter(confidential=True)
    )
    headers = [_("Employee ID"), _("Name"), _("E-mail"), _("Status"), _("Submitted at")]
    if scored:
        headers += [_("Score"), _("Maximum score")]
    headers += [f"{i}. {q.display_text}" for i, q in enumerate(questions, start=1)]
    responses = list(
        instance.responses.select_related("user__employee").order_by(
            "user__full_name", "user__email"
        )
    )
    values: dict[tuple[int, int], Any] = {
        (rid, qid): value
        for rid, qid, value in Answer.objects.filter(
            response__instance=instance,
            response__status=Response.Status.SUBMITTED,
            question__in=questions,
        ).values_list("response_id", "question_id", "value")
    }
    rows: list[list[Cell]] = []
    for response in responses:
        user = response.user
        submitted = (  # local wall time: a spreadsheet date cell has no time zone
            timezone.localtime(response.submitted_at).replace(tzinfo=None)
            if response.submitted_at
            else None
        )
        row: list[Cell] = [
            user.employee.employee_id if user.employee else "",
            user.full_name or (user.employee.full_name if user.employee else ""),
            user.email,
            str(Response.Status(response.status).label),
            submitted,
        ]
        if scored:
            row += [response.score, response.max_score]
        row += [_display(q, values.get((response.pk, q.pk))) for q in questions]
        rows.append(row)
    return headers, rows


def responses_export(*, instance: SurveyInstance, fmt: Format) -> bytes:
    headers, rows = response_table(instance=instance)
    return write_table(headers, rows, fmt=fmt, title=_("Responses"))

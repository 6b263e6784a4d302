"""Reads of the surveys app for its pages (views only call these; access.py decides what a
user may see, these shape it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from terbalik.accounts.models import User
from terbalik.core.compiled import Compiled
from terbalik.people.selectors import active_department_counts
from terbalik.programs.access import programs_managed_by
from terbalik.programs.models import Enrollment, EnrollmentStatus, Program

from . import access
from .models import Phase, Question, Response, Survey, SurveyInstance, SurveyVersion


def _with_progress(qs: QuerySet[SurveyInstance]) -> QuerySet[SurveyInstance]:
    return qs.annotate(
        recipient_count=Count("recipient_links", distinct=True),
        done_count=Count("responses", filter=Q(responses__status="submitted"), distinct=True),
    )


def surveys_with_counts(user: Any) -> QuerySet[Survey]:
    """The surveys `user` may see, templates first, with their versions and sendings counted."""
    return access.surveys_visible_to(user).annotate(
        version_count=Count("versions", distinct=True),
        sending_count=Count("versions__instances", distinct=True),
    ).order_by("-is_template", "-updated_at", "-id")


def recent_sendings(user: Any, limit: int = 50) -> QuerySet[SurveyInstance]:
    """The latest sendings `user` manages, with recipients and completed answers counted."""
    return _with_progress(
        access.instances_managed_by(user).select_related("version__survey")
    ).order_by("-opens_at", "-id")[:limit]


def ordered_questions(version: SurveyVersion) -> list[Question]:
    return list(version.questions.order_by("position", "id"))


def survey_versions(survey: Survey) -> QuerySet[SurveyVersion]:
    """Every version of `survey` with its questions and sendings counted."""
    return SurveyVersion.objects.filter(survey=survey).annotate(
        question_count=Count("questions", distinct=True),
        sending_count=Count("instances", distinct=True),
    )


def survey_sendings(user: Any, survey: Survey) -> QuerySet[SurveyInstance]:
    """The sendings of `survey` that `user` manages, the latest first."""
    return (
        access.instances_managed_by(user)
        .filter(version__survey=survey)
        .select_related("version")
        .order_by("-opens_at")
    )


def pre_sendings_for(user: Any, survey: Survey) -> QuerySet[SurveyInstance]:
    """"Before" sendings of `survey`, of the survey it was copied from or of its copies, that
    `user` manages: what an "after" sending may be paired with."""
    family = {pk for pk in (survey.pk, survey.copied_from_id) if pk}
    return (
        access.instances_managed_by(user)
        .filter(phase=Phase.PRE)
        .filter(Q(version__survey__in=family) | Q(version__survey__copied_from__in=family))
        .select_related("version__survey")
    )


def recipient_links(instance: SurveyInstance) -> QuerySet[Any]:
    """A sending's recipients with their users and employees, by name."""
    return instance.recipient_links.select_related("user__employee").order_by(
        "user__full_name", "user__email"
    )


def response_statuses(instance: SurveyInstance, user_ids: list[int]) -> dict[int, str]:
    """The status of each of these users' answers to a sending (absent: not started)."""
    return dict(
        instance.responses.filter(user_id__in=user_ids).values_list("user_id", "status")
    )


def delivery_counts(instance: SurveyInstance) -> QuerySet[Any]:
    """How many e-mails of each kind went out for a sending."""
    return instance.deliveries.values("kind").annotate(n=Count("id"))


def recipient_count(instance: SurveyInstance) -> int:
    return instance.recipient_links.count()


def directory_departments() -> list[tuple[str, int]]:
    """Every department of the active directory, once, sorted, with its number of employees,
    for the recipient filter."""
    return active_department_counts()


def programs_to_pick(user: Any) -> QuerySet[Program]:
    """The programs `user` manages, the newest first, for the recipient filter."""
    return programs_managed_by(user).order_by("-id")


def matching_users(data: dict[str, Any], instance: SurveyInstance) -> QuerySet[User]:
    """Active people with an active employee matching the recipient filter's cleaned data,
    leaving out those the sending already has, by name."""
    users = User.objects.filter(is_active=True, employee__isnull=False, employee__active=True)
    if data.get("program"):
        enrolled = Enrollment.objects.filter(
            program=data["program"], status=EnrollmentStatus.APPROVED, user__isnull=False
        )
        if data.get("audience"):
            enrolled = enrolled.filter(role=data["audience"])
        users = users.filter(pk__in=enrolled.values("user_id"))
    if data.get("department"):
        users = users.filter(employee__department_record=data["department"])
    if data.get("grade_min") is not None:
        users = users.filter(employee__grade__gte=data["grade_min"])
    if data.get("grade_max") is not None:
        users = users.filter(employee__grade__lte=data["grade_max"])
    if data.get("role"):
        users = users.filter(role=data["role"])
    return (
        users.select_related("employee")
        .order_by("full_name", "email")
        .exclude(survey_recipient_links__instance=instance)
    )


def first_and_total(qs: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows of `qs` and how many there are in all."""
    return list(qs[:limit]), qs.count()


def results_with_progress(user: Any) -> QuerySet[SurveyInstance]:
    """The sendings whose results `user` may see, the latest closed first, with progress."""
    return _with_progress(
        access.results_visible_to(user).select_related("version__survey", "pre_instance")
    ).order_by("-closes_at", "-id")


def _open_sendings(user_pk: int, *, at: dt.datetime, limit: int,
                   fields: tuple[str, ...]) -> QuerySet[SurveyInstance]:
    sendings = (
        access.instances_received_by(user_pk)
        .select_related("version__survey")
        .filter(opens_at__lte=at)
        .order_by("-opens_at", "-id")
    )
    return (sendings.only(*fields) if fields else sendings)[:limit]


#: compiled once per connection, limit and fields, the moment a parameter (core/compiled.py):
#: the participant home asks on every view, and building this query cost more CPU than the
#: rest of its to-do list
_OPEN_SENDINGS = Compiled(SurveyInstance, _open_sendings)


def open_sendings_for(user: Any, now: dt.datetime, limit: int = 100,
                      fields: tuple[str, ...] = ()) -> list[SurveyInstance]:
    """Sendings `user` receives that have opened, the latest first (only `fields`, when
    given, besides the keys)."""
    if not getattr(user, "is_authenticated", False):  # access.instances_for_recipient's none()
        return []
    return _OPEN_SENDINGS(user.pk, at=now, limit=limit, fields=fields)


def own_statuses(user: Any, instances: list[SurveyInstance]) -> dict[int, str]:
    """The status of `user`'s answers to each of these sendings (absent: not started)."""
    if not instances:  # the common case on the home: not even a query to build
        return {}
    return dict(
        Response.objects.filter(user=user, instance__in=instances).values_list(
            "instance_id", "status"
        )
    )


def own_response(instance: SurveyInstance, user: Any) -> Response | None:
    return Response.objects.filter(instance=instance, user=user).first()


def saved_answers(response: Response | None) -> dict[int, Any]:
    """The values saved in a response, by question id (empty when there is none)."""
    if response is None:
        return {}
    return {a.question_id: a.value for a in response.answers.all()}


#: what the home's to-do list reads of a sending: when it is open and the survey's title
DUE_FIELDS = ("opens_at", "closes_at", "closed_at", "version__survey__title")


def due_for(user: Any, now: dt.datetime, limit: int = 20) -> list[SurveyInstance]:
    """Open sendings `user` has not completed yet, closing soonest first (two queries; only
    the columns the home shows: it asks on every view)."""
    instances = [i for i in open_sendings_for(user, now, limit=limit, fields=DUE_FIELDS)
                 if i.is_open(now)]
    statuses = own_statuses(user, instances)
    due = [i for i in instances if statuses.get(i.pk) != Response.Status.SUBMITTED]
    return sorted(due, key=lambda i: (i.effective_close, i.pk))
def response_rates(user: Any, *, now: dt.datetime, recent_days: int = 14,
                   limit: int = 10) -> list[dict[str, Any]]:
    """Sendings `user` manages that are open or closed within `recent_days`, soonest closing
    first, with recipients, submitted answers, the rate and whether it is under the sending's
    response target (1 query)."""
    rows = (
        access.instances_managed_by(user)
        .filter(opens_at__lte=now, closes_at__gte=now - dt.timedelta(days=recent_days))
        .annotate(
            n_recipients=Count("recipient_links", distinct=True),
            n_submitted=Count("responses", distinct=True,
                              filter=Q(responses__status=Response.Status.SUBMITTED)),
        ).order_by("closes_at", "id")[:limit]
    )
    result = []
    for instance in rows:
        rate = (100.0 * instance.n_submitted / instance.n_recipients
                if instance.n_recipients else None)
        result.append({
            "instance": instance, "recipients": instance.n_recipients,
            "submitted": instance.n_submitted, "rate": rate,
            "target": instance.response_target,
            "below": rate is not None and rate < instance.response_target,
            "open": instance.is_open(now),
        })
    return result

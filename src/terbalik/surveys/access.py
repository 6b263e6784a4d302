"""What a user may see in the surveys app; everything else is a 404.

- Platform admins see every survey and sending.
- HR program managers see the shipped templates (read-only) and the surveys and sendings they
  created themselves, and the sendings the measurement plan of a program they manage scheduled
  (`PlannedSending`); another HR user's survey is a 404.
- Sponsors see the results (aggregates only, nothing under MIN_GROUP_SIZE people) of closed
  sendings of the programs they sponsor (`core.access.programs_sponsored_by`); a sending that
  belongs to no program is never theirs.
- Participants see only the sendings they were invited to, and only their own response.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from terbalik.core.access import (
    HR_ROLES,
    has_role,
    is_platform_admin,
    is_sponsor,
    programs_sponsored_by,
)
from terbalik.programs.access import programs_managed_by

from .models import PlannedSending, Question, Survey, SurveyInstance


def can_see_people(user: Any) -> bool:
    """HR and admins see per-person results (never confidential answers); sponsors do not."""
    return has_role(user, *HR_ROLES)


def surveys_visible_to(user: Any) -> QuerySet[Survey]:
    if is_platform_admin(user):
        return Survey.objects.all()
    if has_role(user, *HR_ROLES):
        return Survey.objects.filter(Q(is_template=True) | Q(created_by=user))
    return Survey.objects.none()


def surveys_editable_by(user: Any) -> QuerySet[Survey]:
    return surveys_visible_to(user).filter(is_template=False)


def get_survey(user: Any, survey_id: int) -> Survey:
    return get_object_or_404(surveys_visible_to(user), pk=survey_id)


def get_editable_survey(user: Any, survey_id: int) -> Survey:
    return get_object_or_404(surveys_editable_by(user), pk=survey_id)


def get_editable_question(user: Any, survey: Survey, question_id: int) -> Question:
    """A question of the survey's latest version (older versions are history, not editable)."""
    latest = survey.versions.order_by("-number").values_list("pk", flat=True)[:1]
    return get_object_or_404(
        Question.objects.select_related("version__survey"),
        version__survey__in=surveys_editable_by(user).filter(pk=survey.pk),
        version__in=list(latest),
        pk=question_id,
    )


def instances_managed_by(user: Any) -> QuerySet[SurveyInstance]:
    if is_platform_admin(user):
        return SurveyInstance.objects.all()
    if has_role(user, *HR_ROLES):
        # their own sendings, and those the plan of a program they manage scheduled
        return SurveyInstance.objects.filter(
            Q(created_by=user) | Q(plan_link__program__in=programs_managed_by(user))
        )
    return SurveyInstance.objects.none()


def get_managed_plan_link(user: Any, link_id: int) -> PlannedSending:
    """A scheduled sending of a program this HR user manages (platform admins: any), or 404."""
    if not has_role(user, *HR_ROLES):
        raise Http404
    return get_object_or_404(
        PlannedSending.objects.filter(program__in=programs_managed_by(user))
        .select_related("program", "instance__pre_instance"),
        pk=link_id,
    )


def get_managed_instance(user: Any, instance_id: int) -> SurveyInstance:
    return get_object_or_404(
        instances_managed_by(user).select_related("version__survey", "pre_instance"),
        pk=instance_id,
    )


def results_visible_to(user: Any) -> QuerySet[SurveyInstance]:
    if has_role(user, *HR_ROLES):
        return instances_managed_by(user)
    if is_sponsor(user):
        now = timezone.now()
        return SurveyInstance.objects.filter(
            Q(closes_at__lte=now) | Q(closed_at__lte=now),
            program_id__in=programs_sponsored_by(user),
        )
    return SurveyInstance.objects.none()


def get_results_instance(user: Any, instance_id: int) -> SurveyInstance:
    return get_object_or_404(
        results_visible_to(user).select_related("version__survey", "pre_instance__version"),
        pk=instance_id,
    )


def instances_for_recipient(user: Any) -> QuerySet[SurveyInstance]:
    if not getattr(user, "is_authenticated", False):
        return SurveyInstance.objects.none()
    return instances_received_by(user.pk)


def instances_received_by(user_pk: int) -> QuerySet[SurveyInstance]:
    """The sendings the signed-in user with this id receives (`instances_for_recipient`,
    by id: a compiled read's placeholder)."""
    return SurveyInstance.objects.filter(recipient_links__user=user_pk)


def get_recipient_instance(user: Any, instance_id: int) -> SurveyInstance:
    return get_object_or_404(
        instances_for_recipient(user).select_related("version__survey"), pk=instance_id
    )

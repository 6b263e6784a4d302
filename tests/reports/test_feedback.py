"""NPS and grouped evaluation texts, with the confidentiality rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from terbalik.accounts.models import Role
from terbalik.reports import feedback
from terbalik.surveys import services as survey_services
from terbalik.surveys.answering import response_record
from terbalik.surveys.models import Question, Survey

from ..factories import UserFactory


def test_nps_by_hand():
    # 10 answers: promoters 9, 10, 10, 9 (4); passives 7, 8 (2); detractors 0, 5, 6, 3 (4)
    assert feedback.nps([9, 10, 10, 9, 7, 8, 0, 5, 6, 3]) == pytest.approx(0.0)
    assert feedback.nps([10, 10, 9, 8, 6]) == pytest.approx(40.0)  # (3 − 1) / 5
    assert feedback.nps([]) is None


@pytest.fixture
def evaluation(hr_user, report_program):
    def make(scores: list[int], *, confidential_texts: bool = False):
        survey = Survey.objects.get(template_key="program-evaluation")
        opens = timezone.now() - dt.timedelta(days=20)
        instance = survey_services.survey_instance_create(
            survey=survey, by=hr_user, title="eval", opens_at=opens,
            closes_at=opens + dt.timedelta(days=10), program_id=report_program.pk)
        users = [UserFactory(role=Role.PARTICIPANT) for _s in scores]
        survey_services.survey_instance_add_recipients(instance=instance, users=users,
                                                       by=hr_user)
        questions = {q.key: q for q in instance.version.questions.all()}
        if confidential_texts:
            Question.objects.filter(pk=questions["worked"].pk).update(confidential=True)
        for n, (user, score) in enumerate(zip(users, scores, strict=True)):
            response_record(instance=instance, user=user, answers={
                questions["overall"].pk: 4, questions["nps"].pk: score,
                questions["worked"].pk: f"worked {n}", questions["did-not-work"].pk: f"not {n}",
            }, submitted_at=opens + dt.timedelta(days=1))
        return instance

    return make


@pytest.mark.django_db
def test_hr_sees_nps_and_texts_sponsor_only_nps(evaluation, report_program):
    evaluation([10, 10, 9, 8, 6])
    hr = feedback.feedback(program_id=report_program.pk, people=True)
    assert hr.nps == pytest.approx(40.0) and (hr.promoters, hr.passives, hr.detractors) == (
        3, 1, 1)
    assert [g.question.key for g in hr.groups] == ["worked", "did-not-work"]
    assert hr.groups[0].texts == [f"worked {n}" for n in range(5)]
    sponsor = feedback.feedback(program_id=report_program.pk, people=False)
    assert sponsor.nps == pytest.approx(40.0)
    assert all(g.suppressed and not g.texts for g in sponsor.groups)


@pytest.mark.django_db
def test_small_groups_and_confidential_texts_are_hidden(evaluation, report_program):
    evaluation([10, 9, 3, 8], confidential_texts=True)
    result = feedback.feedback(program_id=report_program.pk, people=True)
    assert result.suppressed and result.nps is None and result.nps_n == 4
    assert all(g.suppressed and not g.texts for g in result.groups)


@pytest.mark.django_db
def test_confidential_texts_stay_hidden_in_large_groups(evaluation, report_program):
    evaluation([10, 9, 9, 8, 7, 10], confidential_texts=True)
    worked, did_not = feedback.feedback(program_id=report_program.pk, people=True).groups
    assert worked.suppressed and worked.texts == [] and worked.n == 6
    assert not did_not.suppressed and len(did_not.texts) == 6

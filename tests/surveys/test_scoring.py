"""Scoring: one correct option is all-or-nothing; several give (right − wrong) / correct."""

from __future__ import annotations

import pytest

from terbalik.surveys import services
from terbalik.surveys.answering import score_answer

pytestmark = pytest.mark.django_db


def _questions(survey):
    return list(services.survey_current_version(survey).questions.order_by("position"))


def test_single_correct_is_all_or_nothing(quiz):
    single, _multi = _questions(quiz)
    assert score_answer(single, "a") == 2.0
    assert score_answer(single, "b") == 0.0
    assert score_answer(single, None) == 0.0


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        (["a", "b"], 2.0),  # both right: full points
        (["a"], 1.0),  # one of two right: half
        (["a", "c"], 0.0),  # one right, one wrong cancel out
        (["a", "b", "c"], 1.0),  # (2 - 1) / 2 of 2 points
        (["a", "b", "c", "d"], 0.0),  # ticking everything earns nothing
        (["c", "d"], 0.0),  # never negative
    ],
)
def test_multi_correct_partial_credit(quiz, chosen, expected):
    _single, multi = _questions(quiz)
    assert multi.is_multi
    assert score_answer(multi, chosen) == expected


def test_non_test_questions_are_not_scored(make_survey):
    from .conftest import T, likert

    survey = make_survey([likert(T("Saya yakin"))])
    (question,) = _questions(survey)
    assert score_answer(question, 4) is None


def test_submitted_response_totals_score_and_max(quiz, make_instance, participant_user):
    instance = make_instance(quiz, [participant_user])
    single, multi = _questions(quiz)
    response = services.response_submit(
        instance=instance,
        user=participant_user,
        answers={single.pk: "a", multi.pk: ["a", "c", "b"]},
    )
    assert response.score == 3.0  # 2 + 1
    assert response.max_score == 4.0
    assert response.is_submitted

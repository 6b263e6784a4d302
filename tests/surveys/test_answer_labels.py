"""Issue 16 item 6: a Likert answer is shown back as its label, not as a bare number."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.surveys import services

from .conftest import T, likert

pytestmark = pytest.mark.django_db

AGREE = {"1": T("Sangat tidak setuju", "Strongly disagree"), "2": T("Tidak setuju", "Disagree"),
         "3": T("Netral", "Neutral"), "4": T("Setuju", "Agree"),
         "5": T("Sangat setuju", "Strongly agree")}


def test_submitted_likert_answer_is_shown_as_its_label(client, make_survey, make_instance,
                                                        participant_user):
    participant_user.language = "id"
    participant_user.save()
    survey = make_survey([likert(T("Saya yakin", "I am confident"), scale_labels=AGREE),
                          likert(T("Tanpa label", "Unlabelled"))])
    instance = make_instance(survey, [participant_user])
    labelled, bare = services.survey_current_version(survey).questions.order_by("position")
    client.force_login(participant_user)
    url = reverse("surveys:answer", args=[instance.pk])
    response = client.post(url, {f"q{labelled.pk}": "4", f"q{bare.pk}": "2", "action": "submit"})
    assert response.status_code == 302
    done = client.get(url).content.decode()
    assert "Setuju (4 dari 5)" in done
    assert "2 dari 5" in done  # a point without a label still says where it sits on the scale
    assert ">4<" not in done.replace(" ", "")


def test_label_of_a_likert_value(make_survey):
    survey = make_survey([likert(T("Saya yakin", "I am confident"), scale_labels=AGREE)])
    question = services.survey_current_version(survey).questions.get()
    from django.utils import translation

    with translation.override("en"):
        assert question.answer_text(5) == "Strongly agree (5 of 5)"
        assert question.answer_text(None) == ""

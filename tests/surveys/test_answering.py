"""Partial save and resume, required questions, one response per person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from terbalik.core.service_errors import ServiceError
from terbalik.surveys import services
from terbalik.surveys.models import QuestionType, Response
from terbalik.surveys.services import ANSWERS_REFUSED, QuestionData, answer_errors

from .conftest import T, likert, opt

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake(make_survey):
    return make_survey([
        likert(T("Saya percaya diri", "I feel confident")),
        QuestionData(type=QuestionType.MULTIPLE, text=T("Minat", "Interests"),
                     options=[opt("ai", "AI"), opt("data", "Data"), opt("social", "Sosial")],
                     profile_field="interests"),
        QuestionData(type=QuestionType.LONG_TEXT, text=T("Catatan", "Notes"), required=False),
        QuestionData(type=QuestionType.NUMBER, text=T("Kapasitas", "Capacity"), min_value=1,
                     max_value=3, required=False),
    ])


def _qs(survey):
    return list(services.survey_current_version(survey).questions.order_by("position"))


def test_partial_answers_are_saved_and_resumed(intake, make_instance, participant_user):
    instance = make_instance(intake, [participant_user])
    conf, interests, notes, _cap = _qs(intake)
    services.response_save(instance=instance, user=participant_user, answers={conf.pk: "4"})
    response = Response.objects.get()
    assert response.status == Response.Status.DRAFT
    assert {a.question_id: a.value for a in response.answers.all()} == {conf.pk: 4}

    # later: add more, change one, clear one
    services.response_save(
        instance=instance, user=participant_user,
        answers={interests.pk: ["data", "ai"], notes.pk: "  halo  ", conf.pk: "5"},
    )
    services.response_save(instance=instance, user=participant_user, answers={notes.pk: ""})
    stored = {a.question_id: a.value for a in Response.objects.get().answers.all()}
    assert stored == {conf.pk: 5, interests.pk: ["ai", "data"]}  # option order, cleared note gone
    assert Response.objects.count() == 1


def test_invalid_value_refuses_the_whole_save(intake, make_instance, participant_user, english):
    instance = make_instance(intake, [participant_user])
    conf, interests, _notes, cap = _qs(intake)
    with pytest.raises(ServiceError) as info:
        services.response_save(
            instance=instance, user=participant_user,
            answers={conf.pk: "9", interests.pk: ["ai"], cap.pk: "lima"},
        )
    assert info.value.code == ANSWERS_REFUSED
    assert set(answer_errors(info.value)) == {conf.pk, cap.pk}
    assert "I feel confident" in answer_errors(info.value)[conf.pk]
    assert "Capacity" in answer_errors(info.value)[cap.pk]
    assert not Response.objects.exists()


def test_submit_names_missing_required_questions_in_the_users_language(
    intake, make_instance, participant_user, english
):
    instance = make_instance(intake, [participant_user])
    conf, interests, _notes, _cap = _qs(intake)
    with pytest.raises(ServiceError) as info:
        services.response_submit(instance=instance, user=participant_user, answers={conf.pk: 3})
    assert list(answer_errors(info.value)) == [interests.pk]
    assert answer_errors(info.value)[interests.pk] == "Please answer “Interests”."
    assert Response.objects.get().status == Response.Status.DRAFT

    from django.utils import translation

    with translation.override("id"):
        with pytest.raises(ServiceError) as info:
            services.response_submit(instance=instance, user=participant_user)
    # the question is named in the reader's language (the sentence itself comes from the
    # catalogue: "Mohon jawab “Minat”." once the Indonesian translations are compiled)
    assert "“Minat”" in answer_errors(info.value)[interests.pk]


def test_submit_then_no_more_changes(intake, make_instance, participant_user):
    instance = make_instance(intake, [participant_user])
    conf, interests, _notes, _cap = _qs(intake)
    services.response_submit(
        instance=instance, user=participant_user, answers={conf.pk: 3, interests.pk: ["ai"]}
    )
    with pytest.raises(ServiceError):
        services.response_save(instance=instance, user=participant_user, answers={conf.pk: 1})
    assert services.survey_profile_values(user=participant_user) == {"interests": ["ai"]}


def test_one_response_per_person_per_instance_in_the_database(
    intake, make_instance, participant_user
):
    instance = make_instance(intake, [participant_user])
    Response.objects.create(instance=instance, user=participant_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(instance=instance, user=participant_user)


def test_only_invited_people_can_answer_and_only_while_open(
    intake, make_instance, participant_user, participants
):
    (stranger,) = participants(1)
    instance = make_instance(intake, [participant_user])
    conf = _qs(intake)[0]
    with pytest.raises(ServiceError):
        services.response_save(instance=instance, user=stranger, answers={conf.pk: 3})
    services.survey_instance_close(instance=instance, by=None)
    with pytest.raises(ServiceError):
        services.response_save(instance=instance, user=participant_user, answers={conf.pk: 3})
    later = make_instance(intake, [participant_user], opens=timezone.now() + timedelta(days=1),
                          closes=timezone.now() + timedelta(days=2))
    with pytest.raises(ServiceError):
        services.response_save(instance=later, user=participant_user, answers={conf.pk: 3})
    assert not Response.objects.exists()


def test_recipients_are_added_once(intake, make_instance, participant_user, hr_user):
    instance = make_instance(intake, [participant_user])
    assert services.survey_instance_add_recipients(
        instance=instance, users=[participant_user], by=hr_user) == 0
    assert instance.recipient_links.count() == 1


def test_an_empty_survey_cannot_be_sent(make_survey, hr_user, english):
    from django.core.exceptions import ValidationError

    survey = make_survey([])
    with pytest.raises(ValidationError) as info:
        services.survey_instance_create(
            survey=survey, by=hr_user, title="Kosong", opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=1),
        )
    assert info.value.message_dict["title"] == ["Add at least one question before sending."]


def test_an_answer_stored_by_a_racing_request_is_updated_not_a_crash(
    intake, make_instance, participant_user, monkeypatch
):
    """Where the database cannot lock the response row (SQLite), another request of the same
    person may store an answer between our read of the existing answers and our insert."""
    from terbalik.surveys.models import Answer

    instance = make_instance(intake, [participant_user])
    conf, *_rest = _qs(intake)
    services.response_save(instance=instance, user=participant_user, answers={})
    insert = Answer.objects.bulk_create

    def racer_first(rows, *args, **kwargs):  # the other request's insert lands just before
        if rows:
            Answer.objects.create(response=Response.objects.get(), question=conf, value=2)
        return insert(rows, *args, **kwargs)

    monkeypatch.setattr(Answer.objects, "bulk_create", racer_first)
    services.response_save(instance=instance, user=participant_user, answers={conf.pk: "4"})
    assert [a.value for a in Answer.objects.filter(question=conf)] == [4]

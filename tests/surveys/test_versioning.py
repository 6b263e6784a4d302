"""Once a version has any response its questions are locked; edits make a new version."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from terbalik.surveys import services
from terbalik.surveys.models import Answer, Survey, SurveyVersion
from terbalik.surveys.services import QuestionData

from .conftest import T, likert

pytestmark = pytest.mark.django_db


def test_edits_before_any_response_stay_in_the_same_version(make_survey, hr_user):
    survey = make_survey([likert(T("Satu")), likert(T("Dua"))])
    first = services.survey_current_version(survey).questions.first()
    services.question_update(question=first, by=hr_user, data=likert(T("Satu (ubah)")))
    assert survey.versions.count() == 1
    first.refresh_from_db()
    assert first.text == {"id": "Satu (ubah)"}


def test_a_response_locks_the_version_and_editing_creates_a_copy(
    make_survey, make_instance, hr_user, participant_user
):
    survey = make_survey([likert(T("Saya paham", "I understand")), likert(T("Dua"))])
    instance = make_instance(survey, [participant_user])
    v1 = services.survey_current_version(survey)
    q1 = v1.questions.order_by("position").first()
    services.response_save(instance=instance, user=participant_user, answers={q1.pk: 4})
    assert v1.is_locked

    new_q = services.question_update(
        question=q1, by=hr_user, data=likert(T("Saya sangat paham", "I fully understand"))
    )
    v2 = services.survey_current_version(survey)
    assert v2.number == 2 and new_q.version == v2
    assert new_q.key == q1.key  # same question for pre/post comparisons
    q1.refresh_from_db()
    assert q1.text == {"id": "Saya paham", "en": "I understand"}  # old meaning kept
    answer = Answer.objects.get()
    assert answer.question == q1 and answer.value == 4
    instance.refresh_from_db()
    assert instance.version == v1  # the running sending keeps its version
    assert v2.questions.count() == 2

    # further edits go to v2 while it has no answers
    services.question_move(question=new_q, by=hr_user, direction="down")
    assert survey.versions.count() == 2
    assert [q.key for q in v2.questions.order_by("position")][-1] == q1.key


def test_remove_and_add_on_a_locked_version_also_copy(
    make_survey, make_instance, hr_user, participant_user
):
    survey = make_survey([likert(T("Satu")), likert(T("Dua"))])
    instance = make_instance(survey, [participant_user])
    v1 = services.survey_current_version(survey)
    q1, q2 = v1.questions.order_by("position")
    services.response_save(instance=instance, user=participant_user, answers={q2.pk: 3})
    services.question_remove(question=q2, by=hr_user)
    v2 = services.survey_current_version(survey)
    assert v2.number == 2
    assert list(v2.questions.values_list("key", flat=True)) == [q1.key]
    assert v1.questions.count() == 2  # untouched
    services.question_add(survey=survey, by=hr_user, data=likert(T("Tiga")))
    assert SurveyVersion.objects.filter(survey=survey).count() == 2


def test_templates_are_read_only_and_copies_are_editable(hr_user):
    services.surveys_templates_install()
    template = Survey.objects.get(template_key="digital-literacy-test")
    question = template.versions.get().questions.first()
    with pytest.raises(ValidationError):
        services.question_update(question=question, by=hr_user, data=likert(T("x")))
    copy = services.survey_copy(survey=template, by=hr_user)
    assert copy.copied_from == template and not copy.is_template
    assert copy.title == template.title
    copied = services.survey_current_version(copy).questions.order_by("position")
    original = template.versions.get().questions.order_by("position")
    assert [(q.key, q.text, q.options) for q in copied] == [
        (q.key, q.text, q.options) for q in original
    ]


def test_invalid_question_is_refused_with_named_field(make_survey, hr_user, english):
    survey = make_survey([])
    with pytest.raises(ValidationError) as info:
        services.question_add(
            survey=survey, by=hr_user,
            data=QuestionData(type="test", text=T("Soal"), options=[
                {"value": "a", "label": T("A")}, {"value": "b", "label": T("B")}], points=1),
        )
    assert "options" in info.value.message_dict
    assert "correct" in info.value.message_dict["options"][0]
    with pytest.raises(ValidationError) as info:
        services.question_add(survey=survey, by=hr_user, data=QuestionData(type="likert", text={}))
    assert "text" in info.value.message_dict
    assert survey.versions.get().questions.count() == 0


def test_editing_option_lines_keeps_each_options_stored_value(hr_user):
    """Answers and matching profiles store option values ("jv"): removing, moving or rewording
    a line must not hand an existing value to a different option."""
    from terbalik.surveys.forms import QuestionForm

    services.surveys_templates_install()
    survey = services.survey_copy(survey=Survey.objects.get(template_key="mentee-intake"),
                                  by=hr_user)
    question = services.survey_current_version(survey).questions.get(key="languages")
    data = QuestionForm.initial_for(question)
    assert data["options_en"].splitlines()[:3] == ["Indonesian", "English", "Javanese"]
    # drop "English", move Mandarin up, fix the wording of Sundanese, add Balinese
    data["options_id"] = "Bahasa Indonesia\nBahasa Mandarin\nBahasa Jawa\nBhs. Sunda\nBahasa Bali"
    data["options_en"] = "Indonesian\nMandarin Chinese\nJavanese\nSundanese\nBalinese"
    data["correct"] = ""
    data["points"] = data["min_value"] = data["max_value"] = ""
    form = QuestionForm({k: v for k, v in data.items() if v not in (None, False)},
                        question=question)
    assert form.is_valid(), form.errors
    updated = services.question_update(question=question, by=hr_user, data=form.to_data())
    by_label = {o["label"]["en"]: o["value"] for o in updated.options}
    assert by_label["Indonesian"] == "id" and by_label["Mandarin Chinese"] == "zh"
    assert by_label["Javanese"] == "jv" and by_label["Sundanese"] == "su"
    assert by_label["Balinese"] not in {"id", "en", "jv", "su", "zh"}


def test_a_sending_can_be_linked_to_one_program_only(db, hr_user):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from terbalik.surveys import services
    from terbalik.surveys.models import Survey

    services.surveys_templates_install()
    template = Survey.objects.filter(is_template=True).first()
    survey = services.survey_copy(survey=template, by=hr_user)
    now = timezone.now()
    sending = services.survey_instance_create(
        survey=survey, by=hr_user, title="Pulse", opens_at=now, closes_at=now + dt.timedelta(days=7)
    )
    from django.utils import translation

    from terbalik.programs.models import Program

    from ..programs.conftest import program_fields

    first, second = (
        Program.objects.create(created_by=hr_user, **program_fields()) for _ in range(2)
    )
    with translation.override("en"), pytest.raises(ValidationError) as unknown:
        services.survey_instance_link_program(
            instance=sending, program_id=second.pk + 1000, by=hr_user
        )
    assert unknown.value.message_dict == {"program_id": ["There is no such program."]}
    services.survey_instance_link_program(instance=sending, program_id=first.pk, by=hr_user)
    services.survey_instance_link_program(instance=sending, program_id=first.pk, by=hr_user)
    sending.refresh_from_db()
    assert sending.program == first
    with pytest.raises(ValidationError):
        services.survey_instance_link_program(instance=sending, program_id=second.pk, by=hr_user)

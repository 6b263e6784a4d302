"""Issue 21: intake questions about skills and interests are answered in the searchable skills
list (the apply form's combobox), in the reader's language, and store canonical skill ids the
matching engine compares; answers given to the old fixed checkboxes are mapped by migration
0006."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from terbalik.core.service_errors import ServiceError
from terbalik.skills.selectors import forget
from terbalik.surveys import services
from terbalik.surveys.models import Answer, Kind, Question, QuestionType, Survey
from terbalik.surveys.services import QuestionData, answer_errors

from .conftest import T, opt
from .test_program_fk_migration import _migrate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_taxonomy():
    forget()
    yield
    forget()


@pytest.fixture
def skills_survey(make_survey):
    return make_survey([
        QuestionData(type=QuestionType.SKILLS, text=T("Keterampilan", "Skills"),
                     profile_field="skills_to_develop", help_text=T("Pilih", "Pick")),
        QuestionData(type=QuestionType.SKILLS, text=T("Minat", "Interests"), required=False,
                     profile_field="interests"),
    ], kind=Kind.MENTEE_INTAKE)


def _qs(survey):
    return list(services.survey_current_version(survey).questions.order_by("position"))


def test_the_shipped_intake_templates_ask_skills_in_the_list() -> None:
    for key, fields in (("mentee-intake", {"skills_to_develop", "interests"}),
                        ("mentor-intake", {"skills_offered", "interests"})):
        survey = Survey.objects.get(template_key=key)
        questions = services.survey_current_version(survey).questions.filter(
            type=QuestionType.SKILLS)
        assert {q.profile_field for q in questions} == fields
        assert all(q.options == [] for q in questions)


def test_ids_are_stored_and_typed_labels_or_synonyms_are_mapped(
        skills_survey, make_instance, participant_user) -> None:
    instance = make_instance(skills_survey, [participant_user])
    skills, interests = _qs(skills_survey)
    services.response_submit(instance=instance, user=participant_user, answers={
        skills.pk: ["data-analysis", "Medsos", "data analysis"], interests.pk: ["musik"]})
    assert Answer.objects.get(question=skills).value == ["data-analysis", "social-media"]
    assert services.survey_profile_values(user=participant_user) == {
        "skills_to_develop": ["data-analysis", "social-media"], "interests": ["music"]}


def test_a_term_no_skill_answers_to_is_refused_naming_it(
        skills_survey, make_instance, participant_user) -> None:
    instance = make_instance(skills_survey, [participant_user])
    skills, _interests = _qs(skills_survey)
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        services.response_save(instance=instance, user=participant_user,
                               answers={skills.pk: ["python", "zzqx"]})
    assert answer_errors(refused.value)[skills.pk] == (
        "“Skills”: no skill answers to “zzqx”; choose from the list.")


def test_the_limit_and_one_more(skills_survey, make_instance, participant_user,
                                settings) -> None:
    settings.SKILLS_MAX_PER_PERSON = 2
    instance = make_instance(skills_survey, [participant_user])
    skills, _interests = _qs(skills_survey)
    services.response_save(instance=instance, user=participant_user,
                           answers={skills.pk: ["python", "excel"]})
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        services.response_save(instance=instance, user=participant_user,
                               answers={skills.pk: ["python", "excel", "sql"]})
    assert answer_errors(refused.value)[skills.pk] == "“Skills”: choose at most 2."
    assert Answer.objects.get(question=skills).value == ["python", "excel"]


def test_the_answer_page_offers_the_combobox_in_the_readers_language(
        client, skills_survey, make_instance, participant_user) -> None:
    instance = make_instance(skills_survey, [participant_user])
    skills, interests = _qs(skills_survey)
    client.force_login(participant_user)
    url = reverse("surveys:answer", args=[instance.pk])
    for language, label, interest in (("id", "Media sosial", "Musik"),
                                      ("en", "Social media", "Music")):
        participant_user.language = language
        participant_user.save()
        html = client.get(url).content.decode()
        assert f'<select name="q{skills.pk}"' in html and "data-skill-combobox" in html
        assert f'aria-describedby="id_q{skills.pk}-help"' in html
        assert f'<label class="form-label fw-semibold" for="id_q{skills.pk}">' in html
        assert 'value="social-media" data-terms=' in html and f">{label}</option>" in html
        assert f">{interest}</option>" in html and "skills/combobox.js" in html
    # without JavaScript the plain multi-select posts ids; a wrong term is shown as an error
    response = client.post(url, {f"q{skills.pk}": ["tiktok", "zzqx"], "action": "save"})
    assert response.status_code == 200
    assert f'id="id_q{skills.pk}_error"' in response.content.decode()
    response = client.post(url, {f"q{skills.pk}": ["tiktok", "excel"], "action": "submit"})
    assert response["Location"] == reverse("surveys:my")
    done = client.get(url).content.decode()
    assert "TikTok; Microsoft Excel" in done


def test_results_and_export_show_labels(client, skills_survey, make_instance, participants,
                                        hr_user) -> None:
    users = participants(5)
    instance = make_instance(skills_survey, users)
    skills, _interests = _qs(skills_survey)
    for n, user in enumerate(users):
        services.response_submit(instance=instance, user=user,
                                 answers={skills.pk: ["python", "excel"][: 1 + n % 2]})
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    html = client.get(reverse("surveys:results", args=[instance.pk])).content.decode()
    assert html.index("Python") < html.index("Microsoft Excel")  # most named first
    content = client.get(reverse("surveys:export_csv", args=[instance.pk])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(row[5] for row in rows[1:]) == ["Python"] * 3 + ["Python; Microsoft Excel"] * 2


def test_matching_compares_the_ids_of_a_survey_answer(skills_survey, make_instance,
                                                      participant_user) -> None:
    from terbalik.matching.snapshot import _profile
    from terbalik.programs.models import Enrollment, ParticipantRole, Program
    from terbalik.skills.selectors import skill_index

    from ..programs.conftest import program_fields

    instance = make_instance(skills_survey, [participant_user])
    skills, _interests = _qs(skills_survey)
    services.response_submit(instance=instance, user=participant_user,
                             answers={skills.pk: ["analisis data"]})
    program = Program.objects.create(created_by=skills_survey.created_by, **program_fields())
    enrollment = Enrollment(program=program, employee=participant_user.employee,
                            user=participant_user, role=ParticipantRole.MENTEE, intake={})
    assert _profile(enrollment, skill_index())["skills"] == ["data-analysis"]


BEFORE = [("surveys", "0005_sending_response_target")]


@pytest.mark.django_db(transaction=True)
def test_migration_maps_answers_given_to_the_old_checkboxes(
        make_survey, make_instance, participant_user) -> None:
    old_options = [opt("social_media", "Media sosial dan konten digital",
                       "Social media and digital content"),
                   opt("data", "Mengolah dan membaca data", "Working with data"),
                   opt("knitting", "Merajut", "Knitting")]
    survey = make_survey([
        QuestionData(type=QuestionType.MULTIPLE, text=T("Keterampilan", "Skills"),
                     options=old_options, profile_field="skills_offered"),
        QuestionData(type=QuestionType.MULTIPLE, text=T("Kanal", "Channels"),
                     options=[opt("video", "Video"), opt("chat", "Chat")],
                     profile_field="preferred_channels"),
    ])
    instance = make_instance(survey, [participant_user])
    skills, channels = _qs(survey)
    services.response_submit(instance=instance, user=participant_user, answers={
        skills.pk: ["social_media", "data", "knitting"], channels.pk: ["video"]})
    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        assert old.get_model("surveys", "Question").objects.get(pk=skills.pk).type == "multiple"
    finally:
        _migrate(None)
    forget()
    skills = Question.objects.get(pk=skills.pk)
    assert (skills.type, skills.options) == (QuestionType.SKILLS, [])
    assert Answer.objects.get(question=skills).value == [
        "social-media", "data-analysis", "knitting"]
    # other choice questions are left alone
    assert Question.objects.get(pk=channels.pk).type == QuestionType.MULTIPLE
    assert Answer.objects.get(question=channels).value == ["video"]
    assert services.survey_profile_values(user=participant_user)["skills_offered"] == [
        "social-media", "data-analysis", "knitting"]


def test_a_saved_deactivated_skill_shows_its_label_and_an_old_draft_term_saves_again(
        client, skills_survey, make_instance, participant_user) -> None:
    from terbalik.skills.models import Skill

    instance = make_instance(skills_survey, [participant_user])
    skills, _interests = _qs(skills_survey)
    services.response_save(instance=instance, user=participant_user,
                           answers={skills.pk: ["python"]})
    # a draft from before migration 0006: an old option no skill matched, kept as its label
    answer = Answer.objects.get(question=skills)
    answer.value = ["python", "toastmasters club"]
    answer.save(update_fields=["value"])
    Skill.objects.filter(slug="python").update(active=False)
    forget()
    participant_user.language = "en"
    participant_user.save()
    client.force_login(participant_user)
    url = reverse("surveys:answer", args=[instance.pk])
    html = client.get(url).content.decode()
    label = Skill.objects.get(slug="python").label_en
    assert ('<option value="python" selected data-terms="Python | Python | pemrograman python'
            in html and f">{label}</option>" in html)  # the label, not a raw-slug chip
    response = client.post(url, {f"q{skills.pk}": ["python", "toastmasters club", "excel"],
                                 "action": "save"})
    assert response.status_code in (200, 302)
    assert f'id="id_q{skills.pk}_error"' not in response.content.decode()
    assert Answer.objects.get(question=skills).value == ["python", "toastmasters club", "excel"]
    # a new term no skill answers to is still refused
    with pytest.raises(ServiceError):
        services.response_save(instance=instance, user=participant_user,
                               answers={skills.pk: ["python", "zzqx"]})

"""Skill edits and merges reach every place a skill is named: the directory import's
`Employee.skills_offered` / `skills_wanted` and answers to survey skills questions, not only
enrollment intakes; the HR list counts them (people per skill, typed terms)."""

from __future__ import annotations

import pytest

from terbalik.skills import services
from terbalik.skills.models import Skill
from terbalik.skills.selectors import intake_usage, people_per_skill
from terbalik.surveys import services as surveys
from terbalik.surveys.models import Answer, Kind, QuestionType
from terbalik.surveys.services import QuestionData

from ..factories import EmployeeFactory
from ..surveys.conftest import T, make_instance, make_survey  # noqa: F401

pytestmark = pytest.mark.django_db


def _skill(slug: str) -> Skill:
    return Skill.objects.get(slug=slug)


@pytest.fixture
def skills_answer(make_survey, make_instance, make_person):  # noqa: F811
    """An answer to a skills question, its value set as given (migration 0006 kept an old
    option no skill answered to as its folded label)."""
    survey = make_survey([QuestionData(type=QuestionType.SKILLS, text=T("Keahlian", "Skills"),
                                       profile_field="skills_to_develop")],
                         kind=Kind.MENTEE_INTAKE)
    question = surveys.survey_current_version(survey).questions.get()

    def make(value: list[str], grade: int = 9) -> Answer:
        user = make_person(grade)
        instance = make_instance(survey, [user], title=f"Gelombang {user.pk}")
        surveys.response_submit(instance=instance, user=user,
                                answers={question.pk: ["python"]})
        answer = Answer.objects.get(response__user=user, question=question)
        Answer.objects.filter(pk=answer.pk).update(value=value)
        return answer

    return make


def test_merge_rewrites_directory_skills_and_survey_answers(hr_user, skills_answer) -> None:
    employee = EmployeeFactory(grade=9, skills_offered=["power-bi", "python"],
                               skills_wanted=["dashboards", "power-bi"])
    answer = skills_answer(["power-bi", "sql"])
    untouched = EmployeeFactory(grade=9, skills_offered=["python"])

    merge = services.skill_merge(source=_skill("power-bi"), target=_skill("dashboards"),
                                 by=hr_user)

    employee.refresh_from_db()
    answer.refresh_from_db()
    assert employee.skills_offered == ["dashboards", "python"]
    assert employee.skills_wanted == ["dashboards"]  # no duplicate
    assert answer.value == ["dashboards", "sql"]
    assert merge.references_rewritten == 2
    untouched.refresh_from_db()
    assert untouched.skills_offered == ["python"]


def test_a_new_synonym_maps_terms_typed_in_the_import_and_in_surveys(
        hr_user, skills_answer) -> None:
    employee = EmployeeFactory(grade=9, skills_offered=["python", "ngoding python"])
    answer = skills_answer(["ngoding python"])
    assert people_per_skill()["python"] == 1  # the employee's own "python"
    skill = _skill("python")
    services.skill_update(skill=skill, by=hr_user, label_id=skill.label_id,
                          label_en=skill.label_en,
                          synonyms_id=[*skill.synonyms_id, "ngoding python"],
                          synonyms_en=skill.synonyms_en, category=skill.category, active=True)
    employee.refresh_from_db()
    answer.refresh_from_db()
    assert employee.skills_offered == ["python"]
    assert answer.value == ["python"]
    assert people_per_skill()["python"] == 2


def test_counts_include_the_directory_and_survey_answers_once_per_person(
        hr_user, skills_answer, program, make_person, apply_as,
        django_assert_max_num_queries) -> None:
    answer = skills_answer(["sql"])
    person = answer.response.user
    person.employee.skills_wanted = ["sql", "dashboards"]  # the same person twice: once
    person.employee.save()
    EmployeeFactory(grade=9, skills_wanted=["sql"])
    people_per_skill()
    with django_assert_max_num_queries(4):  # the fingerprint, one query per source
        counts = people_per_skill()
    assert counts["sql"] == 2 and counts["dashboards"] == 1


def test_typed_terms_from_the_directory_and_surveys_follow_the_k_and_scope_rules(
        hr_user, skills_answer, program, make_person, apply_as) -> None:
    for _i in range(3):
        EmployeeFactory(grade=9, skills_wanted=["mainan kayu"])
    for _i in range(2):
        skills_answer(["mainan kayu"])
    EmployeeFactory(grade=9, skills_wanted=["tiga orang saja"])
    everyone = intake_usage()
    assert everyone.unmapped["mainan kayu"] == 5
    assert "tiga orang saja" not in everyone.unmapped  # fewer than five people
    # an HR manager of one program sees the terms of the people in that program only
    from terbalik.programs.models import Program

    assert "mainan kayu" not in intake_usage(programs=Program.objects.filter(
        pk=program.pk)).unmapped

"""Shipped templates are complete in both languages; the demo is idempotent and realistic."""

from __future__ import annotations

import pytest

from terbalik.accounts.models import Role, User
from terbalik.skills.selectors import taxonomy
from terbalik.surveys import results, services
from terbalik.surveys.models import Answer, Phase, ProfileField, QuestionType, Response, Survey

from ..factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

KEYS = {
    "mentee-intake", "mentor-intake", "digital-literacy-test", "engagement-confidence",
    "session-feedback", "relationship-checkin", "program-evaluation",
}


def _texts(question):
    yield question.text
    if question.help_text:
        yield question.help_text
    if question.section:
        yield question.section
    for option in question.options:
        yield option["label"]
    yield from question.scale_labels.values()


def test_templates_are_installed_once_and_complete_in_both_languages():
    # the data migration installed them already; installing again changes nothing
    before = {s.pk: s.versions.get().questions.count() for s in Survey.objects.filter(
        is_template=True)}
    services.surveys_templates_install()
    after = {s.pk: s.versions.get().questions.count() for s in Survey.objects.filter(
        is_template=True)}
    assert before == after
    templates = {s.template_key: s for s in Survey.objects.filter(is_template=True)}
    assert set(templates) == KEYS
    for survey in templates.values():
        assert survey.title["id"] and survey.title["en"]
        for question in survey.versions.get().questions.all():
            for text in _texts(question):
                assert text.get("id") and text.get("en"), (survey.template_key, question.key)
    test = templates["digital-literacy-test"].versions.get().questions.all()
    assert test.count() >= 15
    assert all(q.type == QuestionType.TEST and q.correct_values for q in test)
    assert sum(1 for q in test if len(q.correct_values) > 1) >= 3
    sections = {q.section["en"] for q in test}
    assert sections == {"Social media", "Online safety", "Productivity tools",
                        "Working with data", "AI tools"}
    mentee = {q.profile_field for q in templates["mentee-intake"].versions.get().questions.all()}
    assert {ProfileField.SKILLS_TO_DEVELOP, ProfileField.INTERESTS, ProfileField.AVAILABILITY,
            ProfileField.PREFERRED_CHANNELS, ProfileField.LANGUAGES} <= mentee
    mentor = {q.profile_field for q in templates["mentor-intake"].versions.get().questions.all()}
    assert {ProfileField.SKILLS_OFFERED, ProfileField.MENTOR_CAPACITY} <= mentor
    nps = templates["program-evaluation"].versions.get().questions.get(key="nps")
    assert (nps.min_value, nps.max_value) == (0, 10)


def test_demo_builds_a_finished_pre_post_test_and_is_idempotent():
    from terbalik.surveys.demo import build_demo_surveys

    for i in range(45):
        EmployeeFactory(grade=8 + i % 4, employee_id=f"S{i:03d}")
    for _i in range(5):
        EmployeeFactory(grade=3)
    hr = UserFactory(role=Role.HR)
    first = build_demo_surveys(hr_user=hr)
    assert first["people"] == 40
    snapshot = sorted(Response.objects.values_list("user__email", "instance__title", "score"))
    assert build_demo_surveys(hr_user=hr)["responses"] == 0
    assert sorted(Response.objects.values_list("user__email", "instance__title", "score")) == \
        snapshot
    # accounts were created without a usable password, for seniors only
    created = User.objects.filter(employee__isnull=False)
    assert created.count() == 40
    assert all(not u.has_usable_password() and u.employee.grade >= 8 for u in created)
    post = hr.survey_instances_created.get(phase=Phase.POST, version__survey__kind="test")
    assert post.status == "closed"
    score_row = results.pre_post(instance=post, people=False)[0]
    r = score_row.result
    assert 30 <= r.n < 40  # a few did not answer one of the two
    assert 1.15 <= r.mean_after / r.mean_before <= 1.40
    assert r.share_improved < 1.0  # not everybody improved
    assert r.t_p_value < 0.05
    # issue 21: a mentee intake answered with skills picked in the skills list (ids)
    intake = hr.survey_instances_created.get(version__survey__kind="mentee_intake")
    answers = Answer.objects.filter(response__instance=intake, question__type="skills",
                                    question__profile_field="skills_to_develop")
    assert answers.count() == 12
    assert all(v in taxonomy().entries for a in answers for v in a.value)


def test_every_measurement_plan_key_names_a_shipped_template():
    """Programs store plan keys like "digital_literacy"; each must lead to a template."""
    from terbalik.programs import measurement
    from terbalik.surveys.templates_data import PLAN_KEYS, template_for_plan_key

    services.surveys_templates_install()
    assert set(PLAN_KEYS) == {key for key, _label in measurement.choices()}
    for key, _label in measurement.choices():
        template = template_for_plan_key(key)
        assert template is not None and template.is_template, key
    assert template_for_plan_key("digital_literacy").kind == "test"
    assert template_for_plan_key("nope") is None


def test_right_answers_of_the_literacy_test_follow_no_pattern():
    """A fixed spot for the right answer ("always b", "tick the first two") is learnt between
    the before and the after test and would show up as progress."""
    from collections import Counter

    from terbalik.surveys.templates_data import DIGITAL_LITERACY

    single, multiple = Counter(), []
    for spec in DIGITAL_LITERACY["questions"]:
        places = tuple(i for i, o in enumerate(spec["options"]) if o.get("correct"))
        if len(places) == 1:
            single[places[0]] += 1
        else:
            multiple.append(places)
    sizes = {len(spec["options"]) for spec in DIGITAL_LITERACY["questions"]}
    assert set(single) == set(range(min(sizes)))  # every place holds a right answer somewhere
    assert max(single.values()) <= sum(single.values()) / 2
    assert len(set(multiple)) == len(multiple)  # no two "all that apply" questions alike

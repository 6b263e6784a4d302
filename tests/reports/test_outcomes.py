"""Outcomes and the verdict against the SMART target, checked against hand-computed values."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction

import pytest

from terbalik.programs.models import Program
from terbalik.reports import outcomes
from terbalik.surveys import stats
from terbalik.surveys.results import ComparisonRow

pytestmark = pytest.mark.django_db

# Hand computation for before = [40, 50, 60, 50, 50], after = [50, 60, 70, 70, 50]:
# changes 10, 10, 10, 20, 0 → mean change 10; mean before 50 → relative change 20 %.
# sd of changes = sqrt((0+0+0+100+100)/4) = sqrt(50) = 7.0711; se = 7.0711/sqrt(5) = 3.1623;
# t(0.975, df 4) = 2.776445 (table) → CI 10 ± 8.7798 = [1.2202, 18.7798] → relative
# [2.44 %, 37.56 %]; Cohen's d_z = 10/7.0711 = 1.4142; share improved 4/5.
BEFORE = [40, 50, 60, 50, 50]
AFTER = [50, 60, 70, 70, 50]


def _program(target: str | None, unit: str = "%", metric: str = "digital-literacy score",
             direction: str = "increase", objective: str = "digital_skills"):
    return Program(name="P", goal_target_value=None if target is None else Decimal(target),
                   goal_unit=unit, goal_metric=metric, goal_direction=direction,
                   objective=objective)


def _row(before=BEFORE, after=AFTER) -> ComparisonRow:
    pairs = [(Fraction(b), Fraction(a)) for b, a in zip(before, after, strict=True)]
    return ComparisonRow(label="score", result=stats.paired_comparison(before, after),
                         unit="%", pairs=pairs)


def test_hand_computed_reference_values():
    r = stats.paired_comparison(BEFORE, AFTER)
    assert r.n == 5 and r.mean_change == pytest.approx(10)
    assert r.ci_low == pytest.approx(1.2202, abs=1e-3)
    assert r.ci_high == pytest.approx(18.7798, abs=1e-3)
    assert r.cohen_dz == pytest.approx(math.sqrt(2), abs=1e-4)
    assert r.share_improved == pytest.approx(0.8)


def test_relative_estimate_at_target_with_wide_interval_is_inconclusive():
    # finding: this case was reported "Target met, though the interval reaches below it";
    # +20 % exactly, Fieller's interval (baseline variance included) ≈ +2.4 % … +38.8 %
    v = outcomes.verdict_for(program=_program("20"), row=_row())
    assert v.relative and v.code == outcomes.INCONCLUSIVE
    assert v.verdict.estimate == 20  # exact
    assert float(v.verdict.ci_low) == pytest.approx(2.4, abs=0.05)
    assert float(v.verdict.ci_high) == pytest.approx(38.8, abs=0.05)
    assert v.headline == "Inconclusive. Target: an increase of 20 % in digital-literacy score."
    assert "Fieller" in v.text and "no comparison group" in v.text


def test_relative_verdict_not_met_and_met():
    assert outcomes.verdict_for(program=_program("40"), row=_row()).code == outcomes.NOT_MET
    assert outcomes.verdict_for(program=_program("2"), row=_row()).code == outcomes.MET


def test_absolute_target_uses_the_mean_change_in_points():
    v = outcomes.verdict_for(program=_program("8", unit="points"), row=_row())
    assert not v.relative and v.verdict.estimate == 10 and v.code == outcomes.INCONCLUSIVE
    assert "an increase of 8 points" in v.headline
    assert outcomes.verdict_for(program=_program("1", unit="points"),
                                row=_row()).code == outcomes.MET


def test_reduction_target_wording_and_judgement():
    # finding: reductions were judged as if higher were better, and the words mixed points/%
    before = [50, 60, 40, 55, 45, 52, 48, 58]
    after = [30, 36, 25, 33, 27, 31, 28, 35]
    v = outcomes.verdict_for(program=_program("20", unit="% fewer minutes",
                                              direction="decrease"),
                             row=_row(before, after))
    assert v.code == outcomes.MET
    assert "a decrease of 20 % in digital-literacy score" in v.headline
    assert "%" in v.details[1] and "points" not in v.details[1]
    negative = outcomes.verdict_for(program=_program("-20", unit="%"), row=_row(before, after))
    assert negative.code == outcomes.MET and negative.verdict.direction == "decrease"


def test_no_target_and_no_data():
    assert outcomes.verdict_for(program=_program(None), row=_row()).code == outcomes.NO_TARGET
    v = outcomes.verdict_for(program=_program("20"), row=None)
    assert v.code == outcomes.INSUFFICIENT and "not been taken" in v.text
    suppressed = ComparisonRow(label="x", result=None, suppressed=True)
    v = outcomes.verdict_for(program=_program("20"), row=suppressed)
    assert v.code == outcomes.INSUFFICIENT and "too small" in v.text


def test_each_objective_judges_its_own_measure():
    # finding: retention, inclusion and insight were judged on the first confidence item
    def row(key: str) -> ComparisonRow:
        r = _row()
        r.key = key
        return r

    confidence = outcomes.Outcome(key="confidence", label="c", instance=None,
                                  rows=[row("confident-tools"), row("understand-young")])
    scale = _row()
    inclusion = outcomes.Outcome(key="confidence", label="c", instance=None,
                                 rows=[scale, *confidence.rows], measure_row=scale)
    test = outcomes.Outcome(key="digital_literacy", label="t", instance=None, rows=[_row()])
    found = [test, confidence]
    assert outcomes.primary_row(found, "insight") is confidence.rows[1]
    assert outcomes.primary_row(found, "digital_skills") is test.rows[0]
    assert outcomes.primary_row([test, inclusion], "inclusion") is scale
    assert outcomes.primary_row([test, confidence], "inclusion") is None
    assert outcomes.MEASURES["inclusion"][1] == outcomes.INCLUSION_ITEMS


def test_retention_goal_is_judged_on_retention():
    from terbalik.reports.retention import Cohort, Retention

    program = _program("80", objective="retention", metric="mentor retention")
    kept = Retention(start=dt.date(2025, 1, 1),
                     participants=Cohort(n=30, left=1, known_12=25, left_12=1),
                     comparison=Cohort(n=40))
    v = outcomes.program_verdict(program=program, found=[], retention=kept)
    assert v.verdict.level and v.verdict.test == "binomial_exact"
    assert v.verdict.n == 25 and v.verdict.excluded == 5  # 5 not followed 12 months yet
    assert v.verdict.estimate == 96  # 24 of 25
    assert v.code == outcomes.INCONCLUSIVE  # Clopper–Pearson low ≈ 79.6 % < 80 %
    assert "at least 80 % mentor retention" in v.headline


def test_outcomes_from_linked_sendings(report_program, pre_post_sendings):
    # scores in % of points; the last person skipped the post test
    before = [0, 50, 50, 0, 50, 100, 50]
    after = [50, 100, 50, 50, 100, 100, None]
    pre_post_sendings(report_program, before, after)
    found = outcomes.outcomes(program=report_program, people=True)
    assert [o.key for o in found] == ["digital_literacy"]
    row = found[0].rows[0]
    # by hand over the 6 people with both: before mean 250/6, changes 50,50,0,50,50,0 → 200/6
    assert row.result.n == 6
    assert row.result.mean_before == pytest.approx(250 / 6)
    assert row.result.mean_change == pytest.approx(200 / 6)
    v = outcomes.program_verdict(program=report_program, found=found)
    assert v.verdict.estimate == 80  # (200/6)/(250/6) = 0.8, exact
    assert v.verdict.n == 6 and v.verdict.excluded == 1  # the one without a post test
    assert v.code == outcomes.INCONCLUSIVE  # n = 6: Fieller's interval contains +20 %
    assert found[0].charts[0]["before"] == pytest.approx(250 / 6)


def test_sponsor_sees_nothing_under_five(report_program, pre_post_sendings):
    pre_post_sendings(report_program, [0, 50, 50, 0], [50, 100, 50, 50])
    row = outcomes.outcomes(program=report_program, people=False)[0].rows[0]
    assert row.suppressed and row.result is None
    hr_row = outcomes.outcomes(program=report_program, people=True)[0].rows[0]
    assert hr_row.result.n == 4


def test_plan_without_after_measurement_shows_nothing(make_program, django_assert_num_queries):
    program = make_program()  # plan: digital_literacy before only
    program = type(program).objects.get(pk=program.pk)
    # the plan read, and no sending: nothing is measured before and after (issue 18)
    with django_assert_num_queries(1):
        assert outcomes.outcomes(program=program, people=True) == []


def test_every_template_plan_measures_its_own_goal():
    from terbalik.programs import program_templates

    for template in program_templates.TEMPLATES.values():
        if template.objective == "retention":
            continue
        key, _items = outcomes.MEASURES[template.objective]
        phases = {phase for k, phase, _o, _r in template.measurements if k == key}
        assert {"before", "after"} <= phases, template.key


def test_inclusion_goal_judged_on_the_inclusion_items(make_program, hr_user):
    """Real sendings of the confidence survey: the verdict uses the mean of the two
    inclusion items per person, not the first confidence item."""
    import datetime as dt

    from django.utils import timezone

    from terbalik.accounts.models import Role
    from terbalik.programs.models import MeasurementItem, MeasurementPhase, Objective
    from terbalik.surveys import services as survey_services
    from terbalik.surveys.answering import response_record
    from terbalik.surveys.models import Phase, Survey

    from ..factories import UserFactory

    program = make_program()
    program.objective = Objective.INCLUSION
    program.goal_target_value, program.goal_unit = Decimal("0.5"), "points"
    program.save()
    for phase in (MeasurementPhase.BEFORE, MeasurementPhase.AFTER):
        MeasurementItem.objects.get_or_create(program=program, template_key="confidence",
                                              phase=phase, defaults={"position": 5})
    template = Survey.objects.get(template_key="engagement-confidence")
    survey = survey_services.survey_copy(survey=template, by=hr_user)
    questions = {q.key: q for q in survey.versions.first().questions.all()}
    opens = timezone.now() - dt.timedelta(days=60)
    pre = survey_services.survey_instance_create(
        survey=survey, by=hr_user, title="pre", opens_at=opens,
        closes_at=opens + dt.timedelta(days=10), phase=Phase.PRE, program_id=program.pk)
    post = survey_services.survey_instance_create(
        survey=survey, by=hr_user, title="post", opens_at=opens + dt.timedelta(days=30),
        closes_at=opens + dt.timedelta(days=40), phase=Phase.POST, pre_instance=pre,
        program_id=program.pk)
    users = [UserFactory(role=Role.PARTICIPANT) for _i in range(8)]
    for instance, inclusion, tools in ((pre, 2, 3), (post, 4, 3)):
        survey_services.survey_instance_add_recipients(instance=instance, users=users,
                                                       by=hr_user)
        for i, user in enumerate(users):
            answers = {q.pk: 3 for key, q in questions.items() if q.type == "likert"}
            answers[questions["learn-from-junior"].pk] = inclusion
            answers[questions["connected"].pk] = inclusion + (i % 2)
            answers[questions["confident-tools"].pk] = tools  # no change on the first item
            response_record(instance=instance, user=user, answers=answers,
                            submitted_at=instance.opens_at + dt.timedelta(days=1))
    found = outcomes.outcomes(program=program, people=True)
    confidence = next(o for o in found if o.key == "confidence")
    assert confidence.measure_row is not None
    assert confidence.measure_row.pairs[0] == (Fraction(2), Fraction(4))  # (2+2)/2, (4+4)/2
    v = outcomes.program_verdict(program=program, found=found)
    assert v.verdict.estimate == 2 and v.code == outcomes.MET
    assert v.measure.startswith("Inclusion score")


def test_goal_form_asks_for_the_direction():
    from terbalik.programs.forms import ProgramGoalForm

    field = ProgramGoalForm().fields["goal_direction"]
    assert [value for value, _label in field.choices] == ["increase", "decrease"]
    assert Program().goal_direction == "increase"

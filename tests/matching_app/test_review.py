"""HR review: overrides, swaps and locks never break a hard rule, and say why they refuse."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from terbalik.matching import services
from terbalik.matching.models import Proposal

pytestmark = pytest.mark.django_db


RULES = ("grade", "age", "grade_and_age", "grade_or_age")


@pytest.fixture(params=RULES)
def constrained(request, matching_program, enroll, make_person):
    """Mentees X, Y, Z and mentors each blocked from someone by one rule."""
    p = matching_program
    p.seniority_rule = request.param
    p.save()
    x = enroll(
        p,
        "mentee",
        9,
        skills=["python"],
        languages=["id", "en"],
        department="Finance",
        birth_date=dt.date(1975, 1, 1),
    )
    y = enroll(
        p,
        "mentee",
        10,
        skills=["excel"],
        languages=["id"],
        department="Finance",
        birth_date=dt.date(1972, 1, 1),
    )
    z = enroll(
        p, "mentee", 11, skills=["canva"], languages=["id"], department="Legal", birth_date=None
    )
    line = enroll(
        p,
        "mentor",
        2,
        skills=["python", "excel"],
        manager=x.employee,
        department="Finance",
        birth_date=dt.date(1996, 1, 1),
    )  # reports to X
    senior = enroll(
        p, "mentor", 12, skills=["python", "canva"], department="IT", birth_date=dt.date(1999, 1, 1)
    )  # higher grade but young
    english = enroll(
        p,
        "mentor",
        1,
        skills=["excel"],
        languages=["en"],
        department="IT",
        birth_date=dt.date(1998, 1, 1),
    )
    avoider = enroll(
        p,
        "mentor",
        2,
        skills=["canva"],
        avoid=[z.employee.employee_id.lower()],
        department="IT",
        birth_date=dt.date(1997, 1, 1),
    )
    free = enroll(
        p, "mentor", 3, skills=["python"], department="IT", birth_date=dt.date(1973, 6, 1)
    )  # low grade but older than X
    mentors = {"line": line, "senior": senior, "english": english, "avoider": avoider, "free": free}
    return p, {"x": x, "y": y, "z": z}, mentors


def junior_enough(rule, mentee, mentor):
    grade_ok = mentor.employee.grade < mentee.employee.grade
    a, b = mentee.employee.birth_date, mentor.employee.birth_date
    if a is None or b is None:
        return grade_ok
    age_ok = b > a
    return {
        "grade": grade_ok,
        "age": age_ok,
        "grade_and_age": grade_ok and age_ok,
        "grade_or_age": grade_ok or age_ok,
    }[rule]


def oracle(mentee, mentor):
    """An independent statement of the hard rules for these fixtures."""
    reasons = []
    if not junior_enough(mentee.program.seniority_rule, mentee, mentor):
        reasons.append("junior enough")
    chain = {m.pk for m in mentor.employee.management_chain()}
    chain2 = {m.pk for m in mentee.employee.management_chain()}
    if mentee.employee.pk in chain or mentor.employee.pk in chain2:
        reasons.append("reporting line")
    if not set(mentee.intake["languages"]) & set(mentor.intake["languages"]):
        reasons.append("language")
    if mentee.employee.employee_id.lower() in mentor.intake.get("avoid", []):
        reasons.append("asked not to be paired")
    return reasons


def assert_run_is_valid(run):
    counts = Counter()
    for proposal in run.proposals.select_related("mentee__employee", "mentor__employee"):
        if proposal.mentor_id:
            assert oracle(proposal.mentee, proposal.mentor) == []
            counts[proposal.mentor_id] += 1
    for mentor_id, n in counts.items():
        mentor = Proposal.objects.get(run=run, mentor_id=mentor_id).mentor if n == 1 else None
        if mentor is not None:
            assert n <= int(mentor.intake["capacity"])
        else:
            assert n <= 1, "every mentor here has one place"


def test_engine_run_respects_every_rule(constrained, hr_user):
    program, mentees, mentors = constrained
    run = services.run_start(program=program, by=hr_user)
    assert_run_is_valid(run)


def test_every_override_holds_the_hard_rules(constrained, hr_user):
    program, mentees, mentors = constrained
    run = services.run_start(program=program, by=hr_user)
    for mentee, mentor in itertools.product(mentees.values(), mentors.values()):
        proposal = run.proposals.get(mentee=mentee)
        expected = oracle(mentee, mentor)
        taken_elsewhere = run.proposals.filter(mentor=mentor).exclude(pk=proposal.pk).exists()
        if expected or taken_elsewhere:
            with pytest.raises(ValidationError) as info:
                services.proposal_override(proposal=proposal, mentor=mentor, by=hr_user)
            message = " ".join(info.value.messages)
            for words in expected:
                assert words in message, (words, message)
            if taken_elsewhere:
                assert "no free place" in message
        else:
            services.proposal_override(proposal=proposal, mentor=mentor, by=hr_user)
        assert_run_is_valid(run)


def test_override_check_shows_the_cost(small_company, hr_user):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    proposal = run.proposals.get(mentee=mentees[0])
    check = services.override_check(proposal=proposal, mentor=mentors[2])
    assert check.allowed
    assert check.cost_micro == proposal.engine_score_micro - check.score_micro > 0
    services.proposal_override(proposal=proposal, mentor=mentors[2], by=hr_user)
    proposal.refresh_from_db()
    assert proposal.overridden and proposal.mentor == mentors[2]
    # back to the engine's choice: not overridden any more
    services.proposal_override(proposal=proposal, mentor=mentors[0], by=hr_user)
    proposal.refresh_from_db()
    assert not proposal.overridden


def test_swap_checks_both_pairs(constrained, hr_user):
    program, mentees, mentors = constrained
    run = services.run_start(program=program, by=hr_user)
    rows = list(run.proposals.exclude(mentor=None))
    for a, b in itertools.combinations(rows, 2):
        a.refresh_from_db()
        b.refresh_from_db()
        if a.mentor_id is None or b.mentor_id is None:
            continue
        bad = oracle(a.mentee, b.mentor) or oracle(b.mentee, a.mentor)
        if bad:
            with pytest.raises(ValidationError):
                services.proposal_swap(first=a, second=b, by=hr_user)
        else:
            services.proposal_swap(first=a, second=b, by=hr_user)
        assert_run_is_valid(run)


def test_locked_pair_cannot_be_changed_and_publish_refuses_overfull(small_company, hr_user):
    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    proposal = run.proposals.get(mentee=mentees[0])
    services.proposal_lock(proposal=proposal, by=hr_user, locked=True)
    with pytest.raises(ValidationError):
        services.proposal_override(proposal=proposal, mentor=mentors[2], by=hr_user)
    services.proposal_lock(proposal=proposal, by=hr_user, locked=False)
    # mentor 0 gets a pair elsewhere meanwhile: publishing must not put them over capacity
    from terbalik.pairs.services import pair_create

    other = run.proposals.get(mentee=mentees[1])
    services.proposal_override(proposal=other, mentor=None, by=hr_user)
    pair_create(program=program, mentor=mentors[0], mentee=mentees[1], by=hr_user)
    with pytest.raises(ValidationError):
        services.run_publish(match_run=run, by=hr_user)
    from terbalik.pairs.models import Pair

    assert Pair.objects.count() == 1  # nothing half-written


def test_unmatched_report_names_reasons_and_recruiting(matching_program, enroll, hr_user):
    from terbalik.matching.quality import unmatched_report

    p = matching_program
    enroll(p, "mentor", 5, skills=["excel"])
    enroll(p, "mentee", 9, skills=["excel"])
    lonely = enroll(p, "mentee", 4, skills=["blockchain"])
    german = enroll(p, "mentee", 12, skills=["excel"], languages=["de"])
    run = services.run_start(program=p, by=hr_user)
    proposals = list(run.proposals.all())
    report = unmatched_report(run, proposals)
    rows = {r.proposal.mentee_id: r for r in report.rows}
    assert set(rows) == {lonely.pk, german.pk}
    assert any("junior enough" in r for r in rows[lonely.pk].reasons)
    assert rows[lonely.pk].missing_skills == ["blockchain"]
    assert any("share no language" in r for r in rows[german.pk].reasons)
    text = " ".join(report.recruit)
    assert "blockchain" in text and "de" in text and "below grade 4" in text


def test_quality_figures(small_company, hr_user):
    from terbalik.matching.quality import run_quality

    program, mentors, mentees = small_company
    run = services.run_start(program=program, by=hr_user)
    q = run_quality(list(run.proposals.all()))
    assert q.matched_share == 1.0 and q.top_share == 1.0
    assert q.mean_score > 0.5
    assert sum(n for _label, n in q.coverage) == 3


def test_unmatched_reporting_line_through_another_mentee(matching_program, enroll, hr_user):
    from terbalik.matching.quality import unmatched_report

    p = matching_program
    boss = enroll(p, "mentee", 12, skills=["excel"])
    middle = enroll(p, "mentee", 10, skills=["excel"], manager=boss.employee)
    enroll(p, "mentor", 2, skills=["excel"], manager=middle.employee)
    run = services.run_start(program=p, by=hr_user)
    report = unmatched_report(run, list(run.proposals.all()))
    rows = {r.proposal.mentee_id: r for r in report.rows}
    assert set(rows) == {boss.pk, middle.pk}
    for row in rows.values():
        assert any("same reporting line" in r for r in row.reasons)
    assert any("other reporting lines" in line for line in report.recruit)

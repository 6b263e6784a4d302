from __future__ import annotations

import datetime as dt

import pytest

from terbalik.programs.eligibility import (
    eligible_employees,
    months_between,
    reasons_not_eligible,
    senior_enough,
)
from terbalik.programs.models import ParticipantRole, Program

from ..factories import EmployeeFactory
from .conftest import program_fields

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 1, 15)
MENTOR, MENTEE = ParticipantRole.MENTOR, ParticipantRole.MENTEE


def why(program, employee, role=MENTOR):
    return reasons_not_eligible(program=program, employee=employee, role=role, today=TODAY)


def make(**overrides):
    return Program(**program_fields(**overrides))


def test_an_eligible_mentor_and_mentee():
    program = make()
    assert why(program, EmployeeFactory(grade=2), MENTOR) == []
    assert why(program, EmployeeFactory(grade=10), MENTEE) == []


def test_grade_too_high_for_mentors():
    assert why(make(), EmployeeFactory(grade=7), MENTOR) == [
        "Mentors need grade 5 or lower; yours is 7."
    ]


def test_grade_too_low_for_mentees():
    assert why(make(), EmployeeFactory(grade=5), MENTEE) == [
        "Mentees need grade 8 or higher; yours is 5."
    ]


def test_grade_gap_narrows_the_ranges_under_a_grade_rule():
    program = make(mentor_grade_max=None, mentee_grade_max=9, min_grade_gap=3)
    assert why(program, EmployeeFactory(grade=6), MENTOR) == []
    assert why(program, EmployeeFactory(grade=7), MENTOR) == [
        "Mentors need grade 6 or lower; yours is 7."
    ]
    # with an age-only rule the grade gap does not narrow the range
    program.seniority_rule = "age"
    assert why(program, EmployeeFactory(grade=7), MENTOR) == []


def test_unknown_grade():
    assert why(make(), EmployeeFactory(grade=None), MENTOR) == [
        "Your grade is not recorded in the directory; ask HR to add it."
    ]


def test_departments_included_and_excluded():
    program = make(departments_included=["Teknologi Informasi", "Pemasaran"])
    assert why(program, EmployeeFactory(grade=2, department="Keuangan")) == [
        "This program is for these departments: Teknologi Informasi, Pemasaran."
    ]
    program = make(departments_excluded=["Keuangan"])
    assert why(program, EmployeeFactory(grade=2, department="Keuangan")) == [
        "The Keuangan department does not take part in this program."
    ]
    assert why(program, EmployeeFactory(grade=2, department="Pemasaran")) == []


def test_minimum_tenure():
    program = make(min_tenure_months=6)
    assert why(program, EmployeeFactory(grade=2, hire_date=dt.date(2026, 7, 15))) == []
    assert why(program, EmployeeFactory(grade=2, hire_date=dt.date(2026, 7, 16))) == [
        "You need at least 6 months with the company; you have 5."
    ]
    assert why(program, EmployeeFactory(grade=2, hire_date=None)) == [
        "Your hire date is not recorded in the directory; ask HR to add it."
    ]


def test_former_employees_and_missing_directory_link():
    program = make()
    assert why(program, EmployeeFactory(grade=2, active=False)) == [
        "Only current employees can take part."
    ]
    assert why(program, None) == [
        "Your account is not linked to an employee in the directory; ask HR."
    ]


def test_several_reasons_are_all_given():
    program = make(min_tenure_months=24, departments_excluded=["Keuangan"])
    reasons = why(
        program, EmployeeFactory(grade=9, department="Keuangan", hire_date=dt.date(2026, 1, 1))
    )
    assert len(reasons) == 3


def test_query_matches_the_rules():
    program = make(departments_excluded=["Keuangan"], min_tenure_months=6)
    ok = EmployeeFactory(grade=3, hire_date=dt.date(2020, 1, 1))
    EmployeeFactory(grade=3, department="Keuangan")
    EmployeeFactory(grade=3, hire_date=dt.date(2026, 12, 1))
    EmployeeFactory(grade=9)
    EmployeeFactory(grade=3, active=False)
    found = list(eligible_employees(program=program, role=MENTOR, today=TODAY))
    assert found == [ok]


def test_months_between():
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 3, 31)) == 2
    assert months_between(dt.date(2027, 1, 1), dt.date(2026, 1, 1)) == 0


@pytest.mark.parametrize(
    "rule,mentor_grade,mentor_born,expected",
    [
        ("grade", 2, dt.date(1970, 1, 1), True),
        ("grade", 9, dt.date(2000, 1, 1), False),
        ("age", 9, dt.date(2000, 1, 1), True),
        ("age", 2, dt.date(1970, 1, 1), False),
        ("grade_and_age", 2, dt.date(1970, 1, 1), False),
        ("grade_and_age", 2, dt.date(2000, 1, 1), True),
        ("grade_or_age", 9, dt.date(2000, 1, 1), True),
        ("grade_or_age", 9, dt.date(1970, 1, 1), False),
    ],
)
def test_seniority_rules(rule, mentor_grade, mentor_born, expected):
    program = make(seniority_rule=rule)
    mentee = EmployeeFactory.build(grade=9, birth_date=dt.date(1975, 1, 1))
    mentor = EmployeeFactory.build(grade=mentor_grade, birth_date=mentor_born)
    assert senior_enough(program=program, mentor=mentor, mentee=mentee) is expected

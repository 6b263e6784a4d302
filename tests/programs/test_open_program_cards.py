"""programs.selectors.open_program_cards: the home's "open for you" block in one query, each
program as `.only(OPEN_CARD_FIELDS)` loads it and the places held per role as `held_places`
counts them (issue 18)."""

from __future__ import annotations

import pytest

from terbalik.programs import selectors
from terbalik.programs.models import EnrollmentStatus, Program

from ..model_compare import same_instance

pytestmark = pytest.mark.django_db


def test_programs_and_places_held_are_those_of_the_two_reads(
    make_program, make_person, apply_as, django_assert_num_queries
):
    programs = [make_program(name=f"P{n}", mentee_places=3, mentor_places=2) for n in range(3)]
    for program, mentees in zip(programs, (0, 1, 3), strict=True):
        for _ in range(mentees):
            apply_as(program, make_person(10))
    apply_as(programs[2], make_person(3), role="mentor")
    waiting = programs[1].enrollments.first()
    waiting.status = EnrollmentStatus.WAITLISTED  # a waitlisted place is not held
    waiting.save(update_fields=["status"])
    user = make_person(9)
    with django_assert_num_queries(1):
        cards = selectors.open_program_cards(user)
    expected = {p.pk: p for p in Program.objects.filter(pk__in=[p.pk for p in programs])
                .only(*selectors.OPEN_CARD_FIELDS)}
    held = selectors.held_places(programs)
    assert [program.pk for program, _roles, _held in cards] == [p.pk for p in programs]
    for program, roles, places in cards:
        same_instance(program, expected[program.pk])
        assert places == {role: held.get((program.pk, role), 0)
                          for role in ("mentor", "mentee")}
        assert roles == ["mentee"]
    assert [places["mentee"] for _p, _r, places in cards] == [0, 0, 3]
    assert [places["mentor"] for _p, _r, places in cards] == [0, 0, 1]
    assert selectors.open_programs_for(user) == [(p, r) for p, r, _h in cards]

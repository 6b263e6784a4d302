"""Assignments and suggestions kept as columns: the objects made on access and the CSVs
written from the columns say the same thing (no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given

from terbalik.matching.engine import (
    MatchConfig,
    PairScore,
    Participant,
    assignments_csv,
    run,
    suggestions_csv,
)
from terbalik.matching.engine.explain import Translator

from .test_engine_properties import PROPS, instances

LOUD = Translator(label=str.upper)


def _expected_pair(mentee: Participant, mentor: Participant, pair: PairScore) -> None:
    """The facts of a pair, worked out again from the two participants."""
    assert pair.mentor_id == mentor.employee_id
    assert pair.skills_taught == tuple(s for s in mentee.skills if s in set(mentor.skills))
    assert pair.skills_wanted == len(mentee.skills)
    assert pair.shared_interests == tuple(s for s in mentee.interests
                                          if s in set(mentor.interests))
    assert pair.interests_listed == bool(mentee.interests or mentor.interests)
    known = bool(mentee.department and mentor.department)
    assert pair.department_known == known
    assert pair.diversity == (1.0 if known and mentee.department != mentor.department else 0.0)
    assert pair.skill == (len(pair.skills_taught) / len(mentee.skills) if mentee.skills else 0.0)
    union = len(mentee.interests) + len(mentor.interests) - len(pair.shared_interests)
    assert pair.interest == (len(pair.shared_interests) / union if union else 0.0)


@PROPS
@given(instances())
def test_columns_and_objects_agree(instance: tuple[list[Participant], MatchConfig, int]
                                   ) -> None:
    people, config, k = instance
    result = run(people, config, candidates_per_mentee=k)
    by_id = {p.employee_id: p for p in people}
    for top in (config.top, config.top + 2):
        suggestions = result.suggestions(top)
        listed = list(suggestions)
        assert len(listed) == len(suggestions)
        for s in listed:
            _expected_pair(by_id[s.mentee_id], by_id[s.pair.mentor_id], s.pair)
        for tr in (Translator(), LOUD):
            assert suggestions_csv(suggestions, tr) == suggestions_csv(listed, tr)
    assignments = result.assignments
    listed_a = list(assignments)
    assert [a.mentee_id for a in listed_a] == [p.employee_id for p in people
                                                if p.role == "mentee"]
    for a in listed_a:
        assert (a.pair is None) == (a.status != "matched")
        if a.pair is not None:
            _expected_pair(by_id[a.mentee_id], by_id[a.pair.mentor_id], a.pair)
    for tr in (Translator(), LOUD):
        assert assignments_csv(assignments, tr) == assignments_csv(listed_a, tr)


def test_rows_behave_as_a_read_only_list() -> None:
    people = [Participant("e1", "mentee", 5, skills=("a",)),
              Participant("e2", "mentee", 5),
              Participant("m1", "mentor", 1, skills=("a",), capacity=2),
              Participant("m2", "mentor", 2)]
    result = run(people)
    rows = result.suggestions()
    listed = list(rows)
    assert len(rows) == 4 and rows == listed and listed == rows
    assert rows[-1] == listed[-1] and rows[1:3] == listed[1:3]
    assert [s.pair.mentor_id for s in rows if s.mentee_id == "e1"] == ["m1", "m2"]
    with pytest.raises(IndexError):
        rows[4]
    with pytest.raises(TypeError):
        hash(rows)
    assert result.assignments == list(result.assignments)
    assert [a.status for a in result.assignments] == ["matched", "matched"]

"""Assignments and suggestions as columns.

A large run has tens of thousands of result rows; the writers format them column by
column and the :class:`~.model.Assignment`, :class:`~.model.Suggestion` and
:class:`~.model.PairScore` objects are only made for a caller that reads them (the
sequences below build them on access).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import TypeVar, overload

import numpy as np

from .model import Assignment, PairScore, Suggestion
from .problem import FloatArray, IntArray, Problem

T = TypeVar("T")

#: what an explanation says about a pair: skills taught, skills wanted, shared interests,
#: interests listed by either side, both departments known, other department (1.0 or 0.0)
Facts = tuple[tuple[str, ...], int, tuple[str, ...], bool, bool, float]


#: a count of shared items not known yet (the pair's facts find the items)
UNKNOWN = -1


@dataclass
class PairRows:
    """Scored pairs (mentee row, mentor column) with what explains each score; the counts
    of shared skills and interests may be :data:`UNKNOWN`."""

    prob: Problem
    rows: IntArray
    cols: IntArray
    micro: IntArray
    skill_count: IntArray
    interest_count: IntArray

    def _counts(self, field: str, people: str) -> FloatArray:
        listed = getattr(self.prob, people)
        return np.fromiter(map(len, map(attrgetter(field), listed)), dtype=np.float64,
                           count=len(listed))

    def _shared(self, at: int) -> FloatArray:
        """How many items each pair shares (fact ``at``: skills taught or shared interests)."""
        return np.fromiter(map(len, map(itemgetter(at), self.facts)), dtype=np.float64,
                           count=len(self.facts))

    @cached_property
    def skill(self) -> list[float]:
        # the same float64 division as score.exact_scores
        wanted = self._counts("skills", "mentees")[self.rows]
        cs = self._shared(0)
        out: FloatArray = np.divide(cs, wanted, out=np.zeros(len(cs)), where=wanted > 0)
        return list(out.tolist())

    @cached_property
    def interest(self) -> list[float]:
        ci = self._shared(2)
        den = (self._counts("interests", "mentees")[self.rows]
               + self._counts("interests", "mentors")[self.cols] - ci)
        out: FloatArray = np.divide(ci, den, out=np.zeros(len(ci)), where=den > 0)
        return list(out.tolist())

    @cached_property
    def facts(self) -> list[Facts]:
        mentees, mentors = self.prob.mentees, self.prob.mentors
        out: list[Facts] = []
        append = out.append
        for row, col, cs, ci in zip(self.rows.tolist(), self.cols.tolist(),
                                    self.skill_count.tolist(), self.interest_count.tolist(),
                                    strict=True):
            mentee, mentor = mentees[row], mentors[col]
            # a known count says when every item or none is shared
            skills, interests = mentee.skills, mentee.interests
            if not cs:
                skills = ()
            elif cs != len(skills):
                skills = _common(skills, mentor.skills)
            if not ci:
                interests = ()
            elif ci != len(interests):
                interests = _common(interests, mentor.interests)
            known = bool(mentee.department and mentor.department)
            append((skills, len(mentee.skills), interests,
                    bool(mentee.interests or mentor.interests), known,
                    1.0 if known and mentee.department != mentor.department else 0.0))
        return out

    @cached_property
    def mentor_ids(self) -> list[str]:
        mentors = self.prob.mentors
        return [mentors[col].employee_id for col in self.cols.tolist()]

    def pair(self, k: int) -> PairScore:
        taught, wanted, shared, listed, known, diversity = self.facts[k]
        return PairScore(
            mentor_id=self.mentor_ids[k],
            score_micro=int(self.micro[k]),
            skill=self.skill[k],
            interest=self.interest[k],
            diversity=diversity,
            skills_taught=taught,
            skills_wanted=wanted,
            shared_interests=shared,
            interests_listed=listed,
            department_known=known,
        )


def _common(mine: tuple[str, ...], theirs: tuple[str, ...]) -> tuple[str, ...]:
    """The items of ``mine`` that ``theirs`` lists too, in the order of ``mine``."""
    among = theirs if len(theirs) <= 8 else set(theirs)
    return tuple([item for item in mine if item in among])


class Rows(Sequence[T]):
    """A read-only sequence whose items are made on access."""

    def __init__(self, length: int, make: Callable[[int], T]) -> None:
        self._length = length
        self._make = make

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._make(k) for k in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self._make(index)

    def __iter__(self) -> Iterator[T]:
        return map(self._make, range(self._length))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class Assignments(Rows[Assignment]):
    """One assignment per mentee, in input order; unmatched mentees have no pair
    (``pairs`` covers the matched ones, ``pair_of`` gives each mentee's index in it)."""

    def __init__(self, mentee_ids: list[str], status: list[str], pair_of: list[int],
                 pairs: PairRows) -> None:
        self.mentee_ids, self.status, self.pair_of, self.pairs = (
            mentee_ids, status, pair_of, pairs)
        super().__init__(len(mentee_ids), self._assignment)

    def _assignment(self, k: int) -> Assignment:
        at = self.pair_of[k]
        return Assignment(self.mentee_ids[k], None if at < 0 else self.pairs.pair(at),
                          self.status[k])


class Suggestions(Rows[Suggestion]):
    """Suggestions in output order: row ``k`` is pair ``k`` of ``pairs``."""

    def __init__(self, mentee_ids: list[str], ranks: list[int], pairs: PairRows) -> None:
        self.mentee_ids, self.ranks, self.pairs = mentee_ids, ranks, pairs
        super().__init__(len(mentee_ids), self._suggestion)

    def _suggestion(self, k: int) -> Suggestion:
        return Suggestion(self.mentee_ids[k], self.ranks[k], self.pairs.pair(k))

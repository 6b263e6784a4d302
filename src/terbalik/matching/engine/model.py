"""Plain data types of the matching engine (no Django, no I/O)."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from itertools import repeat
from typing import Literal

Role = Literal["mentor", "mentee"]
Seniority = Literal["grade", "age", "grade_and_age", "grade_or_age"]
SENIORITY_RULES: tuple[Seniority, ...] = ("grade", "age", "grade_and_age", "grade_or_age")

#: scores are fixed-point numbers with this many units per 1.0 (6 decimals).
MICRO = 1_000_000


@dataclass(frozen=True, slots=True)
class Participant:
    """One row of the participants file, already validated and normalised.

    List fields hold normalised items (trimmed, case-folded, inner whitespace
    collapsed, duplicates removed, first occurrence kept).
    """

    employee_id: str
    role: Role
    grade: int
    name: str = ""
    email: str = ""
    birth_date: dt.date | None = None
    department: str = ""
    manager_id: str = ""
    skills: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    capacity: int = 1
    avoid: tuple[str, ...] = ()
    line: int = 0


def participants_from_columns(columns: Mapping[str, Sequence[object]]) -> list[Participant]:
    """Many participants from one sequence per field (every field given, same lengths).

    What ``__init__`` does one object at a time, a field at a time: each slot of every
    participant is filled by one C-level pass (several times faster on a large file).
    """
    names = [f.name for f in fields(Participant)]
    if set(columns) != set(names):
        raise ValueError(f"the fields are {names}")
    count = len(columns[names[0]])
    people = list(map(object.__new__, repeat(Participant, count)))
    for name in names:
        if len(columns[name]) != count:
            raise ValueError(f"{name}: {len(columns[name])} values for {count} participants")
        deque(map(getattr(Participant, name).__set__, people, columns[name]), maxlen=0)
    return people


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """Weights and rules of one matching run (see CONFIG.toml).

    ``seniority`` decides which mentors are junior enough for a mentee:

    * ``grade``: mentor.grade < mentee.grade.
    * ``age``: the mentor was born later than the mentee.
    * ``grade_and_age``: both of the above.
    * ``grade_or_age``: either of the above.

    The age test is only applied where *both* birth dates are known; when either
    is missing, the pair is judged by grade alone under every rule.  So with
    ``age`` a pair with a missing date needs mentor.grade < mentee.grade; with
    ``grade_and_age`` the grade test alone decides; with ``grade_or_age`` the
    grade test alone decides too (a missing date never makes a pair eligible).

    A pair scoring below ``min_score`` (compared after rounding to 6 decimals)
    is not allowed.  Weights must be >= 0 and not all zero.
    """

    skill_weight: float = 0.6
    interest_weight: float = 0.3
    diversity_weight: float = 0.1
    seniority: Seniority = "grade"
    min_score: float = 0.0
    top: int = 3


@dataclass(frozen=True, slots=True)
class PairScore:
    """Score of one feasible pair and the facts that explain it."""

    mentor_id: str
    score_micro: int
    skill: float
    interest: float
    diversity: float
    skills_taught: tuple[str, ...]
    skills_wanted: int
    shared_interests: tuple[str, ...]
    interests_listed: bool
    department_known: bool

    @property
    def score(self) -> float:
        return self.score_micro / MICRO


@dataclass(frozen=True, slots=True)
class Assignment:
    """Outcome for one mentee; ``pair`` is None when unmatched."""

    mentee_id: str
    pair: PairScore | None
    #: "matched", "no_eligible_mentor" or "eligible_mentors_full"
    status: str


@dataclass(frozen=True, slots=True)
class Suggestion:
    mentee_id: str
    rank: int
    pair: PairScore


@dataclass(frozen=True, slots=True)
class Summary:
    mentees: int
    mentors: int
    feasible_pairs: int
    matched: int
    mean_score: float
    total_score_micro: int
    seconds: float
    exact: bool
    #: proven upper bound on the total score (micro units) of any assignment
    #: with ``matched`` mentees; equals ``total_score_micro`` when exact.
    upper_bound_micro: int
    #: relative gap (upper_bound - total) / upper_bound, 0.0 when exact.
    gap: float
    timings: Mapping[str, float] = field(default_factory=dict)

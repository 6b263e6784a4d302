"""An independent, brute-force reference implementation of the matching contract.

Plain Python over every pair (fine for small instances) plus a dense
``scipy.optimize.linear_sum_assignment`` on capacity-replicated columns and one
dummy column per mentee.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment

from terbalik.matching.engine import MatchConfig, Participant


def _ancestors(person: Participant, by_id: dict[str, Participant]) -> set[str]:
    out: set[str] = set()
    current = person.manager_id
    while current:
        out.add(current)
        current = by_id[current].manager_id
    return out


def senior_enough(mentor: Participant, mentee: Participant, rule: str) -> bool:
    grade_ok = mentor.grade < mentee.grade
    known = mentor.birth_date is not None and mentee.birth_date is not None
    later = known and mentor.birth_date > mentee.birth_date  # type: ignore[operator]
    if rule == "grade":
        return grade_ok
    if rule == "age":
        return later if known else grade_ok
    if rule == "grade_and_age":
        return grade_ok and (later if known else True)
    return grade_ok or later


def pair_score(mentor: Participant, mentee: Participant, cfg: MatchConfig) -> int:
    skill = (len(set(mentee.skills) & set(mentor.skills)) / len(mentee.skills)
             if mentee.skills else 0.0)
    union = set(mentee.interests) | set(mentor.interests)
    inter = len(set(mentee.interests) & set(mentor.interests)) / len(union) if union else 0.0
    div = 1.0 if (mentee.department and mentor.department
                  and mentee.department != mentor.department) else 0.0
    score = cfg.skill_weight * skill + cfg.interest_weight * inter + cfg.diversity_weight * div
    return int(np.rint(score * 1_000_000))


def feasible_pairs(people: Sequence[Participant], cfg: MatchConfig) -> dict[tuple[str, str], int]:
    """(mentee_id, mentor_id) -> score in micro units, for every allowed pair."""
    by_id = {p.employee_id: p for p in people}
    anc = {p.employee_id: _ancestors(p, by_id) for p in people}
    min_micro = int(round(cfg.min_score * 1_000_000))
    out: dict[tuple[str, str], int] = {}
    for e in people:
        if e.role != "mentee":
            continue
        for m in people:
            if m.role != "mentor":
                continue
            if not senior_enough(m, e, cfg.seniority):
                continue
            if m.employee_id in anc[e.employee_id] or e.employee_id in anc[m.employee_id]:
                continue
            if e.languages and m.languages and not set(e.languages) & set(m.languages):
                continue
            if (m.employee_id.casefold() in e.avoid or e.employee_id.casefold() in m.avoid):
                continue
            s = pair_score(m, e, cfg)
            if s < min_micro:
                continue
            out[(e.employee_id, m.employee_id)] = s
    return out


def optimum(people: Sequence[Participant], cfg: MatchConfig) -> tuple[int, int]:
    """(max matched, max total score in micro units among those)."""
    pairs = feasible_pairs(people, cfg)
    mentees = [p for p in people if p.role == "mentee"]
    slots = [m for m in people if m.role == "mentor" for _ in range(m.capacity)]
    n = len(mentees)
    if n == 0:
        return 0, 0
    big = n * 2_000_000 * 4
    weight = np.zeros((n, len(slots) + n))
    for i, e in enumerate(mentees):
        for k, m in enumerate(slots):
            s = pairs.get((e.employee_id, m.employee_id))
            if s is not None:
                weight[i, k] = big + s
    rows, cols = linear_sum_assignment(weight, maximize=True)
    matched = total = 0
    for r, c in zip(rows, cols, strict=True):
        if weight[r, c] > 0:
            matched += 1
            total += int(weight[r, c]) - big
    return matched, total

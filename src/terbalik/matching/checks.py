"""Hard-constraint checks for single pairs and unmatched mentees, by asking the engine.

Nothing here re-implements a constraint: a pair is allowed exactly when the engine finds it
feasible. To name *why* a pair is refused, the same question is asked again with one family of
rules switched off at a time (e.g. everybody's languages emptied): a family is a reason when the
pair stays refused with every *other* family switched off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from terbalik.matching.engine import MatchConfig, PairScore, run

from .snapshot import nearest_in, participants

#: the families of hard rules the engine applies to a pair, with the message naming each
REASONS: dict[str, Any] = {
    "seniority": _("the mentor is not junior enough to the mentee under the program's rule"),
    "reporting_line": _("they are in the same reporting line"),
    "language": _("they share no language"),
    "avoid": _("one of them asked not to be paired with the other"),
}
CAPACITY_REASON = _("the mentor has no free place left")
FAMILIES = tuple(REASONS)


@dataclass(frozen=True)
class PairCheck:
    pair: PairScore | None
    reasons: tuple[str, ...] = field(default=())

    @property
    def allowed(self) -> bool:
        return self.pair is not None

    def messages(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]


def _relax(
    rows: Sequence[dict[str, Any]], mentee_id: str, families: Sequence[str]
) -> list[dict[str, Any]]:
    mentee = next(r for r in rows if r["employee_id"] == mentee_id)
    out = []
    for row in rows:
        row = dict(row)
        is_mentor = row["role"] == "mentor"
        if "seniority" in families and is_mentor:
            row["grade"] = int(mentee["grade"]) - 1
            row["birth_date"] = None
        if "language" in families:
            row["languages"] = []
        if "avoid" in families:
            row["avoid"] = []
        if "reporting_line" in families:
            row["manager_id"] = ""
        out.append(row)
    return out


def _only(rows: Sequence[dict[str, Any]], mentee_id: str) -> list[dict[str, Any]]:
    """The mentors and this one mentee; manager links through the people left out are kept
    (each row then points at its nearest manager still present)."""
    chain = {r["employee_id"]: r.get("manager_id") or None for r in rows}
    inside = {r["employee_id"] for r in rows if r["role"] == "mentor"} | {mentee_id}
    out = []
    for row in rows:
        if row["employee_id"] not in inside:
            continue
        boss = nearest_in(row["employee_id"], chain, inside)
        out.append({**row, "manager_id": boss or ""})
    return out


def _eligible(
    rows: Sequence[dict[str, Any]], config: MatchConfig, mentee_id: str
) -> dict[str, PairScore]:
    """Every mentor the engine allows for this mentee (capacity ignored)."""
    mentors = sum(1 for r in rows if r["role"] == "mentor")
    if not mentors:
        return {}
    keep = _only(rows, mentee_id)
    top = max(1, mentors)
    cfg = MatchConfig(
        skill_weight=config.skill_weight,
        interest_weight=config.interest_weight,
        diversity_weight=config.diversity_weight,
        seniority=config.seniority,
        min_score=config.min_score,
        top=top,
    )
    result = run(participants(keep), cfg)
    return {s.pair.mentor_id: s.pair for s in result.suggestions(top) if s.mentee_id == mentee_id}


def check_pair(
    *, rows: Sequence[dict[str, Any]], config: MatchConfig, mentee_id: str, mentor_id: str
) -> PairCheck:
    """Is this pair allowed by the hard rules? `rows` are snapshot rows of the two people
    (their managers compressed to each other, see `snapshot.build_snapshot`)."""
    pair = _eligible(rows, config, mentee_id).get(mentor_id)
    if pair is not None:
        return PairCheck(pair)
    reasons = []
    for family in FAMILIES:
        others = [f for f in FAMILIES if f != family]
        if mentor_id not in _eligible(_relax(rows, mentee_id, others), config, mentee_id):
            reasons.append(family)
    return PairCheck(None, tuple(reasons))


def blockers(*, rows: Sequence[dict[str, Any]], config: MatchConfig, mentee_id: str) -> list[str]:
    """Rule families that leave this mentee with no eligible mentor in `rows`: switching the
    family off alone would give them at least one."""
    found = []
    for family in FAMILIES:
        if _eligible(_relax(rows, mentee_id, [family]), config, mentee_id):
            found.append(family)
    return found

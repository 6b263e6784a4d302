"""Render results as CSV text (deterministic: LF line ends, 6 decimals)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .explain import ENGLISH, Translator, explain_assignment, explain_pair
from .model import MICRO, Assignment, Suggestion

ASSIGNMENT_HEADER = ("mentee_id", "mentor_id", "score", "skill", "interest", "diversity",
                     "reason")
SUGGESTION_HEADER = ("mentee_id", "rank", "mentor_id", "score", "skill", "interest",
                     "diversity", "explanation")


def format_micro(micro: int) -> str:
    sign = "-" if micro < 0 else ""
    micro = abs(micro)
    return f"{sign}{micro // MICRO}.{micro % MICRO:06d}"


def _fixed(value: float) -> str:
    return f"{value:.6f}"


def assignments_csv(assignments: Iterable[Assignment], tr: Translator = ENGLISH) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ASSIGNMENT_HEADER)
    for a in assignments:
        reason = explain_assignment(a, tr)
        if a.pair is None:
            writer.writerow((a.mentee_id, "", "", "", "", "", reason))
        else:
            p = a.pair
            writer.writerow((a.mentee_id, p.mentor_id, format_micro(p.score_micro),
                             _fixed(p.skill), _fixed(p.interest), _fixed(p.diversity), reason))
    return out.getvalue()


def suggestions_csv(suggestions: Iterable[Suggestion], tr: Translator = ENGLISH) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SUGGESTION_HEADER)
    cache: dict[int, str] = {}
    for s in suggestions:
        p = s.pair
        key = id(p)
        if key not in cache:
            cache[key] = explain_pair(p, tr)
        writer.writerow((s.mentee_id, s.rank, p.mentor_id, format_micro(p.score_micro),
                         _fixed(p.skill), _fixed(p.interest), _fixed(p.diversity), cache[key]))
    return out.getvalue()

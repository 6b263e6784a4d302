"""Render results as CSV text (deterministic: LF line ends, 6 decimals)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from .bulk import collector_paused
from .explain import ENGLISH, Translator, explain_assignment, explain_facts, explain_pair
from .model import MICRO, Assignment, Suggestion
from .table import Assignments, Facts, PairRows, Suggestions

T = TypeVar("T", bound=Hashable)

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


def _cells(values: Iterable[T], render: Callable[[T], str]) -> list[str]:
    """``render`` of each value, each distinct value rendered once (scores take few values)."""
    memo: dict[T, str] = {}
    return [memo[v] if v in memo else memo.setdefault(v, render(v)) for v in values]


def _explanations(facts: Iterable[Facts], tr: Translator) -> list[str]:
    return _cells(facts, lambda f: explain_facts(*f, tr=tr))


def _pair_cells(pairs: PairRows, tr: Translator) -> list[list[str]]:
    """mentor_id, score, skill, interest, diversity and explanation, as columns."""
    return [pairs.mentor_ids, _cells(pairs.micro.tolist(), format_micro),
            _cells(pairs.skill, _fixed), _cells(pairs.interest, _fixed),
            _cells([f[5] for f in pairs.facts], _fixed), _explanations(pairs.facts, tr)]


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _special(text: str) -> bool:
    """Whether the text has what makes the csv module quote a cell (minimal quoting, "\n"
    line ends): a comma, a quote or a line end."""
    return "," in text or '"' in text or "\n" in text or "\r" in text


def _csv_columns(header: Sequence[str], columns: Sequence[Sequence[str]]) -> str:
    """``_csv(header, zip(*columns))`` for columns of text (at least two columns).

    A column none of whose cells has a comma, a quote or a line end is written as it is
    (the csv module would write it so too), the others cell by cell (``_quoted``); the
    rows are then joined by C-level passes."""
    texts = []
    for column in columns:
        if _special("".join(column)):
            column = _cells(column, _quoted)
        texts.append(column)
    body = "\n".join(map(",".join, zip(*texts, strict=True)))
    return _csv(header, ()) + (body + "\n" if body else "")


def _quoted(cell: str) -> str:
    """One cell as the csv module writes it in a row of several cells: in quotes, its
    quotes doubled, when it has a comma, a quote or a line end (a carriage return, which
    Python versions treat differently, is left to the csv module itself)."""
    if "\r" in cell:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([cell, ""])
        return out.getvalue()[:-2]  # less the empty cell and the line end
    if _special(cell):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@collector_paused()
def assignments_csv(assignments: Iterable[Assignment], tr: Translator = ENGLISH) -> str:
    if isinstance(assignments, Assignments):
        return _csv_columns(ASSIGNMENT_HEADER,
                            list(zip(*_assignment_rows(assignments, tr), strict=True))
                            if assignments.mentee_ids else [[]] * len(ASSIGNMENT_HEADER))
    rows = []
    for a in assignments:
        reason = explain_assignment(a, tr)
        if a.pair is None:
            rows.append((a.mentee_id, "", "", "", "", "", reason))
        else:
            p = a.pair
            rows.append((a.mentee_id, p.mentor_id, format_micro(p.score_micro),
                         _fixed(p.skill), _fixed(p.interest), _fixed(p.diversity), reason))
    return _csv(ASSIGNMENT_HEADER, rows)


def _assignment_rows(table: Assignments, tr: Translator) -> Iterable[Sequence[str]]:
    matched = list(zip(*_pair_cells(table.pairs, tr), strict=True))
    unmatched = {status: ("", "", "", "", "", explain_assignment(Assignment("", None, status), tr))
                 for status in set(table.status)}
    for mentee_id, status, at in zip(table.mentee_ids, table.status, table.pair_of,
                                     strict=True):
        yield (mentee_id, *(matched[at] if at >= 0 else unmatched[status]))


@collector_paused()
def suggestions_csv(suggestions: Iterable[Suggestion], tr: Translator = ENGLISH) -> str:
    if isinstance(suggestions, Suggestions):
        return _csv_columns(SUGGESTION_HEADER, [
            suggestions.mentee_ids, _cells(suggestions.ranks, str),
            *_pair_cells(suggestions.pairs, tr)])
    rows = []
    for s in suggestions:
        p = s.pair
        rows.append((s.mentee_id, s.rank, p.mentor_id, format_micro(p.score_micro),
                     _fixed(p.skill), _fixed(p.interest), _fixed(p.diversity),
                     explain_pair(p, tr)))
    return _csv(SUGGESTION_HEADER, rows)

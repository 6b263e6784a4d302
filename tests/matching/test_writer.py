"""The result CSVs are exactly what ``csv.writer`` makes of the rows (no Django)."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from terbalik.matching.engine import (
    Assignment,
    PairScore,
    Suggestion,
    assignments_csv,
    format_micro,
    suggestions_csv,
    writer,
)
from terbalik.matching.engine.explain import explain_assignment, explain_pair
from terbalik.matching.engine.writer import ASSIGNMENT_HEADER, SUGGESTION_HEADER

TRICKY_IDS = ["E1", "a,b", 'say "hi"', "line\nbreak", "cr\rid", " padded ", "semi;colon",
              "'quote", "ümlaut"]


def _pair(mentor_id: str, micro: int, taught: tuple[str, ...]) -> PairScore:
    return PairScore(mentor_id=mentor_id, score_micro=micro, skill=1 / 3, interest=0.0,
                     diversity=1.0, skills_taught=taught, skills_wanted=3,
                     shared_interests=("kopi, teh",), interests_listed=True,
                     department_known=bool(micro % 2))


def _reference(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def test_suggestions_csv_is_csv_writer_output() -> None:
    suggestions = [
        Suggestion(mentee, rank, _pair(mentor, -rank * 1_234_567 + 7, ('say "x"', "a,b")))
        for mentee in TRICKY_IDS for rank, mentor in enumerate(reversed(TRICKY_IDS), 1)
    ]
    expected = _reference(SUGGESTION_HEADER, [
        (s.mentee_id, s.rank, s.pair.mentor_id, format_micro(s.pair.score_micro),
         f"{s.pair.skill:.6f}", f"{s.pair.interest:.6f}", f"{s.pair.diversity:.6f}",
         explain_pair(s.pair)) for s in suggestions
    ])
    assert suggestions_csv(suggestions) == expected
    assert '"say ""hi"""' in expected and '"line\nbreak"' in expected  # quoting exercised


def test_assignments_csv_is_csv_writer_output() -> None:
    assignments = [Assignment(m, _pair(TRICKY_IDS[-k - 1], 500_000 + k, ()), "matched")
                   for k, m in enumerate(TRICKY_IDS)]
    assignments += [Assignment("x,1", None, "no_eligible_mentor"),
                    Assignment('"y"', None, "eligible_mentors_full")]
    expected = _reference(ASSIGNMENT_HEADER, [
        (a.mentee_id, "", "", "", "", "", explain_assignment(a)) if a.pair is None else
        (a.mentee_id, a.pair.mentor_id, format_micro(a.pair.score_micro),
         f"{a.pair.skill:.6f}", f"{a.pair.interest:.6f}", f"{a.pair.diversity:.6f}",
         explain_assignment(a)) for a in assignments
    ])
    assert assignments_csv(assignments) == expected
    assert assignments_csv([]) == _reference(ASSIGNMENT_HEADER, [])
    assert suggestions_csv([]) == _reference(SUGGESTION_HEADER, [])


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 4).flatmap(lambda width: st.lists(
    st.lists(st.text(alphabet='ab ,"\r\n\t;\u2028\x0b\x0c\x1c\x85é', max_size=5),
             min_size=width, max_size=width), max_size=6)))
def test_column_writing_is_the_csv_modules_writing(rows: list[list[str]]) -> None:
    """Commas, quotes, line ends of every kind and empty cells, alone or in columns."""
    width = len(rows[0]) if rows else 3
    header = [f"h{k}" for k in range(width)]
    columns = [list(column) for column in zip(*rows, strict=True)] if rows else [[]] * width
    assert writer._csv_columns(header, columns) == writer._csv(header, rows)


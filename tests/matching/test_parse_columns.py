"""The column-wise reading of a participants file against the row-by-row one.

The reader takes whole columns at a time and falls back to the row-by-row reading
(which names the first problem) whenever a check fails; these tests hold the two to
the same participants and make sure the fast one never accepts what the other refuses.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbalik.matching.engine import Participant, ParticipantFileError, ReadLimits
from terbalik.matching.engine.model import participants_from_columns
from terbalik.matching.engine.parse import (
    _read_clean,
    _read_rows,
    _split_column,
    read_participants_csv,
    split_list,
)

HEADERS = ["employee_id", "role", "grade", "capacity", "birth_date", "manager_id", "skills",
           "interests", "languages", "avoid", "department", "Name", " Employee-ID", "x"]
CELLS = ["", " ", "a", "b", "c", "A ", "mentee", "MENTOR", " mentor", "boss", "3", "+4",
         "-1", "0", "2.5", "1970-01-02", "1970-13-01", "03/02/1970", "Tik  Tok|canva",
         "x|X| |x", "|", "kopi|", "id|en", "a|b|c|d", "Finance", " it ", "\t", "ß", "é",
         "a|b|a", "a b|c", "a\u00a0b", "a \u2003|b", "a||b", "İ", "k|ǅ"]


@st.composite
def files(draw: st.DrawFn) -> tuple[str, ReadLimits]:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7))
    if draw(st.booleans()):  # the required columns, so that most files get to the rows
        header = ["employee_id", "role", "grade", *header]
    lines = [",".join(header)]
    for k in range(draw(st.integers(0, 6))):
        width = draw(st.sampled_from([len(header), len(header), len(header) - 1,
                                      len(header) + 1, 0]))
        cells = [draw(st.sampled_from(CELLS)) for _ in range(max(width, 0))]
        if cells and draw(st.booleans()):
            cells[0] = f"e{k}"  # mostly distinct ids
        lines.append(",".join(cells))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    limits = ReadLimits(max_rows=draw(st.integers(1, 8)),
                        max_columns=draw(st.integers(3, 12)),
                        max_cell_chars=draw(st.integers(4, 20)),
                        max_list_items=draw(st.integers(1, 4)))
    return end.join(lines) + draw(st.sampled_from(["", end, end + end])), limits


def _facts(err: object) -> object:
    assert isinstance(err, ParticipantFileError)
    return (err.line, err.column, err.code, err.params, err.number)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files())
def test_column_reading_agrees_with_row_reading(case: tuple[str, ReadLimits]) -> None:
    text, limits = case
    try:
        expected: list[Participant] | ParticipantFileError = _read_rows(text, ",", limits)
    except ParticipantFileError as exc:
        expected = exc
    try:
        got: list[Participant] | ParticipantFileError | None = _read_clean(text, ",", limits)
    except ParticipantFileError as exc:  # the header is checked by the same code
        got = exc
    if isinstance(expected, ParticipantFileError):
        # a refused file's rows are always left to the row-by-row reading
        assert got is None or _facts(got) == _facts(expected)
        with pytest.raises(ParticipantFileError) as info:
            read_participants_csv(text.encode("utf-8"), limits=limits)
        assert _facts(info.value) == _facts(expected)
    else:
        assert read_participants_csv(text.encode("utf-8"), limits=limits) == expected
        if got is not None:
            assert got == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab|  \t\u00a0\u2003AßİǅK", max_size=8).map(str.strip),
                max_size=6))
def test_list_cells_split_as_one_cell_alone(cells: list[str]) -> None:
    for column in (cells, [c.casefold() for c in cells]):  # the second is often all normal
        assert _split_column(column, {}) == [split_list(cell) for cell in column]


def test_plain_files_are_read_by_columns() -> None:
    text = ("employee_id,role,grade,birth_date,skills,manager_id\n"
            "e1,Mentee,10,1970-02-03,TikTok| Canva ,\n"
            "\n"
            "m1,mentor,3,,canva|canva,e1\n")
    got = _read_clean(text, ",", ReadLimits())
    assert got is not None and got == _read_rows(text, ",", ReadLimits())
    assert [(p.employee_id, p.line, p.skills) for p in got] == [
        ("e1", 2, ("tiktok", "canva")), ("m1", 4, ("canva",))]
    assert got[0].birth_date == dt.date(1970, 2, 3)


@pytest.mark.parametrize("managers", [["b", "a"], ["a", ""], ["", "x"], ["b", "c"]])
def test_unknown_managers_and_loops_go_to_the_row_reading(managers: list[str]) -> None:
    rows = "".join(f"{eid},mentee,3,{boss}\n" for eid, boss in zip("ab", managers, strict=True))
    text = "employee_id,role,grade,manager_id\n" + rows
    assert _read_clean(text, ",", ReadLimits()) is None
    with pytest.raises(ParticipantFileError):
        _read_rows(text, ",", ReadLimits())


def test_long_manager_chain_is_no_loop() -> None:
    rows = "".join(f"e{k},mentee,3,{f'e{k + 1}' if k < 99 else ''}\n" for k in range(100))
    got = _read_clean("employee_id,role,grade,manager_id\n" + rows, ",", ReadLimits())
    assert got is not None and got[0].manager_id == "e1"


def test_participants_from_columns_equal_the_constructed_ones() -> None:
    people = [Participant("e1", "mentee", 5, skills=("a",), line=2),
              Participant("m1", "mentor", 1, capacity=2, birth_date=dt.date(2000, 1, 1))]
    columns = {name: [getattr(p, name) for p in people]
               for name in Participant.__dataclass_fields__}
    made = participants_from_columns(columns)
    assert made == people and [hash(p) for p in made] == [hash(p) for p in people]
    with pytest.raises(ValueError, match="fields"):
        participants_from_columns({"employee_id": ["e1"]})
    with pytest.raises(ValueError, match="grade"):
        participants_from_columns({**columns, "grade": [5]})

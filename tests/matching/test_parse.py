"""Participants CSV reading: formats accepted and every refusal (no Django needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from terbalik.matching.engine import ParticipantFileError, read_participants_csv

GOOD = (
    "employee_id,name,role,grade,birth_date,department,manager_id,skills,interests,"
    "languages,capacity,avoid\n"
    "e1,Budi,mentee,10,1970-02-03,Finance,,TikTok|Canva,Kopi,id,,m2\n"
    "m1,Ani,mentor,3,1999-01-01,Marketing,e1,tiktok,kopi,id|en,2,\n"
    "m2,Dedi,mentor,2,,IT,,canva,,,1,\n"
)


def test_plain_file() -> None:
    people = read_participants_csv(GOOD.encode())
    assert [p.employee_id for p in people] == ["e1", "m1", "m2"]
    e1, m1, m2 = people
    assert e1.role == "mentee" and e1.grade == 10 and e1.birth_date == dt.date(1970, 2, 3)
    assert e1.skills == ("tiktok", "canva") and e1.avoid == ("m2",)
    assert e1.department == "finance"
    assert m1.capacity == 2 and m1.manager_id == "e1" and m1.languages == ("id", "en")
    assert m2.capacity == 1 and m2.birth_date is None
    assert [p.line for p in people] == [2, 3, 4]


def test_bom_semicolon_crlf_reordered_messy_and_unknown_columns() -> None:
    text = (
        "\ufeff Skills ;GRADE; Role ;Employee_ID;shoe size;Interests\r\n"
        "  Tik   Tok | CANVA |tiktok|  ; 10 ; MENTEE ; e1 ;42; kopi \r\n"
        "\r\n"
        "canva;2;Mentor;m1;;Kopi|  Musik  Jazz \r\n"
    )
    people = read_participants_csv(text.encode("utf-8"))
    e1, m1 = people
    assert e1.employee_id == "e1" and e1.role == "mentee" and e1.grade == 10
    assert e1.skills == ("tik tok", "canva", "tiktok")
    assert m1.role == "mentor" and m1.interests == ("kopi", "musik jazz")
    assert m1.line == 4  # the blank line still counts


def test_file_from_path(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "p.csv"  # type: ignore[operator]
    path.write_bytes(GOOD.encode())
    assert len(read_participants_csv(path)) == 3
    assert len(read_participants_csv(str(path))) == 3


def _error(text: str) -> ParticipantFileError:
    with pytest.raises(ParticipantFileError) as info:
        read_participants_csv(text.encode("utf-8"))
    return info.value


HEADER = "employee_id,role,grade,capacity,birth_date,manager_id\n"


@pytest.mark.parametrize(
    ("body", "line", "column", "code"),
    [
        ("a,mentee,5,,,\na,mentor,2,,,\n", 3, "employee_id", "duplicate_id"),
        ("a,mentee,five,,,\n", 2, "grade", "not_integer"),
        ("a,mentee,5.0,,,\n", 2, "grade", "not_integer"),
        ("a,mentee,,,,\n", 2, "grade", "required"),
        ("a,mentee,5,,,\nb,mentor,2,two,,\n", 3, "capacity", "not_integer"),
        ("a,mentee,5,,,\nb,mentor,2,0,,\n", 3, "capacity", "capacity_too_small"),
        ("a,mentee,5,,,\nb,boss,2,,,\n", 3, "role", "unknown_role"),
        ("a,mentee,5,,1970-13-01,\n", 2, "birth_date", "bad_date"),
        ("a,mentee,5,,03/02/1970,\n", 2, "birth_date", "bad_date"),
        ("a,mentee,5,,,x\n", 2, "manager_id", "unknown_manager"),
        ("a,mentee,5,,,b\nb,mentor,2,,,c\nc,mentor,2,,,a\n", 2, "manager_id", "manager_cycle"),
        ("a,mentee,5,,,a\n", 2, "manager_id", "manager_cycle"),
        (",mentee,5,,,\n", 2, "employee_id", "required"),
    ],
)
def test_refusals_name_line_and_column(body: str, line: int, column: str, code: str) -> None:
    err = _error(HEADER + body)
    assert (err.line, err.column, err.code) == (line, column, code)
    text = str(err)
    assert f"line {line}" in text and column in text


def test_missing_required_column() -> None:
    err = _error("employee_id,role\na,mentee\n")
    assert (err.line, err.column, err.code) == (1, "grade", "missing_column")
    assert str(err) == "line 1, column grade: the required column grade is missing"


def test_error_message_has_column_number_and_value() -> None:
    err = _error(HEADER + "a,mentee,tinggi,,,\n")
    assert str(err) == "line 2, column 3 (grade): tinggi is not a whole number"


def test_error_is_translatable() -> None:
    err = _error(HEADER + "a,mentee,tinggi,,,\n")
    fake = {"line %(line)d, column %(number)d (%(column)s): %(message)s":
            "baris %(line)d, kolom %(number)d (%(column)s): %(message)s",
            "%(value)s is not a whole number": "%(value)s bukan bilangan bulat"}
    assert err.render(lambda s: fake.get(s, s)) == (
        "baris 2, kolom 3 (grade): tinggi bukan bilangan bulat"
    )


def test_empty_and_non_utf8_files() -> None:
    assert _error("").code == "empty_file"
    with pytest.raises(ParticipantFileError) as info:
        read_participants_csv(HEADER.encode() + b"a,mentee,5,,,\nb\xff,mentor,2,,,\n")
    assert (info.value.line, info.value.code) == (3, "not_utf8")


def test_cycle_message_lists_the_chain() -> None:
    err = _error(HEADER + "a,mentee,5,,,b\nb,mentor,2,,,a\n")
    assert "a -> b -> a" in str(err)


def test_cell_length_limit_counts_only_cells_up_to_the_last_non_blank_one() -> None:
    from terbalik.matching.engine import ReadLimits

    limits = ReadLimits(max_cell_chars=12)  # "employee_id" has 11
    blank_tail = (HEADER + "a,mentee,5,,,," + " " * 50 + "\n").encode("utf-8")
    assert [p.employee_id for p in read_participants_csv(blank_tail, limits=limits)] == ["a"]
    with pytest.raises(ParticipantFileError) as info:
        read_participants_csv((HEADER + "a,mentee,5,,,\nb,mentor,2," + "9" * 13 + ",,\n"
                               ).encode("utf-8"), limits=limits)
    assert (info.value.line, info.value.code) == (3, "cell_too_long")
    assert info.value.params == {"length": 13, "limit": 12}

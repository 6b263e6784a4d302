"""Reading and validating the participants CSV file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ParticipantFileError
from .model import Participant, Role

REQUIRED_COLUMNS = ("employee_id", "role", "grade")
KNOWN_COLUMNS = frozenset(
    {
        "employee_id", "name", "email", "role", "grade", "birth_date", "department",
        "manager_id", "skills", "interests", "languages", "capacity", "avoid",
    }
)
_INT = re.compile(r"[+-]?[0-9]+\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclass(frozen=True)
class ReadLimits:
    """How much of a participants file is read (the Django side fills these from settings)."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 100_000  # participants (header and blank lines not counted)
    max_columns: int = 200
    max_cell_chars: int = 1_000
    #: skills or interests of one person (the pair classes grow with the cube of it)
    max_list_items: int = 100


def normalise_item(text: str) -> str:
    """Trim, case-fold and collapse inner whitespace of one list item or key."""
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=65536)
def split_list(text: str) -> tuple[str, ...]:
    """Split a ``|``-separated field into normalised, unique, non-empty items."""
    if not text:
        return ()
    seen: dict[str, None] = {}
    for raw in text.split("|"):
        item = normalise_item(raw)
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def _header_key(text: str) -> str:
    return normalise_item(text).replace(" ", "_").replace("-", "_")


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ParticipantFileError(line, None, "not_utf8") from None


def _detect_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _rows(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ParticipantFileError(
            reader.line_num or start, None, "bad_csv", {"detail": str(exc)}
        ) from None


def _read_bytes(source: str | Path | bytes, limit: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        with Path(source).open("rb") as handle:
            data = handle.read(limit + 1)
    if len(data) > limit:
        size = len(data) if isinstance(source, bytes) else Path(source).stat().st_size
        raise ParticipantFileError(1, None, "too_large", {"size": size, "limit": limit})
    return data


def _limited(
    rows: Iterable[tuple[int, list[str]]], limits: ReadLimits
) -> Iterable[tuple[int, list[str]]]:
    """Refuse wide rows, long cells and too many participants while reading, not after."""
    seen = -1  # the header is the first non-blank row
    for line, row in rows:
        width = len(row)
        while width and not row[width - 1].strip():
            width -= 1
        if not width:
            yield line, row
            continue
        if width > limits.max_columns:
            raise ParticipantFileError(
                line, None, "too_many_columns", {"count": width, "limit": limits.max_columns}
            )
        # one C-level pass finds nearly every row clean; only a hit looks closer (a long
        # cell past ``width`` is blank and allowed)
        if max(map(len, row)) > limits.max_cell_chars:
            for index in range(width):
                if len(row[index]) > limits.max_cell_chars:
                    raise ParticipantFileError(
                        line, None, "cell_too_long",
                        {"length": len(row[index]), "limit": limits.max_cell_chars},
                    )
        seen += 1
        if seen > limits.max_rows:
            raise ParticipantFileError(line, None, "too_many_rows", {"limit": limits.max_rows})
        yield line, row


def read_participants_csv(
    source: str | Path | bytes, *, limits: ReadLimits | None = None
) -> list[Participant]:
    """Read a participants file (path or raw bytes) into validated participants.

    Raises :class:`ParticipantFileError` naming the line and column of the
    first problem found, also when the file is beyond `limits`.
    """
    limits = limits or ReadLimits()
    data = _read_bytes(source, limits.max_bytes)
    text = _decode(data)
    del data
    rows = iter(_limited(_rows(text, _detect_delimiter(text)), limits))
    header_row: list[str] | None = None
    header_line = 1
    for line, row in rows:
        if any(cell.strip() for cell in row):
            header_row, header_line = row, line
            break
    if header_row is None:
        raise ParticipantFileError(1, None, "empty_file")
    header = [_header_key(cell) for cell in header_row]
    position: dict[str, int] = {}
    for index, key in enumerate(header):
        if key in position and key in KNOWN_COLUMNS:
            raise ParticipantFileError(
                header_line, key, "duplicate_column", {"column": key}, number=index + 1
            )
        position.setdefault(key, index)
    for key in REQUIRED_COLUMNS:
        if key not in position:
            raise ParticipantFileError(header_line, key, "missing_column", {"column": key})
    return _build(rows, header, position, limits.max_list_items)


_FIELDS = ("employee_id", "role", "grade", "capacity", "birth_date", "name", "email",
           "department", "manager_id", "skills", "interests", "languages", "avoid")


def _build(
    rows: Iterable[tuple[int, list[str]]], header: Sequence[str], position: dict[str, int],
    max_items: int = ReadLimits.max_list_items,
) -> list[Participant]:
    people: list[Participant] = []
    first_line: dict[str, int] = {}
    width = len(header)
    # a missing optional column reads as the empty cell appended at index ``width``
    take = [position.get(key, width) for key in _FIELDS]
    departments: dict[str, str] = {}  # a few distinct values: normalise each once
    for line, row in rows:
        if not "".join(row).strip():
            continue
        if len(row) > width:
            if "".join(row[width:]).strip():
                raise ParticipantFileError(
                    line, None, "too_many_fields", {"count": len(row), "expected": width}
                )
            row = row[:width]
        row = row + [""] * (width + 1 - len(row))
        (employee_id, role_text, grade_text, capacity_text, birth_text, name, email,
         department, manager_id, skills, interests, languages, avoid) = [
            row[i].strip() for i in take
        ]

        def fail(key: str, code: str, line: int = line, **params: object) -> ParticipantFileError:
            return ParticipantFileError(line, key, code, params, number=position[key] + 1)

        if not employee_id:
            raise fail("employee_id", "required")
        if employee_id in first_line:
            raise fail("employee_id", "duplicate_id", value=employee_id,
                       first=first_line[employee_id])
        first_line[employee_id] = line
        role_key = role_text.casefold()
        if role_key not in ("mentor", "mentee"):
            if not role_key:
                raise fail("role", "required")
            raise fail("role", "unknown_role", value=role_text)
        role: Role = "mentor" if role_key == "mentor" else "mentee"
        if not grade_text:
            raise fail("grade", "required")
        if not _INT.match(grade_text):
            raise fail("grade", "not_integer", value=grade_text)
        capacity = 1
        if capacity_text:
            if not _INT.match(capacity_text):
                raise fail("capacity", "not_integer", value=capacity_text)
            capacity = int(capacity_text)
            if capacity < 1:
                raise fail("capacity", "capacity_too_small", value=capacity_text)
        birth_date: dt.date | None = None
        if birth_text:
            try:
                if not _DATE.match(birth_text):
                    raise ValueError(birth_text)
                birth_date = dt.date.fromisoformat(birth_text)
            except ValueError:
                raise fail("birth_date", "bad_date", value=birth_text) from None
        skill_items, interest_items = split_list(skills), split_list(interests)
        for key, items in (("skills", skill_items), ("interests", interest_items)):
            if len(items) > max_items:
                raise fail(key, "too_many_items", count=len(items), limit=max_items)
        people.append(
            Participant(
                employee_id=employee_id,
                role=role,
                grade=int(grade_text),
                name=name,
                email=email,
                birth_date=birth_date,
                department=departments.get(department)
                or departments.setdefault(department, normalise_item(department)),
                manager_id=manager_id,
                skills=skill_items,
                interests=interest_items,
                languages=split_list(languages),
                capacity=capacity if role == "mentor" else 1,
                avoid=split_list(avoid),
                line=line,
            )
        )
    check_managers(people, manager_column=position.get("manager_id"))
    return people


def check_managers(people: Sequence[Participant], manager_column: int | None = None) -> None:
    """Every manager_id must name someone in the file and the chains must not loop."""
    by_id = {p.employee_id: p for p in people}
    number = None if manager_column is None else manager_column + 1
    for person in people:
        if person.manager_id and person.manager_id not in by_id:
            raise ParticipantFileError(
                person.line, "manager_id", "unknown_manager",
                {"value": person.manager_id}, number=number,
            )
    state: dict[str, int] = {}  # 1 = on current path, 2 = done
    for person in people:
        if person.employee_id in state:
            continue
        path: list[str] = []
        current = person.employee_id
        while current and current not in state:
            state[current] = 1
            path.append(current)
            current = by_id[current].manager_id
        if current and state.get(current) == 1:
            cycle = path[path.index(current):]
            first = min(cycle, key=lambda eid: by_id[eid].line)
            start = cycle.index(first)
            ordered = cycle[start:] + cycle[:start] + [first]
            raise ParticipantFileError(
                by_id[first].line, "manager_id", "manager_cycle",
                {"chain": " -> ".join(ordered)}, number=number,
            )
        for eid in path:
            state[eid] = 2

"""Reading and validating the participants CSV file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import chain, repeat
from operator import itemgetter, ne
from pathlib import Path
from typing import TypeVar

import numpy as np

from .bulk import collector_paused
from .errors import ParticipantFileError
from .model import Participant, Role, participants_from_columns

REQUIRED_COLUMNS = ("employee_id", "role", "grade")
KNOWN_COLUMNS = frozenset(
    {
        "employee_id", "name", "email", "role", "grade", "birth_date", "department",
        "manager_id", "skills", "interests", "languages", "capacity", "avoid",
    }
)
V = TypeVar("V")
#: ``map_terms(field, column)``: the skills or interests (``field``) of every participant, one
#: tuple of items each in file order, as the participants are to list them (the caller's
#: taxonomy, say); called once per field, after the items are validated
TermMapper = Callable[[str, list[tuple[str, ...]]], list[tuple[str, ...]]]
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


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    """The non-empty items, first occurrence of each kept."""
    found = dict.fromkeys(items)
    found.pop("", None)
    return tuple(found)


@lru_cache(maxsize=65536)
def split_list(text: str) -> tuple[str, ...]:
    """Split a ``|``-separated field into normalised, unique, non-empty items."""
    return _unique(map(normalise_item, text.split("|"))) if text else ()


def _split_column(column: list[str], items: dict[str, str]) -> list[tuple[str, ...]]:
    """:func:`split_list` of every cell; ``items`` remembers each raw item normalised."""
    cells: dict[str, tuple[str, ...]] = {"": ()}
    out: list[tuple[str, ...]] = []
    for text in column:
        got = cells.get(text)
        if got is None:
            got = cells[text] = _unique([
                items[raw] if raw in items else items.setdefault(raw, normalise_item(raw))
                for raw in text.split("|")
            ])
        out.append(got)
    return out


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


@collector_paused()
def read_participants_csv(
    source: str | Path | bytes, *, limits: ReadLimits | None = None,
    map_terms: TermMapper | None = None,
) -> list[Participant]:
    """Read a participants file (path or raw bytes) into validated participants.

    Raises :class:`ParticipantFileError` naming the line and column of the
    first problem found, also when the file is beyond `limits`.  With ``map_terms``
    the skills and interests are what it makes of them (each participant is made
    once, with its final lists: copying 100,000 participants afterwards took 0.3 s).
    """
    limits = limits or ReadLimits()
    data = _read_bytes(source, limits.max_bytes)
    text = _decode(data)
    del data
    delimiter = _detect_delimiter(text)
    people = _read_clean(text, delimiter, limits, map_terms)
    if people is None:
        # something to refuse (or an unusual layout): the row-by-row reading names the first
        # problem, line and column
        people = _read_rows(text, delimiter, limits)
        if map_terms is not None:
            people = _with_terms(people, map_terms)
    return people


def _read_rows(text: str, delimiter: str, limits: ReadLimits) -> list[Participant]:
    rows = iter(_limited(_rows(text, delimiter), limits))
    header, position = _header(rows)
    return _build(rows, header, position, limits.max_list_items)


def _with_terms(people: list[Participant], map_terms: TermMapper) -> list[Participant]:
    """The participants with their skills and interests through ``map_terms``."""
    columns: dict[str, Sequence[object]] = {
        field.name: [getattr(person, field.name) for person in people]
        for field in fields(Participant)}
    for name in ("skills", "interests"):
        columns[name] = map_terms(name, [getattr(person, name) for person in people])
    return participants_from_columns(columns)


def _header(rows: Iterable[tuple[int, list[str]]]) -> tuple[list[str], dict[str, int]]:
    """The header keys and the position of each key (the first non-blank row)."""
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
    return header, position


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


def _read_clean(text: str, delimiter: str, limits: ReadLimits,
                map_terms: TermMapper | None = None) -> list[Participant] | None:
    """Read a file with nothing to refuse column by column; None when anything is off.

    Every check of the row-by-row reading is made here on whole columns (each distinct
    value of a short column once); a file failing one is read again row by row, which
    names the first problem.
    """
    if '"' in text:  # a quoted cell may span lines: only the row-by-row reading counts them
        return None
    # unquoted, every record is one line (a blank one reads as no cell or one blank cell)
    if "\r" in text or "\0" in text:
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                                   strict=True))
        except csv.Error:
            return None
        longest = max(map(len, chain.from_iterable(rows)), default=0)
    else:  # what the csv module reads, split in one C-level pass per line
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        rows = [line.split(delimiter) for line in lines]
        # no cell is longer than its line
        longest = max(map(len, lines), default=0)
        if longest > limits.max_cell_chars:
            longest = max(map(len, chain.from_iterable(rows)))
        del lines
    if (not rows or len(rows) - 1 > limits.max_rows
            or max(map(len, rows)) > limits.max_columns
            or longest > limits.max_cell_chars
            or not any(cell.strip() for cell in rows[0])):
        return None
    header, position = _header(iter([(1, rows[0])]))
    width = len(header)
    numbers = list(range(2, len(rows) + 1))
    body = rows[1:]
    del rows
    # rows of another width or without an id (blank lines): C-level passes find none in
    # a plain file
    if (any(map(ne, map(len, body), repeat(width)))
            or not all(map(str.strip, map(itemgetter(position["employee_id"]), body)))):
        kept = [(line, _fit(row, width)) for line, row in zip(numbers, body, strict=True)
                if "".join(row).strip()]
        if not kept or any(row is None for _line, row in kept):
            return None
        numbers = [line for line, _row in kept]
        body = [row for _line, row in kept if row is not None]
    if not body:
        return None
    columns = list(zip(*body, strict=True))
    del body
    blank = ("",) * len(numbers)
    (employee_id, role_text, grade_text, capacity_text, birth_text, name, email,
     department, manager_id, skills, interests, languages, avoid) = [
        list(map(str.strip, columns[position[key]] if key in position else blank))
        for key in _FIELDS
    ]
    if not all(employee_id) or len(set(employee_id)) < len(employee_id):
        return None
    role = list(map(str.casefold, role_text))
    grade = _values(grade_text, _integer)
    capacity = _values(capacity_text, _capacity)
    birth_date = _values(birth_text, _date)
    if (not set(role) <= {"mentor", "mentee"} or grade is None or capacity is None
            or birth_date is None or _bad_managers(employee_id, manager_id)):
        return None
    items: dict[str, str] = {}
    lists = [_split_column(column, items) for column in (skills, interests, languages, avoid)]
    if max(map(len, chain(lists[0], lists[1])), default=0) > limits.max_list_items:
        return None
    if map_terms is not None:
        lists[0], lists[1] = map_terms("skills", lists[0]), map_terms("interests", lists[1])
    return participants_from_columns({
        "employee_id": employee_id, "role": role, "grade": grade, "name": name,
        "email": email, "birth_date": birth_date,
        "department": _values(department, normalise_item) or department,
        "manager_id": manager_id, "skills": lists[0], "interests": lists[1],
        "languages": lists[2],
        "capacity": [c if r == "mentor" else 1 for c, r in zip(capacity, role, strict=True)],
        "avoid": lists[3], "line": numbers,
    })


def _fit(row: list[str], width: int) -> list[str] | None:
    """The row cut or padded to ``width`` cells; None when a cut cell is not blank."""
    if len(row) > width:
        if "".join(row[width:]).strip():
            return None
        return row[:width]
    return row + [""] * (width - len(row))


def _values(column: list[str], convert: Callable[[str], V]) -> list[V] | None:
    """``convert`` of each cell (each distinct value once); None when one is refused."""
    try:
        known = {text: convert(text) for text in set(column)}
    except ValueError:
        return None
    return list(map(known.__getitem__, column))


def _integer(text: str) -> int:
    if not _INT.match(text):
        raise ValueError(text)
    return int(text)


def _capacity(text: str) -> int:
    if text and _integer(text) < 1:
        raise ValueError(text)
    return _integer(text) if text else 1


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    if not _DATE.match(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def _bad_managers(employee_id: list[str], manager_id: list[str]) -> bool:
    """Whether a manager_id names nobody in the file or the chains loop."""
    index = {eid: k for k, eid in enumerate(employee_id)}
    parent = np.array([index.get(m, -2) if m else -1 for m in manager_id], dtype=np.int64)
    if (parent == -2).any():
        return True
    # after 2**k >= n jumps up the chains only a loop has not ended
    step, jumps = parent, 1
    while jumps < len(parent) and (step >= 0).any():
        step = np.where(step >= 0, step[np.maximum(step, 0)], -1)
        jumps *= 2
    return bool((step >= 0).any())


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

"""Reading the `participant,before,after` file of `terbalik prepost`.

Tolerant of what spreadsheets write: a UTF-8 byte-order mark, `;` as the separator (then a
decimal comma is accepted too), spaces around headers and values, other columns. A blank or
non-numeric before/after value leaves that row out and is counted. What cannot be read at all —
not UTF-8, a broken quote, no header, a missing column — raises `FileError` with the line
number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from terbalik.surveys import verdict as V

REQUIRED = ("participant", "before", "after")


@dataclass
class FileError(Exception):
    line: int
    message: str

    def __str__(self) -> str:
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


def _line_of(content: bytes, offset: int) -> int:
    return content[:offset].count(b"\n") + 1


def read_pairs(content: bytes) -> V.Pairs:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(_line_of(content, exc.start),
                        _("the file is not UTF-8 text")) from exc
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise FileError(1, _("the file is empty; the first line must be the header "
                             "participant,before,after"))
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    pairs = V.Pairs()
    try:
        header = [h.strip().lower() for h in next(reader)]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise FileError(1, _("the header lacks the column(s) %(columns)s; expected "
                                 "participant,before,after") % {"columns": ", ".join(missing)})
        at_b, at_a = header.index("before"), header.index("after")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue  # an empty line is not a person
            before = row[at_b].strip() if at_b < len(row) else ""
            after = row[at_a].strip() if at_a < len(row) else ""
            pairs.add(before or None, after or None)
    except csv.Error as exc:
        raise FileError(reader.line_num, _("the CSV cannot be read (%(error)s)")
                        % {"error": exc}) from exc
    return pairs

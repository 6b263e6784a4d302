"""Read HR spreadsheets (CSV and XLSX) into plain rows, and write them back.

This module knows about files, encodings, separators and cell types; it knows nothing about
employees. `importing` gives the rows their meaning.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Cell = str | int | float | date | datetime | None

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other MS Office binaries)
SEPARATORS = (",", ";", "\t")

# Characters XML (and therefore XLSX) cannot hold; we drop them on the way in and out.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# A cell a spreadsheet program would run as a formula. On export such CSV cells get a
# leading apostrophe; on import one leading apostrophe in front of them is removed again.
_FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED_FORMULA = re.compile(r"^''*[=+\-@\t\r]")


@dataclass(frozen=True)
class Message:
    """A translatable message rendered in the language active when it is displayed.

    `template` is a `gettext_lazy` / `ngettext_lazy` object with named placeholders.
    """

    template: Promise | str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.params:
            return str(self.template % self.params)
        return str(self.template)


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet at all."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class Sheet:
    kind: str  # "csv" or "xlsx"
    header_row: int  # as the user sees it (1-based)
    headers: list[str]  # stripped, as written
    rows: list[tuple[int, list[Cell]]]  # (row number as the user sees it, cells); no blank rows
    separator: str = ","
    notices: list[Message] = field(default_factory=list)


def escape_formula(value: str) -> str:
    """Make a CSV cell inert in Excel/LibreOffice (OWASP CSV injection advice)."""
    return "'" + value if _FORMULA_START.match(value) else value


def unescape_formula(value: str) -> str:
    """Undo `escape_formula`."""
    return value[1:] if _ESCAPED_FORMULA.match(value) else value


def _is_blank(cells: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def detect_kind(content: bytes, file_name: str) -> str:
    name = file_name.lower().strip()
    if content.startswith(OLE_MAGIC):
        return "xls"
    if content.startswith(XLSX_MAGIC):
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm")):
        return "xlsx"  # will fail to open and say so
    if name.endswith(".xls"):
        return "xls"
    return "csv"


def read_sheet(content: bytes, file_name: str) -> Sheet:
    if not content.strip():
        raise UnreadableFile(Message(_("The file is empty.")))
    kind = detect_kind(content, file_name)
    if kind == "xls":
        raise UnreadableFile(
            Message(
                _(
                    "This is an old Excel 97-2003 file (.xls), which cannot be read. "
                    "Save it as an Excel workbook (.xlsx) or as CSV and upload it again."
                )
            )
        )
    if kind == "xlsx":
        return _read_xlsx(content)
    return _read_csv(content)


# --- CSV -------------------------------------------------------------------------------


def _decode(content: bytes) -> tuple[str, list[Message]]:
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise UnreadableFile(
                Message(
                    _("The file's text encoding could not be recognised. Save it as CSV UTF-8.")
                )
            ) from exc
    try:
        return content.decode("utf-8"), []
    except UnicodeDecodeError:
        notice = Message(
            _(
                "The file is not in UTF-8; it was read as Windows-1252 (Excel's plain CSV). "
                "Check that names with accents look right below, or save the file as "
                "\"CSV UTF-8\" next time."
            )
        )
        return content.decode("cp1252", errors="replace"), [notice]


def _detect_separator(text: str) -> str:
    for line in text.splitlines():
        if line.strip().strip(",;\t"):
            counts = {sep: line.count(sep) for sep in SEPARATORS}
            best = max(SEPARATORS, key=lambda sep: counts[sep])  # ties: first in SEPARATORS
            return best if counts[best] else ","
    return ","


def _read_csv(content: bytes) -> Sheet:
    text, notices = _decode(content)
    if "\x00" in text:
        raise UnreadableFile(
            Message(_("The file does not look like a CSV or Excel file. Upload a .csv or .xlsx."))
        )
    separator = _detect_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    headers: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[Cell]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if _is_blank(record):
                continue
            if headers is None:
                headers, header_row = [CONTROL_CHARS.sub("", h).strip() for h in record], number
                continue
            rows.append((number, list(record)))
    except csv.Error as exc:
        raise UnreadableFile(
            Message(
                _("The CSV file could not be read near row %(row)s: %(error)s"),
                {"row": reader.line_num, "error": str(exc)},
            )
        ) from exc
    if headers is None:
        raise UnreadableFile(Message(_("The file is empty.")))
    return Sheet("csv", header_row, headers, rows, separator, notices)


# --- XLSX ------------------------------------------------------------------------------


def _xlsx_cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | date):
        if isinstance(value, bool):  # bool is an int; keep what the user sees
            return "TRUE" if value else "FALSE"
        return value
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _read_xlsx(content: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged or foreign files
        raise UnreadableFile(
            Message(
                _(
                    "The file could not be opened as an Excel workbook (.xlsx). "
                    "Save it again from Excel as .xlsx or as CSV UTF-8."
                )
            )
        ) from exc
    try:
        notices: list[Message] = []
        sheets = workbook.worksheets
        if not sheets:
            raise UnreadableFile(Message(_("The file is empty.")))
        sheet = sheets[0]
        if len(sheets) > 1:
            notices.append(
                Message(
                    _(
                        "Only the first sheet, “%(sheet)s”, was read; "
                        "the other sheets were ignored."
                    ),
                    {"sheet": sheet.title},
                )
            )
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # never trust the stored dimension of generated files
        headers: list[str] | None = None
        header_row = 0
        rows: list[tuple[int, list[Cell]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_xlsx_cell(v) for v in values]
            if _is_blank(cells):
                continue
            if headers is None:
                headers = [
                    CONTROL_CHARS.sub("", "" if c is None else str(c)).strip() for c in cells
                ]
                header_row = number
                continue
            rows.append((number, cells))
    finally:
        workbook.close()
    if headers is None:
        raise UnreadableFile(Message(_("The file is empty.")))
    while headers and not headers[-1]:
        headers.pop()
    return Sheet("xlsx", header_row, headers, rows, ",", notices)


# --- writing ---------------------------------------------------------------------------


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM (so Excel shows accents), `,`, CRLF, formula cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [
                "" if v is None else escape_formula(CONTROL_CHARS.sub("", v)) if isinstance(v, str)
                else v.isoformat() if isinstance(v, date) else v
                for v in row
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], *, sheet_title: str = "employees"
) -> bytes:
    """Real date and number cells; strings are always stored as text, never as formulas."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                text = CONTROL_CHARS.sub("", value)
                if text.startswith("'") and _ESCAPED_FORMULA.match(text):
                    text = "'" + text  # keeps the import's unescaping symmetrical
                cell = WriteOnlyCell(sheet, value=text)
                cell.data_type = "s"  # "=..." must stay text
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

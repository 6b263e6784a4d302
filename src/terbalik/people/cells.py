"""Parse one spreadsheet cell into an Employee field value, with a translated reason if not."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import DEFAULT_TIME_ZONE
from .spreadsheet import CONTROL_CHARS, Cell, Message, unescape_formula

TEXT_LIMITS = {"employee_id": 64, "full_name": 200, "job_title": 200, "department": 200,
               "location": 200}


class CellError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return unescape_formula(CONTROL_CHARS.sub("", cell).strip())
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_SERIAL = re.compile(r"^\d+(?:[.,]\d+)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_MIN_DATE, _MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)


def _from_serial(serial: float, raw: str) -> date:
    if serial == 60:  # Excel's phantom 29 February 1900
        raise CellError(Message(_("%(value)s is not a real date."), {"value": raw}))
    days = int(serial) + (1 if serial < 60 else 0)
    try:
        return _EXCEL_EPOCH + timedelta(days=days)
    except OverflowError as exc:
        raise CellError(Message(_("%(value)s is not a real date."), {"value": raw})) from exc


def parse_date(cell: Cell) -> date | None:
    if isinstance(cell, datetime):
        value = cell.date()
    elif isinstance(cell, date):
        value = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        value = _from_serial(float(cell), text_of(cell))
    else:
        raw = text_of(cell)
        if not raw:
            return None
        try:
            if m := _ISO_DATE.match(raw):
                value = date(int(m[1]), int(m[2]), int(m[3]))
            elif m := _DMY_DATE.match(raw):
                value = date(int(m[3]), int(m[2]), int(m[1]))
            elif _SERIAL.match(raw):
                if len(raw) == 4 and 1900 <= int(raw) <= 2100:
                    raise CellError(
                        Message(_("%(value)s looks like a year; write the full date."),
                                {"value": raw})
                    )
                value = _from_serial(float(raw.replace(",", ".")), raw)
            else:
                raise CellError(
                    Message(
                        _("%(value)s is not a date. Write dates as YYYY-MM-DD or DD/MM/YYYY."),
                        {"value": raw},
                    )
                )
        except ValueError as exc:
            raise CellError(
                Message(
                    _("%(value)s is not a real date (dates are read as DD/MM/YYYY or YYYY-MM-DD)."),
                    {"value": raw},
                )
            ) from exc
    if not _MIN_DATE <= value <= _MAX_DATE:
        raise CellError(
            Message(_("The date %(value)s is outside 1900–2100."), {"value": value.isoformat()})
        )
    return value


_INTEGER = re.compile(r"^\+?\d+(?:[.,]0+)?$")


def parse_grade(cell: Cell) -> int | None:
    if isinstance(cell, bool):
        raw = text_of(cell)
    elif isinstance(cell, int):
        value: int | None = cell
        raw = str(cell)
    elif isinstance(cell, float):
        raw = text_of(cell)
        value = int(cell) if cell.is_integer() else None
    else:
        raw = text_of(cell)
        if not raw:
            return None
        value = int(re.split(r"[.,]", raw.lstrip("+"))[0]) if _INTEGER.match(raw) else None
    if isinstance(cell, bool) or value is None or not 0 <= value <= 32767:
        raise CellError(
            Message(_("The grade must be a whole number such as 5; “%(value)s” is not."),
                    {"value": raw})
        )
    return value


def parse_email(cell: Cell) -> str:
    value = text_of(cell).lower()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError as exc:
        raise CellError(
            Message(_("“%(value)s” is not a valid e-mail address."), {"value": text_of(cell)})
        ) from exc
    if len(value) > 254:
        raise CellError(Message(_("The e-mail address is too long.")))
    return value


_TZ_ALIASES = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}


@cache
def _time_zones() -> dict[str, str]:
    zones = {name.casefold(): name for name in available_timezones()}
    zones.update(_TZ_ALIASES)
    return zones


def parse_time_zone(cell: Cell) -> str:
    raw = text_of(cell)
    if not raw:
        return DEFAULT_TIME_ZONE
    name = _time_zones().get(raw.casefold().replace(" ", "_"))
    if name is None:
        raise CellError(
            Message(
                _("“%(value)s” is not a time zone. Use a name such as Asia/Jakarta, "
                  "Asia/Makassar or Asia/Jayapura (or WIB, WITA, WIT)."),
                {"value": raw},
            )
        )
    return name


_LANGUAGE_NAMES = {
    "indonesian": "id", "indonesia": "id", "bahasa indonesia": "id", "english": "en",
    "inggris": "en", "bahasa inggris": "en", "javanese": "jv", "jawa": "jv", "sundanese": "su",
    "sunda": "su", "malay": "ms", "melayu": "ms", "mandarin": "zh", "chinese": "zh",
    "japanese": "ja", "jepang": "ja", "korean": "ko", "korea": "ko", "arabic": "ar",
    "arab": "ar", "dutch": "nl", "belanda": "nl",
}
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")


def parse_languages(cell: Cell) -> list[str]:
    codes: list[str] = []
    for part in re.split(r"[|,;]", text_of(cell)):
        raw = part.strip()
        if not raw:
            continue
        code = _LANGUAGE_NAMES.get(raw.casefold(), raw.casefold().replace("_", "-"))
        if not _LANGUAGE_CODE.match(code):
            raise CellError(
                Message(
                    _("“%(value)s” is not a language code. Use codes such as id, en or jv, "
                      "separated by |."),
                    {"value": raw},
                )
            )
        subtags = code.split("-")
        code = "-".join(
            [subtags[0]]
            + [s.upper() if len(s) == 2 else s.title() if len(s) == 4 else s for s in subtags[1:]]
        )
        if code not in codes:
            codes.append(code)
    return codes


def parse_terms(cell: Cell) -> list[str]:
    """The terms of a skills cell, separated by |, ; or , (mapped later, in the plan)."""
    terms: list[str] = []
    for part in re.split(r"[|,;\n]", text_of(cell)):
        term = " ".join(part.split())
        if term and term not in terms:
            terms.append(term)
    return terms


def parse_text(cell: Cell, field_name: str) -> str:
    value = text_of(cell)
    limit = TEXT_LIMITS.get(field_name)
    if limit and len(value) > limit:
        raise CellError(
            Message(_("This value is too long (at most %(limit)s characters)."), {"limit": limit})
        )
    return value


def parse_cell(field_name: str, cell: Cell) -> Any:
    if field_name in ("birth_date", "hire_date", "exit_date"):
        return parse_date(cell)
    if field_name == "grade":
        return parse_grade(cell)
    if field_name == "email":
        return parse_email(cell)
    if field_name == "time_zone":
        return parse_time_zone(cell)
    if field_name == "languages":
        return parse_languages(cell)
    if field_name in ("skills_offered", "skills_wanted"):
        return parse_terms(cell)
    if field_name == "manager":
        return parse_text(cell, "employee_id") or None
    return parse_text(cell, field_name)


def display(field_name: str, value: Any) -> str:
    if value is None:
        return ""
    if field_name in ("languages", "skills_offered", "skills_wanted"):
        return "|".join(value)
    if field_name == "active":
        return str(pgettext_lazy("employee status", "active") if value
                   else pgettext_lazy("employee status", "inactive"))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def today_in_jakarta() -> date:
    return timezone.now().astimezone(ZoneInfo(DEFAULT_TIME_ZONE)).date()

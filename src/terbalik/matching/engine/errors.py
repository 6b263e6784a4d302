"""Errors raised on unusable input; messages are translatable templates.

Every message template is a msgid with named placeholders.  The engine never
translates: :meth:`ParticipantFileError.render` takes a ``gettext`` callable so
the Django layer can pass its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def gettext_noop(message: str) -> str:
    """Mark a string for extraction by ``makemessages`` without translating it."""
    return message


Gettext = Callable[[str], str]

#: code -> msgid of the detail part of a participants-file error.
FILE_MESSAGES: dict[str, str] = {
    "empty_file": gettext_noop("the file is empty: a header row is required"),
    "not_utf8": gettext_noop("the file is not valid UTF-8 text"),
    "bad_csv": gettext_noop("the file cannot be read as CSV: %(detail)s"),
    "missing_column": gettext_noop("the required column %(column)s is missing"),
    "duplicate_column": gettext_noop("the column %(column)s appears more than once"),
    "too_many_fields": gettext_noop(
        "this row has %(count)d fields but the header has only %(expected)d"
    ),
    "too_large": gettext_noop("the file is %(size)d bytes; at most %(limit)d are allowed"),
    "too_many_rows": gettext_noop(
        "the file has more than %(limit)d participants; split it into smaller files"
    ),
    "too_many_columns": gettext_noop(
        "this row has %(count)d columns; at most %(limit)d are allowed"
    ),
    "cell_too_long": gettext_noop(
        "the value is %(length)d characters long; at most %(limit)d are allowed"
    ),
    "too_many_items": gettext_noop(
        "%(count)d items; at most %(limit)d skills or interests per person are allowed"
    ),
    "required": gettext_noop("a value is required"),
    "duplicate_id": gettext_noop("employee_id %(value)s already appears on line %(first)d"),
    "not_integer": gettext_noop("%(value)s is not a whole number"),
    "capacity_too_small": gettext_noop("capacity must be at least 1, not %(value)s"),
    "unknown_role": gettext_noop("role must be mentor or mentee, not %(value)s"),
    "bad_date": gettext_noop("%(value)s is not a date in the form YYYY-MM-DD"),
    "unknown_manager": gettext_noop("manager %(value)s is not an employee_id in this file"),
    "manager_cycle": gettext_noop("the manager chain forms a cycle: %(chain)s"),
}

LOCATION_WITH_NUMBER = gettext_noop("line %(line)d, column %(number)d (%(column)s): %(message)s")
LOCATION_NAME_ONLY = gettext_noop("line %(line)d, column %(column)s: %(message)s")
LOCATION_LINE_ONLY = gettext_noop("line %(line)d: %(message)s")

CONFIG_MESSAGES: dict[str, str] = {
    "toml": gettext_noop("the configuration file is not valid TOML: %(detail)s"),
    "unknown_key": gettext_noop("unknown setting %(key)s"),
    "not_number": gettext_noop("%(key)s must be a number"),
    "negative": gettext_noop("%(key)s must not be negative"),
    "all_zero": gettext_noop("at least one weight must be greater than zero"),
    "too_large": gettext_noop("%(key)s must be at most %(maximum)s"),
    "not_integer": gettext_noop("%(key)s must be a whole number"),
    "too_small": gettext_noop("%(key)s must be at least %(minimum)d"),
    "bad_seniority": gettext_noop(
        "seniority must be one of grade, age, grade_and_age, grade_or_age, not %(value)s"
    ),
    "not_table": gettext_noop("%(key)s must be a table"),
}
CONFIG_LOCATION = gettext_noop("configuration %(path)s: %(message)s")


def _identity(message: str) -> str:
    return message


class ParticipantFileError(ValueError):
    """The participants file cannot be used.

    ``line`` is the 1-based physical line of the file (the header is line 1),
    ``column`` the header name (or None), ``number`` its 1-based position.
    """

    def __init__(
        self,
        line: int,
        column: str | None,
        code: str,
        params: Mapping[str, object] | None = None,
        number: int | None = None,
    ) -> None:
        self.line = line
        self.column = column
        self.code = code
        self.params: dict[str, object] = dict(params or {})
        self.number = number
        super().__init__(self.render())

    @property
    def message(self) -> str:
        return FILE_MESSAGES[self.code] % self.params

    def render(self, gettext: Gettext = _identity) -> str:
        detail = gettext(FILE_MESSAGES[self.code]) % self.params
        if self.column is None:
            return gettext(LOCATION_LINE_ONLY) % {"line": self.line, "message": detail}
        if self.number is None:
            return gettext(LOCATION_NAME_ONLY) % {
                "line": self.line,
                "column": self.column,
                "message": detail,
            }
        return gettext(LOCATION_WITH_NUMBER) % {
            "line": self.line,
            "number": self.number,
            "column": self.column,
            "message": detail,
        }


class ConfigError(ValueError):
    """The configuration (CONFIG.toml or arguments) cannot be used."""

    def __init__(self, code: str, params: Mapping[str, object] | None = None,
                 path: str = "") -> None:
        self.code = code
        self.params: dict[str, object] = dict(params or {})
        self.path = path
        super().__init__(self.render())

    def render(self, gettext: Gettext = _identity) -> str:
        detail = gettext(CONFIG_MESSAGES[self.code]) % self.params
        return gettext(CONFIG_LOCATION) % {"path": self.path, "message": detail}

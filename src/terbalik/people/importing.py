"""Turn an HR spreadsheet into an import plan for the employee directory.

`build_plan` reads the file, checks every row against the file itself and the current
database (the final state is the file laid over the database) and returns an `ImportPlan`:
counts, row-level errors, notices, a short preview and the pending writes. It never writes;
`services.employee_import_apply` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .cells import CellError, display, parse_cell, parse_text, text_of, today_in_jakarta
from .import_columns import (
    ALIASES,
    BY_FIELD,
    DATA_FIELDS,
    EXPORT_HEADERS,
    RECORD_FIELDS,
    RECORD_MODELS,
    REQUIRED_TO_CREATE,
    SKILL_FIELDS,
    header_key,
)
from .models import Employee, name_key, tidy_name
from .spreadsheet import CONTROL_CHARS, Cell, Message, UnreadableFile, read_sheet

#: a cell holding only this clears the stored value; an empty cell keeps it ("'-" is a dash)
CLEAR_MARKER = "-"
PREVIEW_LIMIT = 50
ERRORS_SHOWN = 200  # the preview page lists this many problems; the rest are counted
_UNIQUE_FIELDS = frozenset({"email"})  # distinct on every row: not worth remembering
_EXISTING_FIELDS = ("pk", "employee_id", "full_name", "email", "birth_date", "grade", "job_title",
                    "department_record", "manager_id", "location_record", "time_zone", "languages",
                    "hire_date",
                    "exit_date", "active", "skills_offered", "skills_wanted")


# --- the plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row number (header = 1); None for the file as a whole
    column: str  # the header as written in the file; "" when not about one column
    message: Message  # str() renders it in the active language

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class FieldChange:
    field: str  # Employee field name ("manager" holds employee ids, "active" is derived)
    column: str  # header as written in the file
    old: str  # display text ("" when empty or when the employee is new)
    new: str


@dataclass(frozen=True)
class RowChange:
    row: int
    employee_id: str
    name: str
    action: Literal["create", "update"]
    changes: tuple[FieldChange, ...]


@dataclass
class ImportPlan:
    file_name: str
    kind: str = ""  # "csv" / "xlsx" ("" when unreadable)
    rows: int = 0  # data rows read (blank rows not counted)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notices: list[Message] = field(default_factory=list)
    # not refusals: skill terms no skill of the taxonomy answers to (stored as typed)
    warnings: list[RowError] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)  # first PREVIEW_LIMIT changed rows
    columns: dict[str, str] = field(default_factory=dict)  # Employee field -> header as written
    applied: bool = False
    # pending writes, filled only when there is no error
    creates: list[dict[str, Any]] = field(default_factory=list, repr=False)
    updates: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated)

    @property
    def shown_errors(self) -> list[RowError]:
        """The problems the preview page lists (a page of 300,000 problems helps nobody)."""
        return self.errors[:ERRORS_SHOWN]

    @property
    def more_errors(self) -> int:
        return max(0, len(self.errors) - ERRORS_SHOWN)

    @property
    def shown_warnings(self) -> list[RowError]:
        """The unmapped-term warnings the preview page lists (as many as the problems)."""
        return self.warnings[:ERRORS_SHOWN]

    @property
    def more_warnings(self) -> int:
        return max(0, len(self.warnings) - ERRORS_SHOWN)

    @property
    def more_changes(self) -> int:
        """Changed rows not listed in `changes`."""
        return max(0, self.created + self.updated - len(self.changes))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary with messages rendered in the active language."""
        return {
            "file_name": self.file_name,
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "applied": self.applied,
            "errors": [
                {"row": e.row, "column": e.column, "message": str(e.message)} for e in self.errors
            ],
            "notices": [str(n) for n in self.notices],
            "warnings": [
                {"row": w.row, "column": w.column, "message": str(w.message)}
                for w in self.warnings
            ],
            "changes": [
                {
                    "row": c.row,
                    "employee_id": c.employee_id,
                    "name": c.name,
                    "action": c.action,
                    "changes": [vars(fc) for fc in c.changes],
                }
                for c in self.changes
            ],
        }


# --- planning --------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    employee_id: str
    values: dict[str, Any]  # parsed values of the filled cells (cells with errors left out)
    bad: bool = False
    failed: set[str] = field(default_factory=set)  # fields whose cell could not be read


class _Planner:
    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.header_of: dict[str, str] = {}  # field -> header as written
        self.index_of: dict[str, int] = {}

    def error(self, row: int | None, field_name: str | None, message: Message) -> None:
        column = self.header_of.get(field_name, BY_FIELD[field_name].header) if field_name else ""
        self.plan.errors.append(RowError(row, column, message))

    # header -------------------------------------------------------------------------
    def map_headers(self, headers: list[str], header_row: int) -> bool:
        unknown: list[str] = []
        for index, header in enumerate(headers):
            if not header:
                continue
            column = ALIASES.get(header_key(header))
            if column is None:
                unknown.append(header)
            elif column.field in self.header_of:
                self.error(
                    header_row,
                    None,
                    Message(
                        _("The columns “%(first)s” and “%(second)s” mean the same thing; "
                          "keep only one of them."),
                        {"first": self.header_of[column.field], "second": header},
                    ),
                )
            else:
                self.header_of[column.field] = header
                self.index_of[column.field] = index
        if unknown:
            self.plan.notices.append(
                Message(
                    ngettext_lazy(
                        "This column is not used and was ignored: %(columns)s.",
                        "These columns are not used and were ignored: %(columns)s.",
                        "count",
                    ),
                    {"count": len(unknown), "columns": ", ".join(f"“{h}”" for h in unknown)},
                )
            )
        if "employee_id" not in self.header_of:
            self.error(
                header_row,
                None,
                Message(
                    _("The file has no employee ID column. The first row must hold the column "
                      "names, including employee_id (or nik)."),
                ),
            )
            return False
        self.plan.columns = dict(self.header_of)
        return not self.plan.errors

    # rows ---------------------------------------------------------------------------
    def parse_rows(self, rows: list[tuple[int, list[Cell]]], headers: list[str],
                   separator: str, kind: str) -> list[_Row]:
        parsed: list[_Row] = []
        first_row_of: dict[str, int] = {}
        width = len(headers)
        fields = [f for f in self.index_of if f != "employee_id"]
        # Most columns repeat a few values (departments, grades, dates, time zones, managers):
        # parse each distinct cell once. Only successes are kept; a bad cell is reported on
        # every row that has it.
        parsed_before: dict[tuple[str, type, Cell], Any] = {}
        for number, cells in rows:
            if kind == "csv" and len(cells) > width and any(text_of(c) for c in cells[width:]):
                self.error(
                    number,
                    None,
                    Message(
                        _("This row has %(found)s values but the header has %(expected)s "
                          "columns. A value probably contains the separator “%(separator)s” "
                          "and must be put in double quotes."),
                        {"found": len(cells), "expected": width,
                         "separator": "TAB" if separator == "\t" else separator},
                    ),
                )
                continue

            def cell(field_name: str, cells: list[Cell] = cells) -> Cell:
                index = self.index_of[field_name]
                return cells[index] if index < len(cells) else None

            try:
                employee_id = parse_text(cell("employee_id"), "employee_id")
            except CellError as exc:
                self.error(number, "employee_id", exc.message)
                continue
            if not employee_id:
                self.error(number, "employee_id", Message(_("The employee ID is empty.")))
                continue
            if employee_id in first_row_of:
                self.error(
                    number,
                    "employee_id",
                    Message(_("The employee ID %(id)s appears twice: also in row %(row)s."),
                            {"id": employee_id, "row": first_row_of[employee_id]}),
                )
                continue
            first_row_of[employee_id] = number
            row = _Row(number, employee_id, {})
            for field_name in fields:
                raw = cell(field_name)
                if _is_clear_marker(raw):
                    raw = None  # parses as the field's empty value
                elif not text_of(raw):
                    continue  # an empty cell keeps what the directory holds
                key = (field_name, type(raw), raw)
                try:
                    value = parsed_before[key]
                except KeyError:
                    try:
                        value = parse_cell(field_name, raw)
                    except CellError as exc:
                        row.bad = True
                        row.failed.add(field_name)
                        self.error(number, field_name, exc.message)
                        continue
                    if field_name not in _UNIQUE_FIELDS:
                        parsed_before[key] = value
                row.values[field_name] = list(value) if isinstance(value, list) else value
            parsed.append(row)
        return parsed

    # against the database -----------------------------------------------------------
    def plan_rows(self, rows: list[_Row]) -> None:
        # One read of the whole directory (the final state is the file laid over all of it);
        # a read per chunk of ids would make the number of queries grow with the file.
        directory = list(Employee.objects.values(*_EXISTING_FIELDS))
        eid_of_pk = {d["pk"]: d["employee_id"] for d in directory}
        pk_of_eid = {d["employee_id"]: d["pk"] for d in directory}
        db_manager = {d["employee_id"]: eid_of_pk.get(d["manager_id"]) for d in directory}
        email_holder = {d["email"].lower(): d["employee_id"] for d in directory}
        file_rows = {row.employee_id: row for row in rows}
        self.canonical_names(rows)
        self.canonical_skills(rows)
        existing = {d["employee_id"]: d for d in directory if d["employee_id"] in file_rows}
        del directory

        # e-mails: unique over the final state (file over database), case-insensitively
        if "email" in self.header_of:
            first_with: dict[str, _Row] = {}
            for row in rows:
                email = row.values.get("email")
                if not email:
                    continue
                if email in first_with:
                    self.error(row.number, "email", Message(
                        _("The e-mail %(email)s is also used in row %(row)s."),
                        {"email": email, "row": first_with[email].number}))
                    row.bad = True
                    continue
                first_with[email] = row
                holder = email_holder.get(email)
                if holder is not None and holder != row.employee_id:
                    holder_row = file_rows.get(holder)
                    moving_away = holder_row is not None and holder_row.values.get("email", email) \
                        not in (email, "")
                    if not moving_away:
                        self.error(row.number, "email", Message(
                            _("The e-mail %(email)s already belongs to employee %(other)s."),
                            {"email": email, "other": holder}))
                        row.bad = True

        # managers: known ids, and no loop in the final state
        if "manager" in self.header_of:
            for row in rows:
                manager = row.values.get("manager")
                if manager and manager not in file_rows and manager not in pk_of_eid:
                    self.error(row.number, "manager", Message(
                        _("The manager ID %(id)s is neither in this file nor in the directory."),
                        {"id": manager}))
                    row.bad = True
            self.check_cycles(rows, file_rows, db_manager)

        today = today_in_jakarta()
        for row in rows:
            old = existing.get(row.employee_id)
            new = dict(row.values)
            if "exit_date" in new or ("exit_date" in self.header_of and old is None):
                exit_date = new.get("exit_date")
                new["active"] = not (exit_date is not None and exit_date <= today)
            if old is None:
                self.plan_create(row, new)
            else:
                self.plan_update(row, old, new, eid_of_pk)

    def canonical_names(self, rows: list[_Row]) -> None:
        """Departments and locations spelt like an existing record, whatever the case and
        spaces ("keuangan " is "Keuangan"); a new name keeps its first spelling in the file."""
        for field_name, model in RECORD_MODELS.items():
            if field_name not in self.header_of:
                continue
            known = dict(model.objects.values_list("key", "name"))
            for row in rows:
                value = row.values.get(field_name)
                if value:
                    row.values[field_name] = known.setdefault(name_key(value), tidy_name(value))

    def canonical_skills(self, rows: list[_Row]) -> None:
        """Skill terms as canonical ids (labels and synonyms in either language, whatever the
        case, accents and spaces); a term no skill answers to is kept as typed and listed as a
        warning of its row; a cell naming more than SKILLS_MAX_PER_PERSON skills is refused."""
        fields = [f for f in SKILL_FIELDS if f in self.header_of]
        if not fields:
            return
        from terbalik.skills.selectors import skill_index

        index = skill_index()
        limit = settings.SKILLS_MAX_PER_PERSON
        for row in rows:
            for field_name in fields:
                terms = row.values.get(field_name)
                if not terms:
                    continue
                mapped = index.map(terms)
                values = mapped.values()
                if len(values) > limit:
                    row.bad = True
                    del row.values[field_name]
                    self.error(row.number, field_name, Message(
                        _("This cell names %(count)s skills; at most %(limit)s are allowed "
                          "per person."), {"count": len(values), "limit": limit}))
                    continue
                row.values[field_name] = values
                if mapped.unmapped:
                    self.plan.warnings.append(RowError(
                        row.number, self.header_of[field_name], Message(
                            ngettext_lazy(
                                "No skill answers to %(terms)s; it is kept as typed.",
                                "No skill answers to %(terms)s; they are kept as typed.",
                                "count"),
                            {"count": len(mapped.unmapped),
                             "terms": ", ".join(f"“{t}”" for t in mapped.unmapped)})))

    def check_cycles(self, rows: list[_Row], file_rows: dict[str, _Row],
                     db_manager: dict[str, str | None]) -> None:
        def manager_of(eid: str) -> str | None:
            row = file_rows.get(eid)
            if row is not None and "manager" in row.values:
                return row.values["manager"]
            return db_manager.get(eid)

        done: set[str] = set()
        for start in rows:
            if "manager" not in start.values or start.employee_id in done:
                continue
            path: list[str] = []
            on_path: dict[str, int] = {}
            node: str | None = start.employee_id
            while node is not None and node not in done and node not in on_path:
                on_path[node] = len(path)
                path.append(node)
                nxt = manager_of(node)
                node = nxt if nxt in file_rows or nxt in db_manager else None
            if node is not None and node in on_path:
                loop = path[on_path[node]:]
                in_file = sorted((file_rows[e].number, e) for e in loop
                                 if e in file_rows and "manager" in file_rows[e].values)
                if in_file:
                    first_number, first_eid = in_file[0]
                    at = loop.index(first_eid)
                    ordered = loop[at:] + loop[:at]
                    if len(loop) == 1:
                        message = Message(_("Employee %(id)s cannot be their own manager."),
                                          {"id": first_eid})
                    else:
                        message = Message(
                            _("These managers form a loop: %(chain)s. Somebody at the top of "
                              "the chain must have another manager or none."),
                            {"chain": " → ".join([*ordered, ordered[0]])},
                        )
                    self.error(first_number, "manager", message)
                    for _number, eid in in_file:
                        file_rows[eid].bad = True
            done.update(path)

    def plan_create(self, row: _Row, new: dict[str, Any]) -> None:
        missing = [f for f in REQUIRED_TO_CREATE if new.get(f) in (None, "")]
        for field_name in missing:
            if field_name not in row.failed:
                self.error(row.number, field_name, Message(
                    _("%(column)s is needed for a new employee (%(id)s is not in the directory "
                      "yet)."),
                    {"column": self.header_of.get(field_name, BY_FIELD[field_name].header),
                     "id": row.employee_id}))
        if missing or row.bad:
            row.bad = True
            return
        self.plan.created += 1
        record = {"employee_id": row.employee_id, **new}
        record["_row"] = row.number
        self.plan.creates.append(record)
        if len(self.plan.changes) < PREVIEW_LIMIT:
            changes = tuple(
                FieldChange(f, self.column_for(f), "", display(f, v))
                for f, v in new.items() if v not in (None, "", [])
            )
            self.plan.changes.append(
                RowChange(row.number, row.employee_id, new["full_name"], "create", changes)
            )

    def plan_update(self, row: _Row, old: dict[str, Any], new: dict[str, Any],
                    eid_of_pk: dict[int, str]) -> None:
        for field_name in ("full_name", "email"):
            if field_name in new and not new[field_name]:
                self.error(row.number, field_name, Message(
                    _("%(column)s cannot be empty."), {"column": self.header_of[field_name]}))
                row.bad = True
        if "grade" in new and new["grade"] is None and old["grade"] is not None:
            self.error(row.number, "grade", Message(
                _("The grade is empty; an employee's grade cannot be removed by an import.")))
            row.bad = True
        if row.bad:
            return
        current = {f: old[RECORD_FIELDS.get(f, f)] for f in DATA_FIELDS if f != "manager"}
        for name in RECORD_FIELDS:
            current[name] = current[name] or ""
        current["manager"] = eid_of_pk.get(old["manager_id"])
        current["active"] = old["active"]
        changed = {f: v for f, v in new.items() if current[f] != v}
        if not changed:
            self.plan.unchanged += 1
            return
        self.plan.updated += 1
        self.plan.updates.append((old, changed))
        if len(self.plan.changes) < PREVIEW_LIMIT:
            changes = tuple(
                FieldChange(f, self.column_for(f), display(f, current[f]), display(f, v))
                for f, v in changed.items()
            )
            self.plan.changes.append(RowChange(
                row.number, row.employee_id, new.get("full_name") or old["full_name"], "update",
                changes))

    def column_for(self, field_name: str) -> str:
        if field_name == "active":
            return self.header_of.get("exit_date", "exit_date")
        return self.header_of.get(field_name, BY_FIELD[field_name].header)


def _is_clear_marker(cell: Cell) -> bool:
    """The cell says "clear this value" (checked before a quoted "'-" is unescaped)."""
    return isinstance(cell, str) and CONTROL_CHARS.sub("", cell).strip() == CLEAR_MARKER


def build_plan(*, content: bytes, file_name: str) -> ImportPlan:
    """Read the file and compare it with the database. Reads only; never writes."""
    plan = ImportPlan(file_name=file_name)
    planner = _Planner(plan)
    limit = settings.IMPORT_MAX_BYTES
    if len(content) > limit:
        planner.error(None, None, Message(
            _("The file is too large (%(size)s MB; at most %(limit)s MB)."),
            {"size": f"{len(content) / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:.0f}"}))
        return plan
    try:
        sheet = read_sheet(content, file_name)
    except UnreadableFile as exc:
        planner.error(None, None, exc.message)
        return plan
    plan.kind = sheet.kind
    plan.notices.extend(sheet.notices)
    if not planner.map_headers(sheet.headers, sheet.header_row):
        return plan
    plan.rows = len(sheet.rows)
    if not sheet.rows:
        planner.error(None, None, Message(_("The file has column names but no employees.")))
        return plan
    rows = planner.parse_rows(sheet.rows, sheet.headers, sheet.separator, sheet.kind)
    planner.plan_rows(rows)
    plan.errors.sort(key=lambda e: (e.row or 0, _column_order(plan, e.column)))
    plan.changes.sort(key=lambda c: c.row)
    if plan.errors:
        plan.creates.clear()
        plan.updates.clear()
    return plan


def _column_order(plan: ImportPlan, column: str) -> int:
    """Errors of one row in the file's column order; absent columns after, "" first."""
    if not column:
        return -1
    for index, header in enumerate(plan.columns.values()):
        if header == column:
            return index
    return 1000 + EXPORT_HEADERS.index(column) if column in EXPORT_HEADERS else 2000


def export_rows(queryset: Any) -> Iterable[list[Cell]]:
    fields = ("employee_id", "full_name", "email", "birth_date", "grade", "job_title",
              "department_record", "manager__employee_id", "location_record", "time_zone",
              "languages",
              "hire_date", "exit_date", "skills_offered", "skills_wanted")
    for values in queryset.values_list(*fields).iterator(chunk_size=2000):
        row: list[Cell] = list(values)
        for index in (10, 13, 14):
            row[index] = "|".join(values[index] or [])
        yield row

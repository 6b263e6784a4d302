"""Privacy tests: the programs' and matching's fixtures, helpers that search the whole
database and the exports for a person's traces, and the notice gate switch."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pytest
from django.db import connection

from terbalik.accounts.models import Role
from terbalik.programs import services as program_services
from terbalik.programs.models import ParticipantRole

from ..factories import EmployeeFactory, UserFactory
from ..matching_app.conftest import enroll, matching_program, small_company  # noqa: F401
from ..programs.conftest import (  # noqa: F401 - the programs' fixtures, reused
    _english,
    _locmem_mail,
    _send_mail_now,
    apply_as,
    make_program,
    program,
)


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _text_expr(column: Any) -> str:
    name = connection.ops.quote_name(column.name)
    if connection.vendor == "postgresql" and column.type_code == 17:  # bytea
        return f"encode({name}, 'escape')"
    return f"CAST({name} AS TEXT)"


def traces_in_database(needles: Iterable[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every column of every table (raw SQL over the
    introspected schema, so no model can hide) whose text contains a needle, any case."""
    needles = [n.lower() for n in needles if n]
    found: list[tuple[str, str, str]] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                expr = _text_expr(column)
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608
                        f"WHERE LOWER({expr}) LIKE %s", [f"%{needle}%"])
                    if cursor.fetchone()[0]:
                        found.append((table, column.name, needle))
    return found


def xlsx_text(content: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))


def export_text(content: bytes, fmt: str) -> str:
    return xlsx_text(content) if fmt == "xlsx" else content.decode("utf-8-sig")


@pytest.fixture
def gate_on(settings):
    """The notice is asked at the next visit (off for the rest of the suite)."""
    settings.PRIVACY_NOTICE_AT_VISIT = True


@pytest.fixture
def enrolled(program, make_person, hr_user):  # noqa: F811 - the imported fixture
    """A participant enrolled directly by HR: no consent recorded yet."""
    user = make_person(9)
    program_services.enrollment_enrol_directly(
        program=program, employees=[user.employee], role=ParticipantRole.MENTEE, by=hr_user)
    return user


@pytest.fixture(autouse=True)
def _pages_in_english(client, hr_user):
    """Pages are asserted in English (without a language a user gets Indonesian); the
    Indonesian tests ask for it."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    hr_user.language = "en"
    hr_user.save(update_fields=["language"])


@pytest.fixture
def make_person(db):
    def make(grade: int, *, manager=None, language: str = "en", **fields):
        employee = EmployeeFactory(grade=grade, manager=manager, **fields)
        return UserFactory(role=Role.PARTICIPANT, email=employee.email, employee=employee,
                           language=language, full_name=employee.full_name)

    return make

"""Fixtures for the directory import/export tests."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.utils import translation

from terbalik.people.models import Employee


@pytest.fixture
def english():
    """Messages in English whatever the default language (tests read them)."""
    with translation.override("en"):
        yield


def make_xlsx(rows: Sequence[Sequence[Any]], *, extra_sheet: bool = False) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Karyawan"
    for row in rows:
        sheet.append(list(row))
    if extra_sheet:
        workbook.create_sheet("Catatan").append(["ignored"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def snapshot() -> list[dict[str, Any]]:
    """Everything about every employee, to prove that nothing was written."""
    return list(Employee.objects.order_by("employee_id").values())


@pytest.fixture
def xlsx() -> Callable[..., bytes]:
    return make_xlsx

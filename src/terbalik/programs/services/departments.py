"""Renaming and merging a department keeps every program's eligibility.

`Program.departments_included` / `departments_excluded` hold department names. The people
service renames or merges the record and moves its employees; these wrappers do that and
rewrite the programs' lists in the same transaction (names matched with case and spaces
ignored, `people.models.name_key`), so a program restricted to a department keeps exactly the
same people.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from terbalik.accounts.models import User
from terbalik.people import services as people_services
from terbalik.people.models import Department, name_key

from ..models import Program

LIST_FIELDS = ("departments_included", "departments_excluded")


def map_department_names(names: list[str], rename: Callable[[str], str | None]) -> list[str]:
    """`names` with each name replaced by `rename(name)` (kept when it returns None), in order,
    without duplicates. Pure: the data migration uses it too."""
    out: list[str] = []
    for name in names or []:
        new = rename(name) or name
        if new not in out:
            out.append(new)
    return out


def _rewrite_programs(old_keys: set[str], new: str) -> None:
    def rename(name: str) -> str | None:
        return new if name_key(name) in old_keys else None

    programs = Program.objects.select_for_update().only("pk", *LIST_FIELDS, "updated_at")
    for program in programs.order_by("pk"):
        changed = []
        for field in LIST_FIELDS:
            before = getattr(program, field) or []
            after = map_department_names(before, rename)
            if after != before:
                setattr(program, field, after)
                changed.append(field)
        if changed:
            program.save(update_fields=[*changed, "updated_at"])


@transaction.atomic
def department_rename(*, record: Department, name: str, by: User | None) -> Department:
    """Rename a department; its employees and every program that names it follow."""
    old_key = record.key
    record = people_services.named_record_rename(record=record, name=name, by=by)
    _rewrite_programs({old_key}, record.name)
    return record


@transaction.atomic
def department_merge(*, source: Department, target: Department, by: User | None) -> int:
    """Merge `source` into `target`; programs naming `source` name `target` instead. Returns
    how many employees moved."""
    source_key = source.key
    moved = people_services.named_record_merge(source=source, target=target, by=by)
    _rewrite_programs({source_key, target.key}, target.name)
    return moved

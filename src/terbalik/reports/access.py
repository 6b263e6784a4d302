"""Which programs a user may read reports of, and in which detail.

- HR program managers: the programs they own (platform admins: all), in full (`people=True`:
  per-person figures they already see elsewhere, non-confidential texts, exports);
- sponsors (role sponsor): the programs they are assigned to through `ProgramSponsor`
  (`core.access.programs_sponsored_by`, the one sponsor policy), aggregates only
  (`people=False`), groups under `MIN_GROUP_SIZE` suppressed;
- everybody else: 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from terbalik.core.access import HR_ROLES, has_role, is_sponsor, programs_sponsored_by
from terbalik.programs.access import programs_managed_by
from terbalik.programs.models import Program


def programs_reported_to(user: Any) -> QuerySet[Program]:
    if has_role(user, *HR_ROLES):
        return programs_managed_by(user)
    if is_sponsor(user):
        return Program.objects.filter(pk__in=programs_sponsored_by(user))
    return Program.objects.none()


def get_reported_program(user: Any, program_id: int) -> tuple[Program, bool]:
    """The program and whether per-person detail may be shown (HR) or not (sponsor)."""
    program = get_object_or_404(programs_reported_to(user), pk=program_id)
    return program, not is_sponsor(user)

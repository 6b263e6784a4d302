"""The reports write path: assigning and removing program sponsors."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from terbalik.accounts.models import Role
from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.programs.models import Program

from .models import ProgramSponsor


@transaction.atomic
def sponsor_assign(*, program: Program, user: Any, by: Any) -> ProgramSponsor:
    """Let `user` (role sponsor) read the aggregated reports of `program` (idempotent)."""
    if getattr(user, "role", None) != Role.SPONSOR:
        raise ServiceError({"user": [_("Only a user with the sponsor role can sponsor a "
                                       "program.")]}, code="not_a_sponsor")
    link, created = ProgramSponsor.objects.get_or_create(program=program, user=user)
    if created:
        audit.record(action="reports.sponsor_assign", actor=by, target=program)
    return link


@transaction.atomic
def sponsor_remove(*, program: Program, user: Any, by: Any) -> None:
    deleted, _rows = ProgramSponsor.objects.filter(program=program, user=user).delete()
    if deleted:
        audit.record(action="reports.sponsor_remove", actor=by, target=program)

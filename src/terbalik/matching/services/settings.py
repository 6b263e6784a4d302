"""Per-program matching settings (days a mentor has to answer, fresh suggestions)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.programs.models import Program

from ..models import MatchingSettings


@transaction.atomic
def matching_settings_update(
    *, program: Program, by: Any, response_days: int, refresh_limit: int
) -> MatchingSettings:
    if not 1 <= response_days <= 60:
        raise ServiceError({"response_days": _("Give mentors between 1 and 60 days.")})
    if not 0 <= refresh_limit <= 10:
        raise ServiceError({"refresh_limit": _("Allow between 0 and 10 fresh suggestions.")})
    found, _created = MatchingSettings.objects.select_for_update().get_or_create(program=program)
    found.response_days = response_days
    found.refresh_limit = refresh_limit
    found.save()
    audit.record(
        action="matching.settings_update",
        actor=by,
        target=program,
        details={"response_days": response_days, "refresh_limit": refresh_limit},
    )
    return found

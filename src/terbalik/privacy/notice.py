"""The privacy notice's versions. The text lives in `privacy/notice.html` (gettext, so it is
bilingual); a change of substance adds a version here, and every participant is asked to
accept the new one at their next visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class NoticeVersion:
    number: int
    effective: dt.date
    summary: str  # what changed, for the DPO (not shown to participants)


VERSIONS: tuple[NoticeVersion, ...] = (
    NoticeVersion(1, dt.date(2026, 12, 1), "First notice (issue 20)."),
)


def current() -> NoticeVersion:
    return VERSIONS[-1]


def retention() -> list[tuple[str, int]]:
    """(key, days) of PRIVACY_RETENTION_DAYS, in the settings' order."""
    return list(getattr(settings, "PRIVACY_RETENTION_DAYS", {}).items())


def dpo_email() -> str:
    return str(getattr(settings, "PRIVACY_DPO_EMAIL", ""))


def context() -> dict[str, Any]:
    """What the notice template needs."""
    days = dict(retention())
    return {"notice": current(), "retention": days, "dpo_email": dpo_email(),
            "min_group": _min_group()}


def _min_group() -> int:
    from terbalik.core.privacy import MIN_GROUP_SIZE

    return MIN_GROUP_SIZE

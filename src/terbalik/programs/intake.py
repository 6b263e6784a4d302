"""The intake answers matching needs, kept as a JSON dict on the enrollment.

Keys: skills_wanted (mentees), skills_offered (mentors), interests, languages, channels (lists
of normalised strings: trimmed, case-folded, inner spaces collapsed, duplicates dropped) and
capacity (mentors: how many mentees they can take).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

LIST_KEYS = ("skills_wanted", "skills_offered", "interests", "languages", "channels")
_SPLIT = re.compile(r"[,;\n]+")


def normalise_items(value: str | Iterable[str]) -> list[str]:
    parts = _SPLIT.split(value) if isinstance(value, str) else list(value)
    seen: list[str] = []
    for part in parts:
        item = " ".join(str(part).split()).casefold()
        if item and item not in seen:
            seen.append(item)
    return seen


def clean_intake(raw: dict[str, Any]) -> dict[str, Any]:
    intake: dict[str, Any] = {key: normalise_items(raw.get(key) or []) for key in LIST_KEYS}
    try:
        capacity = int(raw.get("capacity") or 1)
    except (TypeError, ValueError):
        capacity = 1
    intake["capacity"] = max(1, min(capacity, 10))
    return intake

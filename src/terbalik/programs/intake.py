"""The intake answers matching needs, kept as a JSON dict on the enrollment.

Keys: skills_wanted (mentees), skills_offered (mentors), interests, languages, channels (lists
of normalised strings: trimmed, case-folded, inner spaces collapsed, duplicates dropped) and
capacity (mentors: how many mentees they can take).

With a skills index (`terbalik.skills`), the skill and interest lists hold canonical skill ids
(`data-analysis`) followed by the terms no skill answers to (folded as above); `typed` keeps
what the person typed freely ({key: text}) and `unmapped` the terms that matched no skill
({key: [terms]}), so HR can audit the mapping and extend the synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

LIST_KEYS = ("skills_wanted", "skills_offered", "interests", "languages", "channels")
SKILL_KEYS = ("skills_wanted", "skills_offered", "interests")
_SPLIT = re.compile(r"[,;\n]+")


class _Mapped(Protocol):
    ids: list[str]
    unmapped: list[str]

    def values(self) -> list[str]: ...


class SkillMapper(Protocol):
    ids: frozenset[str]

    def map(self, value: str | Iterable[str]) -> _Mapped: ...


def normalise_items(value: str | Iterable[str]) -> list[str]:
    parts = _SPLIT.split(value) if isinstance(value, str) else list(value)
    seen: list[str] = []
    for part in parts:
        item = " ".join(str(part).split()).casefold()
        if item and item not in seen:
            seen.append(item)
    return seen


def _free_text(value: Any, ids: frozenset[str]) -> str:
    """What of an answer was typed rather than picked from the list (picked = a known id)."""
    if isinstance(value, str):
        return value.strip()
    return ", ".join(str(v).strip() for v in value if str(v).strip() and str(v) not in ids)


def clean_intake(raw: dict[str, Any], skills: SkillMapper | None = None) -> dict[str, Any]:
    intake: dict[str, Any] = {key: normalise_items(raw.get(key) or []) for key in LIST_KEYS}
    if skills is not None:
        typed: dict[str, str] = {}
        unmapped: dict[str, list[str]] = {}
        for key in SKILL_KEYS:
            value = raw.get(key) or []
            mapped = skills.map(value)
            intake[key] = mapped.values()
            text = _free_text(value, skills.ids)
            if text:
                typed[key] = text
            if mapped.unmapped:
                unmapped[key] = list(mapped.unmapped)
        if typed:
            intake["typed"] = typed
        if unmapped:
            intake["unmapped"] = unmapped
    try:
        capacity = int(raw.get("capacity") or 1)
    except (TypeError, ValueError):
        capacity = 1
    intake["capacity"] = max(1, min(capacity, 10))
    return intake

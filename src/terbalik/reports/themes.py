"""Keyword themes for free-text feedback, in Indonesian and English — simple and explainable.

A comment belongs to a theme when one of the theme's keywords occurs in it as a word (or, for
a keyword ending in `*`, as the start of a word; several words must occur in that order). No
statistics or machine learning: the page shows which keywords matched, so HR can see why a
comment is in a theme, and the list below is the whole rule. A comment may fall into several
themes or none ("Other").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Theme:
    key: str
    label: Promise
    keywords: tuple[str, ...]


THEMES: tuple[Theme, ...] = (
    Theme("time", _("Time and scheduling"), (
        "waktu", "jadwal*", "sibuk", "bentrok", "batal*", "terlambat", "telat", "singkat",
        "durasi", "time", "schedul*", "reschedul*", "busy", "clash*", "cancel*", "late",
        "short", "calendar", "kalender")),
    Theme("digital", _("Digital skills and tools"), (
        "digital", "aplikasi", "teknologi", "spreadsheet", "excel", "dasbor", "dashboard",
        "data", "ai", "chatgpt", "media sosial", "social media", "instagram", "tiktok",
        "linkedin", "app*", "tool*", "software", "online", "canva", "prompt*")),
    Theme("communication", _("Communication and openness"), (
        "komunikasi", "mendengar*", "mendengarkan", "terbuka", "diskusi", "bicara",
        "ngobrol", "umpan balik", "communicat*", "listen*", "open", "openly", "discuss*",
        "talk*", "conversation*", "feedback")),
    Theme("generations", _("Insight across generations"), (
        "generasi", "gen z", "milenial", "anak muda", "muda", "pelanggan", "perspektif",
        "sudut pandang", "generation*", "millennial*", "young*", "customer*", "perspective*",
        "viewpoint*")),
    Theme("growth", _("Confidence and career"), (
        "percaya diri", "karier", "karir", "kepemimpinan", "pemimpin", "belajar", "berkembang",
        "confiden*", "career*", "leader*", "learn*", "grow*", "skill*", "keterampilan")),
    Theme("format", _("Meeting format and place"), (
        "zoom", "teams", "video", "tatap muka", "ruang*", "tempat", "kantor", "lokasi",
        "face to face", "in person", "room*", "office", "venue", "call*")),
    Theme("praise", _("Praise"), (
        "bermanfaat", "membantu", "bagus", "senang", "menyenangkan", "menarik", "inspirasi*",
        "terima kasih", "mantap", "useful", "helpful", "great", "good", "enjoy*", "interesting",
        "inspir*", "thank*", "excellent", "valuable")),
    Theme("concern", _("Difficulties and concerns"), (
        "sulit", "susah", "masalah", "kendala", "bingung", "bosan", "kurang", "tidak jelas",
        "hambat*", "difficult*", "hard", "problem*", "issue*", "confus*", "boring", "unclear",
        "lack*", "struggl*")),
)

OTHER = "other"
BY_KEY = {t.key: t for t in THEMES}


def _compile(keyword: str) -> re.Pattern[str]:
    words = keyword.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    tail = r"\w*" if keyword.endswith("*") else ""
    return re.compile(rf"(?<!\w){body}{tail}(?!\w)", re.IGNORECASE | re.UNICODE)


_PATTERNS = tuple((t, tuple((k, _compile(k)) for k in t.keywords)) for t in THEMES)
#: one alternation per theme: which themes a text has, without saying which keyword
_ANY = tuple((t.key, re.compile("|".join(p.pattern for _k, p in patterns),
                                re.IGNORECASE | re.UNICODE)) for t, patterns in _PATTERNS)


@lru_cache(maxsize=8192)
def keys_of(text: str) -> tuple[str, ...]:
    """The keys of the themes `text` belongs to, in the order of THEMES (fast: one regular
    expression per theme; `match` says which keywords)."""
    return tuple(key for key, pattern in _ANY if pattern.search(text))


def match(text: str) -> dict[str, list[str]]:
    """{theme key: the keywords found in `text`} for every theme the text belongs to."""
    found: dict[str, list[str]] = {}
    for theme, patterns in _PATTERNS:
        hits = [keyword.rstrip("*") for keyword, pattern in patterns if pattern.search(text)]
        if hits:
            found[theme.key] = hits
    return found


def label(key: str) -> str:
    from django.utils.translation import gettext as gettext_now

    theme = BY_KEY.get(key)
    return str(theme.label) if theme else gettext_now("Other")

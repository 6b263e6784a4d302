"""Promotion helpers: an announcement to copy into internal channels, the link and a QR code."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .models import Program


def announcement(program: Program, *, link: str, language: str) -> str:
    """The announcement text in `language`, built from the program's fields."""
    with translation.override(language):
        return render_to_string(
            "programs/announcement.txt", {"program": program, "link": link}
        ).strip()


def announcements(program: Program, *, link: str) -> list[tuple[str, str, str]]:
    """(code, language name, text) for every configured language."""
    return [
        (code, str(name), announcement(program, link=link, language=code))
        for code, name in settings.LANGUAGES
    ]


def qr_svg(link: str, *, scale: int = 4) -> str:
    """The QR code of `link` as an SVG document (no XML declaration, fit for inline use)."""
    return segno.make(link, error="m").svg_inline(scale=scale, dark="#0b3d36")

"""The survey and test templates a measurement plan may name — the one list of keys.

The surveys app is written separately; a plan item stores the template's stable key, so nothing
here imports `terbalik.surveys`. The surveys app is expected to provide a template for each key.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SURVEY_TEMPLATES: dict[str, object] = {
    "mentee_intake": _("Mentee intake questionnaire"),
    "mentor_intake": _("Mentor intake questionnaire"),
    "digital_literacy": _("Digital-literacy test"),
    "confidence": _("Confidence survey"),
    "session_feedback": _("Session feedback"),
    "checkin_pulse": _("Check-in pulse"),
    "end_evaluation": _("End-of-program evaluation"),
}


def is_known(key: str) -> bool:
    return key in SURVEY_TEMPLATES


def label(key: str) -> str:
    return str(SURVEY_TEMPLATES.get(key, key))


def choices() -> list[tuple[str, object]]:
    return list(SURVEY_TEMPLATES.items())

"""Locale helpers shared by every app: language names and numbers typed the local way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import get_language_info

#: Each language in its own name (as the language switch shows it), for the codes the
#: directory uses that Django does not know or names differently.
LANGUAGE_NAMES = {
    "id": "Bahasa Indonesia",
    "en": "English",
    "jv": "Basa Jawa",
    "su": "Basa Sunda",
    "ms": "Bahasa Melayu",
    "zh": "中文",
}


def language_name(code: str) -> str:
    """The language's own name for a code ("id" → "Bahasa Indonesia"); unknown codes as typed."""
    code = (code or "").strip()
    if code.lower() in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code.lower()]
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def language_names(codes: Iterable[str] | None) -> str:
    return ", ".join(language_name(code) for code in (codes or []) if code)


def language_choices(codes: Iterable[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Form choices from settings.LANGUAGES, each language named in its own language."""
    return [(code, language_name(code)) for code, _label in codes]


class DecimalInput(forms.TextInput):
    """A text box with the phone's decimal keyboard: type=number would refuse "7,5" in
    browsers set to English and show "7.5" to Indonesian readers."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class LocalDecimalField(forms.DecimalField):
    """A decimal number read and shown in the active language's format: "7,5" in Indonesian
    and "7.5" in English (a point is accepted in Indonesian too, as phones often type one)."""

    widget = DecimalInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", DecimalInput)
        super().__init__(**kwargs)


def localize_number_fields(form: forms.BaseForm, names: Iterable[str]) -> None:
    """Make a form's decimal/float fields read and show the local decimal separator."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        field.localize = True
        field.widget = DecimalInput(attrs=field.widget.attrs | {"inputmode": "decimal"})
        field.widget.is_localized = True

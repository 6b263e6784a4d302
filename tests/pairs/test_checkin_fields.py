"""The inline check-in form's fields, rendered once per language (pairs/views/checkin_fields.py),
must be exactly what including core/form_fields.html with a new empty form gives."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation

from terbalik.pairs.forms import CheckInForm
from terbalik.pairs.views import checkin_fields
from terbalik.pairs.views.checkin_fields import blank_checkin_fields


def _fresh(pk: int) -> str:
    return render_to_string("core/form_fields.html", {"form": CheckInForm(auto_id=f"m{pk}-%s")})


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_kept_fields_are_the_rendered_fields_for_every_meeting(language):
    with translation.override(language):
        for pk in (7, 3607, 7, 123456789):
            assert blank_checkin_fields(pk) == _fresh(pk)
        assert checkin_fields.SLOT not in blank_checkin_fields(1)


def test_each_language_gets_its_own_fields():
    with translation.override("en"):
        english = blank_checkin_fields(5)
    with translation.override("id"):
        indonesian = blank_checkin_fields(5)
    assert english != indonesian
    assert "Did the meeting take place?" in english
    assert indonesian == _fresh_in("id", 5)


def _fresh_in(language: str, pk: int) -> str:
    with translation.override(language):
        return _fresh(pk)


def test_a_changed_setting_renders_again():
    with translation.override("en"):
        blank_checkin_fields(5)
        assert checkin_fields._rendered
        with override_settings(LANGUAGE_CODE="en"):
            assert not checkin_fields._rendered
            assert blank_checkin_fields(5) == _fresh(5)

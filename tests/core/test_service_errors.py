"""One error type for every service, one helper for views (flash message or form error)."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from terbalik.core.service_errors import ServiceError, flash_error, form_error
from terbalik.programs import services as program_services


class NameForm(forms.Form):
    name = forms.CharField()


def test_service_error_carries_a_code_and_its_sentences():
    exc = ServiceError(["First reason.", "Second reason."], code="transition_refused")
    assert exc.code == "transition_refused"
    assert exc.messages == ["First reason.", "Second reason."]
    assert str(exc) == "First reason.; Second reason."
    assert isinstance(exc, ValidationError)  # forms and older callers take it as is


def test_programs_raise_the_core_error_and_no_type_of_their_own():
    assert program_services.ServiceError is ServiceError
    for old in ("ProgramError", "EnrollmentRefused", "TransitionRefused"):
        assert not hasattr(program_services, old)


def test_flash_error_shows_every_sentence():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    flash_error(request, ServiceError(["One.", "Two."]))
    assert [m.message for m in get_messages(request)] == ["One.", "Two."]


@pytest.mark.parametrize(
    ("error", "field_errors", "form_errors"),
    [
        (ServiceError({"name": ["Too short."]}), ["Too short."], []),
        (ServiceError({"elsewhere": ["Not here."]}), [], ["Not here."]),
        (ServiceError("Refused."), [], ["Refused."]),
    ],
)
def test_form_error_attaches_to_the_field_or_the_form(error, field_errors, form_errors):
    form = NameForm({"name": "x"})
    assert form.is_valid()
    form_error(form, error)
    assert form.errors.get("name", []) == field_errors
    assert form.non_field_errors() == form_errors

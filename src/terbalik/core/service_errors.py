"""The one error every app's services raise, and the one way views show it.

`ServiceError(messages, code=...)`: a refused change. `messages` is one translated sentence,
a list of them, or a {field: [sentences]} mapping; `code` names the refusal for callers that
branch on it (`"transition_refused"`, `"enrollment_refused"`, ...). It is a Django
`ValidationError`, so forms take it as is and existing `except ValidationError` keep working.

Views turn it into flash messages with `flash_error(request, exc)` or into form errors with
`form_error(form, exc)`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class ServiceError(ValidationError):
    """A refused change: translated sentence(s) for the user and a machine-readable code."""

    def __init__(self, message: Any, *, code: str = "refused", params: Any = None) -> None:
        super().__init__(message, code=code, params=params)
        self.code = code

    def __str__(self) -> str:
        return "; ".join(str(m) for m in self.messages)


def flash_error(request: HttpRequest, exc: ValidationError) -> None:
    """Show every sentence of a refused change as an error flash message."""
    for text in exc.messages:
        flash.error(request, text)


def form_error(form: Any, exc: ValidationError) -> None:
    """Attach a refused change to `form`: per field when the error names fields the form has,
    otherwise as a form-wide error."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)

"""Errors as `application/problem+json` (RFC 9457), in the caller's language.

Every refusal of the API has the same shape: `type` (a stable URI naming the kind of
problem), `title` (a short translated summary), `status`, `detail` (a translated sentence)
and, for problems about rows or fields, `errors`: a list of `{row, field, message}` (row is
the 0-based position in a bulk request, `null` when not about one row). The language is the
request's (`Accept-Language`, Indonesian by default), chosen by Django's LocaleMiddleware.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from terbalik.people.services import ImportRefused

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:terbalik:problem:"


class ApiForbidden(Exception):
    """The token may not do this (its scope or its program), though its account could."""

    def __init__(self, detail: str, code: str = "forbidden") -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class NulCharacter(Exception):
    """The request holds a NUL character (no text field may contain one)."""


class BadCursor(Exception):
    """A pagination cursor that this API did not hand out."""


def problem(status: int, code: str, title: str, detail: str,
            errors: list[dict[str, Any]] | None = None,
            headers: dict[str, str] | None = None) -> HttpResponse:
    body: dict[str, Any] = {"type": TYPE_BASE + code, "title": title, "status": status,
                            "detail": detail}
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status,
                            content_type=CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


# --- request validation: pydantic's errors in our words ----------------------------------

def _pydantic_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("string_type",):
        return _("Enter a text.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind.startswith("date") or kind.startswith("datetime") or kind.startswith("time"):
        return _("Enter a date as YYYY-MM-DD (a time as HH:MM).")
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(values)s.") % {"values": ctx.get("expected", "")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value of at least %(limit)s.") % {
            "limit": ctx.get("ge", ctx.get("gt", ""))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value of at most %(limit)s.") % {
            "limit": ctx.get("le", ctx.get("lt", ""))}
    if kind in ("string_too_long", "too_long"):
        return _("This value is too long.")
    if kind in ("string_too_short", "too_short"):
        return _("This value is too short or empty.")
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("This value has the wrong type.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    return _("This value is not valid.")


def _location(loc: Any) -> tuple[int | None, str]:
    """(row, field) of a pydantic location such as ("body", "payload", "employees", 3,
    "email"): the first integer is the row, the rest after it the field."""
    parts = [p for p in (loc or ()) if p not in ("body", "payload", "query", "path")]
    row = None
    for index, part in enumerate(parts):
        if isinstance(part, int):
            row = part
            parts = parts[index + 1:]
            break
    return row, ".".join(str(p) for p in parts)


def validation_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors:
        row, field = _location(error.get("loc"))
        out.append({"row": row, "field": field, "message": _pydantic_message(error)})
    return out


# --- service refusals --------------------------------------------------------------------

def service_errors(exc: ValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [{"row": None, "field": "" if field == "__all__" else field, "message": str(m)}
                for field, errors in exc.message_dict.items() for m in errors]
    return [{"row": None, "field": "", "message": str(m)} for m in exc.messages]


def import_errors(exc: ImportRefused) -> list[dict[str, Any]]:
    """The import's row errors: file row r (header = row 1) is record r - 2."""
    return [{"row": e.row - 2 if e.row is not None and e.row >= 2 else None,
             "field": e.column, "message": str(e.message)} for e in exc.plan.errors]


def install(api: NinjaAPI) -> None:
    """Answer every refusal of `api` as problem+json."""

    def unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(401, "unauthorized", _("Not signed in"),
                       _("Send a valid, unrevoked API token: Authorization: Bearer <token>."),
                       headers={"WWW-Authenticate": 'Bearer realm="terbalik"'})

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = exc.detail if isinstance(exc, ApiForbidden) else _(
            "The account behind this token may not do this.")
        code = exc.code if isinstance(exc, ApiForbidden) else "forbidden"
        return problem(403, code, _("Forbidden"), detail)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(404, "not-found", _("Not found"),
                       _("There is nothing here that this token may see."))

    def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return problem(422, "invalid-request", _("The request is not valid"),
                       _("Some values are missing or not valid; see errors."),
                       validation_errors(exc))

    def refused_import(request: HttpRequest, exc: ImportRefused) -> HttpResponse:
        return problem(422, "import-refused", _("Nothing was imported"),
                       _("Nothing was written: some employees have problems; see errors."),
                       import_errors(exc))

    def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        code = str(getattr(exc, "code", "") or "refused").replace("_", "-")
        return problem(422, code, _("The change was refused"), "; ".join(exc.messages),
                       service_errors(exc))

    def bad_cursor(request: HttpRequest, exc: BadCursor) -> HttpResponse:
        return problem(422, "invalid-cursor", _("The request is not valid"),
                       _("The cursor is not valid: use next_cursor from the previous page."),
                       [{"row": None, "field": "cursor", "message": _("This value is not valid.")}])

    def nul(request: HttpRequest, exc: NulCharacter) -> HttpResponse:
        return problem(422, "invalid-request", _("The request is not valid"),
                       _("Text may not contain the NUL character (\\u0000)."))

    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return problem(429, "throttled", _("Too many requests"),
                       _("This token sent too many requests; wait and try again."))

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:  # Ninja could not parse the body
            return problem(400, "unreadable-body", _("The request is not valid"),
                           _("The request body is not valid JSON."))
        return problem(exc.status_code, "http-error", _("The request was refused"),
                       str(exc.message))

    api.add_exception_handler(AuthenticationError, unauthorized)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(ApiForbidden, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ObjectDoesNotExist, not_found)
    api.add_exception_handler(NinjaValidationError, invalid)
    api.add_exception_handler(ImportRefused, refused_import)
    api.add_exception_handler(ValidationError, refused)  # ServiceError is one
    api.add_exception_handler(BadCursor, bad_cursor)
    api.add_exception_handler(NulCharacter, nul)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)

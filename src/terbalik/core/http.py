"""HTTP helpers shared by every app.

`no_store` marks a response that must never be kept by a browser or proxy cache: every
export and download (CSV, XLSX, PDF, ICS, SVG) and every page with confidential data (survey
results, program outcomes, pair pages). A shared computer's back button or a proxy must not
hand them to the next person.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def no_store(view: View) -> View:
    """`Cache-Control: no-store, private, …` on every response of `view` (errors included)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper  # type: ignore[return-value]

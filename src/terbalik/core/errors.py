"""Error pages in the site's layout and the reader's language, each with a way back.

400, 403 and 404 render with the request (navigation, sign-out) like any page. The 500 page
renders from the template alone: no request context processors, no database, no session, so
it still works when whatever broke the request was one of those. CSRF failures get their own
page (`CSRF_FAILURE_VIEW`).
"""

from __future__ import annotations

import logging

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

#: last resort when even the template cannot render (English and Indonesian, no markup needed)
BARE_500 = (
    "<!doctype html><html><head><meta charset='utf-8'><title>500</title></head><body>"
    "<h1>Server error · Kesalahan server</h1>"
    "<p>Please try again in a few minutes. · Silakan coba lagi beberapa menit lagi.</p>"
    "<p><a href='/'>Home · Beranda</a></p></body></html>"
)


def _render(request: HttpRequest, template: str) -> str:
    return loader.get_template(template).render({"request_path": request.path}, request)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # no request context: a bad request may come with a broken host or session
    return HttpResponseBadRequest(loader.get_template("400.html").render({}))


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseForbidden(_render(request, "403.html"))


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return HttpResponseNotFound(_render(request, "404.html"))


def server_error(request: HttpRequest) -> HttpResponse:
    """The template alone, in the language already active for this request."""
    try:
        body = loader.get_template("500.html").render({})
    except Exception:  # the page that reports errors must not fail itself
        logger.exception("The 500 page could not render")
        body = BARE_500
    return HttpResponseServerError(body)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return HttpResponseForbidden(_render(request, "403_csrf.html"))

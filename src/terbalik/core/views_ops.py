"""Operations endpoints: /healthz (alive), /readyz (ready for traffic), /metrics (Prometheus).

They answer before host validation and the HTTPS redirect (ProbeMiddleware), so a load
balancer or Prometheus may call them by IP over plain HTTP. /metrics needs
`Authorization: Bearer <METRICS_TOKEN>`; with no token configured it does not exist (404)
unless DEBUG is on.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from . import health, metrics

PROBES = {"healthz", "readyz", "metrics"}


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    results = health.readiness()
    ready = health.all_ok(results)
    response = JsonResponse({"ready": ready, "checks": results}, status=200 if ready else 503)
    add_never_cache_headers(response)
    return response


def _metrics_allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        if settings.DEBUG:
            return True
        raise Http404
    scheme, _sep, offered = request.headers.get("Authorization", "").partition(" ")
    # as bytes: compare_digest raises TypeError on non-ASCII str (a header may carry any text)
    return scheme.lower() == "bearer" and hmac.compare_digest(
        offered.strip().encode("utf-8", "backslashreplace"),
        token.encode("utf-8", "backslashreplace"))


@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain")
    response = HttpResponse(metrics.exposition(),
                            content_type="text/plain; version=0.0.4; charset=utf-8")
    add_never_cache_headers(response)
    return response


class ProbeMiddleware:
    """Answers the three probes before SecurityMiddleware (HTTPS redirect) and before
    anything reads the Host header, so probes by IP address and plain HTTP work."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/").lstrip("/") in PROBES:
            try:
                match = resolve(request.path_info)
            except Resolver404:
                match = None
            if match is not None and match.url_name in PROBES and match.namespace == "core":
                request.resolver_match = match
                try:
                    return match.func(request, *match.args, **match.kwargs)
                except Http404:
                    return HttpResponse("not found\n", status=404, content_type="text/plain")
        return self.get_response(request)

"""core/csp_policy.py (issue 18): the same headers as django-csp's middleware, the settings'
policy built once per process."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as Library
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from terbalik.core import csp_policy
from terbalik.core.csp_policy import CSPMiddleware as Ours

REPORT_ONLY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE],
                              "report-uri": "/csp-report/"},
               "EXCLUDE_URL_PREFIXES": ["/static/"]}


def _plain(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def _updated(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok")
    response._csp_update = {"form-action": ["https://idp.example"]}  # type: ignore[attr-defined]
    return response


def _exempt(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok")
    response._csp_exempt = True  # type: ignore[attr-defined]
    return response


def _header_set(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("ok")
    response[HEADER] = "default-src 'none'"
    return response


def _nonce_used(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(request.csp_nonce))  # type: ignore[attr-defined]


def _not_found(request: HttpRequest) -> HttpResponse:
    return HttpResponse("missing", status=404)


VIEWS = [_plain, _updated, _exempt, _header_set, _nonce_used, _not_found]


def _answer(middleware: type, view: Callable[[HttpRequest], HttpResponse], path: str
            ) -> tuple[dict[str, Any], HttpRequest]:
    request = RequestFactory().get(path)
    response = middleware(view)(request)
    headers = {h: response.get(h) for h in (HEADER, HEADER_REPORT_ONLY)}
    return headers, request


def _same(view: Callable[[HttpRequest], HttpResponse], path: str = "/pairs/") -> None:
    ours, our_request = _answer(Ours, view, path)
    theirs, their_request = _answer(Library, view, path)
    if view is _nonce_used:  # a fresh random nonce each time: compare without it
        ours = {h: v and v.replace(our_request._csp_nonce, "N")  # type: ignore[attr-defined]
                for h, v in ours.items()}
        theirs = {h: v and v.replace(their_request._csp_nonce, "N")  # type: ignore[attr-defined]
                  for h, v in theirs.items()}
    assert ours == theirs
    if view is not _nonce_used:  # after the headers, reading the nonce is an error in both
        assert _nonce_refused(our_request) == _nonce_refused(their_request)
        assert _nonce_refused(our_request) or (settings.DEBUG and view is _not_found)


def _nonce_refused(request: HttpRequest) -> bool:
    try:
        str(request.csp_nonce)  # type: ignore[attr-defined]
    except CSPNonceError:
        return True
    return False


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.__name__)
def test_headers_are_django_csps(view: Callable[[HttpRequest], HttpResponse]) -> None:
    _same(view)
    assert _answer(Ours, _plain, "/")[0][HEADER]  # the project's policy is set


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.__name__)
@pytest.mark.parametrize("debug", [False, True])
def test_with_a_report_only_policy_and_excluded_prefixes(
    view: Callable[[HttpRequest], HttpResponse], debug: bool
) -> None:
    policy = {**settings.CONTENT_SECURITY_POLICY, "EXCLUDE_URL_PREFIXES": ["/api/"]}
    with override_settings(CONTENT_SECURITY_POLICY=policy,
                           CONTENT_SECURITY_POLICY_REPORT_ONLY=REPORT_ONLY, DEBUG=debug):
        for path in ("/pairs/", "/api/v1/x", "/static/app.css"):
            _same(view, path)
        headers, _request = _answer(Ours, _plain, "/pairs/")
        assert "report-uri /csp-report/" in headers[HEADER_REPORT_ONLY]
    # the settings restored: the policy built for them is forgotten
    assert _answer(Ours, _plain, "/pairs/")[0][HEADER_REPORT_ONLY] is None


def test_the_settings_policy_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _answer(Ours, _plain, "/")
    built: list[bool] = []
    original = csp_policy.csp_middleware.build_policy

    def counting(*args: Any, **kwargs: Any) -> str:
        built.append(True)
        return original(*args, **kwargs)

    monkeypatch.setattr(csp_policy.csp_middleware, "build_policy", counting)
    for _ in range(3):
        _answer(Ours, _plain, "/")
    assert built == []
    _answer(Ours, _updated, "/")  # a response's own parts: django-csp builds its headers
    assert len(built) == 2

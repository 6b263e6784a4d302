"""Participants who have not accepted the current privacy notice (enrolled by HR, or the
notice changed since) are asked to, at their next visit, before any other page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import notice, selectors

#: the session remembers the version accepted, so the check costs one query per session
SESSION_KEY = "privacy_notice_ok"


class NoticeGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._asks(request):
            target = reverse("privacy:accept")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _asks(self, request: HttpRequest) -> bool:
        if not getattr(settings, "PRIVACY_NOTICE_AT_VISIT", True):
            return False
        if request.method != "GET" or request.headers.get("HX-Request"):
            return False
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not selectors.is_participant(user):
            return False
        version = notice.current().number
        if session.get(SESSION_KEY) == version or self._exempt(request.path):
            return False
        if not selectors.live_enrollments(user).exists():
            return False  # not in a program (yet): asked once HR or they enrol
        if selectors.has_accepted_current(user):
            session[SESSION_KEY] = version  # one check per session and notice version
            return False
        return True

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (
            "/privacy/", "/accounts/", "/api/", "/healthz", "/readyz", "/metrics",
            reverse("accounts:logout"), reverse("accounts:language"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(exempt)

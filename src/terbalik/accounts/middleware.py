from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import access, selectors

#: the session key holding the signed-in person's time zone (their directory entry's)
TIME_ZONE_SESSION_KEY = "terbalik_time_zone"


def remember_time_zone(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """On sign-in, keep the person's time zone in the session: pages then show dates and
    times in it without a query per request (connected in AccountsConfig.ready)."""
    if request is None or not hasattr(request, "session"):
        return
    zone = getattr(getattr(user, "employee", None), "time_zone", "") or ""
    try:
        zoneinfo.ZoneInfo(zone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return
    request.session[TIME_ZONE_SESSION_KEY] = zone


class UserLanguageMiddleware:
    """Activate the language a signed-in user chose (it follows them across devices) and
    their time zone, so every date and time is shown in the person's own locale and zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if user is not None and user.is_authenticated and language in self.codes:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        zone = ""
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            zone = request.session.get(TIME_ZONE_SESSION_KEY, "")
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class SignInGuardMiddleware:
    """Two checks on every request, after authentication:

    * a session whose person may no longer sign in (a leaver: inactive in the directory or
      past the exit date, even without a new import) is ended, not just ignored;
    * platform admins and HR program managers without TOTP are sent to set it up before
      anything else when REQUIRE_STAFF_MFA is on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None:
            if session.get(SESSION_KEY) and not user.is_authenticated:
                # The backend refused the session's user (see EmailBackend): end it.
                logout(request)
            elif user.is_authenticated and not access.may_sign_in(user):
                logout(request)
                return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
            elif access.needs_staff_mfa(user) and not self._exempt(request.path):
                if not selectors.has_totp(user):
                    messages.info(
                        request,
                        _("Your role needs two-factor authentication. Please set it up now; "
                          "it takes a minute with an authenticator app."),
                    )
                    return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (
            "/accounts/",
            reverse("accounts:logout"),
            reverse("accounts:language"),
            "/" + settings.STATIC_URL.lstrip("/"),
        )
        return path.startswith(exempt)


def sso_form_origins() -> list[str]:
    """Origins of the configured identity providers (the SSO button's POST redirects there)."""
    conf = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get("openid_connect", {})
    origins = set()
    for app in conf.get("APPS", []):
        parts = urlsplit(app.get("settings", {}).get("server_url", ""))
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


class SSOFormActionMiddleware:
    """Let the sign-in form's redirect reach the identity provider under CSP `form-action`.

    Browsers apply `form-action` to the redirect that answers a form, so the SSO button (a
    CSRF-protected POST to our view, answered by a redirect to the provider) needs the
    provider's origin in the policy. It is read from the same settings as the buttons, so the
    policy follows the configuration. Must sit after django-csp's middleware in MIDDLEWARE.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        origins = sso_form_origins()
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            response._csp_update = update  # type: ignore[attr-defined]
        return response

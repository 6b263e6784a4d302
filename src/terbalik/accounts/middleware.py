from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    """Activate the language a signed-in user chose; it follows them across devices."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None else ""
        if user is not None and user.is_authenticated and language in self.codes:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


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

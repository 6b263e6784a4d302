"""django-csp's middleware, with the policy that comes from the settings alone built once.

django-csp builds both headers (the policy and the report-only one) from the settings on every
response: the settings' directives copied into a full table, each value copied and joined,
~50 of the middleware's ~90 microseconds per request. Almost every response carries nothing
of its own (no per-response config, update or replace, no nonce used), so its headers are the
settings' policy; `CSPMiddleware` builds that pair once per process (again when a test
changes the settings) and sets it as django-csp would. A response that carries its own parts
(the single sign-on's form-action update, SSOFormActionMiddleware) or a request that used its
nonce goes through django-csp's own `process_response`, unchanged.
"""

from __future__ import annotations

import http.client
from typing import TYPE_CHECKING, Any

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

#: what a response may carry of its own (django-csp's decorators set them)
_OWN_PARTS = ("_csp_config", "_csp_update", "_csp_replace",
              "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
_SETTINGS = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
_built: dict[str, tuple[tuple[str, str, str, str], ...]] = {}


def _headers() -> tuple[tuple[str, str, str, str], ...]:
    """(header, policy, exemption attribute, setting) for both headers, from the settings."""
    found = _built.get("policies")
    if found is None:
        found = _built["policies"] = (
            (HEADER, csp_middleware.build_policy(), "_csp_exempt", _SETTINGS[0]),
            (HEADER_REPORT_ONLY, csp_middleware.build_policy(report_only=True),
             "_csp_exempt_ro", _SETTINGS[1]),
        )
    return found


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    if setting in _SETTINGS:
        _built.clear()


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """In MIDDLEWARE where django-csp's middleware was."""

    def process_response(self, request: HttpRequest,
                         response: HttpResponseBase) -> HttpResponseBase:
        if (getattr(request, "_csp_nonce", None) is not None
                or any(getattr(response, name, None) is not None for name in _OWN_PARTS)):
            return super().process_response(request, response)
        # from here on what django-csp's process_response does, with the policies built once
        if settings.DEBUG and response.status_code in (http.client.INTERNAL_SERVER_ERROR,
                                                       http.client.NOT_FOUND):
            return response
        for header, policy, exempt, setting in _headers():
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES")
            if not request.path_info.startswith(tuple(prefixes or ())):
                response[header] = policy
        # the nonce was not used: reading it now is an error (django-csp's guard)
        request.csp_nonce = csp_middleware.CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response)
        return response

"""Single sign-on (OpenID Connect) configuration read from the environment.

Imported by settings.py, so it must not import anything that needs Django apps to be ready.
SSO is off unless OIDC_SERVER_URL and OIDC_CLIENT_ID are both set.

  OIDC_SERVER_URL          the issuer URL or its discovery document
                           (…/.well-known/openid-configuration)
  OIDC_CLIENT_ID           the client (application) id registered at the identity provider
  OIDC_CLIENT_SECRET       its secret (empty for a public client; PKCE is always used)
  OIDC_PROVIDER_ID         short name used in the callback URL (default: "company")
  OIDC_DISPLAY_NAME        shown on the button "Sign in with …" (default: "company account")
  OIDC_ALLOWED_DOMAINS     comma-separated e-mail domains accepted (default: any domain)
  OIDC_EMAIL_VERIFIED_CLAIM  claim that says the address is verified (default: email_verified;
                           Microsoft Entra ID: xms_edov)
  OIDC_GROUPS_CLAIM        claim that lists the person's groups (e.g. "groups"; optional)
  OIDC_HR_GROUPS           comma-separated group values that make someone an HR program manager
  OIDC_SCOPES              scopes to ask for (default: "openid email profile")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PROVIDER_ID = "company"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").replace(";", ",").split(",") if item.strip()]


def openid_connect_apps(environ: Mapping[str, str], *, debug: bool = False) -> list[dict[str, Any]]:
    """The django-allauth `APPS` list for the openid_connect provider ([] when SSO is off)."""
    server_url = environ.get("OIDC_SERVER_URL", "").strip()
    client_id = environ.get("OIDC_CLIENT_ID", "").strip()
    if not server_url and not client_id:
        return []
    if not server_url or not client_id:
        raise ImproperlyConfigured(
            "Single sign-on needs both OIDC_SERVER_URL and OIDC_CLIENT_ID (or neither)."
        )
    parsed = urlsplit(server_url)
    if parsed.scheme not in ("https", "http") or not parsed.hostname:
        raise ImproperlyConfigured("OIDC_SERVER_URL must be an http(s) URL.")
    if parsed.scheme == "http" and not debug and parsed.hostname not in LOOPBACK_HOSTS:
        raise ImproperlyConfigured("OIDC_SERVER_URL must use https:// when DEBUG is off.")
    provider_id = environ.get("OIDC_PROVIDER_ID", "").strip() or DEFAULT_PROVIDER_ID
    if not provider_id.replace("-", "").replace("_", "").isalnum():
        raise ImproperlyConfigured("OIDC_PROVIDER_ID may hold only letters, digits, - and _.")
    groups_claim = environ.get("OIDC_GROUPS_CLAIM", "").strip()
    hr_groups = _list(environ.get("OIDC_HR_GROUPS"))
    if hr_groups and not groups_claim:
        raise ImproperlyConfigured("OIDC_HR_GROUPS needs OIDC_GROUPS_CLAIM (e.g. groups).")
    scopes = (environ.get("OIDC_SCOPES", "") or "openid email profile").split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")
    return [
        {
            "provider_id": provider_id,
            "name": environ.get("OIDC_DISPLAY_NAME", "").strip() or "company account",
            "client_id": client_id,
            "secret": environ.get("OIDC_CLIENT_SECRET", "").strip(),
            "settings": sso_app_settings(
                server_url=server_url,
                allowed_domains=_list(environ.get("OIDC_ALLOWED_DOMAINS")),
                email_verified_claim=environ.get("OIDC_EMAIL_VERIFIED_CLAIM", "").strip()
                or "email_verified",
                groups_claim=groups_claim,
                hr_groups=hr_groups,
                scope=scopes,
            ),
        }
    ]


def sso_app_settings(
    *,
    server_url: str,
    allowed_domains: list[str] | None = None,
    email_verified_claim: str = "email_verified",
    groups_claim: str = "",
    hr_groups: list[str] | None = None,
    scope: list[str] | None = None,
) -> dict[str, Any]:
    """The `settings` of one allauth app: allauth's own keys plus Terbalik's (prefixed)."""
    return {
        "server_url": server_url,
        "oauth_pkce_enabled": True,
        "scope": scope or ["openid", "email", "profile"],
        "terbalik_allowed_domains": [d.lower().lstrip("@") for d in allowed_domains or []],
        "terbalik_email_verified_claim": email_verified_claim,
        "terbalik_groups_claim": groups_claim,
        "terbalik_hr_groups": list(hr_groups or []),
    }

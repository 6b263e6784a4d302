"""Single sign-on through django-allauth's OpenID Connect provider, hardened.

What django-allauth 65.x does not do for OpenID Connect, and this module adds:
- a `nonce` in the authorization request, kept in the (session-bound, single-use) login state
  and required to come back unchanged in the ID token; each nonce is accepted once;
- the ID token's signature is always checked against the provider's JWKS (allauth skips it
  when the token came from the token endpoint), with the algorithm taken from the key set and
  the provider's metadata — never from the token alone — and asymmetric algorithms only;
- `exp`, `iat`, `iss`, `sub`, `aud` and `nonce` are required (allauth only checks the ones
  present), `azp` is checked when there are several audiences, the discovery document's
  issuer must be the configured one, and the userinfo `sub` must equal the ID token's;
- PKCE always, and no authorization parameters or scopes taken from the query string.

Who may get in is decided in `SocialAccountAdapter.pre_social_login` (see `sso_services`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.internal.statekit import STATE_TTL
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.base.constants import AuthError, AuthProcess
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from . import sso_services
from .sso_services import SSORefused

logger = logging.getLogger(__name__)

ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
CLOCK_SKEW_SECONDS = 30
JWKS_CACHE_SECONDS = 300
VERIFIED_FLAG = "_terbalik_id_token_verified"


# --- which providers are configured (for the buttons) -----------------------------------


@dataclass(frozen=True)
class SSOProvider:
    provider_id: str
    name: str


def sso_providers() -> list[SSOProvider]:
    """The OpenID Connect apps configured in settings (empty when single sign-on is off)."""
    conf = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}).get("openid_connect", {})
    return [
        SSOProvider(provider_id=app["provider_id"], name=app.get("name") or app["provider_id"])
        for app in conf.get("APPS", [])
        if app.get("provider_id")
    ]


# --- ID token verification ------------------------------------------------------------------


def _fetch_json(url: str) -> dict[str, Any]:
    with get_social_adapter().get_requests_session() as session:
        response = session.get(url)
        response.raise_for_status()
        data = response.json()
    if not isinstance(data, dict):
        raise OAuth2Error("Expected a JSON object from the identity provider.")
    return data


def _jwks(jwks_uri: str, *, refresh: bool = False) -> dict[str, Any]:
    key = "terbalik:oidc:jwks:" + hashlib.sha256(jwks_uri.encode()).hexdigest()
    data = None if refresh else cache.get(key)
    if data is None:
        data = _fetch_json(jwks_uri)
        cache.set(key, data, JWKS_CACHE_SECONDS)
    return data


def _signing_key(jwks_uri: str, kid: str | None, alg: str) -> Any:
    for attempt in (False, True):  # a key id we do not know: the provider may have rotated keys
        candidates = [
            jwk
            for jwk in _jwks(jwks_uri, refresh=attempt).get("keys", [])
            if isinstance(jwk, dict)
            and jwk.get("use", "sig") == "sig"
            and (kid is None or jwk.get("kid") == kid)
            and jwk.get("alg", alg) == alg
        ]
        if len(candidates) == 1:
            try:
                return jwt.PyJWK(candidates[0], algorithm=alg).key
            except jwt.PyJWTError as exc:
                raise OAuth2Error("Unusable signing key.") from exc
        if len(candidates) > 1:
            raise OAuth2Error("Ambiguous signing key.")
    raise OAuth2Error("Unknown signing key.")


def verify_id_token(
    *, id_token: str, openid_config: dict[str, Any], client_id: str
) -> dict[str, Any]:
    """Every check OpenID Connect Core §3.1.3.7 asks of a client, except the nonce value
    (compared with the session's in `sso_services.admit`)."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise OAuth2Error("Malformed ID token.") from exc
    alg = header.get("alg")
    supported = openid_config.get("id_token_signing_alg_values_supported") or ["RS256"]
    if alg not in ASYMMETRIC_ALGORITHMS or alg not in supported:
        raise OAuth2Error(f"ID token algorithm {alg!r} is not accepted.")
    key = _signing_key(openid_config["jwks_uri"], header.get("kid"), alg)
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key=key,
            algorithms=[alg],
            audience=client_id,
            issuer=openid_config["issuer"],
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat", "nonce"]},
        )
    except jwt.PyJWTError as exc:
        raise OAuth2Error(f"ID token refused: {exc}") from exc
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise OAuth2Error("ID token has several audiences and another authorized party.")
    return claims


def _check_issuer(server_url: str, config: dict[str, Any]) -> None:
    expected = server_url.split("/.well-known/")[0].rstrip("/")
    if str(config.get("issuer", "")).rstrip("/") != expected:
        raise OAuth2Error("The discovery document names another issuer.")


# --- allauth provider and adapter ----------------------------------------------------------


class CompanyOIDCAdapter(OpenIDConnectOAuth2Adapter):
    @property
    def openid_config(self) -> dict[str, Any]:
        config: dict[str, Any] = super().openid_config
        if not getattr(self, "_issuer_checked", False):
            provider = self.get_provider()
            overrides = provider.app.settings.get("openid_configuration_overrides", {})
            if "issuer" not in overrides:
                _check_issuer(provider.app.settings["server_url"], config)
            self._issuer_checked = True
        return config

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ) -> SocialLogin:
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The identity provider sent no ID token.")
        claims = verify_id_token(
            id_token=id_token, openid_config=self.openid_config, client_id=app.client_id
        )
        userinfo: dict[str, Any] = {}
        if app.settings.get("fetch_userinfo", True) and self.openid_config.get("userinfo_endpoint"):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(claims["sub"]):
                raise OAuth2Error("The userinfo answer is about someone else.")
        login: SocialLogin = self.get_provider().sociallogin_from_response(
            request, {"id_token": claims, "userinfo": userinfo}
        )
        setattr(login, VERIFIED_FLAG, True)
        return login


class CompanyOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = CompanyOIDCAdapter

    def get_auth_params_from_request(self, request: HttpRequest, action: Any) -> dict[str, Any]:
        return self.get_auth_params()  # nothing from the query string (nonce, prompt, …)

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return self.get_scope()

    def get_pkce_params(self) -> dict[str, Any]:
        return super().get_pkce_params() or generate_code_challenge()

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> HttpResponse:
        process = AuthProcess.LOGIN  # never "connect" to whoever is signed in on this browser
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(  # type: ignore[no-any-return]
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def verify_token(self, request: HttpRequest, token: Any) -> Any:
        # Token sign-in (allauth headless) carries no nonce of ours: not offered.
        raise get_social_adapter().validation_error("invalid_token")


def login_view(request: HttpRequest, provider_id: str) -> HttpResponse:
    if request.method != "POST":  # the button POSTs; a bookmarked link lands on our sign-in page
        login_url = resolve_url(settings.LOGIN_URL)
        next_url = request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            login_url += "?" + urlencode({"next": next_url})
        return redirect(login_url)
    try:
        view = OAuth2LoginView.adapter_view(CompanyOIDCAdapter(request, provider_id))
        return view(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    except requests.RequestException as exc:  # discovery document unreachable or broken
        logger.warning("Single sign-on with %s cannot start: %s", provider_id, exc)
        return render_refusal(request, "failed", status=502)


def callback_view(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2CallbackView.adapter_view(CompanyOIDCAdapter(request, provider_id))
        return view(request)  # type: ignore[no-any-return]
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


# --- who gets in -----------------------------------------------------------------------------


def _consume_nonce(nonce: str) -> bool:
    key = "terbalik:oidc:nonce:" + hashlib.sha256(nonce.encode()).hexdigest()
    return bool(cache.add(key, 1, timeout=STATE_TTL + 2 * CLOCK_SKEW_SECONDS))


def check_nonce(sociallogin: SocialLogin) -> None:
    if not getattr(sociallogin, VERIFIED_FLAG, False):
        raise SSORefused("failed")
    expected = str(sociallogin.state.get("nonce") or "")
    received = str((sociallogin.account.extra_data.get("id_token") or {}).get("nonce") or "")
    if not expected or not hmac.compare_digest(expected, received):
        raise SSORefused("failed")
    if not _consume_nonce(received):
        raise SSORefused("failed")


def render_refusal(
    request: HttpRequest, code: str, *, provider_name: str = "", email: str = "", status: int = 403
) -> HttpResponse:
    return render(
        request,
        "accounts/sso_refused.html",
        {
            "code": code,
            "reason": sso_services.refusal_text(code, email=email, provider=provider_name),
            "provider_name": provider_name,
        },
        status=status,
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Accounts come only from the employee directory: never a sign-up form."""

    def get_provider(
        self, request: HttpRequest, provider: str, client_id: str | None = None
    ) -> Any:
        found = super().get_provider(request, provider, client_id=client_id)
        if isinstance(found, OpenIDConnectProvider) and not isinstance(found, CompanyOIDCProvider):
            found = CompanyOIDCProvider(request, app=found.app)
        return found

    def authenticate_by_email(self, sociallogin: SocialLogin) -> None:
        return None  # linking by address is decided in pre_social_login, from the directory

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        code = "cancelled" if error == AuthError.CANCELLED else "failed"
        logger.warning(
            "Single sign-on with %s failed (%s): %s",
            getattr(provider, "id", "?"),
            error,
            exception,
        )
        raise ImmediateHttpResponse(
            render_refusal(
                request,
                code,
                provider_name=getattr(provider, "name", ""),
                status=400 if code == "cancelled" else 401,
            )
        )

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = sociallogin.account.get_provider()
        claims: dict[str, Any] = {}
        try:
            check_nonce(sociallogin)
            extra = sociallogin.account.extra_data
            claims = {**(extra.get("id_token") or {}), **(extra.get("userinfo") or {})}
            sso_services.sso_admit(
                request=request,
                sociallogin=sociallogin,
                claims=claims,
                app_settings=provider.app.settings,
            )
        except SSORefused as refusal:
            logger.info("Single sign-on refused (%s) for sub=%s", refusal.code, claims.get("sub"))
            raise ImmediateHttpResponse(
                render_refusal(
                    request,
                    refusal.code,
                    provider_name=provider.name,
                    email=str(claims.get("email") or ""),
                )
            ) from refusal
